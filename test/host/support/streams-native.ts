// The native board's streams (boards/native-linux/streams*.c) built alone
// with a driver (streams-driver.c) around the stream test module
// (stream-module.ts) translated by wasm2c, and run as a child: commands on
// its stdin, each answered by a JSON line, and a JSON line for every call
// the board makes into the module.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { ROOT, translate, wasm2cRuntimeDir } from "../../../host/tools/build-native.js";
import { streamModule } from "./stream-module.js";
import { missingTool } from "./tools.js";

const BOARD = path.join(ROOT, "boards/native-linux");
const SOURCES = ["streams.c", "streams-tls.c", "streams-sock.c", "net.c", "clock.c"].map((f) => path.join(BOARD, f));
const WRAPPED = ["boardStreamOpened", "boardStreamAccepted", "boardStreamData", "boardStreamClosed"].map((e) => `--wrap=Z_firmwareZ_${e}`);

/** A line the driver printed: an answer ({"open":1}) or a call into the module ({"call":"data",...}). */
export type DriverLine = Record<string, string | number>;

/** null when the C compiler, wabt and OpenSSL's headers are there; otherwise the skip reason (a failure in CI). */
export function nativeStreamsSkip(): string | null {
  const tool = missingTool("cc", "gcc") ?? missingTool("wasm2c", "wabt");
  if (tool || existsSync("/usr/include/openssl/ssl.h")) return tool;
  const why = "skipped: OpenSSL's headers are not installed (Debian package libssl-dev; .ci/run installs it)";
  if (process.env.CI === "true") throw new Error(`libssl-dev is required in CI: ${why}`);
  return why;
}

/** Builds dir/streams-driver; its path. */
export function buildDriver(dir: string): string {
  streamModule(dir);
  const gen = path.join(dir, "gen");
  const c = translate(path.join(dir, "streams.wasm"), gen);
  const runtime = wasm2cRuntimeDir();
  const exe = path.join(dir, "streams-driver");
  const r = spawnSync("cc", ["-std=gnu11", "-O1", "-Wall", "-Wextra", "-Wno-unused-parameter", "-I", gen, "-I", runtime, "-I", BOARD,
    path.join(ROOT, "test/host/support/streams-driver.c"), ...SOURCES, c, path.join(runtime, "wasm-rt-impl.c"),
    `-Wl,${WRAPPED.join(",")}`, "-lssl", "-lcrypto", "-o", exe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc: ${r.stdout}${r.stderr}`);
  return exe;
}

export class Driver {
  readonly lines: DriverLine[] = [];
  private proc: ChildProcess;
  stderr = "";

  /** The driver with the CA file `ca` (none: the system's) and the TLS listener's certificate and key. */
  constructor(exe: string, tls: { ca?: string; cert?: string; key?: string } = {}) {
    const args = [tls.ca ?? "-", ...(tls.cert && tls.key ? [tls.cert, tls.key] : [])];
    this.proc = spawn(exe, args, { stdio: ["pipe", "pipe", "pipe"] });
    createInterface({ input: this.proc.stdout! }).on("line", (l) => this.lines.push(JSON.parse(l) as DriverLine));
    this.proc.stderr!.on("data", (d) => (this.stderr += d));
  }

  /** Sends a command; its answer's value (the first line with that key after the command). */
  async command(line: string): Promise<number> {
    const key = line.split(" ")[0];
    const from = this.lines.length;
    this.proc.stdin!.write(`${line}\n`);
    const answer = await this.until((l) => key in l, 5000, from);
    return Number(answer[key]);
  }

  /** The first line from `from` on that `match` accepts; rejects after `ms`. */
  async until(match: (l: DriverLine) => boolean, ms = 5000, from = 0): Promise<DriverLine> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.lines.slice(from).find(match);
      if (found) return found;
      if (Date.now() > end || this.proc.exitCode !== null) throw new Error(`no such line within ${ms} ms; lines: ${JSON.stringify(this.lines)}; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The calls of kind `call` for `handle`. */
  calls(call: string, handle: number): DriverLine[] {
    return this.lines.filter((l) => l.call === call && l.handle === handle);
  }

  stop(): void {
    this.proc.stdin!.end();
    this.proc.kill();
  }
}

export const hex = (text: string) => Buffer.from(text, "latin1").toString("hex");
export const text = (h: string | number) => Buffer.from(String(h), "hex").toString("latin1");
