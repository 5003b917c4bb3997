// as-pect runs the AssemblyScript core's specifications (test/assembly/*.spec.ts).
// The suites compile with as-pect's own runtime (its matchers allocate); the
// allocation-free proof is made on the release module by test/host/alloc-free.test.ts.
import { boardMock } from "./assembly/board-mock.js";

export default {
  entries: ["test/assembly/**/*.spec.ts"],
  include: ["test/assembly/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    // The board ABI's imports come from a mock board (board-mock.js) for the specs that reach them.
    let instance;
    const mockBoard = boardMock(() => instance?.exports.memory ?? memory);
    const result = await instantiate(binary, createImports({ env: { memory }, ...mockBoard }));
    instance = result.instance ?? result;
    return result;
  },
  outputBinary: false,
};
