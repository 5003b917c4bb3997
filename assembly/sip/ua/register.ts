// Requests the user agent sends outside any call (RFC 3261 §10.2, §11.1):
// REGISTER for its address-of-record, and OPTIONS as a keepalive: to the
// registrar's domain, or to the address-of-record itself, which the proxy
// forwards to the station's binding (so a 404 or 480 tells that the binding
// is gone). Both go to the outbound proxy. The registration keeps one
// Call-ID and raises its CSeq for every refresh (§10.2.4). A 401 or 407 is
// answered with credentials under the same policy as calls. The 2xx to a
// REGISTER tells the address the registrar saw (nat.ts).

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { H_EXPIRES } from "../msg/header-names";
import { M_REGISTER, M_OPTIONS } from "../msg/methods";
import { startClient } from "../txn/client";
import { textLength } from "./text";
import * as uaIdentity from "./identity";
import { putAllowSupported, BRANCH, BRANCH_LENGTH } from "./build";
import { resetAuth } from "./authorize";
import { beginOutside, answerOutside, newCallId, newTag, TO_DOMAIN, TO_AOR } from "./outside";
import { putRegisterContacts, registrarSaw } from "./nat";
import { ourBindingExpires } from "./bindings";
import { uaEvent, UA_REQUEST_DONE } from "./events";
import { Handler, REQUEST_REGISTER } from "./handler";
import { zeroRecord } from "../txn/record";

const AUTH_REGISTER = 4; // auth states 0-3 are the calls'

/** The registration's dialog-like numbers, laid over static memory (never allocated); its texts follow it. */
// @ts-ignore: decorator
@unmanaged export class RegisterState {
  /** The CSeq number of the last REGISTER (RFC 3261 §10.2: one Call-ID, CSeq increasing). */
  cseq: u32;
  /** The Expires of the last REGISTER sent (0: a removal, §10.2.2). */
  expires: u32;
  /** A REGISTER was sent: until then `expires` stands for 3600 (§10.2.1.1, the usual default). */
  asked: bool;
}

const CALL_ID_AT: usize = (offsetof<RegisterState>() + 3) & ~3;
/** The record, the REGISTER Call-ID (96 octets, text.ts form), its From tag (16), the keepalive OPTIONS' Call-ID (96). */
export const REGISTER_STATE_SIZE: usize = CALL_ID_AT + 96 + 16 + 96;
export const REGISTER_STATE: usize = memory.data(<i32>REGISTER_STATE_SIZE, 4);
const CALL_ID: usize = REGISTER_STATE + CALL_ID_AT;
const TAG: usize = CALL_ID + 96;
const PING_CALL_ID: usize = TAG + 16;

// @ts-ignore: decorator
@inline function rg(): RegisterState { return changetype<RegisterState>(REGISTER_STATE); }
// @ts-ignore: decorator
@inline function lastExpires(): u32 { return rg().asked ? rg().expires : 3600; }

/** Never registered: no Call-ID, no tag, CSeq 0, as at start-up. */
export function registerReset(): void { zeroRecord(REGISTER_STATE, REGISTER_STATE_SIZE); }

function ensureIdentity(): void {
  if (textLength(CALL_ID) > 0) return;
  newTag(TAG);
  newCallId(CALL_ID, 94);
}

/** Request-Line to sip:<domain> (sip:user@domain when `aor`) and the common header fields, with the Call-ID at `callId`. */
function begin(m: i32, n: u32, callId: usize, aor: bool = false): void {
  beginOutside(m, n, callId, TAG, aor ? TO_AOR : TO_DOMAIN, 0, 0);
}

function sendRegisterNow(expires: u32, now: u32): bool {
  if (!uaIdentity.hasOutbound) return false;
  ensureIdentity();
  rg().cseq++;
  begin(M_REGISTER, rg().cseq, CALL_ID);
  putRegisterContacts();
  msgWriter.putHeaderName(H_EXPIRES);
  msgWriter.putNumber(expires);
  msgWriter.putCRLF();
  putAllowSupported();
  const len = msgWriter.endMessage(0, 0);
  if (len < 0) return false;
  return startClient(M_REGISTER, rg().cseq, BRANCH, BRANCH_LENGTH, len, uaIdentity.OUTBOUND, now, Handler.Outside, REQUEST_REGISTER) >= 0;
}

/** REGISTER the address-of-record for `expires` seconds (0 removes the binding, §10.2.2). */
export function sendRegister(expires: u32, now: u32): bool {
  resetAuth(AUTH_REGISTER);
  rg().expires = expires;
  rg().asked = true;
  return sendRegisterNow(expires, now);
}

/**
 * OPTIONS through `dest`: a keepalive whose answer proves the path. To the
 * registrar's domain, or with `aor` to the station's own address-of-record:
 * the proxy then looks the binding up and forwards the OPTIONS to the station,
 * which answers it (§11.2), so its 200 also proves the binding and the way in
 * (the NAT's mapping is kept open both ways); without a binding the proxy
 * answers 404 or 480 itself (§16.5, §21.4.18).
 */
export function sendOptionsPing(now: u32, dest: usize, request: i32, aor: bool = false): bool {
  ensureIdentity();
  // Each keepalive is a request of its own (§8.1.1.4: a new Call-ID), so the
  // registration's Call-ID keeps a CSeq that rises by one per REGISTER (§10.2).
  newCallId(PING_CALL_ID, 94);
  begin(M_OPTIONS, 1, PING_CALL_ID, aor);
  msgWriter.putString("Accept: application/sdp");
  msgWriter.putCRLF();
  const len = msgWriter.endMessage(0, 0);
  if (len < 0) return false;
  return startClient(M_OPTIONS, 1, BRANCH, BRANCH_LENGTH, len, dest, now, Handler.Outside, request) >= 0;
}

/** A final response to one of these requests (`request`, handler.ts): a challenge is answered once; otherwise the application hears it. */
export function onOutsideResponse(request: i32, m: i32, now: u32): void {
  const code = sipMessage.statusCode();
  if (request == REQUEST_REGISTER && (code == 401 || code == 407) && retryWithCredentials(now)) return;
  // For REGISTER, extra carries the expiry granted: the "expires" of our own Contact in the
  // 200, else its Expires header, else what was asked (§10.2.4); for a 423, the Min-Expires
  // the registrar demands (§10.2.8).
  const ours = code >= 200 && code < 300 ? ourBindingExpires() : -1;
  let granted = ours >= 0 ? <i32>min<i64>(ours, 0x7fffffff) : sipMessage.expires() >= 0 ? <i32>sipMessage.expires() : <i32>lastExpires();
  if (code == 423 && sipMessage.minExpires() > 0) granted = <i32>sipMessage.minExpires();
  // After the binding's own expiry is read (it names the Contact just registered): what the registrar saw.
  if (request == REQUEST_REGISTER && code >= 200 && code < 300 && lastExpires() > 0) registrarSaw();
  uaEvent(UA_REQUEST_DONE, request, code, m == M_REGISTER ? granted : m, 0, 0);
}

/** No final response came to `request` (Timer B or F): the application hears 408 (§8.1.3.1). */
export function onOutsideTimeout(request: i32, m: i32): void {
  uaEvent(UA_REQUEST_DONE, request, 408, m, 0, 0);
}

function retryWithCredentials(now: u32): bool {
  ensureIdentity();
  const n = rg().cseq + 1;
  begin(M_REGISTER, n, CALL_ID);
  putRegisterContacts();
  msgWriter.putHeaderName(H_EXPIRES);
  msgWriter.putNumber(lastExpires());
  msgWriter.putCRLF();
  putAllowSupported();
  if (!answerOutside(AUTH_REGISTER, M_REGISTER)) return false; // the digest-uri is the Request-URI, sip:<domain>
  const len = msgWriter.endMessage(0, 0);
  if (len < 0) return false;
  rg().cseq = n;
  return startClient(M_REGISTER, rg().cseq, BRANCH, BRANCH_LENGTH, len, uaIdentity.OUTBOUND, now, Handler.Outside, REQUEST_REGISTER) >= 0;
}
