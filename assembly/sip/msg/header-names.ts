// Header field names: ids, canonical spelling, compact forms (RFC 3261 §7.3.3
// and the extensions' own sections) and recognition by a perfect hash.
//
// Recognising a name costs one multiplicative hash of its first sixteen bytes
// (lower-cased, masked to the name) and its length, then one comparison with
// the single candidate the slot names: never a string compare per known
// header. The multiplier was searched offline so that the 78 names and
// compact forms below land in 256 slots without a collision;
// initHeaderNames() verifies that at start-up. No byte of the name is loaded
// at an address computed from another: the hash waits for nothing but the
// name's two words and its length.

import { lower } from "./chars";

export const H_UNKNOWN = 0;
export const H_VIA = 1;
export const H_FROM = 2;
export const H_TO = 3;
export const H_CALL_ID = 4;
export const H_CSEQ = 5;
export const H_MAX_FORWARDS = 6;
export const H_CONTACT = 7;
export const H_CONTENT_LENGTH = 8;
export const H_CONTENT_TYPE = 9;
export const H_CONTENT_ENCODING = 10;
export const H_EXPIRES = 11;
export const H_MIN_EXPIRES = 12;
export const H_ALLOW = 13;
export const H_SUPPORTED = 14;
export const H_REQUIRE = 15;
export const H_PROXY_REQUIRE = 16;
export const H_UNSUPPORTED = 17;
export const H_EVENT = 18;
export const H_ALLOW_EVENTS = 19;
export const H_SUBSCRIPTION_STATE = 20;
export const H_RSEQ = 21;
export const H_RACK = 22;
export const H_REFER_TO = 23;
export const H_REFERRED_BY = 24;
export const H_ROUTE = 25;
export const H_RECORD_ROUTE = 26;
export const H_WWW_AUTHENTICATE = 27;
export const H_PROXY_AUTHENTICATE = 28;
export const H_AUTHORIZATION = 29;
export const H_PROXY_AUTHORIZATION = 30;
export const H_AUTHENTICATION_INFO = 31;
export const H_DATE = 32;
export const H_ACCEPT = 33;
export const H_ACCEPT_ENCODING = 34;
export const H_ACCEPT_LANGUAGE = 35;
export const H_RETRY_AFTER = 36;
export const H_SUBJECT = 37;
export const H_USER_AGENT = 38;
export const H_SERVER = 39;
export const H_TIMESTAMP = 40;
export const H_WARNING = 41;
export const H_ORGANIZATION = 42;
export const H_PRIORITY = 43;
export const H_REPLY_TO = 44;
export const H_IN_REPLY_TO = 45;
export const H_CALL_INFO = 46;
export const H_ALERT_INFO = 47;
export const H_ERROR_INFO = 48;
export const H_MIME_VERSION = 49;
export const H_CONTENT_DISPOSITION = 50;
export const H_CONTENT_LANGUAGE = 51;
export const H_SIP_ETAG = 52;
export const H_SIP_IF_MATCH = 53;
export const H_SESSION_EXPIRES = 54;
export const H_MIN_SE = 55;
export const H_REPLACES = 56;
export const H_REASON = 57;
export const H_REFER_SUB = 58;
export const H_TARGET_DIALOG = 59;
export const H_PRIVACY = 60;
export const H_P_ASSERTED_IDENTITY = 61;
export const H_PATH = 62;
export const H_SERVICE_ROUTE = 63;
export const H_COUNT = 64;

/** The canonical spelling of a header name (used when writing and in reason phrases). */
export function headerName(id: i32): string {
  switch (id) {
    case H_VIA: return "Via";
    case H_FROM: return "From";
    case H_TO: return "To";
    case H_CALL_ID: return "Call-ID";
    case H_CSEQ: return "CSeq";
    case H_MAX_FORWARDS: return "Max-Forwards";
    case H_CONTACT: return "Contact";
    case H_CONTENT_LENGTH: return "Content-Length";
    case H_CONTENT_TYPE: return "Content-Type";
    case H_CONTENT_ENCODING: return "Content-Encoding";
    case H_EXPIRES: return "Expires";
    case H_MIN_EXPIRES: return "Min-Expires";
    case H_ALLOW: return "Allow";
    case H_SUPPORTED: return "Supported";
    case H_REQUIRE: return "Require";
    case H_PROXY_REQUIRE: return "Proxy-Require";
    case H_UNSUPPORTED: return "Unsupported";
    case H_EVENT: return "Event";
    case H_ALLOW_EVENTS: return "Allow-Events";
    case H_SUBSCRIPTION_STATE: return "Subscription-State";
    case H_RSEQ: return "RSeq";
    case H_RACK: return "RAck";
    case H_REFER_TO: return "Refer-To";
    case H_REFERRED_BY: return "Referred-By";
    case H_ROUTE: return "Route";
    case H_RECORD_ROUTE: return "Record-Route";
    case H_WWW_AUTHENTICATE: return "WWW-Authenticate";
    case H_PROXY_AUTHENTICATE: return "Proxy-Authenticate";
    case H_AUTHORIZATION: return "Authorization";
    case H_PROXY_AUTHORIZATION: return "Proxy-Authorization";
    case H_AUTHENTICATION_INFO: return "Authentication-Info";
    case H_DATE: return "Date";
    case H_ACCEPT: return "Accept";
    case H_ACCEPT_ENCODING: return "Accept-Encoding";
    case H_ACCEPT_LANGUAGE: return "Accept-Language";
    case H_RETRY_AFTER: return "Retry-After";
    case H_SUBJECT: return "Subject";
    case H_USER_AGENT: return "User-Agent";
    case H_SERVER: return "Server";
    case H_TIMESTAMP: return "Timestamp";
    case H_WARNING: return "Warning";
    case H_ORGANIZATION: return "Organization";
    case H_PRIORITY: return "Priority";
    case H_REPLY_TO: return "Reply-To";
    case H_IN_REPLY_TO: return "In-Reply-To";
    case H_CALL_INFO: return "Call-Info";
    case H_ALERT_INFO: return "Alert-Info";
    case H_ERROR_INFO: return "Error-Info";
    case H_MIME_VERSION: return "MIME-Version";
    case H_CONTENT_DISPOSITION: return "Content-Disposition";
    case H_CONTENT_LANGUAGE: return "Content-Language";
    case H_SIP_ETAG: return "SIP-ETag";
    case H_SIP_IF_MATCH: return "SIP-If-Match";
    case H_SESSION_EXPIRES: return "Session-Expires";
    case H_MIN_SE: return "Min-SE";
    case H_REPLACES: return "Replaces";
    case H_REASON: return "Reason";
    case H_REFER_SUB: return "Refer-Sub";
    case H_TARGET_DIALOG: return "Target-Dialog";
    case H_PRIVACY: return "Privacy";
    case H_P_ASSERTED_IDENTITY: return "P-Asserted-Identity";
    case H_PATH: return "Path";
    case H_SERVICE_ROUTE: return "Service-Route";
  }
  return "";
}

/** The compact form (RFC 3261 §7.3.3, RFC 3515, RFC 3892, RFC 4028, RFC 6665), or 0. */
export function compactForm(id: i32): u32 {
  switch (id) {
    case H_VIA: return 0x76; // v
    case H_FROM: return 0x66; // f
    case H_TO: return 0x74; // t
    case H_CALL_ID: return 0x69; // i
    case H_CONTACT: return 0x6d; // m
    case H_CONTENT_LENGTH: return 0x6c; // l
    case H_CONTENT_TYPE: return 0x63; // c
    case H_CONTENT_ENCODING: return 0x65; // e
    case H_SUPPORTED: return 0x6b; // k
    case H_EVENT: return 0x6f; // o
    case H_ALLOW_EVENTS: return 0x75; // u
    case H_REFER_TO: return 0x72; // r
    case H_REFERRED_BY: return 0x62; // b
    case H_SUBJECT: return 0x73; // s
    case H_SESSION_EXPIRES: return 0x78; // x
  }
  return 0;
}

// Slot -> (id | length << 8), 0 when empty.
const SLOTS: usize = memory.data(512);
// The lower-cased long names, each in 24 bytes (the longest has 19), zero-padded,
// for the one comparison a lookup makes.
const NAME_STRIDE: usize = 24;
const NAME_BYTES: usize = memory.data(<i32>NAME_STRIDE * H_COUNT, 8);

const LOWER: u64 = 0x2020202020202020;
/** Bit 6 of every byte: set in the lower-case letters of a stored name, clear in "-" and the zero padding. */
const LETTER_BITS: u64 = 0x4040404040404040;
const HASH_K: u64 = 0x474ae7e19ab491a1;

/** The low n bytes of a word (n >= 8: all of it). */
// @ts-ignore: decorator
@inline function bytesMask(n: usize): u64 {
  return n >= 8 ? <u64>-1 : (<u64>1 << (<u64>n << 3)) - 1;
}

/** The slot of a name of n bytes whose first words, OR-ed with 0x20 and masked to the name, are w0 and w1. */
// @ts-ignore: decorator
@inline function slotOf(w0: u64, w1: u64, n: usize): usize {
  return <usize>(((w0 ^ rotl<u64>(w1, 29) ^ <u64>n) * HASH_K) >> 56);
}

/** The slot of a name written in lower case at `name`. */
function slotOfStored(name: usize, n: usize): usize {
  const w0 = (load<u64>(name) | LOWER) & bytesMask(n);
  const w1 = n > 8 ? (load<u64>(name + 8) | LOWER) & bytesMask(n - 8) : 0;
  return slotOf(w0, w1, n);
}

// Counted while the table is built at start-up and never changed after: a diagnostic, not state (issue 15).
let collisions: i32 = 0;

function place(slot: usize, id: i32, n: usize): void {
  if (load<u16>(SLOTS + (slot << 1)) != 0) collisions++;
  store<u16>(SLOTS + (slot << 1), <u16>(id | <i32>(n << 8)));
}

function initHeaderNames(): void {
  const compactAt = memory.data(8, 8);
  for (let id = 1; id < H_COUNT; id++) {
    const name = headerName(id);
    const at = NAME_BYTES + <usize>id * NAME_STRIDE;
    for (let i = 0; i < name.length; i++) store<u8>(at + <usize>i, <u8>lower(<u32>name.charCodeAt(i)));
    place(slotOfStored(at, <usize>name.length), id, <usize>name.length);
    const compact = compactForm(id);
    if (compact != 0) {
      store<u64>(compactAt, <u64>compact);
      place(slotOfStored(compactAt, 1), id, 1);
    }
  }
}
initHeaderNames();

/** Number of slot collisions found at start-up: 0 unless the table above was edited carelessly. */
export function headerHashCollisions(): i32 {
  return collisions;
}

/** The stored word at `name` equals the word w of the candidate in the low bytes `mask`: letters in any case, "-" as is. */
// @ts-ignore: decorator
@inline function sameWord(w: u64, name: usize, mask: u64): bool {
  const want = load<u64>(name);
  return ((w | ((want & LETTER_BITS) >> 1)) & mask) == want;
}

/**
 * The id of the header name [p, p+len) (any case, long or compact form), or
 * H_UNKNOWN. The comparison is exact whatever the bytes are: where the stored
 * name has a letter the byte is OR-ed with 0x20 (only "X" and "x" then equal
 * "x"); where it has "-" the byte must be "-". The name is read as three
 * 64-bit words whatever its length (the loads reach up to 23 bytes past it,
 * inside static memory; those bytes are masked off).
 */
// @ts-ignore: decorator
@inline export function lookupHeader(p: usize, len: i32): i32 {
  if (<u32>(len - 1) >= <u32>NAME_STRIDE) return H_UNKNOWN;
  const n = <usize>len;
  const w0 = load<u64>(p);
  const w1 = load<u64>(p + 8);
  const m0 = bytesMask(n);
  const m1 = n > 8 ? bytesMask(n - 8) : 0;
  const e = <u32>load<u16>(SLOTS + (slotOf((w0 | LOWER) & m0, (w1 | LOWER) & m1, n) << 1));
  if ((e >> 8) != <u32>len) return H_UNKNOWN;
  const id = <i32>(e & 0xff);
  if (len == 1) return ((<u32>w0 | 0x20) & 0xff) == compactForm(id) ? id : H_UNKNOWN;
  const name = NAME_BYTES + <usize>id * NAME_STRIDE;
  if (!sameWord(w0, name, m0)) return H_UNKNOWN;
  if (n > 8) {
    if (!sameWord(w1, name + 8, m1)) return H_UNKNOWN;
    if (n > 16 && !sameWord(load<u64>(p + 16), name + 16, bytesMask(n - 16))) return H_UNKNOWN;
  }
  return id;
}
