// §18.2.1 and RFC 3581 §4: a server notes the source of a request in the top
// Via of its responses (received=, and rport= when the client asked for it).
// This formats the source address of RX_PEER for msg/response.ts.

import { setViaSource } from "../msg/response";

const TEXT: usize = memory.data(48);

function putDecimal(dst: usize, n: u32): usize {
  if (n >= 100) { store<u8>(dst++, <u8>(0x30 + n / 100)); }
  if (n >= 10) { store<u8>(dst++, <u8>(0x30 + (n / 10) % 10)); }
  store<u8>(dst++, <u8>(0x30 + n % 10));
  return dst;
}

function putHex16(dst: usize, v: u32): usize {
  let started = false;
  for (let s = 12; s >= 0; s -= 4) {
    const d = (v >> <u32>s) & 15;
    if (d == 0 && !started && s > 0) continue;
    started = true;
    store<u8>(dst++, <u8>(d < 10 ? 0x30 + d : 0x61 + d - 10));
  }
  return dst;
}

function isMappedIPv4(p: usize): bool {
  for (let i: usize = 0; i < 10; i++) if (load<u8>(p + i) != 0) return false;
  return load<u8>(p + 10) == 0xff && load<u8>(p + 11) == 0xff;
}

/** Formats the address of `peer` (a.b.c.d, or IPv6 in eight hex groups) and hands it to the response writer. */
export function noteViaSource(peer: usize): void {
  let d = TEXT;
  if (isMappedIPv4(peer)) {
    for (let i: usize = 12; i < 16; i++) {
      d = putDecimal(d, load<u8>(peer + i));
      if (i < 15) store<u8>(d++, 0x2e);
    }
  } else {
    for (let g: usize = 0; g < 8; g++) {
      d = putHex16(d, (<u32>load<u8>(peer + 2 * g) << 8) | load<u8>(peer + 2 * g + 1));
      if (g < 7) store<u8>(d++, 0x3a);
    }
  }
  const port = (<u32>load<u8>(peer + 16) << 8) | load<u8>(peer + 17);
  setViaSource(TEXT, <i32>(d - TEXT), port);
}
