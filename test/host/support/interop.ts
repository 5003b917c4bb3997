// Real SIP software for the interop tests: Kamailio (registrar and proxy)
// and SIPp (scripted apartments), started on loopback with free ports and
// stopped after each test. Missing binaries make the tests say "skipped:
// <why>" (CI installs them, and there a missing one fails).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import dgram from "node:dgram";
import path from "node:path";
import { missingTool } from "./tools.js";

export const INTEROP = path.resolve("test/interop");

/** Kamailio's passwords for the real phones' users (test/interop/kamailio.cfg): the flat's phone and the concierge desk. */
export const PHONE_PASSWORDS = { flat: "flat-phone-31", concierge: "desk-phone-52" } as const;

export function interopSkip(): string | null {
  return missingTool("kamailio", "kamailio") ?? missingTool("sipp", "sip-tester");
}

/** A UDP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a test adds to test/interop/kamailio.cfg: listen lines (`tcp:127.0.0.1:5070`, `udp:[::1]:5070`) and global lines (loadmodule, modparam). */
export interface KamailioOptions {
  listen?: string[];
  config?: string[];
  /** Where the SIPp apartment listens: 127.0.0.1 unless given ("[::1]" for IPv6, interop-ipv6.test.ts). */
  flatHost?: string;
  /** The door's requests Kamailio challenges as a proxy (407, RFC 3261 §22.3): "MESSAGE|PUBLISH" unless given. */
  proxyAuth?: string;
}

export class Kamailio {
  private proc?: ChildProcess;
  log = "";
  readonly dir = mkdtempSync(path.join(tmpdir(), "kamailio-"));
  /** `maxExpires`: the longest registration it grants (a short one shows the station's refresh). */
  constructor(readonly port: number, private flatPort: number, private password: string, private maxExpires = 3600, private options: KamailioOptions = {}) {}

  async start(): Promise<void> {
    const cfg = readFileSync(path.join(INTEROP, "kamailio.cfg"), "utf8")
      .replaceAll("@LISTEN_PORT@", String(this.port))
      .replaceAll("@FLAT_PORT@", String(this.flatPort))
      .replaceAll("@FLAT_HOST@", this.options.flatHost ?? "127.0.0.1")
      .replaceAll("@PROXY_AUTH_METHODS@", this.options.proxyAuth ?? "MESSAGE|PUBLISH")
      .replaceAll("@DOOR_PASSWORD@", this.password)
      .replaceAll("@FLAT_PASSWORD@", PHONE_PASSWORDS.flat)
      .replaceAll("@DESK_PASSWORD@", PHONE_PASSWORDS.concierge)
      .replaceAll("@MAX_EXPIRES@", String(this.maxExpires))
      .replaceAll("@MIN_EXPIRES@", String(Math.min(60, this.maxExpires)))
      .replaceAll("@DEFAULT_EXPIRES@", String(Math.min(600, this.maxExpires)))
      .replace("@EXTRA_LISTEN@", (this.options.listen ?? []).map((l) => `listen=${l}`).join("\n"))
      .replace("@EXTRA_CONFIG@", (this.options.config ?? []).join("\n"));
    const file = path.join(this.dir, "kamailio.cfg");
    writeFileSync(file, cfg);
    this.log = "";
    this.proc = spawn("kamailio", ["-f", file, "-DD", "-E", "-w", this.dir, "-P", path.join(this.dir, "pid")], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc.stdout!.on("data", (d) => (this.log += d));
    this.proc.stderr!.on("data", (d) => (this.log += d));
    let exited = false;
    this.proc.on("exit", () => (exited = true));
    await waitFor(() => exited || /ready to accept|main loop|udp_rcv_loop|Listening on/i.test(this.log) || this.log.length > 0, 5000, "kamailio");
    await new Promise((r) => setTimeout(r, 600));
    if (exited) throw new Error(`kamailio did not start:\n${this.log}`);
  }

  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null) return;
    const p = this.proc;
    const gone = new Promise((r) => p.on("exit", r));
    p.kill("SIGTERM");
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    if (p.exitCode === null) p.kill("SIGKILL");
  }
}

/** Runs one SIPp scenario from test/interop to completion; its exit code (0: every step passed) and output. */
export function sipp(scenario: string, port: number, args: string[] = []): { done: Promise<{ code: number; out: string }>; proc: ChildProcess } {
  const dir = mkdtempSync(path.join(tmpdir(), "sipp-"));
  const proc = spawn("sipp", ["-sf", path.join(INTEROP, scenario), "-i", "127.0.0.1", "-p", String(port), "-m", "1", "-nostdin", "-timeout", "60s", "-trace_err", "-trace_msg", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const done = new Promise<{ code: number; out: string }>((resolve) => proc.on("exit", (code) => resolve({ code: code ?? -1, out })));
  return { done, proc };
}
