// When to answer a challenge and when to give up, so a wrong password never
// loops 401 -> REGISTER -> 401 ... (RFC 3261 §22.2, §22.3; RFC 7616 §3.3).
//
// One small state per request (AUTH_STATE_SIZE bytes the caller owns, e.g.
// memory.data(AUTH_STATE_SIZE) per transaction slot). Rules, for the
// challenge in challenge.ts:
//  - no usable challenge: give up (POLICY_UNUSABLE);
//  - first challenge of its kind (WWW-Authenticate or Proxy-Authenticate: a
//    request may need both, a proxy's and the UAS's, RFC 3261 §22.3): answer;
//  - the same kind challenged again after we answered it:
//      stale=true, same realm, new nonce: answer (RFC 7616 §3.3: the nonce expired,
//        "the client may wish to simply retry the request with a new encrypted response"),
//        without counting it as the kind's one retry; but not twice in a row: a stale=true
//        right after answering a stale=true is a server that refuses every nonce (POLICY_LIMIT);
//      otherwise: give up (POLICY_REJECTED). RFC 7616 §3.3: without stale=true "the
//        username and/or password are invalid"; so one retry per kind unless stale.
// So a request sends at most two answers per kind, four in all, whatever the
// server says. The state keeps 64-bit FNV-1a fingerprints of realm and nonce,
// not copies: a collision could at worst turn one decision, never that bound.

import * as authChallenge from "./challenge";
import { H_PROXY_AUTHORIZATION } from "../msg/header-names";

export const POLICY_ANSWER = 1;
/** The credentials were refused (same challenge again without stale=true). */
export const POLICY_REJECTED = 2;
/** A second stale=true in a row: the server refuses every nonce. */
export const POLICY_LIMIT = 3;
/** No valid challenge in the record. */
export const POLICY_UNUSABLE = 4;

// Layout: per kind (0 Authorization, 1 Proxy-Authorization) at kind * 24: u32 answered flag,
// u32 the last answer was to stale=true after an answer, u64 realm fingerprint, u64 nonce fingerprint.
export const AUTH_STATE_SIZE: i32 = 48;

// @ts-ignore: decorator
@inline function kindBase(state: usize): usize {
  return state + (authChallenge.CHALLENGE.answer == H_PROXY_AUTHORIZATION ? 24 : 0);
}

/** 64-bit FNV-1a of [p, p+len). */
function fingerprint(p: usize, len: i32): u64 {
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < len; i++) {
    h ^= <u64>load<u8>(p + <usize>i);
    h *= 0x100000001b3;
  }
  return h;
}

/** A new request: nothing answered yet. */
export function authStateReset(state: usize): void {
  for (let i: usize = 0; i < <usize>AUTH_STATE_SIZE; i += 8) store<u64>(state + i, 0);
}

/** The decision for the current challenge (challenge.ts) under `state`; reads only. */
export function authDecide(state: usize): i32 {
  if (!authChallenge.CHALLENGE.valid) return POLICY_UNUSABLE;
  const k = kindBase(state);
  if (load<u32>(k) == 0) return POLICY_ANSWER;
  const sameRealm = load<u64>(k + 8) == fingerprint(authChallenge.realmPtr(), authChallenge.CHALLENGE.realmLength);
  const newNonce = load<u64>(k + 16) != fingerprint(authChallenge.noncePtr(), authChallenge.CHALLENGE.nonceLength);
  if (!authChallenge.CHALLENGE.stale || !sameRealm || !newNonce) return POLICY_REJECTED;
  return load<u32>(k + 4) != 0 ? POLICY_LIMIT : POLICY_ANSWER; // at most one stale retry in a row
}

/** Records that the current challenge was answered (call after sending credentials for it). */
export function authAnswered(state: usize): void {
  if (!authChallenge.CHALLENGE.valid) return;
  const k = kindBase(state);
  // A stale=true answered after an earlier answer of the kind is a stale retry (authDecide allows one in a row).
  store<u32>(k + 4, load<u32>(k) != 0 && authChallenge.CHALLENGE.stale ? 1 : 0);
  store<u32>(k, 1);
  store<u64>(k + 8, fingerprint(authChallenge.realmPtr(), authChallenge.CHALLENGE.realmLength));
  store<u64>(k + 16, fingerprint(authChallenge.noncePtr(), authChallenge.CHALLENGE.nonceLength));
}
