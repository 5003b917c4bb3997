// Compiles a small AssemblyScript source with the firmware's own asconfig
// (its no-heap runtime, fixed memory, abort routed to board.fault), for tests
// that need a control module next to the real firmware.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export async function compileWithFirmwareRuntime(source: string): Promise<Uint8Array<ArrayBuffer>> {
  const dir = path.resolve("build/probe");
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, "probe.ts");
  const out = path.join(dir, "probe.wasm");
  writeFileSync(entry, `import "../../assembly/board/fault";\n${source}`);
  const ascBin = path.join(path.dirname(createRequire(import.meta.url).resolve("assemblyscript/package.json")), "bin/asc.js");
  const r = spawnSync(process.execPath, [ascBin, entry, "--config", "asconfig.json", "--target", "release", "-o", out, "-t", out.replace(/wasm$/, "wat")], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`asc failed: ${r.stderr}${r.stdout}`);
  return new Uint8Array(readFileSync(out));
}
