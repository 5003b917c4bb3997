// The Digest challenge of the response just parsed (RFC 3261 §22.2, §22.3;
// RFC 2617 §3.2.1; RFC 7616 §3.3), read from the header table of message.ts
// into one static Challenge record. Values are stored as copies (unquoted,
// quoted-pairs resolved) in fixed buffers: a value longer than its buffer
// makes the challenge unusable (AUTH_TOO_LONG), it is never truncated.
//
// Supported: scheme Digest, algorithm MD5, SHA-256 or absent (MD5), qop
// absent or offering "auth". Refused: MD5-sess and every other algorithm
// (SHA-512-256, the -sess forms: RFC 7616 §3.3, §6.1), a qop list without
// "auth" (such as "auth-int" alone: the firmware does not hash bodies). When
// several challenges of the kind are present, the first usable Digest one is
// taken, in the order the server sent them (RFC 7616 §3.7, RFC 8760 §2.4: the
// server lists its preferred algorithm first); when none is, the reason the
// first Digest one was refused is reported.

import { RX } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import { H_WWW_AUTHENTICATE, H_PROXY_AUTHENTICATE, H_AUTHORIZATION, H_PROXY_AUTHORIZATION } from "../msg/header-names";
import { skipLws, scanToken, equalsIgnoreCase, FAIL } from "../msg/scan";
import { copyValue, digestParamsBegin, digestParamsNext, DigestParams, PARAMS_NOT_DIGEST } from "./params";

// ---- results of parseChallenge() ----
export const AUTH_OK = 0;
/** Not a 401/407 response, or no WWW-/Proxy-Authenticate header field of the kind it needs. */
export const AUTH_NO_CHALLENGE = 1;
/** Only other schemes (Basic, ...): RFC 3261 §22.1 requires Digest. */
export const AUTH_NOT_DIGEST = 2;
/** algorithm is neither MD5, SHA-256 nor absent (MD5-sess, SHA-512-256 included). */
export const AUTH_UNSUPPORTED_ALGORITHM = 3;
/** qop offered without "auth" (e.g. auth-int alone). */
export const AUTH_UNSUPPORTED_QOP = 4;
/** realm, nonce or opaque longer than its buffer. */
export const AUTH_TOO_LONG = 5;
/** Broken syntax, realm or nonce missing (RFC 2617 §3.2.1: both are required), or the message itself failed to parse. */
export const AUTH_MALFORMED = 6;

// ---- Challenge.algorithm (RFC 7616 §3.3 algorithm) ----
/** No algorithm named: MD5 (RFC 2617 §3.2.1), and none is echoed. */
export const ALGORITHM_ABSENT: u8 = 0;
/** algorithm=MD5. */
export const ALGORITHM_MD5: u8 = 1;
/** algorithm=SHA-256 (RFC 7616 §3.2). */
export const ALGORITHM_SHA256: u8 = 2;

// ---- the Challenge record ----
export const REALM_CAPACITY: i32 = 128;
export const NONCE_CAPACITY: i32 = 128;
export const OPAQUE_CAPACITY: i32 = 128;
const REALM: usize = memory.data(REALM_CAPACITY);
const NONCE: usize = memory.data(NONCE_CAPACITY);
const OPAQUE: usize = memory.data(OPAQUE_CAPACITY);

/**
 * The challenge the UA answers: filled by parseChallenge(), read by
 * credentials.ts and policy.ts until the next parseChallenge(). Lengths of
 * the copies in REALM, NONCE, OPAQUE (each at most 128 bytes).
 */
// @ts-ignore: decorator
@unmanaged export class Challenge {
  /** The record holds a usable challenge (the last parseChallenge() returned AUTH_OK). */
  valid: bool;
  /** The header field the challenge came from: H_WWW_AUTHENTICATE (401) or H_PROXY_AUTHENTICATE (407). */
  source: u8;
  /** The header field that answers it (RFC 3261 §22.2, §22.3): H_AUTHORIZATION or H_PROXY_AUTHORIZATION. */
  answer: u8;
  realmLength: u8;
  nonceLength: u8;
  opaqueLength: u8;
  /** opaque was present (even empty): it is echoed exactly then (RFC 7616 §3.4). */
  hasOpaque: bool;
  /** The algorithm named (ALGORITHM_*): H is SHA-256 for ALGORITHM_SHA256, else MD5; a named one is echoed (RFC 7616 §3.4). */
  algorithm: u8;
  /** qop offered "auth": the response uses qop=auth, nc and cnonce (RFC 2617 §3.2.2). */
  qopAuth: bool;
  /** stale=true: the nonce expired, the credentials were right (RFC 7616 §3.3). */
  stale: bool;
  /** realm and nonce seen in the challenge being parsed (RFC 2617 §3.2.1: both are required). */
  seenRealm: bool;
  seenNonce: bool;
}
export const CHALLENGE = changetype<Challenge>(memory.data(<i32>offsetof<Challenge>(), 4));
/** parseOne's walk over the auth-params. */
const WALK = changetype<DigestParams>(memory.data(<i32>offsetof<DigestParams>(), 4));

export function realmPtr(): usize { return REALM; }
export function noncePtr(): usize { return NONCE; }
export function opaquePtr(): usize { return OPAQUE; }

/** Forgets the challenge (tests, and before each parse). */
export function resetChallenge(): void {
  // The twelve one-byte fields, by one 64-bit and one 32-bit store.
  store<u64>(changetype<usize>(CHALLENGE), 0);
  store<u32>(changetype<usize>(CHALLENGE), 0, 8);
}

/** Whether the qop-options list [p, end) (RFC 2617 §3.2.1: qop-value *("," qop-value)) offers "auth". */
function offersAuth(p: usize, end: usize): bool {
  while (p < end) {
    p = skipLws(p, end);
    const e = scanToken(p, end);
    if (e == FAIL) {
      p++; // a separator or stray byte: step over it
      continue;
    }
    if (equalsIgnoreCase(p, <i32>(e - p), changetype<usize>("auth"))) return true;
    p = e;
  }
  return false;
}

/** Records one auth-param (RFC 2617 §3.2.1 digest-challenge); returns AUTH_OK or the reason to refuse. */
function onParam(name: usize, nameLen: i32, v: usize, vEnd: usize, quoted: bool): i32 {
  const vLen = <i32>(vEnd - v);
  const c = CHALLENGE;
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("realm"))) {
    const n = copyValue(REALM, REALM_CAPACITY, v, vEnd, quoted);
    c.realmLength = <u8>n;
    c.seenRealm = true;
    return n < 0 ? AUTH_TOO_LONG : AUTH_OK;
  }
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("nonce"))) {
    const n = copyValue(NONCE, NONCE_CAPACITY, v, vEnd, quoted);
    c.nonceLength = <u8>n;
    c.seenNonce = true;
    return n < 0 ? AUTH_TOO_LONG : AUTH_OK;
  }
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("opaque"))) {
    const n = copyValue(OPAQUE, OPAQUE_CAPACITY, v, vEnd, quoted);
    c.opaqueLength = <u8>n;
    c.hasOpaque = true;
    return n < 0 ? AUTH_TOO_LONG : AUTH_OK;
  }
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("algorithm"))) {
    // RFC 7616 §3.3: MD5 (also when absent, RFC 2617 §3.2.1) and SHA-256; "-sess" forms and SHA-512-256 are refused.
    if (equalsIgnoreCase(v, vLen, changetype<usize>("MD5"))) c.algorithm = ALGORITHM_MD5;
    else if (equalsIgnoreCase(v, vLen, changetype<usize>("SHA-256"))) c.algorithm = ALGORITHM_SHA256;
    else return AUTH_UNSUPPORTED_ALGORITHM;
    return AUTH_OK;
  }
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("qop"))) {
    // RFC 7616 §3.3: a client must reject a qop list it does not understand; ours needs "auth".
    if (!offersAuth(v, vEnd)) return AUTH_UNSUPPORTED_QOP;
    c.qopAuth = true;
    return AUTH_OK;
  }
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("stale"))) {
    // RFC 2617 §3.2.1: stale = ( "true" | "false" ), case-insensitive; anything else counts as false.
    c.stale = equalsIgnoreCase(v, vLen, changetype<usize>("true"));
    return AUTH_OK;
  }
  return AUTH_OK; // domain, charset, userhash and extensions (RFC 7616 §3.3 auth-param) are ignored
}

/** Parses one challenge [p, end): auth-scheme LWS auth-param *(COMMA auth-param) (RFC 3261 §25.1 challenge). */
function parseOne(p: usize, end: usize): i32 {
  resetChallenge();
  const walk = WALK;
  const begun = digestParamsBegin(p, end, walk);
  if (begun == PARAMS_NOT_DIGEST) return AUTH_NOT_DIGEST;
  if (begun != 0) return AUTH_MALFORMED;
  while (true) {
    const n = digestParamsNext(walk);
    if (n == 0) break;
    if (n < 0) return AUTH_MALFORMED;
    const r = onParam(walk.name, walk.nameLength, walk.value, walk.valueEnd, walk.quoted);
    if (r != AUTH_OK) return r;
  }
  if (!CHALLENGE.seenRealm || !CHALLENGE.seenNonce) return AUTH_MALFORMED; // RFC 2617 §3.2.1: both are required
  return AUTH_OK;
}

/**
 * Reads the challenge of the response in RX: a 401 is answered from its
 * WWW-Authenticate header fields with Authorization, a 407 from its
 * Proxy-Authenticate ones with Proxy-Authorization (RFC 3261 §22.2, §22.3).
 * Returns AUTH_OK with CHALLENGE filled and its `valid` set, or the
 * reason no challenge can be answered (the record is then not valid).
 */
export function parseChallenge(): i32 {
  resetChallenge();
  if (sipMessage.verdict() != 0) return AUTH_MALFORMED;
  let want = 0;
  let answer = 0;
  if (!sipMessage.isRequest() && sipMessage.statusCode() == 401) {
    want = H_WWW_AUTHENTICATE;
    answer = H_AUTHORIZATION;
  } else if (!sipMessage.isRequest() && sipMessage.statusCode() == 407) {
    want = H_PROXY_AUTHENTICATE;
    answer = H_PROXY_AUTHORIZATION;
  } else return AUTH_NO_CHALLENGE;
  let result = AUTH_NO_CHALLENGE;
  const count = sipMessage.headerCount();
  for (let i = 0; i < count; i++) {
    if (sipMessage.headerId(i) != want) continue;
    const start = RX + <usize>sipMessage.headerValueStart(i);
    const r = parseOne(start, start + <usize>sipMessage.headerValueLength(i));
    if (r == AUTH_OK) {
      const c = CHALLENGE;
      c.valid = true;
      c.source = <u8>want;
      c.answer = <u8>answer;
      return AUTH_OK;
    }
    // Keep the first reason, but a refused Digest challenge explains more than a foreign scheme.
    if (result == AUTH_NO_CHALLENGE || (result == AUTH_NOT_DIGEST && r != AUTH_NOT_DIGEST)) result = r;
  }
  resetChallenge();
  return result;
}
