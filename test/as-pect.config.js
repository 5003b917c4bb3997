// as-pect runs the AssemblyScript core's specifications (test/assembly/*.spec.ts).
// The suites compile with as-pect's own runtime (its matchers allocate); the
// allocation-free proof is made on the release module by test/host/alloc-free.test.ts.
export default {
  entries: ["test/assembly/**/*.spec.ts"],
  include: ["test/assembly/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
