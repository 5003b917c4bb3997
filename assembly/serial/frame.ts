// The frames of the serial link (docs/serial-protocol.md, "Framing"): inside
// one SLIP packet, kind, sequence, command and status (one octet each), the
// payload, then the CRC-32 (crc32.ts) of everything before it, little-endian.
// This file checks a received frame and writes the header and CRC of one to
// send; it knows nothing of what a command means.

import { crc32 } from "./crc32";

export const KIND_REQUEST: u8 = 0x01;
export const KIND_RESPONSE: u8 = 0x02;
export const KIND_EVENT: u8 = 0x03;

/** Hello opens a session: it clears the retransmission cache (link.ts). */
export const CMD_HELLO: u8 = 0x01;
/** The board's answer to a damaged packet: kind response, sequence 0, no payload ("Acknowledgements and retries"). */
export const CMD_NAK: u8 = 0x7f;

/** Kind, sequence, command, status. */
export const FRAME_HEADER: i32 = 4;
/** The CRC-32. */
export const FRAME_TRAILER: i32 = 4;
/** The shortest frame: a header and a CRC, no payload. */
export const FRAME_MIN: i32 = FRAME_HEADER + FRAME_TRAILER;
/** The protocol's largest payload; a board may announce less in Hello (limits.maxPayload). */
export const PROTOCOL_MAX_PAYLOAD: i32 = 4096;
/**
 * The firmware's maxPayload: a FlashData chunk of 1024 octets (maxPayload - 4, its
 * number first) is one 1 KiB flash page, and a receive and a send buffer cost 2 x 1036
 * octets of the module's 128 KiB instead of 2 x 4104.
 */
export const FIRMWARE_MAX_PAYLOAD: i32 = 1028;

/** The octets a frame buffer needs for payloads of up to `maxPayload` octets. */
// @ts-ignore: decorator
@inline export function frameCapacity(maxPayload: i32): i32 { return FRAME_HEADER + maxPayload + FRAME_TRAILER; }

// Why a received packet is dropped (each is counted, and the board answers it with a NAK).
export const FRAME_OK: i32 = 0;
/** Fewer than FRAME_MIN octets. */
export const DROP_SHORT: i32 = 1;
/** More octets than the frame buffer holds: longer than maxPayload allows. */
export const DROP_LONG: i32 = 2;
/** The CRC-32 does not match. */
export const DROP_CRC: i32 = 3;
/** The first octet is none of the three kinds. */
export const DROP_KIND: i32 = 4;

/**
 * FRAME_OK, or why the packet of `len` octets at `ptr` is no frame, tested in the order
 * of the host's decodeFrame (host/serial/frame.ts): length, CRC, kind.
 */
export function frameCheck(ptr: usize, len: i32, capacity: i32): i32 {
  if (len < FRAME_MIN) return DROP_SHORT;
  if (len > capacity) return DROP_LONG;
  const body = len - FRAME_TRAILER;
  if (crc32(ptr, body) != load<u32>(ptr + <usize>body)) return DROP_CRC;
  const kind = load<u8>(ptr);
  if (kind != KIND_REQUEST && kind != KIND_RESPONSE && kind != KIND_EVENT) return DROP_KIND;
  return FRAME_OK;
}

/**
 * Writes the header and the CRC of a frame whose `payloadLength` octets already lie at
 * `ptr + FRAME_HEADER`; returns the frame's length.
 */
export function frameSeal(ptr: usize, kind: u8, seq: u8, cmd: u8, status: u8, payloadLength: i32): i32 {
  store<u8>(ptr, kind);
  store<u8>(ptr, seq, 1);
  store<u8>(ptr, cmd, 2);
  store<u8>(ptr, status, 3);
  const body = FRAME_HEADER + payloadLength;
  store<u32>(ptr + <usize>body, crc32(ptr, body));
  return body + FRAME_TRAILER;
}
