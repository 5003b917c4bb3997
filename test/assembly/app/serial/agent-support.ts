// Helpers for the serial agent's specs (assembly/app/serial/agent.ts): the
// mock board's `mock` module (test/assembly/board-mock.js), a fresh station
// booted on it, requests written to the UART as a host writes them (SLIP by
// hand, serial/support.ts) and what the agent wrote back, split into packets.
// Tests may allocate; the agent does not.
import { agentSerial, serialBuffer, SERIAL_CAPACITY } from "../../../../assembly/app/serial/agent";
import { appStart } from "../../../../assembly/app/main";
import { appReset } from "../../../../assembly/app/reset";
import { freshUa } from "../app-support";
import { request, slip, END, ESC, ESC_END } from "../../serial/support";

export { frame, request, slip } from "../../serial/support";

@external("mock", "reset") export declare function mockReset(): void;
@external("mock", "serialTake") declare function serialTake(dst: usize, cap: i32): i32;
@external("mock", "serialPending") declare function serialPending(): i32;
@external("mock", "setBoot") export declare function mockSetBoot(running: i32, trial: i32, lastBoot: i32, kind: i32): void;
@external("mock", "setCapacity") export declare function mockSetCapacity(n: u32): void;
@external("mock", "setSlot") declare function setSlot(slot: i32, ptr: usize, len: i32): void;
@external("mock", "setConfig") declare function setConfig(ptr: usize, len: i32): void;
@external("mock", "reboots") export declare function mockReboots(): i32;
@external("mock", "writtenAtReboot") export declare function mockWrittenAtReboot(): i32;
@external("mock", "written") export declare function mockWritten(): i32;

const SCRATCH: usize = memory.data(8192, 8);

function put(octets: u8[]): usize {
  for (let i = 0; i < octets.length; i++) store<u8>(SCRATCH + <usize>i, octets[i]);
  return SCRATCH;
}

/** Slot `slot` of the mock board holds `octets`. */
export function mockSlot(slot: i32, octets: u8[]): void { setSlot(slot, put(octets), octets.length); }

/** The mock board's stored configuration block is `block` (none when empty). */
export function mockConfig(block: u8[]): void { setConfig(put(block), block.length); }

/**
 * A fresh station on a fresh mock board: the app's records as at start, the
 * configuration `block` (none when empty) read and applied by boardStart at
 * `now`, and a Hello so the agent starts a session; the UART left empty.
 */
export function freshStation(block: u8[], now: u32): void {
  appReset();
  freshUa();
  mockReset();
  if (block.length > 0) mockConfig(block);
  appStart(now);
  send(slip(request(0, 0x01, [0, 0, 0, 0])), now);
  line();
}

/** The octets arrive on the UART: written at serialBuffer() and handed to boardSerial, SERIAL_CAPACITY at a time. */
export function send(octets: u8[], now: u32): void {
  for (let at = 0; at < octets.length; at += SERIAL_CAPACITY) {
    const n = min(SERIAL_CAPACITY, octets.length - at);
    for (let i = 0; i < n; i++) store<u8>(serialBuffer() + <usize>i, octets[at + i]);
    agentSerial(n, now);
  }
}

/** Everything the agent wrote to the UART since the last look (taken). */
export function line(): u8[] {
  const n = serialPending();
  const out = new Array<u8>(n);
  const got = serialTake(SCRATCH, n);
  for (let i = 0; i < got; i++) out[i] = load<u8>(SCRATCH + <usize>i);
  return out;
}

/** A request on the UART at `now`: what the agent wrote back. */
export function ask(seq: u8, cmd: u8, payload: u8[], now: u32): u8[] {
  send(slip(request(seq, cmd, payload)), now);
  return line();
}

/** The SLIP packets of `octets` (RFC 1055), unescaped; empty packets between two ENDs left out. */
export function packets(octets: u8[]): u8[][] {
  const out: u8[][] = [];
  let cur: u8[] = [];
  for (let i = 0; i < octets.length; i++) {
    const o = octets[i];
    if (o == END) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else if (o == ESC) {
      i++;
      cur.push(octets[i] == ESC_END ? END : ESC);
    } else {
      cur.push(o);
    }
  }
  return out;
}

/** The octets of a string (ASCII). */
export function ascii(s: string): u8[] {
  const out = new Array<u8>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = <u8>s.charCodeAt(i);
  return out;
}

/** `v` as 4 little-endian octets. */
export function le32(v: u32): u8[] { return [<u8>v, <u8>(v >>> 8), <u8>(v >>> 16), <u8>(v >>> 24)]; }

// KEYPAD: {"user":"door","domain":"example.com","registrar":{"host":"192.0.2.20","port":5060},"keepaliveInterval":0,"relays":[{}],"accessCodes":[{"code":"9876","relay":0}]}
// (made by host/config.ts's encodeConfig, as app-support.ts's blocks)
export const KEYPAD: u8[] = [
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x7e, 0x00, 0x00, 0x00, 0xab, 0xb1, 0xfe, 0x68, 0x01, 0x04, 0x00, 0x64, 0x6f, 0x6f,
  0x72, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x10, 0x04, 0x00, 0xc0, 0x00,
  0x02, 0x14, 0x11, 0x02, 0x00, 0xc4, 0x13, 0x14, 0x02, 0x00, 0xc4, 0x13, 0x15, 0x04, 0x00, 0x58, 0x02, 0x00, 0x00, 0x16,
  0x02, 0x00, 0x00, 0x00, 0x17, 0x01, 0x00, 0x03, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0x00, 0x7d, 0x1a, 0x01, 0x00,
  0x03, 0x1b, 0x02, 0x00, 0x3c, 0x00, 0x1c, 0x01, 0x00, 0x00, 0x1d, 0x02, 0x00, 0x5b, 0x02, 0x1e, 0x01, 0x00, 0x00, 0x1f,
  0x02, 0x00, 0x78, 0x00, 0x20, 0x01, 0x00, 0x00, 0x21, 0x02, 0x00, 0x1e, 0x00, 0x50, 0x00, 0x00, 0x51, 0x02, 0x00, 0xb8,
  0x0b, 0x53, 0x02, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x61, 0x04, 0x00, 0x39, 0x38, 0x37, 0x36, 0x62, 0x01, 0x00, 0x00,
];
