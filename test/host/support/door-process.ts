// A door station as users start it: `intercom sim --config FILE` or the
// native board with its block, with no --host and no --port, so that what it
// binds and announces is what the configuration and the network say. Its
// stdout lines are parsed; stop() ends it the way a user does (quit, the
// end of stdin, SIGINT, SIGTERM) and times the exit. And the registrar's
// view: the bindings Kamailio keeps for door@example.com (a REGISTER without
// Contact, RFC 3261 §10.2.3), with digest credentials.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { blockOf } from "../../../host/tools/config-block.js";
import { buildNative } from "../../../host/tools/build-native.js";
import { UdpPhone } from "./udp-phone.js";
import { header } from "./interop-sipp.js";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../host/cli.js");

export type DoorKind = "sim" | "native";
export type StopWay = "quit" | "end of stdin" | "SIGINT" | "SIGTERM";

export class DoorProcess {
  readonly lines: Record<string, unknown>[] = [];
  stderr = "";
  private readonly exit: Promise<{ code: number | null; at: number }>;

  private constructor(readonly proc: ChildProcess) {
    proc.stderr!.on("data", (d) => (this.stderr += d));
    createInterface({ input: proc.stdout! }).on("line", (l) => {
      try {
        this.lines.push(JSON.parse(l));
      } catch {
        this.lines.push({ event: "not-json", text: l });
      }
    });
    proc.stdin!.on("error", () => {});
    this.exit = new Promise((r) => proc.on("close", (code) => r({ code, at: Date.now() })));
  }

  /** Starts `kind` with the JSON configuration `config` written where it reads it. */
  static start(kind: DoorKind, config: unknown): DoorProcess {
    const dir = mkdtempSync(path.join(tmpdir(), "door-process-"));
    if (kind === "sim") {
      const file = path.join(dir, "station.json");
      writeFileSync(file, JSON.stringify(config));
      return new DoorProcess(spawn(process.execPath, [CLI, "sim", "--config", file], { stdio: ["pipe", "pipe", "pipe"] }));
    }
    const block = path.join(dir, "station.bin");
    writeFileSync(block, blockOf(config));
    return new DoorProcess(spawn(buildNative().binary, ["--config-block", block, "--trace"], { stdio: ["pipe", "pipe", "pipe"] }));
  }

  find(event: string, pred: (l: Record<string, unknown>) => boolean = () => true): Record<string, unknown> | undefined {
    return this.lines.find((l) => l.event === event && pred(l));
  }

  async wait(event: string, ms: number, pred?: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const l = this.find(event, pred);
      if (l) return l;
      if (this.proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no "${event}" line within ${ms} ms; stderr: ${this.stderr.trim()}; lines: ${this.lines.map((l) => JSON.stringify(l)).join(" ")}`);
  }

  command(line: string): void {
    this.proc.stdin!.write(`${line}\n`);
  }

  /** Stops it `way`; its exit code and how many ms the exit took. */
  async stop(way: StopWay): Promise<{ code: number | null; ms: number }> {
    const from = Date.now();
    if (way === "quit") this.command("quit");
    else if (way === "end of stdin") this.proc.stdin!.end();
    else this.proc.kill(way);
    const end = await this.exit;
    return { code: end.code, ms: end.at - from };
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
  }
}

/** The Contact values Kamailio on `port` keeps for door@example.com (a fetch: REGISTER without Contact, §10.2.3). */
export async function bindings(port: number, password: string): Promise<string[]> {
  const phone = await UdpPhone.open(port);
  try {
    const fetch = (cseq: number, extra?: string) => phone.request("REGISTER", "door", { callId: "fetch-bindings", cseq, tag: "fetch", extra }).text.replace(/\r\nContact: [^\r]*/, "");
    phone.send(fetch(1));
    const challenge = await phone.wait(/^SIP\/2\.0 401/, 3000, "Kamailio's 401");
    phone.send(fetch(2, phone.authorization(challenge, "REGISTER", "door", password)));
    const ok = await phone.wait(/^SIP\/2\.0 200/, 3000, "Kamailio's 200 to the fetch");
    if (header(ok, "CSeq") !== "2 REGISTER") throw new Error(`unexpected answer: ${ok}`);
    return ok.split("\r\n\r\n", 1)[0].split("\r\n").filter((l) => /^(Contact|m):/i.test(l)).map((l) => l.replace(/^[^:]*:\s*/, ""));
  } finally {
    phone.close();
  }
}
