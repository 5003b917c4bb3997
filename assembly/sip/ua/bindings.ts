// RFC 3261 §10.2.4: a registrar's 200 (OK) to REGISTER lists every current
// binding of the address-of-record, each Contact with the "expires" parameter
// the registrar chose for it; an Expires header field is only the fallback
// for a Contact without one (§10.3 step 8 on the registrar's side). The
// station's binding is the Contact whose URI is the one it registered
// (build.ts putContact: sip:user@host:port, the address a registrar saw
// once nat.ts learned it), and its "expires" is the time it
// has: a registrar that grants less than was asked (Kamailio's max_expires)
// says so there, often with no Expires header at all.
import * as sipMessage from "../msg/message";
import { RX } from "../msg/buffers";
import { H_CONTACT } from "../msg/header-names";
import * as uaIdentity from "./identity";

const LT: u8 = 0x3c, GT: u8 = 0x3e, QUOTE: u8 = 0x22, COMMA: u8 = 0x2c, SEMI: u8 = 0x3b, EQ: u8 = 0x3d;

@inline function lower(c: u32): u32 { return c >= 0x41 && c <= 0x5a ? c | 0x20 : c; }

/** The "expires" the registrar gave the station's own binding, or -1 when no Contact of its carries one. */
export function ourBindingExpires(): i64 {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_CONTACT) continue;
    const v = RX + <usize>sipMessage.headerValueStart(i);
    const r = expiresOfOurs(v, v + <usize>sipMessage.headerValueLength(i));
    if (r >= 0) return r;
  }
  return -1;
}

/** Walks the contacts of one header value (name-addr forms, comma separated). */
function expiresOfOurs(p: usize, end: usize): i64 {
  while (p < end) {
    const c = load<u8>(p);
    if (c == QUOTE) {
      p = afterQuoted(p + 1, end);
    } else if (c == LT) {
      let gt = p + 1;
      while (gt < end && load<u8>(gt) != GT) gt++;
      if (gt >= end) return -1;
      const mine = isOurUri(p + 1, gt);
      const r = expiresParam(gt + 1, end);
      if (mine && r >= 0) return r;
      p = gt + 1;
    } else {
      p++;
    }
  }
  return -1;
}

function afterQuoted(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c == 0x5c) p += 2;
    else if (c == QUOTE) return p + 1;
    else p++;
  }
  return end;
}

/** sip:user@host:port as putContact writes it (scheme and host in any case, §19.1.4), optionally followed by URI parameters. */
function isOurUri(p: usize, end: usize): bool {
  if (end - p < 4 || lower(load<u8>(p)) != 0x73 || lower(load<u8>(p + 1)) != 0x69 || lower(load<u8>(p + 2)) != 0x70 || load<u8>(p + 3) != 0x3a) return false;
  p += 4;
  const user = uaIdentity.identityData(uaIdentity.ID_USER), userLength = <usize>uaIdentity.identityLength(uaIdentity.ID_USER);
  if (end - p < userLength + 1) return false;
  for (let i: usize = 0; i < userLength; i++) if (load<u8>(p + i) != load<u8>(user + i)) return false;
  p += userLength;
  if (load<u8>(p++) != 0x40) return false;
  const host = uaIdentity.contactHostData(), hostLength = <usize>uaIdentity.contactHostLength();
  if (end - p < hostLength + 1) return false;
  for (let i: usize = 0; i < hostLength; i++) if (lower(load<u8>(p + i)) != lower(load<u8>(host + i))) return false;
  p += hostLength;
  if (load<u8>(p++) != 0x3a) return false;
  let port: u32 = 0, digits = 0;
  while (p < end && load<u8>(p) - 0x30 < 10 && digits < 6) {
    port = port * 10 + (load<u8>(p++) - 0x30);
    digits++;
  }
  return digits > 0 && port == uaIdentity.contactPort() && (p == end || load<u8>(p) == SEMI);
}

/** The value of ";expires=" among the parameters after a contact's '>' (up to the next contact), or -1. */
function expiresParam(p: usize, end: usize): i64 {
  while (p < end && load<u8>(p) != COMMA) {
    if (load<u8>(p) == SEMI) {
      p++;
      while (p < end && (load<u8>(p) == 0x20 || load<u8>(p) == 0x09)) p++;
      if (isExpiresName(p, end)) return digitsAfterEquals(p + 7, end);
    } else {
      p++;
    }
  }
  return -1;
}

function isExpiresName(p: usize, end: usize): bool {
  if (end - p < 8) return false;
  // "expires" in any case (§7.3.1: parameter names are case-insensitive)
  return lower(load<u8>(p)) == 0x65 && lower(load<u8>(p + 1)) == 0x78 && lower(load<u8>(p + 2)) == 0x70 && lower(load<u8>(p + 3)) == 0x69 &&
    lower(load<u8>(p + 4)) == 0x72 && lower(load<u8>(p + 5)) == 0x65 && lower(load<u8>(p + 6)) == 0x73;
}

function digitsAfterEquals(p: usize, end: usize): i64 {
  while (p < end && (load<u8>(p) == 0x20 || load<u8>(p) == 0x09)) p++;
  if (p >= end || load<u8>(p) != EQ) return -1;
  p++;
  while (p < end && (load<u8>(p) == 0x20 || load<u8>(p) == 0x09)) p++;
  let v: i64 = 0, digits = 0;
  while (p < end && load<u8>(p) - 0x30 < 10) {
    if (v < 0xffffffff) v = min<i64>(v * 10 + <i64>(load<u8>(p) - 0x30), 0xffffffff); // saturated as Expires is (§20.19)
    p++;
    digits++;
  }
  return digits > 0 ? v : -1;
}
