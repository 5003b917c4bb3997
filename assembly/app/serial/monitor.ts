// The event stream (docs/serial-agent.md, Monitor 0x33, event 0x80, log 0x81):
// while the host has it on, the end of every entry point sends the app's
// events as event frames, and each board.log line goes out as a log frame as
// it is logged. Both are frames of kind event whose sequence is the agent's
// event counter (one more for each frame, wrapping at 256).
//
// An event frame is written straight to the UART as it is made: SLIP
// (RFC 1055) escaping each octet and the CRC-32 counted as they go, through
// the agent's output chunk (agent.ts agentPut). No frame buffer: the cached
// response stays untouched, and a log line of any length goes out whole.

import { boardLog } from "../../board/imports";
import { KIND_EVENT } from "../../serial/frame";
import { crc32Step, crc32Final, CRC32_START } from "../../serial/crc32";
import { SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC } from "../../serial/slip";
import { appEventCount, appEventKind, appEventA, appEventB } from "../events";
import { agentPut, agentFlush } from "./agent";
import { reply, refuse, STATUS_OK, STATUS_BAD_REQUEST } from "./reply";

export const CMD_EVENT: u8 = 0x80;
export const CMD_LOG: u8 = 0x81;

// @ts-ignore: decorator
@unmanaged class MonitorState {
  /** The CRC-32 of the frame being written, so far. */
  crc: u32;
  on: u8;
  /** The sequence of the next event frame. */
  seq: u8;
}
const STATE = changetype<MonitorState>(memory.data(<i32>offsetof<MonitorState>(), 4));

/** Whether the stream is on. */
export function monitoring(): bool { return STATE.on != 0; }

/** The stream stops (a new session, agent.ts agentSessionReset). */
export function monitorOff(): void { STATE.on = 0; }

/** Monitor `[on u8]`: the stream on (non-zero) or off; answers `[on]` as it now is. */
export function monitorCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  if (len != 1) return refuse(out, STATUS_BAD_REQUEST, "on: 1 octet");
  STATE.on = load<u8>(req) != 0 ? 1 : 0;
  store<u8>(out, STATE.on);
  return reply(STATUS_OK, 1);
}

/** One octet of the frame's body: counted in its CRC and SLIP-escaped (RFC 1055 "PROTOCOL"). */
function put(octet: u32): void {
  octet &= 0xff;
  STATE.crc = crc32Step(STATE.crc, octet);
  if (octet == SLIP_END || octet == SLIP_ESC) {
    agentPut(SLIP_ESC);
    agentPut(octet == SLIP_END ? SLIP_ESC_END : SLIP_ESC_ESC);
  } else {
    agentPut(octet);
  }
}

function put32(v: u32): void {
  for (let s = 0; s < 32; s += 8) put(v >>> s);
}

/** An END (as every packet starts, slip.ts), then the header: kind event, the counter, `cmd`, status 0. */
function begin(cmd: u8): void {
  agentPut(SLIP_END);
  STATE.crc = CRC32_START;
  put(KIND_EVENT);
  put(STATE.seq++);
  put(cmd);
  put(0);
}

/** The CRC-32 of everything before it, little-endian (docs/serial-protocol.md "Framing"), and the closing END. */
function end(): void {
  put32(crc32Final(STATE.crc));
  agentPut(SLIP_END);
  agentFlush();
}

/** The end of an entry point: while monitoring, each of its events as an event frame `[kind u8][a i32][b i32]`, in order. */
export function monitorEvents(): void {
  if (STATE.on == 0) return;
  for (let i = 0; i < appEventCount(); i++) {
    begin(CMD_EVENT);
    put(<u32>appEventKind(i));
    put32(<u32>appEventA(i));
    put32(<u32>appEventB(i));
    end();
  }
}

/** One line to board.log (never a secret) and, while monitoring, as a log frame `[level u8][text]`. */
export function agentLog(level: i32, text: usize, len: i32): void {
  boardLog(level, text, len);
  if (STATE.on == 0) return;
  begin(CMD_LOG);
  put(<u32>level);
  for (let i = 0; i < len; i++) put(load<u8>(text + <usize>i));
  end();
}
