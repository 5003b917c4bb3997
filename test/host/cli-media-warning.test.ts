// `intercom sim` says that its RTP port was taken as the native board does
// (boards/native-linux/lines.c, native-media.test.ts): one JSON line on
// stdout, {"event":"warning","message":"media: UDP P-P+1 (media.rtpPort) is
// not free on HOST: RTP on N, RTCP on N+1 instead"}, and nothing on stderr;
// with --config alone and as a simulated board booting its store (--state).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { freeEvenPair, socketAt } from "./support/media-net.js";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../host/cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "cli-media-warning-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/** Runs `intercom sim` until `ready` shows on stdout, then quits it; its stdout lines (parsed) and its stderr. */
async function sim(args: string[], ready: RegExp): Promise<{ lines: Record<string, unknown>[]; err: string }> {
  const child = spawn(process.execPath, [cli, "sim", "--host", "127.0.0.1", "--port", "0", ...args]);
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  for (let waited = 0; waited < 15_000 && !ready.test(out); waited += 50) await new Promise((r) => setTimeout(r, 50));
  child.stdin.end("quit\n");
  await new Promise((r) => child.on("exit", r));
  return { lines: out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

const modes = [
  { name: "intercom sim --config", args: (config: string) => ["--config", config], ready: /"listening"/ },
  { name: "intercom sim --state (a simulated board)", args: (config: string) => ["--state", path.join(dir, "state"), "--config", config], ready: /"boot"/ },
];

for (const mode of modes) {
  test(`${mode.name}: a taken RTP port is a JSON warning line on stdout naming both pairs, as the native board's, and nothing on stderr`, async () => {
    const asked = await freeEvenPair();
    const config = path.join(dir, `station-${asked}.json`);
    writeFileSync(config, JSON.stringify({ user: "door", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0, media: { rtpPort: asked } }));
    const squatter = await socketAt(asked);
    assert.ok(squatter, "the asked port was free to take");
    try {
      const r = await sim(mode.args(config), mode.ready);
      assert.equal(r.err, "");
      const warnings = r.lines.filter((l) => l.event === "warning");
      assert.equal(warnings.length, 1, JSON.stringify(r.lines));
      const m = String(warnings[0].message).match(new RegExp(`^media: UDP ${asked}-${asked + 1} \\(media\\.rtpPort\\) is not free on 127\\.0\\.0\\.1: RTP on (\\d+), RTCP on (\\d+) instead$`));
      assert.ok(m, String(warnings[0].message));
      assert.equal(Number(m[1]) % 2, 0, "RTP on an even port (RFC 3550 §11)");
      assert.equal(Number(m[2]), Number(m[1]) + 1);
      assert.equal(typeof warnings[0].t, "number", "timed like every other line");
    } finally {
      squatter!.close();
    }
  });
}
