// Answering a digest challenge (RFC 3261 §22.2, §22.3) for a request the UA
// core sends again: the challenge in RX (the 401 or 407), the decision of the
// auth policy (one answer per challenge unless stale=true, a bound in all
// cases), and the Authorization or Proxy-Authorization header written into
// the request being built in TX.

import { parseChallenge, AUTH_OK } from "../auth/challenge";
import { writeAuthorization } from "../auth/credentials";
import { authStateReset, authDecide, authAnswered, AUTH_STATE_SIZE, POLICY_ANSWER } from "../auth/policy";
import { methodName } from "../msg/methods";
import { nextRandom } from "./random";
import * as uaIdentity from "./identity";

/** Owners of an auth state: the calls, then the application's own requests (REGISTER, OPTIONS). */
export const MAX_AUTH_OWNERS = 8;
const STATES: usize = memory.data(MAX_AUTH_OWNERS * AUTH_STATE_SIZE, 8);
const CNONCE: usize = memory.data(8);
const METHOD: usize = memory.data(16);

function state(owner: i32): usize { return STATES + <usize>owner * <usize>AUTH_STATE_SIZE; }

/** A new request of `owner`: no challenge answered yet. */
export function resetAuth(owner: i32): void {
  if (<u32>owner < <u32>MAX_AUTH_OWNERS) authStateReset(state(owner));
}

/**
 * Writes credentials answering the challenge in RX into the request being
 * built (method m, Request-URI [uri, uri+uriLen)). False when there is no
 * password, no usable challenge, or the policy says give up (wrong password).
 */
export function answerChallenge(owner: i32, m: i32, uri: usize, uriLen: i32): bool {
  if (<u32>owner >= <u32>MAX_AUTH_OWNERS || !uaIdentity.hasPassword()) return false;
  if (parseChallenge() != AUTH_OK) return false;
  const st = state(owner);
  if (authDecide(st) != POLICY_ANSWER) return false;
  store<u32>(CNONCE, nextRandom());
  store<u32>(CNONCE + 4, nextRandom());
  const name = changetype<usize>(methodName(m));
  const n = <i32>(load<u32>(name - 4) >> 1);
  for (let i = 0; i < n && i < 16; i++) store<u8>(METHOD + <usize>i, <u8>load<u16>(name + (<usize>i << 1)));
  const user = uaIdentity.identityLength(uaIdentity.ID_AUTH_USER) > 0 ? uaIdentity.ID_AUTH_USER : uaIdentity.ID_USER;
  const ok = writeAuthorization(
    uaIdentity.identityData(user), uaIdentity.identityLength(user),
    uaIdentity.identityData(uaIdentity.ID_PASSWORD), uaIdentity.identityLength(uaIdentity.ID_PASSWORD),
    METHOD, n < 16 ? n : 16, uri, uriLen, CNONCE, 8,
  );
  if (ok) authAnswered(st);
  return ok;
}
