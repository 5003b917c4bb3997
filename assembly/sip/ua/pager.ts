// MESSAGE sent outside any dialog (RFC 3428, the pager model): a text/plain
// body to a recipient URI, through the outbound proxy as a non-INVITE
// client transaction (RFC 3261 §17.1.2). One at a time: the caller waits for
// the answer (UA_REQUEST_DONE with REQUEST_MESSAGE) before the next one. A 401
// or 407 is answered with credentials once per challenge (§22.2, the same
// policy as REGISTER and INVITE); any other final response, and a timeout
// (408), is the answer: nothing is sent again on its own.

import * as W from "../msg/writer";
import * as M from "../msg/message";
import { H_CONTENT_TYPE } from "../msg/header-names";
import { M_MESSAGE } from "../msg/methods";
import { startClient } from "../txn/client";
import * as I from "./identity";
import { BRANCH, BRANCH_LENGTH } from "./build";
import { resetAuth } from "./authorize";
import { beginOutside, answerOutside, newCallId, newTag, storedBody, storedEnd, TO_URI } from "./outside";
import { uaEvent, UA_REQUEST_DONE } from "./events";
import { Handler, REQUEST_MESSAGE } from "./handler";

const AUTH_MESSAGE = 5; // auth state 4 is REGISTER's

const CALL_ID: usize = memory.data(64);
const TAG: usize = memory.data(16);
let uriPtr: usize = 0;
let uriLen: i32 = 0;
let cseq: u32 = 0;
let pending = false;

/** Whether a MESSAGE awaits its final response. */
export function pagerBusy(): bool { return pending; }

function sendNow(text: usize, textLen: i32, now: u32, withCredentials: bool): bool {
  beginOutside(M_MESSAGE, cseq, CALL_ID, TAG, TO_URI, uriPtr, uriLen);
  // RFC 3428 §4: no Contact (a MESSAGE creates no dialog).
  if (withCredentials && !answerOutside(AUTH_MESSAGE, M_MESSAGE)) return false;
  W.putHeaderName(H_CONTENT_TYPE);
  W.putString("text/plain;charset=UTF-8");
  W.putCRLF();
  const len = W.endMessage(text, textLen);
  if (len < 0) return false;
  return startClient(M_MESSAGE, cseq, BRANCH, BRANCH_LENGTH, len, I.OUTBOUND, now, Handler.Pager, REQUEST_MESSAGE) >= 0;
}

/**
 * Sends [text, text+textLen) as a MESSAGE to the SIP URI [uri, uri+len),
 * which must stay valid until the answer (a text of the configuration). False
 * when one is pending, there is no outbound proxy, or no transaction is free.
 */
export function sendPagerMessage(uri: usize, len: i32, text: usize, textLen: i32, now: u32): bool {
  if (pending || !I.hasOutbound || len <= 0) return false;
  uriPtr = uri;
  uriLen = len;
  newCallId(CALL_ID, 62); // §8.1.1.4: each MESSAGE outside a dialog is a request of its own
  newTag(TAG);
  cseq = 1;
  resetAuth(AUTH_MESSAGE);
  pending = sendNow(text, textLen, now, false);
  return pending;
}

/**
 * A final response (in RX) to the MESSAGE of client transaction t: a
 * challenge is answered once, with the text t still keeps (Completed,
 * §17.1.2.2); otherwise the application hears the code.
 */
export function onPagerResponse(t: i32, now: u32): void {
  if (!pending) return;
  const code = M.statusCode;
  if (code == 401 || code == 407) {
    cseq++; // §8.1.3.5: the same Call-ID, a higher CSeq
    const text = storedBody(t);
    if (sendNow(text, <i32>(storedEnd(t) - text), now, true)) return;
  }
  pagerDone(code);
}

/** The MESSAGE is over with `code` (its final response, or 408 when none came). */
export function pagerDone(code: i32): void {
  pending = false;
  uaEvent(UA_REQUEST_DONE, REQUEST_MESSAGE, code, M_MESSAGE, 0, 0);
}
