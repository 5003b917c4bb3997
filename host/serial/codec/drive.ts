// Driving the station in protocol 4 (docs/serial-agent.md): Press's ASCII
// keys and the count pressed, Input's `[input u8][level u8]` (echoed),
// Monitor's `[on u8]` (echoed), Hello's `[session u32]`.
import { Reader, Writer } from "./bytes.js";

export const encodePress = (keys: string): Buffer => Buffer.from(keys, "latin1");
export const decodePressed = (p: Uint8Array): number => new Reader(p, "Press's answer").u8("count");

export const encodeInput = (input: number, level: number): Buffer => new Writer().u8(input).u8(level).done();

export function decodeInput(p: Uint8Array): { input: number; level: number } {
  const r = new Reader(p, "Input's answer");
  return { input: r.u8("input"), level: r.u8("level") };
}

export const encodeMonitor = (on: boolean): Buffer => new Writer().u8(on ? 1 : 0).done();
export const decodeMonitor = (p: Uint8Array): boolean => new Reader(p, "Monitor's answer").u8("on") === 1;

export const encodeSession = (session: number): Buffer => new Writer().u32(session).done();
