// The configuration commands of the serial agent (docs/serial-agent.md, "The
// configuration"; handlers of reply.ts's shape). ConfigGet answers the active
// block with its secrets masked (config-mask.ts), in one frame or, longer,
// through PieceOut. ConfigWrite takes a block in one frame or assembled from
// PieceIn's pieces in the load buffer, expands its KEEP records
// (config-keep.ts), checks it exactly as start-up would load it without
// making it active, and only then has the board store it and reboots on it.
// No answer, refusal or log line carries a secret's octets or the request's.

import { OUT_CAPACITY, STATUS_OK, STATUS_BAD_REQUEST, STATUS_REFUSED, STATUS_TOO_LARGE, STATUS_IN_PIECES, reply, refuse, refuseConfig, rebootAfterAnswer } from "./reply";
import { maskedRead } from "./config-mask";
import { expandKeeps, T_KEEP } from "./config-keep";
import { configValidate } from "../config/block";
import * as configMessage from "../config/message";
import * as configLayout from "../config/layout";
import { LOAD_BUFFER } from "../config/store";
import { boardConfigWrite } from "../../board/imports";

/** The command a PieceIn may carry (the only request longer than one frame). */
const CMD_CONFIG_WRITE: u32 = 0x22;
/** PieceIn's header: command u8, total u32, offset u32. */
const PIECE_HEADER: i32 = 9;
// The refusals' texts (reply.ts, `FIELD: why`): few and terse, as each literal costs static memory (UTF-16,
// 48 octets for up to 14 characters). OFFSET: a piece out of order or past its total (the assembly restarts
// from offset 0), or an offset past the response's end.
const WRONG_LENGTH = "length: wrong";
const OUT_OF_RANGE = "offset: wrong";
const TOO_LARGE = "total: >4096";

// @ts-ignore: decorator
@unmanaged class Pieces {
  /** The assembly's total and the offset the next piece must start at (both at most BLOCK_MAX). */
  inTotal: u16;
  inNext: u16;
  /** 1 while a PieceIn assembly is under way in LOAD_BUFFER. */
  inOpen: u8;
}
const PIECES = changetype<Pieces>(memory.data(<i32>offsetof<Pieces>(), 4));

/** Hello (a new session): no half-assembled PieceIn. */
export function configPiecesReset(): void { PIECES.inOpen = 0; }

/** ConfigGet `[]`: the masked active block; empty on the safe defaults; longer than a frame: status 6, its length. */
export function configGet(req: usize, len: i32, out: usize, now: u32): i32 {
  if (len != 0) return refuse(out, STATUS_BAD_REQUEST, WRONG_LENGTH);
  const total = maskedRead(0, out, OUT_CAPACITY);
  if (total <= OUT_CAPACITY) return reply(STATUS_OK, total);
  store<u32>(out, <u32>total);
  return reply(STATUS_IN_PIECES, 4);
}

/**
 * PieceOut `[offset u32]`: the masked block's octets from `offset`, at most OUT_CAPACITY. ConfigGet is the only
 * long response and the block it masks changes only by a reboot: each piece is masked again from it.
 */
export function pieceOut(req: usize, len: i32, out: usize, now: u32): i32 {
  if (len != 4) return refuse(out, STATUS_BAD_REQUEST, WRONG_LENGTH);
  const total = maskedRead(0, out, 0); // its length only
  const offset = load<u32>(req);
  if (offset > <u32>total) return refuse(out, STATUS_BAD_REQUEST, OUT_OF_RANGE);
  const rest = total - <i32>offset;
  const n = rest < OUT_CAPACITY ? rest : OUT_CAPACITY;
  maskedRead(<i32>offset, out, n);
  return reply(STATUS_OK, n);
}

/** ConfigWrite `[block]` in one frame: answered `[1]` once stored, then the board reboots on it. */
export function configWrite(req: usize, len: i32, out: usize, now: u32): i32 {
  PIECES.inOpen = 0; // the load buffer is this block's now
  if (len > configLayout.BLOCK_MAX) return refuse(out, STATUS_TOO_LARGE, TOO_LARGE);
  memory.copy(LOAD_BUFFER, req, <usize>len);
  return writeLoaded(len, out);
}

/** PieceIn `[command u8][total u32][offset u32][octets]`: `[received u32]`; the last piece gets ConfigWrite's answer. */
export function pieceIn(req: usize, len: i32, out: usize, now: u32): i32 {
  const following = PIECES.inOpen != 0;
  PIECES.inOpen = 0; // any refusal below restarts the assembly
  if (len < PIECE_HEADER) return refuse(out, STATUS_BAD_REQUEST, WRONG_LENGTH);
  if (<u32>load<u8>(req) != CMD_CONFIG_WRITE) return refuse(out, STATUS_BAD_REQUEST, "command: wrong");
  const total = load<u32>(req + 1);
  const offset = load<u32>(req + 5);
  const n = len - PIECE_HEADER;
  if (total > <u32>configLayout.BLOCK_MAX) return refuse(out, STATUS_TOO_LARGE, TOO_LARGE);
  // A piece follows the last one (same total, at the offset it reached); offset 0 starts over.
  if (offset != 0 && (!following || total != <u32>PIECES.inTotal || offset != <u32>PIECES.inNext)) {
    return refuse(out, STATUS_BAD_REQUEST, OUT_OF_RANGE);
  }
  if (<u64>offset + <u64>n > <u64>total) return refuse(out, STATUS_BAD_REQUEST, OUT_OF_RANGE);
  memory.copy(LOAD_BUFFER + <usize>offset, req + <usize>PIECE_HEADER, <usize>n);
  const received = <i32>offset + n;
  if (received < <i32>total) {
    PIECES.inOpen = 1;
    PIECES.inTotal = <u16>total;
    PIECES.inNext = <u16>received;
    store<u32>(out, <u32>received);
    return reply(STATUS_OK, 4);
  }
  return writeLoaded(received, out);
}

/** The block of `len` octets in LOAD_BUFFER: KEEPs expanded, checked as at start, stored, answered `[1]`, reboot. */
function writeLoaded(len: i32, out: usize): i32 {
  const expanded = expandKeeps(LOAD_BUFFER, len);
  const refused = expanded < 0 ? -expanded | (<i32>T_KEEP << 8) : validate(expanded);
  let result: i32;
  if (refused != 0) result = refuseConfig(out, refused & 0xff, refused >> 8);
  else if (boardConfigWrite(LOAD_BUFFER, expanded) != 0) result = refuse(out, STATUS_REFUSED, "store: failed");
  else {
    store<u8>(out, 1);
    rebootAfterAnswer();
    result = reply(STATUS_OK, 1);
  }
  memory.fill(LOAD_BUFFER, 0, <usize>configLayout.BLOCK_MAX); // the kept secrets were expanded into it
  return result;
}

/**
 * configValidate on the load buffer: 0, or the error code | the tag at fault << 8. The loader's error code
 * and tag are put back as the start-up load left them (configErrorCode and configErrorTag keep describing
 * the active configuration); its text is emptied, this block's having overwritten it (start-up's was
 * copied out, settings.ts).
 */
function validate(len: i32): i32 {
  const l = configMessage.loading();
  const code = l.errorCode, tag = l.errorTag;
  const err = configValidate(LOAD_BUFFER, len);
  const result = err == 0 ? 0 : err | ((l.errorTag & 0xff) << 8);
  l.errorCode = code;
  l.errorTag = tag;
  l.used = 0;
  return result;
}
