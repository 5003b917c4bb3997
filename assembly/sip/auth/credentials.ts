// Digest credentials for the challenge in challenge.ts (RFC 3261 §22.2,
// §22.3; RFC 2617 §3.2.2; RFC 7616 §3.4), H being MD5 or SHA-256 as the
// challenge's algorithm says (RFC 7616 §3.2, hash.ts):
//   HA1 = H(username ":" realm ":" password)             (RFC 7616 §3.4.2)
//   HA2 = H(method ":" digest-uri)                        (RFC 7616 §3.4.3)
//   response = H(HA1 ":" nonce ":" HA2)                   without qop (RFC 2617 §3.2.2.1)
//   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" "auth" ":" HA2)   with qop=auth
// HA1 and HA2 enter the response as lower-case hex (RFC 7616 §3.4.1): 32
// digits for MD5, 64 for SHA-256. Then the (Proxy-)Authorization header line
// into TX through writer.ts. The password is only ever fed to the hash state,
// never copied elsewhere; HA1 (password-equivalent) is wiped once the
// response is computed.

import * as authChallenge from "./challenge";
import { hexTo } from "./md5";
import { hashInit, hashUpdate, hashByte, hashFinal, hashSize } from "./hash";
import { putByte, putBytes, putCRLF, putHeaderName, txOverflowed } from "../msg/writer";
import { H_PROXY_AUTHORIZATION } from "../msg/header-names";
import { equalBytes } from "../msg/scan";

/** Largest cnonce, in random bytes (written as twice as many hex characters). */
export const CNONCE_MAX_BYTES: i32 = 16;

// HA1 and HA2 as digests (at most 32 octets, SHA-256); the response as hex (at most 64 digits).
const HA1: usize = memory.data(32);
const HA2: usize = memory.data(32);
const RESPONSE: usize = memory.data(64);
/** The hex digits of the last response computed: 32 (MD5) or 64 (SHA-256). */
let responseDigits: i32 = 32;
const CNONCE: usize = memory.data(CNONCE_MAX_BYTES * 2);
const NC: usize = memory.data(8);

// nc bookkeeping, one slot per answer header (0 Authorization, 1 Proxy-Authorization):
// the nonce last answered (a copy) and how many responses used it (RFC 7616 §3.4: "The nc
// value is the hexadecimal count of the number of requests ... sent with the nonce value").
const SLOT_NONCE: usize = memory.data(authChallenge.NONCE_CAPACITY * 2);
const SLOT_LENGTH: usize = memory.data(8);
const SLOT_COUNT: usize = memory.data(8);

const HEX_DIGITS = changetype<usize>("0123456789abcdef");

export function responsePtr(): usize { return RESPONSE; }
export function responseLength(): i32 { return responseDigits; }

/** The nonce-count (RFC 7616 §3.4: nc) the challenge's answer header has reached: that of the last response computed for it. */
export function nonceCount(): u32 {
  const slot: usize = authChallenge.CHALLENGE.answer == H_PROXY_AUTHORIZATION ? 1 : 0;
  return load<u32>(SLOT_COUNT + (slot << 2));
}
export function ncPtr(): usize { return NC; }

/** Forgets every nonce-count (start-up, tests). */
export function credentialsReset(): void {
  for (let i: usize = 0; i < 8; i += 4) {
    store<i32>(SLOT_LENGTH + i, 0);
    store<u32>(SLOT_COUNT + i, 0);
  }
}

/** Whether [p, p+len) may go into a header value: no CTL but HTAB (RFC 3261 §25.1 qdtext), no CR or LF. */
function printable(p: usize, len: i32): bool {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if ((c < 0x20 && c != 0x09) || c == 0x7f) return false;
  }
  return true;
}

/** Whether [p, p+len) is a range inside linear memory (caller ranges are checked, never trusted to be sane). */
function inMemory(p: usize, len: i32): bool {
  return len >= 0 && <u64>p + <u64>len <= (<u64>memory.size() << 16);
}

/** Feeds an ASCII literal, given by address, to the hash. */
function hashLiteral(text: usize): void {
  const n = <i32>(load<u32>(text - 4) >> 1);
  for (let i = 0; i < n; i++) hashByte(<u32>load<u16>(text + (<usize>i << 1)));
}

/** Feeds the `len` octets at `p` to the hash as lower-case hex (RFC 7616 §3.4.1). */
function hashHex(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const v = <u32>load<u8>(p + <usize>i);
    hashByte(<u32>load<u16>(HEX_DIGITS + (<usize>(v >> 4) << 1)));
    hashByte(<u32>load<u16>(HEX_DIGITS + (<usize>(v & 15) << 1)));
  }
}

/** Advances the nonce-count for the challenge's nonce: +1 on reuse, 1 for a new nonce. False when exhausted. */
function nextNonceCount(): bool {
  const slot: usize = authChallenge.CHALLENGE.answer == H_PROXY_AUTHORIZATION ? 1 : 0;
  const saved = SLOT_NONCE + slot * <usize>authChallenge.NONCE_CAPACITY;
  const nonceLength = <i32>authChallenge.CHALLENGE.nonceLength;
  let count = load<u32>(SLOT_COUNT + (slot << 2));
  const same = count > 0 && equalBytes(saved, load<i32>(SLOT_LENGTH + (slot << 2)), authChallenge.noncePtr(), nonceLength);
  if (same) {
    if (count == 0xffffffff) return false; // nc = 8LHEX: it cannot go on without repeating
    count++;
  } else {
    for (let i = 0; i < nonceLength; i++) store<u8>(saved + <usize>i, load<u8>(authChallenge.noncePtr() + <usize>i));
    store<i32>(SLOT_LENGTH + (slot << 2), nonceLength);
    count = 1;
  }
  store<u32>(SLOT_COUNT + (slot << 2), count);
  // RFC 2617 §3.2.2: nc-value = 8LHEX, most significant digit first.
  for (let i = 0; i < 8; i++) {
    const nibble = (count >> (<u32>(7 - i) << 2)) & 15;
    store<u8>(NC + <usize>i, <u8>load<u16>(HEX_DIGITS + (<usize>nibble << 1)));
  }
  return true;
}

/**
 * Computes the response for the current challenge into responsePtr()
 * (responseLength() lower-case hex characters: 32 for MD5, 64 for SHA-256)
 * and advances the nonce-count. username,
 * password, method and uri are byte ranges; cnonce is 1 to
 * CNONCE_MAX_BYTES random bytes, used (as lower-case hex) only when the
 * challenge chose qop=auth. False, with nothing computed, when there is no
 * valid challenge or an input is unfit (a range outside memory; control
 * characters in username, method or uri; a bad cnonce length with qop).
 */
export function computeResponse(
  username: usize, usernameLen: i32, password: usize, passwordLen: i32,
  method: usize, methodLen: i32, uri: usize, uriLen: i32, cnonce: usize, cnonceLen: i32
): bool {
  if (!authChallenge.CHALLENGE.valid) return false;
  const qopAuth = authChallenge.CHALLENGE.qopAuth;
  if (!inMemory(username, usernameLen) || !inMemory(password, passwordLen) || !inMemory(method, methodLen) ||
    !inMemory(uri, uriLen) || !inMemory(cnonce, qopAuth ? cnonceLen : 0)) return false;
  if (!printable(username, usernameLen) || !printable(method, methodLen) || !printable(uri, uriLen)) return false;
  if (qopAuth) {
    if (cnonceLen < 1 || cnonceLen > CNONCE_MAX_BYTES) return false;
    hexTo(CNONCE, cnonce, cnonceLen);
  }
  if (!nextNonceCount()) return false;

  const sha = authChallenge.CHALLENGE.algorithm == authChallenge.ALGORITHM_SHA256;
  digestA1(sha, username, usernameLen, authChallenge.realmPtr(), authChallenge.CHALLENGE.realmLength, password, passwordLen);
  digestA2(sha, method, methodLen, uri, uriLen);
  digestResponse(sha, authChallenge.noncePtr(), authChallenge.CHALLENGE.nonceLength, qopAuth ? NC : 0, CNONCE, qopAuth ? cnonceLen << 1 : 0);
  return true;
}

// The digest response in three steps (few parameters each: the Cortex-M wasm2c runtime takes function
// types of at most 12), for the client's answer and for checking one as a server (server.ts):
// digestA1, digestA2, then digestResponse into responsePtr() (32 lower-case hex characters for MD5,
// 64 for SHA-256: `sha` true). The three take the same `sha`.

/** H(A1) (password-equivalent: wiped by digestResponse). */
export function digestA1(sha: bool, username: usize, usernameLen: i32, realm: usize, realmLen: i32, password: usize, passwordLen: i32): void {
  // RFC 7616 §3.4.2: A1 = unq(username) ":" unq(realm) ":" passwd
  hashInit(sha);
  hashUpdate(username, usernameLen);
  hashByte(0x3a);
  hashUpdate(realm, realmLen);
  hashByte(0x3a);
  hashUpdate(password, passwordLen);
  hashFinal(HA1);
}

/** H(A2). */
export function digestA2(sha: bool, method: usize, methodLen: i32, uri: usize, uriLen: i32): void {
  // RFC 7616 §3.4.3: A2 = Method ":" request-uri (qop "auth" or absent)
  hashInit(sha);
  hashUpdate(method, methodLen);
  hashByte(0x3a);
  hashUpdate(uri, uriLen);
  hashFinal(HA2);
}

/**
 * The response from H(A1) and H(A2): `nc` is the address of the 8 hex digits
 * of the nonce-count with qop=auth, 0 without qop. H(A1) is wiped.
 */
export function digestResponse(sha: bool, nonce: usize, nonceLen: i32, nc: usize, cnonce: usize, cnonceLen: i32): void {
  // RFC 7616 §3.4.1 / RFC 2617 §3.2.2.1: KD(H(A1), unq(nonce) [":" nc ":" unq(cnonce) ":" unq(qop)] ":" H(A2))
  const size = hashSize(sha);
  hashInit(sha);
  hashHex(HA1, size);
  hashByte(0x3a);
  hashUpdate(nonce, nonceLen);
  hashByte(0x3a);
  if (nc != 0) {
    hashUpdate(nc, 8);
    hashByte(0x3a);
    hashUpdate(cnonce, cnonceLen);
    hashByte(0x3a);
    hashLiteral(changetype<usize>("auth"));
    hashByte(0x3a);
  }
  hashHex(HA2, size);
  hashFinal(HA1); // the response's digest replaces H(A1), then goes out as hex
  hexTo(RESPONSE, HA1, size);
  responseDigits = size << 1;
  for (let i: usize = 0; i < 32; i += 8) store<u64>(HA1 + i, 0);
}

/** Writes an ASCII literal, given by address, into TX. */
function putLiteral(text: usize): void {
  const n = <i32>(load<u32>(text - 4) >> 1);
  for (let i = 0; i < n; i++) putByte(<u32>load<u16>(text + (<usize>i << 1)));
}

/** Writes [p, p+len) as the inside of a quoted-string: DQUOTE and "\" become quoted-pairs (RFC 3261 §25.1). */
function putQuotedText(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 0x22 || c == 0x5c) putByte(0x5c);
    putByte(c);
  }
}

/**
 * Computes the response (see computeResponse) and appends the answer header
 * line to TX (RFC 3261 §22.2: Authorization for a 401, §22.3:
 * Proxy-Authorization for a 407; RFC 2617 §3.2.2 digest-response):
 *   Digest username="..", realm="..", nonce="..", uri="..", response="..",
 *   [algorithm=MD5|SHA-256,] [cnonce="..",] [opaque="..",] [qop=auth, nc=........]
 * algorithm is echoed when the challenge named it, opaque exactly when the
 * challenge had one (RFC 7616 §3.4), cnonce/qop/nc only with qop=auth.
 * False when nothing was computed or TX overflowed.
 */
export function writeAuthorization(
  username: usize, usernameLen: i32, password: usize, passwordLen: i32,
  method: usize, methodLen: i32, uri: usize, uriLen: i32, cnonce: usize, cnonceLen: i32
): bool {
  if (!computeResponse(username, usernameLen, password, passwordLen, method, methodLen, uri, uriLen, cnonce, cnonceLen)) {
    return false;
  }
  const qopAuth = authChallenge.CHALLENGE.qopAuth;
  putHeaderName(authChallenge.CHALLENGE.answer);
  putLiteral(changetype<usize>("Digest username=\""));
  putQuotedText(username, usernameLen);
  putLiteral(changetype<usize>("\", realm=\""));
  putQuotedText(authChallenge.realmPtr(), authChallenge.CHALLENGE.realmLength);
  putLiteral(changetype<usize>("\", nonce=\""));
  putQuotedText(authChallenge.noncePtr(), authChallenge.CHALLENGE.nonceLength);
  putLiteral(changetype<usize>("\", uri=\""));
  putQuotedText(uri, uriLen);
  putLiteral(changetype<usize>("\", response=\""));
  putBytes(RESPONSE, responseDigits);
  putByte(0x22);
  // RFC 7616 §3.4: the algorithm the challenge named is echoed (SHA-256 is always named: absent means MD5).
  // The names are the literals challenge.ts compares with (one copy each in static memory).
  const algorithm = authChallenge.CHALLENGE.algorithm;
  if (algorithm != authChallenge.ALGORITHM_ABSENT) {
    putLiteral(changetype<usize>(", algorithm="));
    putLiteral(changetype<usize>(algorithm == authChallenge.ALGORITHM_SHA256 ? "SHA-256" : "MD5"));
  }
  if (qopAuth) {
    putLiteral(changetype<usize>(", cnonce=\""));
    putBytes(CNONCE, cnonceLen << 1); // computeResponse wrote it: 2 hex characters a byte
    putByte(0x22);
  }
  if (authChallenge.CHALLENGE.hasOpaque) {
    putLiteral(changetype<usize>(", opaque=\""));
    putQuotedText(authChallenge.opaquePtr(), authChallenge.CHALLENGE.opaqueLength);
    putByte(0x22);
  }
  if (qopAuth) {
    putLiteral(changetype<usize>(", qop=auth, nc="));
    putBytes(NC, 8);
  }
  putCRLF();
  return !txOverflowed();
}
