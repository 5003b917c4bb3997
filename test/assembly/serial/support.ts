// Test helpers for the serial link specs: octet arrays in and out of static
// memory, SLIP written out by hand (RFC 1055, so the decoder is not checked
// against its own encoder), and a link over small buffers. Tests may
// allocate; the link layer does not.
import { crc32 } from "../../../assembly/serial/crc32";
import { Link, linkInit, linkReceive, linkOutput, LINK_SIZE } from "../../../assembly/serial/link";

/** The maxPayload of the specs' link: small, so that a run past the buffer is short to write. */
export const SPEC_MAX_PAYLOAD = 16;
const RX: usize = memory.data(64, 8);
const TX: usize = memory.data(64, 8);
const LINK: usize = memory.data(<i32>LINK_SIZE, 8);
const INPUT: usize = memory.data(4096, 8);
const OUTPUT: usize = memory.data(4096, 8);

export const END: u8 = 0xc0;
export const ESC: u8 = 0xdb;
export const ESC_END: u8 = 0xdc;
export const ESC_ESC: u8 = 0xdd;

/** The receive buffer of the specs' link (and of the decoder specs). */
export function rx(): usize { return RX; }

/** `octets` copied into the input area: its address. */
export function input(octets: u8[]): usize {
  for (let i = 0; i < octets.length; i++) store<u8>(INPUT + <usize>i, octets[i]);
  return INPUT;
}

/** `len` octets at `ptr` as an array. */
export function read(ptr: usize, len: i32): u8[] {
  const out = new Array<u8>(len);
  for (let i = 0; i < len; i++) out[i] = load<u8>(ptr + <usize>i);
  return out;
}

/** The octets of a string (ASCII). */
export function ascii(s: string): u8[] {
  const out = new Array<u8>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = <u8>s.charCodeAt(i);
  return out;
}

/** A frame: kind, seq, cmd, status, payload, then its CRC-32 little-endian. */
export function frame(kind: u8, seq: u8, cmd: u8, status: u8, payload: u8[]): u8[] {
  const out: u8[] = [kind, seq, cmd, status];
  for (let i = 0; i < payload.length; i++) out.push(payload[i]);
  const crc = crc32(input(out), out.length);
  for (let i = 0; i < 4; i++) out.push(<u8>(crc >>> (8 * i)));
  return out;
}

/** A request frame without status. */
export function request(seq: u8, cmd: u8, payload: u8[]): u8[] { return frame(0x01, seq, cmd, 0, payload); }

/** RFC 1055 by hand: an END, every END and ESC of `octets` escaped, an END. */
export function slip(octets: u8[]): u8[] {
  const out: u8[] = [END];
  for (let i = 0; i < octets.length; i++) {
    const o = octets[i];
    if (o == END) { out.push(ESC); out.push(ESC_END); } else if (o == ESC) { out.push(ESC); out.push(ESC_ESC); } else out.push(o);
  }
  out.push(END);
  return out;
}

/** The two arrays one after the other. */
export function join(a: u8[], b: u8[]): u8[] { return a.concat(b); }

/** A fresh link over the specs' buffers. */
export function freshLink(): Link { return linkInit(LINK, RX, TX, SPEC_MAX_PAYLOAD); }

/** Feeds all `octets` to the link in one run: what each call to linkReceive found, LINK_NONE calls left out. */
export function feed(l: Link, octets: u8[]): i32[] {
  const found: i32[] = [];
  const base = input(octets);
  let at = 0;
  while (at < octets.length) {
    const r = linkReceive(l, base + <usize>at, octets.length - at);
    at += l.taken;
    if (r != 0) found.push(r);
  }
  return found;
}

/** Everything the link has to send, taken in chunks of `chunk` octets. */
export function drain(l: Link, chunk: i32 = 64): u8[] {
  let n = 0;
  let k = 0;
  while ((k = linkOutput(l, OUTPUT + <usize>n, chunk)) > 0) n += k;
  return read(OUTPUT, n);
}
