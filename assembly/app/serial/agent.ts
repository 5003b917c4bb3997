// The firmware's serial agent (docs/serial-agent.md, issue 17): the board end
// of protocol 4, the same on every board. boardSerial hands it the octets the
// board received on its provisioning UART; the link layer (assembly/serial/)
// turns them into requests, the agent runs each request's handler (reply.ts's
// Handler shape), answers, and writes every octet to send through
// board.serialWrite before the entry point returns. Then it honours a reboot
// a handler asked for (reply.ts rebootAfterAnswer): the answer is on its way
// first. No allocation: the link record, its two frame buffers and the input
// and output buffers are static memory, laid out once here.

import { boardSerialWrite, boardReboot } from "../../board/imports";
import { Link, linkInit, linkReceive, linkAnswer, linkOutput, linkCommand, linkPayload, linkPayloadLength, linkResponsePayload, LINK_SIZE, LINK_REQUEST } from "../../serial/link";
import { frameCapacity, FIRMWARE_MAX_PAYLOAD, FRAME_MIN, CMD_HELLO } from "../../serial/frame";
import { reply, replyStatus, replyLength, takeRebootRequest, STATUS_UNKNOWN_COMMAND, OUT_CAPACITY } from "./reply";
import { helloCommand } from "./hello";
import { statusCommand } from "./status";
import { pressCommand, inputCommand, rebootCommand } from "./drive";
import { monitorCommand, monitorOff } from "./monitor";

/** Octets the host may pass to boardSerial in one call (docs/serial-agent.md, `serialCapacity`). */
export const SERIAL_CAPACITY: i32 = 128;
/** The chunk the encoder's octets go through on their way to board.serialWrite. */
const OUT_CHUNK: i32 = 32;

if (OUT_CAPACITY != FIRMWARE_MAX_PAYLOAD) ERROR("agent: a handler's output capacity must be the firmware's maxPayload");

// Static memory: the link record, its receive and response buffers (the
// response buffer is the retransmission cache), the UART's input and a chunk
// of output. docs/serial-agent.md counts them against the module's budget.
const LINK: usize = memory.data(<i32>LINK_SIZE, 4);
const FRAME_CAPACITY: i32 = FRAME_MIN + FIRMWARE_MAX_PAYLOAD;
if (FRAME_CAPACITY != frameCapacity(FIRMWARE_MAX_PAYLOAD)) ERROR("agent: the link's buffers hold one frame of maxPayload");
const LINK_RX: usize = memory.data(FRAME_CAPACITY, 4);
const LINK_TX: usize = memory.data(FRAME_CAPACITY, 4);
const SERIAL_IN: usize = memory.data(SERIAL_CAPACITY, 4);
const OUT: usize = memory.data(OUT_CHUNK, 4);
/** 1 once the link is laid out (the first time the agent is used); the octets of OUT agentPut filled. */
const READY: usize = memory.data(2);
const OUT_USED: usize = READY + 1;

/** Where the host writes the octets it received (export serialBuffer). */
export function serialBuffer(): usize { return SERIAL_IN; }

function link(): Link {
  if (load<u8>(READY) == 0) {
    linkInit(LINK, LINK_RX, LINK_TX, FIRMWARE_MAX_PAYLOAD);
    store<u8>(READY, 1);
  }
  return changetype<Link>(LINK);
}

/** Everything the link has to send, to the UART now: the link is idle again when this returns. */
function drain(l: Link): void {
  for (let n = linkOutput(l, OUT, OUT_CHUNK); n > 0; n = linkOutput(l, OUT, OUT_CHUNK)) boardSerialWrite(OUT, n);
}

/** One octet for the UART through the output chunk (the event frames' path, monitor.ts). */
export function agentPut(octet: u32): void {
  store<u8>(OUT + <usize>load<u8>(OUT_USED), <u8>octet);
  const used = load<u8>(OUT_USED) + 1;
  store<u8>(OUT_USED, <u8>used);
  if (<i32>used == OUT_CHUNK) agentFlush();
}

/** What agentPut gathered, to the UART now. */
export function agentFlush(): void {
  const used = <i32>load<u8>(OUT_USED);
  if (used > 0) boardSerialWrite(OUT, used);
  store<u8>(OUT_USED, 0);
}

/**
 * What a new session resets (Hello, docs/serial-agent.md: "clears the cache and a
 * half-assembled PieceIn"): the link clears its cache itself; the event stream
 * stops until the host asks again (a host that went away leaves no stream
 * behind). The configuration and flash handlers add their own resets here.
 */
export function agentSessionReset(): void {
  monitorOff();
}

/** Runs the handler of `cmd`: reply(status, length) with the payload at `out`. */
function dispatch(cmd: u8, req: usize, len: i32, out: usize, now: u32): i32 {
  switch (cmd) {
    case CMD_HELLO: agentSessionReset(); return helloCommand(req, len, out, now);
    case 0x30: return pressCommand(req, len, out, now);
    case 0x31: return inputCommand(req, len, out, now);
    case 0x32: return statusCommand(req, len, out, now);
    case 0x33: return monitorCommand(req, len, out, now);
    case 0x34: return rebootCommand(req, len, out, now);
    // PieceIn 0x0E, PieceOut 0x0F, ConfigGet 0x20, ConfigWrite 0x22 (config-commands.ts) and
    // FlashBegin..FlashActivate 0x10-0x13 (flash-commands.ts) are wired in here when they land;
    // until then they are unknown commands, as any other.
    default: return reply(STATUS_UNKNOWN_COMMAND, 0);
  }
}

/**
 * `len` octets are at serialBuffer() (boardSerial): each request in them is
 * acted on and answered, retransmissions answered from the cache, damaged
 * packets NAKed, all of it written to the UART before this returns; then a
 * reboot a handler asked for.
 */
export function agentSerial(len: i32, now: u32): void {
  const l = link();
  if (len > SERIAL_CAPACITY) len = SERIAL_CAPACITY;
  let at = 0;
  while (at < len) {
    const what = linkReceive(l, SERIAL_IN + <usize>at, len - at);
    at += l.taken;
    if (what == LINK_REQUEST) {
      const r = dispatch(linkCommand(l), linkPayload(l), linkPayloadLength(l), linkResponsePayload(l), now);
      linkAnswer(l, <u8>replyStatus(r), replyLength(r));
    }
    drain(l); // the answer, the cached answer again, or a NAK (LINK_* of link.ts)
    if (takeRebootRequest()) {
      boardReboot(); // after the answer's octets: the board reboots once this entry point returns
      return;
    }
  }
}
