// The board ABI, firmware side: the entry points a board calls. Their
// imports (what the firmware calls on the board) are in board/imports.ts;
// docs/board-abi.md documents both. The module's other exports (the SIP
// parser and engine in index.ts) serve tests, benchmarks and diagnostics.

import * as APP from "../app/main";
import * as APPEV from "../app/events";
import { setLocalAddress } from "../app/settings";

/** The board's IPv4 address (a<<24|b<<16|c<<8|d), before boardStart. */
export function boardSetAddress(addr: u32): void { setLocalAddress(addr); }
/** Start-up: reads the configuration block through board.configRead, registers. */
export function boardStart(now: u32): void { APP.appStart(now); }
/** A datagram of `len` octets is in the receive buffer, its source at rxPeer(). Returns the parse verdict. */
export function boardDatagram(len: i32, now: u32): i32 { return APP.appDatagram(len, now); }
export function boardTick(now: u32): void { APP.appTick(now); }
/** Milliseconds until boardTick is next needed, or -1. */
export function boardNextDeadline(now: u32): i32 { return APP.appNextDeadline(now); }
/** A key: ASCII 0-9 * # (keypad, pressed), 0x100+i call button i, 0x108 hang-up key; down 1 pressed, 0 released. */
export function boardKey(key: i32, down: i32, now: u32): void { APP.appKey(key, down != 0, now); }
/** An input changed: 0 the door sensor (level 1 open). */
export function boardInput(input: i32, level: i32, now: u32): void { APP.appInput(input, level, now); }
export function eventCount(): i32 { return APPEV.appEventCount(); }
export function eventKind(i: i32): i32 { return APPEV.appEventKind(i); }
export function eventA(i: i32): i32 { return APPEV.appEventA(i); }
export function eventB(i: i32): i32 { return APPEV.appEventB(i); }
