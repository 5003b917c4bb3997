// Digest authentication with this station as the server (a UAS challenging
// a caller, RFC 3261 §22.4): the WWW-Authenticate of a 401 (RFC 7616 §3.3:
// realm, a fresh nonce from nonces.ts, algorithm=MD5, qop="auth"), and the
// check of the Authorization a caller answers with (RFC 7616 §3.4, RFC 2617
// §3.2.2): the same realm, a nonce issued here and unused, a digest-uri equal
// to the Request-URI (RFC 2617 §3.2.2.5), MD5, and the response the caller's
// secret gives. The secret is only fed to MD5 (credentials.ts): nothing here
// copies, returns or logs it.

import { RX } from "../msg/buffers";
import * as sipMessage from "../msg/message";
import { H_AUTHORIZATION, H_WWW_AUTHENTICATE } from "../msg/header-names";
import { equalsIgnoreCase, equalBytes } from "../msg/scan";
import { putLiteral, putBytes, putCRLF, putHeaderName } from "../msg/writer";
import { copyValue, digestParamsBegin, digestParamsNext, DigestParams } from "./params";
import { digestA1, digestA2, digestResponse, responsePtr } from "./credentials";
import { nonceState, nonceUse, NONCE_FRESH } from "./nonces";

export const AUTHZ_OK = 0; // the response is right and the nonce fresh
export const AUTHZ_STALE = 1; // the response is right for a nonce that is no longer good: challenge again, stale=true
export const AUTHZ_WRONG = 2; // wrong user, realm, uri, algorithm or response: refuse

const CAP: i32 = 128;
const USERNAME: usize = memory.data(CAP);
const REALM: usize = memory.data(CAP);
const NONCE: usize = memory.data(CAP);
const URI: usize = memory.data(CAP * 2);
const RESPONSE: usize = memory.data(CAP);
const CNONCE: usize = memory.data(CAP);
const NC: usize = memory.data(CAP);

/**
 * The credentials read last (readAuthorization), checked by
 * checkAuthorization: the length of each value copied above, -1 when absent
 * or too long for its buffer; qop=auth was given; a dig-resp refused them.
 */
// @ts-ignore: decorator
@unmanaged class Credentials {
  usernameLength: i16;
  realmLength: i16;
  nonceLength: i16;
  uriLength: i16;
  responseLength: i16;
  cnonceLength: i16;
  ncLength: i16;
  qopAuth: bool;
  badParam: bool;
}
const READ = changetype<Credentials>(memory.data(<i32>offsetof<Credentials>(), 8));
/** readAuthorization's walk over the auth-params. */
const WALK = changetype<DigestParams>(memory.data(<i32>offsetof<DigestParams>(), 4));

/** Forgets the credentials read last: every value absent. */
function credentialsForget(): void {
  // The seven i16 lengths -1, qopAuth and badParam false: 16 bytes in two stores.
  store<u64>(changetype<usize>(READ), 0xffffffffffffffff);
  store<u64>(changetype<usize>(READ), 0x0000ffffffffffff, 8);
}

/** Records one dig-resp (RFC 2617 §3.2.2); a value too long for its buffer makes the credentials unusable. */
function onParam(name: usize, nameLen: i32, v: usize, vEnd: usize, quoted: bool): void {
  const vLen = <i32>(vEnd - v);
  const read = READ;
  if (equalsIgnoreCase(name, nameLen, changetype<usize>("username"))) read.usernameLength = <i16>copyValue(USERNAME, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("realm"))) read.realmLength = <i16>copyValue(REALM, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("nonce"))) read.nonceLength = <i16>copyValue(NONCE, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("uri"))) read.uriLength = <i16>copyValue(URI, CAP * 2, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("response"))) read.responseLength = <i16>copyValue(RESPONSE, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("cnonce"))) read.cnonceLength = <i16>copyValue(CNONCE, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("nc"))) read.ncLength = <i16>copyValue(NC, CAP, v, vEnd, quoted);
  else if (equalsIgnoreCase(name, nameLen, changetype<usize>("qop"))) {
    const auth = equalsIgnoreCase(v, vLen, changetype<usize>("auth"));
    read.qopAuth = auth;
    if (!auth) read.badParam = true; // auth-int was not offered
  } else if (equalsIgnoreCase(name, nameLen, changetype<usize>("algorithm"))) {
    if (!equalsIgnoreCase(v, vLen, changetype<usize>("MD5"))) read.badParam = true; // RFC 7616 §3.4: only what was offered
  }
  // opaque (none was sent), userhash and extensions are ignored
}

/**
 * Reads the first Digest Authorization of the request in RX. False when it
 * has none (or only other schemes): the caller is to be challenged.
 */
export function readAuthorization(): bool {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_AUTHORIZATION) continue;
    credentialsForget();
    const p = RX + <usize>sipMessage.headerValueStart(i);
    const end = p + <usize>sipMessage.headerValueLength(i);
    const walk = WALK;
    if (digestParamsBegin(p, end, walk) != 0) continue; // another scheme
    while (true) {
      const n = digestParamsNext(walk);
      if (n <= 0) {
        if (n < 0) READ.badParam = true;
        break;
      }
      onParam(walk.name, walk.nameLength, walk.value, walk.valueEnd, walk.quoted);
    }
    return true;
  }
  return false;
}

/** The user name the credentials read last give (its length in `authUsernameLength`; -1: none or too long). */
export function authUsername(): usize { return USERNAME; }
export function authUsernameLength(): i32 { return READ.usernameLength; }

function lowerHexEquals(p: usize, q: usize, n: i32): bool {
  let diff: u32 = 0; // every octet compared: the time taken tells nothing about where they differ
  for (let i = 0; i < n; i++) diff |= (<u32>load<u8>(p + <usize>i) | 0x20) ^ <u32>load<u8>(q + <usize>i);
  return diff == 0;
}

/**
 * Checks the credentials read last for `user` with `secret` in `realm`, for
 * the request in RX, at `now`. AUTHZ_OK uses the nonce up.
 */
export function checkAuthorization(user: usize, userLen: i32, secret: usize, secretLen: i32, realm: usize, realmLen: i32, now: u32): i32 {
  const read = READ;
  const nonceLength = <i32>read.nonceLength;
  const uriLength = <i32>read.uriLength;
  if (read.badParam || read.responseLength != 32 || nonceLength < 0 || uriLength < 0) return AUTHZ_WRONG;
  const usernameLength = <i32>read.usernameLength;
  const realmLength = <i32>read.realmLength;
  if (!equalBytes(USERNAME, usernameLength, user, userLen) || !equalBytes(REALM, realmLength, realm, realmLen)) return AUTHZ_WRONG;
  // RFC 2617 §3.2.2.5: the digest-uri names the resource of the Request-URI.
  if (!equalBytes(URI, uriLength, sipMessage.fieldPtr(sipMessage.F_REQUEST_URI), sipMessage.fieldLength(sipMessage.F_REQUEST_URI))) return AUTHZ_WRONG;
  const qopAuth = read.qopAuth;
  const cnonceLength = <i32>read.cnonceLength;
  if (qopAuth && (read.ncLength != 8 || cnonceLength <= 0)) return AUTHZ_WRONG; // RFC 2617 §3.2.2: both with qop
  // The station challenges with algorithm=MD5 only (putChallenge): H is MD5 here.
  digestA1(false, USERNAME, usernameLength, REALM, realmLength, secret, secretLen);
  digestA2(false, sipMessage.fieldPtr(sipMessage.F_METHOD), sipMessage.fieldLength(sipMessage.F_METHOD), URI, uriLength);
  digestResponse(false, NONCE, nonceLength, qopAuth ? NC : 0, CNONCE, cnonceLength);
  if (!lowerHexEquals(RESPONSE, responsePtr(), 32)) return AUTHZ_WRONG;
  // RFC 7616 §3.3: stale when the response is right but the nonce is not good any more.
  if (nonceState(NONCE, nonceLength, now) != NONCE_FRESH) return AUTHZ_STALE;
  nonceUse(NONCE, nonceLength);
  return AUTHZ_OK;
}

/** Appends WWW-Authenticate (RFC 3261 §22.4, RFC 7616 §3.3) for `realm` and the nonce at `nonce`, stale=true when asked. */
export function putChallenge(realm: usize, realmLen: i32, nonce: usize, nonceLen: i32, stale: bool): void {
  putHeaderName(H_WWW_AUTHENTICATE);
  putLiteral(changetype<usize>("Digest realm=\""));
  putBytes(realm, realmLen);
  putLiteral(changetype<usize>("\", nonce=\""));
  putBytes(nonce, nonceLen);
  putLiteral(changetype<usize>("\", algorithm=MD5, qop=\"auth\""));
  if (stale) putLiteral(changetype<usize>(", stale=true"));
  putCRLF();
}
