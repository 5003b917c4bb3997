// Addresses in header fields (RFC 3261 §20.10, §25.1):
//   (name-addr / addr-spec) *( SEMI params )
//   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
//   display-name = *(token LWS) / quoted-string
// used by From, To, Contact, Route, Record-Route, Refer-To, Reply-To ...

import { C_LWS, is, DQUOTE } from "./chars";
import { at, FAIL, skipLws, scanToken, scanQuoted, find } from "./scan";
import { parseUri, scanUri, UriParts } from "./uri";
import { scanParams } from "./params";

/**
 * What scanAddress found, in a record its caller owns: the URI's parts (the
 * UriParts fields), the URI itself and the display name (0 when none),
 * written when the address is valid.
 */
// @ts-ignore: decorator
@unmanaged export class AddressParts extends UriParts {
  uri: usize;
  uriEnd: usize;
  display: usize;
  displayEnd: usize;
}

/** The URI and display-name spans into `out`: two 64-bit stores (wasm2c checks each store's range). */
function putSpans(out: AddressParts, uri: usize, uriEnd: usize, display: usize, displayEnd: usize): void {
  store<u64>(changetype<usize>(out), <u64>uri | (<u64>uriEnd << 32), offsetof<AddressParts>("uri"));
  store<u64>(changetype<usize>(out), <u64>display | (<u64>displayEnd << 32), offsetof<AddressParts>("display"));
}

/**
 * Scans one address with its parameters from p. `nameAddrOnly` demands the
 * <...> form (Route, Record-Route). Returns the position after the
 * parameters (at "," or end), or FAIL.
 */
export function scanAddress(p: usize, end: usize, header: i32, nameAddrOnly: bool, record: bool, out: AddressParts): usize {
  let display: usize = 0;
  let displayEnd: usize = 0;
  p = skipLws(p, end);
  if (p >= end) return FAIL;
  if (at(p) == DQUOTE) {
    const q = scanQuoted(p, end);
    if (q == FAIL) return FAIL;
    display = p;
    displayEnd = q;
    p = skipLws(q, end);
    if (p >= end) return FAIL;
    if (at(p) != 0x3c) return FAIL;
  } else if (at(p) != 0x3c) {
    // *(token LWS) followed by "<" is a display name; anything else must be an addr-spec.
    let q = p;
    let lastTokenEnd: usize = 0;
    while (true) {
      const t = scanToken(q, end);
      if (t == FAIL) break;
      lastTokenEnd = t;
      q = skipLws(t, end);
    }
    if (lastTokenEnd != 0 && q < end && at(q) == 0x3c) {
      display = p;
      displayEnd = lastTokenEnd;
      p = q;
    } else {
      if (nameAddrOnly) return FAIL;
      return scanAddrSpec(p, end, header, record, out);
    }
  }
  // LAQUOT addr-spec RAQUOT: no LWS inside the brackets (RFC 4475 §3.1.2.14).
  const uri = p + 1;
  const close = scanUri(uri, end, out);
  if (close == FAIL || close >= end) return FAIL;
  if (at(close) != 0x3e) return FAIL;
  putSpans(out, uri, close, display, displayEnd);
  return scanParams(close + 1, end, header, record);
}

/**
 * addr-spec without brackets: the URI ends at ";" "," or LWS, and may not
 * contain ";" "," or "?" itself (RFC 3261 §20.10: such URIs must be in <>).
 */
function scanAddrSpec(p: usize, end: usize, header: i32, record: bool, out: AddressParts): usize {
  let e = p;
  while (e < end) {
    const c = at(e);
    if (c == 0x3b || c == 0x2c || is(c, C_LWS)) break;
    if (c == 0x3f) return FAIL;
    e++;
  }
  if (!parseUri(p, e, out)) return FAIL;
  putSpans(out, p, e, 0, 0);
  return scanParams(e, end, header, record);
}
