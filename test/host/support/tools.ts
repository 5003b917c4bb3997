// External tools the tests use (Debian packages). Where one is missing a test
// says "skipped: <why>"; in CI (CI=true) .ci/run installs them, so a missing
// tool there is a failure, not a skip.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export function which(tool: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, tool);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** null when the tool is there; otherwise the skip reason (or a thrown error in CI). */
export function missingTool(tool: string, debianPackage: string): string | null {
  if (which(tool)) return null;
  const why = `skipped: ${tool} is not installed (Debian package ${debianPackage}; .ci/run installs it)`;
  if (process.env.CI === "true") throw new Error(`${tool} is required in CI: ${why}`);
  return why;
}

export function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}
