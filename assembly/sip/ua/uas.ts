// The UA core as a server (RFC 3261 §8.2, §13.3, §15.1.2, §9.2, §11.2, §14.2;
// RFC 3262 §3; RFC 3311 §5.2; RFC 6086): new calls, answers given later
// (from what the INVITE's transaction kept), 2xx and reliable provisionals
// retransmitted by the core, and the requests within a dialog.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { RX } from "../msg/buffers";
import { H_FROM, H_TO, H_RECORD_ROUTE, H_SUPPORTED, H_REQUIRE, H_ALLOW, H_ACCEPT, H_RSEQ, H_CONTENT_TYPE } from "../msg/header-names";
import * as msgMethods from "../msg/methods";
import { equalsIgnoreCase, at } from "../msg/scan";
import { beginResponse, reasonText, reasonTextPtr, statelessTag } from "../msg/response";
import { serverRespond, serverRespondNow, matchInviteServer } from "../txn/server";
import { beginResponseFromKept } from "../txn/ack";
import { send } from "../txn/outbox";
import { RX_PEER } from "../txn/peer";
import * as txnTable from "../txn/table";
import { randomHex, nextRandom } from "./random";
import { setText, textData, textLength } from "./text";
import * as uaCalls from "./calls";
import { putContact, putAllowSupported, ALLOW, SUPPORTED } from "./build";
import { takeRemoteTarget, takeRouteSet, takeAddressWithoutTag, names100rel } from "./dialog";
import { sdpFor, sdpLengthFor } from "./session";
import { uaEvent, UA_INCOMING, UA_ANSWERED, UA_ENDED, UA_INFO, UA_MESSAGE, UA_REINVITED } from "./events";
import { sendBye } from "./uac";
import { admittedEntry } from "./admit";
import { Handler } from "./handler";

const TAG: usize = memory.data(16);

/** Ends a response with call c's SDP (its answer, else the local one; session.ts) when `withSdp` and there is one, or no body; its length or -1. */
function endResponse(withSdp: bool, c: i32): i32 {
  const n = withSdp ? sdpLengthFor(c) : 0;
  if (n > 0) {
    msgWriter.putString("Content-Type: application/sdp");
    msgWriter.putCRLF();
  }
  return msgWriter.endMessage(sdpFor(c), n);
}

/** Answers the request in RX (server transaction t) with `code`; the To tag is the dialog's, or a stateless one. */
export function respondNow(t: i32, code: i32, c: i32, now: u32, withSdp: bool): void {
  const tag = c >= 0 ? textData(uaCalls.localTag(c)) : statelessTag();
  const tagLen = c >= 0 ? textLength(uaCalls.localTag(c)) : 10;
  beginResponse(code, reasonTextPtr(), reasonText(code), tag, tagLen);
  if (code == 405 || code == 501 || (sipMessage.method() == msgMethods.M_OPTIONS && code == 200)) {
    // §8.2.1: Allow in 405 (and 501); §11.2: OPTIONS answered with Allow, Accept, Supported.
    putAllowSupported();
    if (sipMessage.method() == msgMethods.M_OPTIONS) {
      msgWriter.putHeaderName(H_ACCEPT);
      msgWriter.putString("application/sdp");
      msgWriter.putCRLF();
    }
  }
  if (code == 415) {
    msgWriter.putHeaderName(H_ACCEPT); // §21.4.13; the UA core only refuses a MESSAGE's body this way
    msgWriter.putString("text/plain");
    msgWriter.putCRLF();
  }
  if (c >= 0 && code >= 200 && code < 300 && (sipMessage.method() == msgMethods.M_INVITE || sipMessage.method() == msgMethods.M_UPDATE)) putContact();
  serverRespondNow(t, code, endResponse(withSdp, c), now); // a response that does not fit goes out in its smallest form
}

/** A new INVITE admitted (admit.ts): a call ringing here, reported with the caller's trust entry (-1: not on the list). */
export function newIncoming(t: i32, now: u32): void {
  const c = uaCalls.allocateCall(uaCalls.IN_RINGING, uaCalls.ROLE_UAS);
  if (c < 0) return respondNow(t, 486, -1, now, false); // §21.4.24: busy here
  setText(uaCalls.callId(c), uaCalls.CAP_CALL_ID, sipMessage.fieldPtr(sipMessage.F_CALL_ID), sipMessage.fieldLength(sipMessage.F_CALL_ID));
  if (sipMessage.hasField(sipMessage.F_FROM_TAG)) setText(uaCalls.remoteTag(c), uaCalls.CAP_TAG, sipMessage.fieldPtr(sipMessage.F_FROM_TAG), sipMessage.fieldLength(sipMessage.F_FROM_TAG));
  randomHex(TAG, 12);
  setText(uaCalls.localTag(c), uaCalls.CAP_TAG, TAG, 12);
  takeAddressWithoutTag(uaCalls.remoteUri(c), uaCalls.CAP_URI, H_FROM);
  takeAddressWithoutTag(uaCalls.localUri(c), uaCalls.CAP_LOCAL_URI, H_TO);
  takeRemoteTarget(c);
  takeRouteSet(c, false);
  uaCalls.setRemoteCSeq(c, sipMessage.cseqNumber());
  uaCalls.setInviteCSeq(c, sipMessage.cseqNumber());
  uaCalls.setCallPeer(c, RX_PEER);
  if (names100rel(H_REQUIRE)) uaCalls.setFlag(c, uaCalls.F_PEER_100REL | uaCalls.F_PEER_REQUIRES_100REL);
  else if (names100rel(H_SUPPORTED)) uaCalls.setFlag(c, uaCalls.F_PEER_100REL);
  uaCalls.setInviteTxn(c, t);
  txnTable.setHandler(t, Handler.Call, c); // the call answers it, or hears the TU's deadline (server.ts)
  uaEvent(UA_INCOMING, c, 0, admittedEntry(), sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
}

/** A response to the ringing INVITE of call c, built from what its transaction kept. */
export function beginLateResponse(c: i32, code: i32): bool {
  const t = uaCalls.inviteTxn(c);
  if (!txnTable.handledBy(t, Handler.Call, c)) return false;
  beginResponseFromKept(txnTable.message(t), txnTable.messageLength(t), code, reasonTextPtr(), reasonText(code), textData(uaCalls.localTag(c)), textLength(uaCalls.localTag(c)));
  return true;
}

/** §12.1.1: a response that creates a dialog carries the request's Record-Route (the UAS keeps it as its route set, in order). */
export function putRecordRoute(route: usize): void {
  if (textLength(route) > 0) msgWriter.putHeader(H_RECORD_ROUTE, textData(route), textLength(route));
}

/** 180 Ringing, or 183 Session Progress with the local SDP (early media); reliable when the peer supports 100rel. */
export function ringIncoming(c: i32, now: u32, earlyMedia: bool): bool {
  if (uaCalls.callState(c) != uaCalls.IN_RINGING || uaCalls.awaitingPrack(c)) return false;
  const code = earlyMedia ? 183 : 180;
  if (!beginLateResponse(c, code)) return false;
  putRecordRoute(uaCalls.routeSet(c));
  putContact();
  // Reliable when the peer requires it, or when it supports it and the 183 carries the session (RFC 3262 §3).
  const reliable = uaCalls.hasFlag(c, uaCalls.F_PEER_REQUIRES_100REL) || (earlyMedia && uaCalls.hasFlag(c, uaCalls.F_PEER_100REL));
  if (reliable) {
    // RFC 3262 §3: Require: 100rel and RSeq, starting at a random value below 2**31.
    const rseq = uaCalls.rseq(c) == 0 ? (nextRandom() & 0x3fffffff) + 1 : uaCalls.rseq(c) + 1;
    uaCalls.setRSeq(c, rseq);
    msgWriter.putString("Require: 100rel");
    msgWriter.putCRLF();
    msgWriter.putHeaderName(H_RSEQ);
    msgWriter.putNumber(rseq);
    msgWriter.putCRLF();
  }
  const len = endResponse(earlyMedia, c);
  if (len < 0 || !serverRespond(uaCalls.inviteTxn(c), code, len, now)) return false;
  uaCalls.setFlag(c, uaCalls.F_RUNG);
  if (reliable && setText(uaCalls.stored(c), uaCalls.CAP_STORED, txnTable.message(uaCalls.inviteTxn(c)), txnTable.messageLength(uaCalls.inviteTxn(c)))) {
    uaCalls.startResend(c, uaCalls.Timer.PrackEnd, now);
  }
  return true;
}

/** 200 OK with the local SDP; retransmitted by the core until the ACK (§13.3.1.4). */
export function answerIncoming(c: i32, now: u32): bool {
  if (uaCalls.callState(c) != uaCalls.IN_RINGING || uaCalls.awaitingPrack(c)) return false;
  if (!beginLateResponse(c, 200)) return false;
  putRecordRoute(uaCalls.routeSet(c));
  putContact();
  putAllowSupported();
  const len = endResponse(true, c);
  if (len < 0 || !serverRespond(uaCalls.inviteTxn(c), 200, len, now)) return false;
  storeForAck(c, now);
  uaCalls.setCallState(c, uaCalls.ACTIVE);
  uaEvent(UA_ANSWERED, c, 200, 0, 0, 0);
  return true;
}

function storeForAck(c: i32, now: u32): void {
  const t = uaCalls.inviteTxn(c);
  if (setText(uaCalls.stored(c), uaCalls.CAP_STORED, txnTable.message(t), txnTable.messageLength(t))) {
    uaCalls.startResend(c, uaCalls.Timer.AckEnd, now);
  }
}

/** Refuses the ringing call c with a final response (486 busy, 603 decline, 480 unavailable ...). */
export function rejectIncoming(c: i32, code: i32, now: u32): bool {
  if (uaCalls.callState(c) != uaCalls.IN_RINGING || code < 300 || code > 699) return false;
  if (!beginLateResponse(c, code)) return false;
  const len = msgWriter.endMessage(0, 0);
  if (len > 0) serverRespond(uaCalls.inviteTxn(c), code, len, now);
  uaCalls.freeCall(c);
  return true;
}

/** The user hangs up call c on the UAS side: decline while ringing, BYE once answered. */
export function hangUpIncoming(c: i32, now: u32): void {
  const s = uaCalls.callState(c);
  if (s == uaCalls.IN_RINGING) {
    rejectIncoming(c, 603, now);
    uaEvent(UA_ENDED, c, 603, 0, 0, 0);
  } else if (s == uaCalls.ACTIVE) {
    sendBye(c, now);
  }
}
