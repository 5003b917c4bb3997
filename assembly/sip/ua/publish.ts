// PUBLISH of the station's presence (RFC 3903; the document: pidf.ts) to its
// address-of-record through the outbound proxy, which routes it to the
// presence server (the ESC). One publication, one request at a time (§4: no
// new PUBLISH before the previous one's final response). An initial PUBLISH
// carries the state and no SIP-If-Match (§4.2); the 2xx's SIP-ETag is kept and
// named in SIP-If-Match by every later one: a refresh without a body (§4.3),
// a modification with the new state (§4.4), a removal with Expires: 0 (§4.5).
// The answers (§5): a 412 to a conditional request means the server lost the
// publication: a fresh initial one follows at once; 423 is tried again with
// the Min-Expires asked for; 401/407 answered once under the digest policy;
// anything else (489 Bad Event included), and a timeout, is reported.

import * as W from "../msg/writer";
import * as M from "../msg/message";
import { RX } from "../msg/buffers";
import { H_EVENT, H_EXPIRES, H_SIP_ETAG, H_SIP_IF_MATCH, H_CONTENT_TYPE } from "../msg/header-names";
import { M_PUBLISH } from "../msg/methods";
import { startClient } from "../txn/client";
import { setText, textData, textLength, clearText } from "./text";
import * as I from "./identity";
import { BRANCH, BRANCH_LENGTH } from "./build";
import { resetAuth } from "./authorize";
import { beginOutside, answerOutside, newCallId, newTag, TO_AOR } from "./outside";
import { writePidf } from "./pidf";
import { bodyData } from "./body";
import { uaEvent, UA_REQUEST_DONE } from "./events";
import { Handler, REQUEST_PUBLISH } from "./handler";

const AUTH_PUBLISH = 6; // 5 is MESSAGE's
const CAP_ETAG: i32 = 62;

const CALL_ID: usize = memory.data(64);
const TAG: usize = memory.data(16);
const ETAG: usize = memory.data(CAP_ETAG + 2);
let cseq: u32 = 0;
let pending = false;
let withBody = false; // the request in flight carries the state
let busy = false; // the state published last (or being published)
let asked: u32 = 0; // the Expires of the request in flight
let floor: u32 = 0; // the server's Min-Expires, once a 423 told it: later requests ask at least that

export function publishPending(): bool { return pending; }
/** Whether the presence server holds a publication of ours (an entity-tag is kept). */
export function publishHasETag(): bool { return textLength(ETAG) > 0; }

function sendNow(now: u32, withCredentials: bool): bool {
  cseq++;
  beginOutside(M_PUBLISH, cseq, CALL_ID, TAG, TO_AOR, 0, 0);
  if (withCredentials && !answerOutside(AUTH_PUBLISH, M_PUBLISH)) return false;
  W.putHeaderName(H_EVENT);
  W.putString("presence");
  W.putCRLF();
  W.putHeaderName(H_EXPIRES);
  W.putNumber(asked);
  W.putCRLF();
  if (publishHasETag()) W.putHeader(H_SIP_IF_MATCH, textData(ETAG), textLength(ETAG));
  let len: i32;
  if (withBody) {
    W.putHeaderName(H_CONTENT_TYPE);
    W.putString("application/pidf+xml");
    W.putCRLF();
    len = W.endMessage(bodyData(), writePidf(busy));
  } else {
    len = W.endMessage(0, 0);
  }
  if (len < 0) return false;
  return startClient(M_PUBLISH, cseq, BRANCH, BRANCH_LENGTH, len, I.OUTBOUND, now, Handler.Publish, REQUEST_PUBLISH) >= 0;
}

/**
 * PUBLISH for `expires` seconds: with `state` the document (`inCall`: the
 * station busy), initial without an entity-tag, a modification with one;
 * without `state` a refresh, or with `expires` 0 the removal (both need an
 * entity-tag). False when one is pending, there is no outbound proxy or no
 * free transaction, or a refresh or removal has nothing to name.
 */
export function sendPublish(state: bool, inCall: bool, expires: u32, now: u32): bool {
  if (pending || !I.hasOutbound || (!state && !publishHasETag())) return false;
  if (!publishHasETag()) {
    newCallId(CALL_ID, 62); // a new publication: a new Call-ID and CSeq, kept for its later requests
    newTag(TAG);
    cseq = 0;
  }
  withBody = state;
  if (state) busy = inCall;
  asked = expires > 0 && expires < floor ? floor : expires;
  resetAuth(AUTH_PUBLISH);
  pending = sendNow(now, false);
  return pending;
}

/** The SIP-ETag of the 2xx in RX, kept (§5); none, or one too long to keep, leaves no publication to name. */
function takeETag(): void {
  clearText(ETAG);
  for (let i = 0; i < M.headerCount; i++) {
    if (M.headerId(i) == H_SIP_ETAG) setText(ETAG, CAP_ETAG, RX + <usize>M.headerValueStart(i), M.headerValueLength(i));
  }
}

/** A final response (in RX) to the PUBLISH in flight. */
export function onPublishResponse(now: u32): void {
  if (!pending) return;
  const code = M.statusCode;
  if ((code == 401 || code == 407) && sendNow(now, true)) return;
  if (code >= 200 && code < 300) {
    if (asked == 0) clearText(ETAG); // removed (§4.5)
    else takeETag();
    return publishDone(code, M.expires >= 0 ? <i32>M.expires : <i32>asked);
  }
  if (code == 412 && publishHasETag() && asked > 0) {
    // §5: the entity-tag is unknown to the server: publish the whole state again, as an initial
    // publication (the Call-ID stays, the CSeq goes on: nothing in §4.2 asks for new ones).
    clearText(ETAG);
    withBody = true;
    resetAuth(AUTH_PUBLISH);
    if (sendNow(now, false)) return;
  }
  if (code == 423 && M.minExpires > <i64>asked && M.minExpires <= 0x7fffffff) {
    asked = <u32>M.minExpires; // §5, as RFC 3261 §10.2.8 for REGISTER: again with at least Min-Expires
    floor = asked;
    resetAuth(AUTH_PUBLISH); // a new request: the proxy's next challenge is a new one
    if (sendNow(now, false)) return;
  }
  if (code == 412) clearText(ETAG);
  publishDone(code, 0);
}

/** The PUBLISH is over with `code` (408: no answer); `extra` the expiry granted (0 on failure). */
export function publishDone(code: i32, granted: i32): void {
  pending = false;
  uaEvent(UA_REQUEST_DONE, REQUEST_PUBLISH, code, granted, 0, 0);
}

/** Forgets the publication (a new configuration, tests). */
export function publishReset(): void {
  pending = false;
  floor = 0;
  clearText(ETAG);
}
