// Test helpers for the SDP specs: bodies written into a static area, the
// records the caller owns (a parsed offer or answer, our capabilities, the
// agreed result) and the written text read back as a string. Tests may
// allocate; the SDP layer does not.
import { parseSdp } from "../../../assembly/sdp/parse";
import { SDP_RECORD_SIZE } from "../../../assembly/sdp/session";
import { parseIPv4 } from "../../../assembly/sdp/lex";
import { LocalMedia, Negotiated, LOCAL_SIZE, NEGOTIATED_SIZE, localDefaults } from "../../../assembly/sdp/local";

export const BODY_CAPACITY: i32 = 8192;
/** The body under test, followed by room a test may fill to catch a read past its length. */
export const BODY: usize = memory.data(BODY_CAPACITY + 64);
export const RECORD: usize = memory.data(<i32>SDP_RECORD_SIZE, 8);
export const OUT_CAPACITY: i32 = 2048;
export const OUT: usize = memory.data(OUT_CAPACITY + 16);
const LOCAL_AREA: usize = memory.data(<i32>LOCAL_SIZE, 8);
const NEGOTIATED_AREA: usize = memory.data(<i32>NEGOTIATED_SIZE, 8);
const ADDRESS: usize = memory.data(18);
const SCRATCH: usize = memory.data(64);

export const LOCAL: LocalMedia = changetype<LocalMedia>(LOCAL_AREA);
export const AGREED: Negotiated = changetype<Negotiated>(NEGOTIATED_AREA);

/** Writes s (ASCII) into BODY; returns its length. */
export function body(s: string): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(BODY + <usize>i, <u8>s.charCodeAt(i));
  return s.length;
}

/** Parses s into RECORD: the parse result. */
export function parse(s: string): i32 { return parseSdp(BODY, body(s), RECORD); }

/** Lines joined with CRLF, and a final CRLF (the form RFC 8866 §5 asks for). */
export function crlf(lines: string[]): string { return lines.join("\r\n") + "\r\n"; }

/** Writes the dotted IPv4 address s into the 18-octet form at ADDRESS. */
export function address(s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(SCRATCH + <usize>i, <u8>s.charCodeAt(i));
  parseIPv4(SCRATCH, SCRATCH + <usize>s.length, ADDRESS);
  return ADDRESS;
}

/** The station's defaults: 192.0.2.10, RTP on 4000, session id 7; a fresh agreement. */
export function station(): void {
  localDefaults(LOCAL, address("192.0.2.10"), 4000, 7);
  for (let i: usize = 0; i < NEGOTIATED_SIZE; i++) store<u8>(NEGOTIATED_AREA + i, 0);
}

/** The text [p, p + n) as a string. */
export function text(p: usize, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}

/** The 16 address octets at a as a dotted IPv4 string (its last four). */
export function ipv4(a: usize): string {
  return load<u8>(a + 12).toString() + "." + load<u8>(a + 13).toString() + "." + load<u8>(a + 14).toString() + "." + load<u8>(a + 15).toString();
}
