// Frames of the serial link (docs/serial-protocol.md): what travels inside
// one SLIP packet. kind, seq, command, status, payload, then the CRC-32
// (IEEE, little-endian) of everything before it. The payloads are protocol
// 4's binary records (docs/serial-agent.md; host/serial/codec/).
import { crc32 } from "node:zlib";

export const Kind = { Request: 0x01, Response: 0x02, Event: 0x03 } as const;

export const Cmd = {
  Hello: 0x01,
  /** A piece of a request longer than one frame: binary [cmd u8][total u32][offset u32][bytes] (see "Long payloads"). */
  PieceIn: 0x0e,
  /** A piece of a response longer than one frame: request [offset u32], response the bytes from there. */
  PieceOut: 0x0f,
  FlashBegin: 0x10,
  FlashData: 0x11,
  FlashVerify: 0x12,
  FlashActivate: 0x13,
  /** The active block with its secrets removed (docs/serial-agent.md, "The configuration"). */
  ConfigGet: 0x20,
  /** A whole block, KEEP records allowed; ConfigSet (0x21) is gone in protocol 4. */
  ConfigWrite: 0x22,
  Press: 0x30,
  Input: 0x31,
  Status: 0x32,
  Monitor: 0x33,
  Reboot: 0x34,
  /** From the board (kind Response, seq 0): a packet arrived damaged; the host resends its request now. */
  Nak: 0x7f,
  /** Events (kind Event): a firmware event [kind u8][a i32][b i32], a log line [level u8][text]. */
  Event: 0x80,
  Log: 0x81,
} as const;

/** Status of a response; 0 is success; 1, 3, 4 and 5 carry the error payload (codec/refusal.ts). */
export const Status = {
  Ok: 0,
  BadRequest: 1,
  UnknownCommand: 2,
  Refused: 3,
  NotReady: 4,
  TooLarge: 5,
  /** Success, the response longer than one frame: the payload is its length (u32); read it with PieceOut. */
  InPieces: 6,
} as const;

export const HEADER = 4;
export const TRAILER = 4;
/** The largest payload either side sends; a board may announce less in Hello. */
export const MAX_PAYLOAD = 4096;
export const MAX_FRAME = HEADER + MAX_PAYLOAD + TRAILER;
/** The head of a PieceIn payload: the command, the whole payload's length, the piece's offset. */
export const PIECE_HEAD = 9;

export interface Frame {
  kind: number;
  seq: number;
  cmd: number;
  status: number;
  payload: Buffer;
}

export function encodeFrame(f: Frame): Buffer {
  const out = Buffer.alloc(HEADER + f.payload.length + TRAILER);
  out[0] = f.kind;
  out[1] = f.seq & 0xff;
  out[2] = f.cmd;
  out[3] = f.status;
  f.payload.copy(out, HEADER);
  out.writeUInt32LE(crc32(out.subarray(0, out.length - TRAILER)), out.length - TRAILER);
  return out;
}

/** A decoded packet as a frame, or the reason it is dropped (short, too long, CRC, unknown kind). */
export function decodeFrame(b: Buffer, maxFrame = MAX_FRAME): Frame | string {
  if (b.length < HEADER + TRAILER) return `short frame (${b.length} bytes)`;
  if (b.length > maxFrame) return `frame of ${b.length} bytes exceeds ${maxFrame}`;
  const body = b.subarray(0, b.length - TRAILER);
  if (crc32(body) !== b.readUInt32LE(b.length - TRAILER)) return "CRC-32 mismatch";
  if (b[0] !== Kind.Request && b[0] !== Kind.Response && b[0] !== Kind.Event) return `unknown kind 0x${b[0].toString(16)}`;
  return { kind: b[0], seq: b[1], cmd: b[2], status: b[3], payload: Buffer.from(body.subarray(HEADER)) };
}
