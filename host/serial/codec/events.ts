// The board's unsolicited frames in protocol 4 (docs/serial-agent.md): an
// event `[kind u8][a i32][b i32]` (its sequence number is the agent's event
// counter) and a log line `[level u8][text]`; rendered as `intercom monitor`
// prints them, through the events' forms of host/vocabulary.ts.
import { Reader, Writer } from "./bytes.js";
import { eventJson } from "../../sim/events.js";
import type { IntercomEvent } from "../../intercom.js";

export const encodeEvent = (e: IntercomEvent): Buffer => new Writer().u8(e.kind).i32(e.a).i32(e.b).done();

export function decodeEvent(b: Uint8Array): IntercomEvent {
  const r = new Reader(b, "event");
  return { kind: r.u8("kind"), a: r.i32("a"), b: r.i32("b") };
}

export interface LogLine {
  level: number;
  text: string;
}

export const encodeLog = (l: LogLine): Buffer => new Writer().u8(l.level).bytes(Buffer.from(l.text, "latin1")).done();

export function decodeLog(b: Uint8Array): LogLine {
  const r = new Reader(b, "log");
  return { level: r.u8("level"), text: Buffer.from(r.rest()).toString("latin1") };
}

/** An event frame's payload as the JSON line monitor prints ({event: "relay", relay, on}). */
export const eventLine = (b: Uint8Array): Record<string, unknown> => eventJson(decodeEvent(b));
