// The active configuration block as ConfigGet answers it (docs/serial-agent.md,
// "The configuration"): every secret record (the schema's writeOnly tags:
// password, door codes, access codes, callers' secrets) kept with its tag and
// length 0, every other record octet for octet, the header's body length and
// CRC-32 recomputed. The masked block is never kept whole: each read walks the
// active block again and copies only the window asked for, so a long answer
// read in pieces (PieceOut) costs no second 4 KiB buffer.

import * as configLayout from "../config/layout";
import * as configStore from "../config/store";
import { isSecret } from "../config/schema.generated";
import { CRC32_START, crc32Step, crc32Update, crc32Final } from "../../serial/crc32";

/** The masked header's body length (u32) then CRC-32 (u32), written by each read before it is copied. */
const MASKED_HEAD: usize = memory.data(8);

/**
 * Copies octets [from, from + cap) of the masked block to `dst` (fewer past its end) and returns its whole
 * length: 0 when no block is active (the safe defaults). Secret octets are never read, let alone copied.
 */
export function maskedRead(from: i32, dst: usize, cap: i32): i32 {
  const block = configStore.activeBlock();
  const len = configStore.activeBlockLength();
  if (len == 0) return 0;
  let crc = CRC32_START;
  let pos = configLayout.HEADER_SIZE;
  let at = configLayout.HEADER_SIZE;
  while (len - at >= 3) {
    const tag = <u32>load<u8>(block + <usize>at);
    const size = <i32>load<u16>(block + <usize>at + 1); // the active block passed configLoad: each record fits
    if (isSecret(tag)) {
      // The record's tag, then length 0 (two zero octets): "set", never its value or its length.
      crc = crc32Step(crc32Step(crc32Step(crc, tag), 0), 0);
      pos = part(part(pos, block + <usize>at, 1, from, dst, cap), 0, 2, from, dst, cap);
    } else {
      crc = crc32Update(crc, block + <usize>at, 3 + size);
      pos = part(pos, block + <usize>at, 3 + size, from, dst, cap);
    }
    at += 3 + size;
  }
  // The header last: its body length and CRC are known only now (docs/config.md, "The block").
  store<u32>(MASKED_HEAD, <u32>(pos - configLayout.HEADER_SIZE));
  store<u32>(MASKED_HEAD + 4, crc32Final(crc));
  part(part(0, block, 6, from, dst, cap), MASKED_HEAD, 8, from, dst, cap); // magic and version as stored
  return pos;
}

/**
 * The masked block's octets [pos, pos + n) come from `src` (0: zeros): copies what falls inside the window
 * [from, from + cap) to its place at `dst`; returns pos + n.
 */
function part(pos: i32, src: usize, n: i32, from: i32, dst: usize, cap: i32): i32 {
  const lo = pos > from ? pos : from;
  const end = pos + n, last = from + cap;
  const hi = end < last ? end : last;
  if (lo < hi) {
    const to = dst + <usize>(lo - from);
    if (src == 0) memory.fill(to, 0, <usize>(hi - lo));
    else memory.copy(to, src + <usize>(lo - pos), <usize>(hi - lo));
  }
  return end;
}
