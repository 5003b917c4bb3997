// Shared pieces of the SIPp interop tests (interop-sipp.test.ts): a door
// station on loopback (the simulator, or the native board: the same module
// through wasm2c) that records every datagram it sends and receives and
// every event it reports, and a SIPp runner that keeps SIPp's message trace
// and error log, so a test can print what crossed the wire.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { IntercomEvent } from "../../../host/intercom.js";
import type { MediaWire } from "../../../host/sim/media-ladder.js";
import { INTEROP } from "./interop.js";
import { startDoor, type DoorControl, type DoorOptions, type StationKind } from "./interop-station.js";

export const PASSWORD = "door-interop-7";

export interface WireMessage {
  t: number;
  dir: "in" | "out";
  peer: number;
  text: string;
}

/** The start line of a SIP message. */
export function startLine(text: string): string {
  return text.split("\r\n", 1)[0];
}

/** The value of the first header `name` (full name, any case), or "". */
export function header(text: string, name: string): string {
  const head = text.split("\r\n\r\n", 1)[0];
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}

export function body(text: string): string {
  const i = text.indexOf("\r\n\r\n");
  return i < 0 ? "" : text.slice(i + 4);
}

export interface TestStation {
  /** The station's controls: press, input, close, its address (wire.address). */
  s: DoorControl;
  kind: StationKind;
  port: number;
  events: (IntercomEvent & { t: number })[];
  messages: WireMessage[];
  /** The datagrams of its RTP and RTCP sockets (the simulator's; empty for the boards). */
  media: MediaWire[];
  /** Waits until pred() holds; the error names `what` and lists the events. */
  until(pred: () => boolean, ms: number, what: string): Promise<void>;
  /** Events of one kind, in order. */
  of(kind: number): (IntercomEvent & { t: number })[];
  /** Messages in one direction whose start line matches `first` and, when given, whose CSeq matches `cseq`. */
  find(dir: "in" | "out", first: RegExp, cseq?: RegExp): WireMessage[];
  /** One line per message: time, direction, peer port, start line, CSeq. */
  log(): string[];
  close(): void;
  /** A clean stop (DoorControl.shutdown): the firmware's last words and their answer, then closed. */
  shutdown(): Promise<void>;
}

/** Waits until pred() holds, polling; the error names `what` and lists the station's events so far. */
export function waiter(events: unknown[]): (pred: () => boolean, ms: number, what: string) => Promise<void> {
  return async (pred, ms, what) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; events: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

/**
 * A door station on 127.0.0.1 (a free port) whose registrar is `registrar`
 * (Kamailio, or an unused port for direct tests). One call button calling
 * sip:flat@example.com, one relay opened by 1234, no keepalives; `extra`
 * overrides any field. `kind` picks the simulator (the default) or the native board.
 */
export async function startStation(registrar: number, extra: Record<string, unknown> = {}, kind: StationKind = "simulator", audio: Pick<DoorOptions, "mic" | "speaker" | "audioArgs" | "host" | "tls"> = {}): Promise<TestStation> {
  const events: (IntercomEvent & { t: number })[] = [];
  const messages: WireMessage[] = [];
  const media: MediaWire[] = [];
  const s = await startDoor(kind, {
    ...audio,
    config: {
      user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: registrar }, keepaliveInterval: 0,
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:flat@example.com"] }],
      relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 0 }],
      ...extra,
    },
    onSend: (to, data, t) => messages.push({ t, dir: "out", peer: to.port, text: data.toString("latin1") }),
    onReceive: (from, data, t) => messages.push({ t, dir: "in", peer: from.port, text: data.toString("latin1") }),
    onEvent: (e, t) => events.push({ ...e, t }),
    onMedia: (dir, peer, channel, data, t) => media.push({ t, dir, peer: peer.port, channel, data }),
  });
  const until = waiter(events);
  return {
    s, kind, port: s.wire.address.port, events, messages, media, until,
    of: (kind) => events.filter((e) => e.kind === kind),
    find: (dir, first, cseq) => messages.filter((m) => m.dir === dir && first.test(startLine(m.text)) && (!cseq || cseq.test(header(m.text, "CSeq")))),
    log: () => messages.map((m) => `${String(m.t).padStart(5)} ms door ${m.dir === "out" ? "->" : "<-"} ${m.peer}: ${startLine(m.text)}  [${header(m.text, "CSeq")}]`),
    close: () => s.close(),
    shutdown: () => s.shutdown(),
  };
}

export interface SippResult {
  code: number;
  out: string;
  /** SIPp's message trace, one line per message: direction and start line. */
  trace: string[];
  errors: string;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return "";
  }
}

/** SIPp's -message_file, condensed to "sipp -> START LINE" / "sipp <- START LINE". */
function condense(log: string): string[] {
  const lines: string[] = [];
  for (const block of log.split(/^-{20,}.*$/m)) {
    const dir = /message sent/i.test(block) ? "->" : /message received/i.test(block) ? "<-" : "";
    if (!dir) continue;
    const first = block.split("\n").slice(1).map((l) => l.trim()).find((l) => /^(SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0)/.test(l));
    if (first) lines.push(`sipp ${dir} ${first}`);
  }
  return lines;
}

/**
 * Runs one SIPp scenario of test/interop (or at an absolute path: one a test
 * wrote) for one call on 127.0.0.1:`port`; `args` adds options (a UAC's
 * remote address, -s). It gives up after `timeoutS` seconds (an error: exit
 * code not 0).
 */
export function runSipp(scenario: string, port: number, args: string[] = [], timeoutS = 20): { done: Promise<SippResult>; proc: ChildProcess } {
  const dir = mkdtempSync(path.join(tmpdir(), "sipp-"));
  const messageFile = path.join(dir, "messages.log");
  const errorFile = path.join(dir, "errors.log");
  const proc = spawn("sipp", [
    "-sf", path.isAbsolute(scenario) ? scenario : path.join(INTEROP, scenario), "-i", "127.0.0.1", "-p", String(port), "-m", "1", "-nostdin",
    "-timeout", `${timeoutS}s`, "-timeout_error", "-trace_msg", "-message_file", messageFile, "-trace_err", "-error_file", errorFile,
    "-trace_logs", "-log_file", path.join(dir, "log.log"), ...args,
  ], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const done = new Promise<SippResult>((resolve) =>
    proc.on("exit", (code) => {
      const logs = readOr(path.join(dir, "log.log"));
      const result = { code: code ?? -1, out, trace: condense(readOr(messageFile)), errors: `${readOr(errorFile)}\n${logs}` };
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    }),
  );
  return { done, proc };
}

/** The message for a failed SIPp run: its errors, its scenario log and the end of its screen. */
export function sippFailure(r: SippResult): string {
  return `SIPp exited ${r.code}\n${r.errors}\n${r.out.slice(-3000)}`;
}
