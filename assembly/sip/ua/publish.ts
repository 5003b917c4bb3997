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

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { RX } from "../msg/buffers";
import { H_EVENT, H_EXPIRES, H_SIP_ETAG, H_SIP_IF_MATCH, H_CONTENT_TYPE } from "../msg/header-names";
import { M_PUBLISH } from "../msg/methods";
import { startClient } from "../txn/client";
import { setText, textData, textLength, clearText } from "./text";
import * as uaIdentity from "./identity";
import { BRANCH, BRANCH_LENGTH } from "./build";
import { resetAuth } from "./authorize";
import { beginOutside, answerOutside, newCallId, newTag, TO_AOR } from "./outside";
import { writePidf } from "./pidf";
import { bodyData } from "./body";
import { uaEvent, UA_REQUEST_DONE } from "./events";
import { Handler, REQUEST_PUBLISH } from "./handler";
import { zeroRecord } from "../txn/record";

const AUTH_PUBLISH = 6; // 5 is MESSAGE's
const CAP_ETAG: i32 = 62;

/** The one publication's numbers, laid over static memory (never allocated); its texts follow it. */
// @ts-ignore: decorator
@unmanaged class Publication {
  /** The CSeq number of the last PUBLISH (RFC 3261 §8.1.1.5; a new publication starts again). */
  cseq: u32;
  /** The Expires of the request in flight. */
  asked: u32;
  /** The server's Min-Expires, once a 423 told it: later requests ask at least that (§5). */
  floor: u32;
  /** A PUBLISH awaits its final response (§4: one at a time). */
  pending: bool;
  /** The request in flight carries the state. */
  withBody: bool;
  /** The state published last (or being published): in a call. */
  busy: bool;
}

// The texts after the record: Call-ID, From tag, the SIP-ETag kept (text.ts strings).
const CALL_ID: usize = (offsetof<Publication>() + 3) & ~3;
const TAG: usize = CALL_ID + 64;
const ETAG: usize = TAG + 16;
const SIZE: usize = ETAG + <usize>CAP_ETAG + 2;
const STATE: usize = memory.data(<i32>SIZE, 4);

// @ts-ignore: decorator
@inline function pub(): Publication { return changetype<Publication>(STATE); }

export function publishPending(): bool { return pub().pending; }
/** Whether the presence server holds a publication of ours (an entity-tag is kept). */
export function publishHasETag(): bool { return textLength(STATE + ETAG) > 0; }

function sendNow(now: u32, withCredentials: bool): bool {
  const p = pub();
  const cseq = p.cseq + 1;
  p.cseq = cseq;
  beginOutside(M_PUBLISH, cseq, STATE + CALL_ID, STATE + TAG, TO_AOR, 0, 0);
  if (withCredentials && !answerOutside(AUTH_PUBLISH, M_PUBLISH)) return false;
  msgWriter.putHeaderName(H_EVENT);
  msgWriter.putString("presence");
  msgWriter.putCRLF();
  msgWriter.putHeaderName(H_EXPIRES);
  msgWriter.putNumber(p.asked);
  msgWriter.putCRLF();
  if (publishHasETag()) msgWriter.putHeader(H_SIP_IF_MATCH, textData(STATE + ETAG), textLength(STATE + ETAG));
  let len: i32;
  if (p.withBody) {
    msgWriter.putHeaderName(H_CONTENT_TYPE);
    msgWriter.putString("application/pidf+xml");
    msgWriter.putCRLF();
    len = msgWriter.endMessage(bodyData(), writePidf(p.busy));
  } else {
    len = msgWriter.endMessage(0, 0);
  }
  if (len < 0) return false;
  return startClient(M_PUBLISH, cseq, BRANCH, BRANCH_LENGTH, len, uaIdentity.OUTBOUND, now, Handler.Publish, REQUEST_PUBLISH) >= 0;
}

/**
 * PUBLISH for `expires` seconds: with `state` the document (`inCall`: the
 * station busy), initial without an entity-tag, a modification with one;
 * without `state` a refresh, or with `expires` 0 the removal (both need an
 * entity-tag). False when one is pending, there is no outbound proxy or no
 * free transaction, or a refresh or removal has nothing to name.
 */
export function sendPublish(state: bool, inCall: bool, expires: u32, now: u32): bool {
  const p = pub();
  if (p.pending || !uaIdentity.hasOutbound || (!state && !publishHasETag())) return false;
  if (!publishHasETag()) {
    newCallId(STATE + CALL_ID, 62); // a new publication: a new Call-ID and CSeq, kept for its later requests
    newTag(STATE + TAG);
    p.cseq = 0;
  }
  p.withBody = state;
  if (state) p.busy = inCall;
  p.asked = expires > 0 && expires < p.floor ? p.floor : expires;
  resetAuth(AUTH_PUBLISH);
  const sent = sendNow(now, false);
  p.pending = sent;
  return sent;
}

/** The SIP-ETag of the 2xx in RX, kept (§5); none, or one too long to keep, leaves no publication to name. */
function takeETag(): void {
  clearText(STATE + ETAG);
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) == H_SIP_ETAG) setText(STATE + ETAG, CAP_ETAG, RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
  }
}

/** A final response (in RX) to the PUBLISH in flight. */
export function onPublishResponse(now: u32): void {
  const p = pub();
  if (!p.pending) return;
  const code = sipMessage.statusCode();
  if ((code == 401 || code == 407) && sendNow(now, true)) return;
  const asked = p.asked;
  if (code >= 200 && code < 300) {
    if (asked == 0) clearText(STATE + ETAG); // removed (§4.5)
    else takeETag();
    return publishDone(code, sipMessage.expires() >= 0 ? <i32>sipMessage.expires() : <i32>asked);
  }
  if (code == 412 && publishHasETag() && asked > 0) {
    // §5: the entity-tag is unknown to the server: publish the whole state again, as an initial
    // publication (the Call-ID stays, the CSeq goes on: nothing in §4.2 asks for new ones).
    clearText(STATE + ETAG);
    p.withBody = true;
    resetAuth(AUTH_PUBLISH);
    if (sendNow(now, false)) return;
  }
  if (code == 423 && sipMessage.minExpires() > <i64>asked && sipMessage.minExpires() <= 0x7fffffff) {
    p.asked = p.floor = <u32>sipMessage.minExpires(); // §5, as RFC 3261 §10.2.8 for REGISTER: again with at least Min-Expires
    resetAuth(AUTH_PUBLISH); // a new request: the proxy's next challenge is a new one
    if (sendNow(now, false)) return;
  }
  if (code == 412) clearText(STATE + ETAG);
  publishDone(code, 0);
}

/** The PUBLISH is over with `code` (408: no answer); `extra` the expiry granted (0 on failure). */
export function publishDone(code: i32, granted: i32): void {
  pub().pending = false;
  uaEvent(UA_REQUEST_DONE, REQUEST_PUBLISH, code, granted, 0, 0);
}

/** Forgets the publication (a new configuration, tests): every field zero, every text empty. */
export function publishReset(): void { zeroRecord(STATE, SIZE); }

/** The publication's record and texts, for the spec that proves publishReset complete. */
export const PUBLICATION_AT: usize = STATE;
export const PUBLICATION_SIZE: usize = SIZE;
