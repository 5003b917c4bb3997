// MESSAGE sent outside any dialog (RFC 3428, the pager model): a text/plain
// body to a recipient URI, through the outbound proxy as a non-INVITE
// client transaction (RFC 3261 §17.1.2). One at a time: the caller waits for
// the answer (UA_REQUEST_DONE with REQUEST_MESSAGE) before the next one. A 401
// or 407 is answered with credentials once per challenge (§22.2, the same
// policy as REGISTER and INVITE); any other final response, and a timeout
// (408), is the answer: nothing is sent again on its own.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { H_CONTENT_TYPE } from "../msg/header-names";
import { M_MESSAGE } from "../msg/methods";
import { startClient } from "../txn/client";
import * as uaIdentity from "./identity";
import { BRANCH, BRANCH_LENGTH } from "./build";
import { resetAuth } from "./authorize";
import { beginOutside, answerOutside, newCallId, newTag, storedBody, storedEnd, TO_URI } from "./outside";
import { uaEvent, UA_REQUEST_DONE } from "./events";
import { Handler, REQUEST_MESSAGE } from "./handler";
import { zeroRecord } from "../txn/record";

const AUTH_MESSAGE = 5; // auth state 4 is REGISTER's

/** The one MESSAGE in flight, laid over static memory (never allocated); its Call-ID and From tag follow it. */
// @ts-ignore: decorator
@unmanaged export class PagerState {
  /** The target URI (a text of the configuration) and its length. */
  uri: u32;
  /** The CSeq number of the last MESSAGE (RFC 3261 §8.1.1.5). */
  cseq: u32;
  uriLength: u16;
  /** A MESSAGE awaits its final response. */
  pending: bool;
}

const CALL_ID_AT: usize = (offsetof<PagerState>() + 3) & ~3;
/** The record, the Call-ID (64 octets) and the From tag (16). */
export const PAGER_STATE_SIZE: usize = CALL_ID_AT + 64 + 16;
export const PAGER_STATE: usize = memory.data(<i32>PAGER_STATE_SIZE, 4);
const CALL_ID: usize = PAGER_STATE + CALL_ID_AT;
const TAG: usize = CALL_ID + 64;

// @ts-ignore: decorator
@inline function pg(): PagerState { return changetype<PagerState>(PAGER_STATE); }

/** No MESSAGE, no Call-ID, no tag: as at start-up. */
export function pagerReset(): void { zeroRecord(PAGER_STATE, PAGER_STATE_SIZE); }

/** Whether a MESSAGE awaits its final response. */
export function pagerBusy(): bool { return pg().pending; }

function sendNow(text: usize, textLen: i32, now: u32, withCredentials: bool): bool {
  beginOutside(M_MESSAGE, pg().cseq, CALL_ID, TAG, TO_URI, <usize>pg().uri, <i32>pg().uriLength);
  // RFC 3428 §4: no Contact (a MESSAGE creates no dialog).
  if (withCredentials && !answerOutside(AUTH_MESSAGE, M_MESSAGE)) return false;
  msgWriter.putHeaderName(H_CONTENT_TYPE);
  msgWriter.putString("text/plain;charset=UTF-8");
  msgWriter.putCRLF();
  const len = msgWriter.endMessage(text, textLen);
  if (len < 0) return false;
  return startClient(M_MESSAGE, pg().cseq, BRANCH, BRANCH_LENGTH, len, uaIdentity.OUTBOUND, now, Handler.Pager, REQUEST_MESSAGE) >= 0;
}

/**
 * Sends [text, text+textLen) as a MESSAGE to the SIP URI [uri, uri+len),
 * which must stay valid until the answer (a text of the configuration). False
 * when one is pending, there is no outbound proxy, or no transaction is free.
 */
export function sendPagerMessage(uri: usize, len: i32, text: usize, textLen: i32, now: u32): bool {
  if (pg().pending || !uaIdentity.hasOutbound || len <= 0 || len > 0xffff) return false;
  pg().uri = <u32>uri;
  pg().uriLength = <u16>len;
  newCallId(CALL_ID, 62); // §8.1.1.4: each MESSAGE outside a dialog is a request of its own
  newTag(TAG);
  pg().cseq = 1;
  resetAuth(AUTH_MESSAGE);
  pg().pending = sendNow(text, textLen, now, false);
  return pg().pending;
}

/**
 * A final response (in RX) to the MESSAGE of client transaction t: a
 * challenge is answered once, with the text t still keeps (Completed,
 * §17.1.2.2); otherwise the application hears the code.
 */
export function onPagerResponse(t: i32, now: u32): void {
  if (!pg().pending) return;
  const code = sipMessage.statusCode();
  if (code == 401 || code == 407) {
    pg().cseq++; // §8.1.3.5: the same Call-ID, a higher CSeq
    const text = storedBody(t);
    if (sendNow(text, <i32>(storedEnd(t) - text), now, true)) return;
  }
  pagerDone(code);
}

/** The MESSAGE is over with `code` (its final response, or 408 when none came). */
export function pagerDone(code: i32): void {
  pg().pending = false;
  uaEvent(UA_REQUEST_DONE, REQUEST_MESSAGE, code, M_MESSAGE, 0, 0);
}
