// What a command handler of the serial agent returns (docs/serial-agent.md):
// the status of its response and the length of the payload it wrote, in one
// i32, and the error payload every refusal carries. Every handler has the
// shape of `Handler`: the request's payload at `req` (`len` octets), the
// response's payload written at `out` (at most OUT_CAPACITY octets).

/** The most payload octets a handler may write at `out` (the firmware's maxPayload). */
export const OUT_CAPACITY: i32 = 1028;

export const STATUS_OK: i32 = 0;
export const STATUS_BAD_REQUEST: i32 = 1;
export const STATUS_UNKNOWN_COMMAND: i32 = 2;
export const STATUS_REFUSED: i32 = 3;
export const STATUS_NOT_READY: i32 = 4;
export const STATUS_TOO_LARGE: i32 = 5;
/** Success; the response is longer than one frame: the payload is its length (u32), read with PieceOut. */
export const STATUS_IN_PIECES: i32 = 6;

/** A handler: request payload in, response payload out; returns reply(status, length). */
export type Handler = (req: usize, len: i32, out: usize, now: u32) => i32;

/** The result of a handler: its status and the length of the payload it wrote. */
// @ts-ignore: decorator
@inline export function reply(status: i32, length: i32): i32 { return (status << 16) | (length & 0xffff); }
// @ts-ignore: decorator
@inline export function replyStatus(r: i32): i32 { return r >>> 16; }
// @ts-ignore: decorator
@inline export function replyLength(r: i32): i32 { return r & 0xffff; }

// A refusal that is not about the configuration: refuseWith (refusals.ts),
// its text from the table refusals.json declares.

/** A refused configuration: `[error code][tag at fault]` (docs/config.md "Loading"), no text. */
export function refuseConfig(out: usize, error: i32, tag: i32): i32 {
  store<u8>(out, <u8>error);
  store<u8>(out + 1, <u8>tag);
  return reply(STATUS_REFUSED, 2);
}

// What the agent does once the response is on its way: a handler asks, the
// agent (agent.ts) takes the request after sending the answer.
// @ts-ignore: decorator
@unmanaged class AfterAnswer {
  reboot: u8;
}
const AFTER = changetype<AfterAnswer>(memory.data(<i32>offsetof<AfterAnswer>(), 4));

/** Reboot the board (board.reboot) once this response is sent. */
export function rebootAfterAnswer(): void { AFTER.reboot = 1; }

/** Whether a reboot was asked since the last call; clears the request. */
export function takeRebootRequest(): bool {
  const r = AFTER.reboot != 0;
  AFTER.reboot = 0;
  return r;
}
