// What the table-driven generators share (host/tools/vocabulary.ts,
// host/tools/config-table.ts): which generated files differ from what their
// table gives, and the command line that writes them or, with --check, names
// each stale one (exit 1).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The files (paths relative to `root`) whose content on disk differs from `files`' (a missing file is stale). */
export function staleOf(files: Map<string, string>, root: string): string[] {
  const stale: string[] = [];
  for (const [file, content] of files) {
    let now = "";
    try {
      now = readFileSync(path.join(root, file), "utf8");
    } catch {
      // a missing file is stale
    }
    if (now !== content) stale.push(file);
  }
  return stale;
}

/** Writes the generated files, or with --check exits 1 naming each stale one; a table the generator refuses exits 2. */
export function runGenerator(name: string, files: () => Map<string, string>, root: string): void {
  try {
    if (process.argv.includes("--check")) {
      const stale = staleOf(files(), root);
      for (const f of stale) console.error(`${f} is not current: run npm run ${name}`);
      process.exit(stale.length > 0 ? 1 : 0);
    }
    const written = files();
    for (const [file, content] of written) writeFileSync(path.join(root, file), content);
    console.log(`${name}: wrote ${[...written.keys()].join(", ")}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
