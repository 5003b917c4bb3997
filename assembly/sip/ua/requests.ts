// Requests the UA core receives (RFC 3261 §8.2, §12.2.2, §9.2, §11.2, §14.2,
// §15.1.2; RFC 3262 §3; RFC 3311 §5.2; RFC 6086 §4.2): dispatched by method,
// in or out of a dialog.

import * as sipMessage from "../msg/message";
import * as msgMethods from "../msg/methods";
import { RX } from "../msg/buffers";
import { H_RACK, H_ACCEPT } from "../msg/header-names";
import { skipLws, scanDigits, decimal, equalsIgnoreCase } from "../msg/scan";
import { serverRespond, matchInviteServer, responseDestination, deliverable, countDrop } from "../txn/server";
import { sendCopyOfTx } from "../txn/outbox";
import { beginResponse, reasonText, reasonTextPtr, statelessTag } from "../msg/response";
import { putAllowSupported } from "./build";
import * as txnTable from "../txn/table";
import { setText } from "./text";
import * as uaCalls from "./calls";
import { takeRemoteTarget } from "./dialog";
import { uaEvent, UA_ENDED, UA_INFO, UA_MESSAGE, UA_REINVITED } from "./events";
import { answerReoffer } from "./session";
import { newIncoming, respondNow, beginLateResponse } from "./uas";
import { admit } from "./admit";
import { TRUST_CALLER } from "./trust";
import { onRefer } from "./refer";
import { onSubscribe, onResubscribe } from "./notifier";
import { dialogOf, subscriptionOf } from "./admission";
import * as msgWriter from "../msg/writer";
import { Handler } from "./handler";

/** §12.2.2: a CSeq lower than the last one in the dialog gets 500; otherwise it becomes the last. */
function acceptCSeq(c: i32): bool {
  if (uaCalls.hasFlag(c, uaCalls.F_REMOTE_CSEQ_SET) && sipMessage.cseqNumber() <= uaCalls.remoteCSeq(c)) return false;
  uaCalls.setRemoteCSeq(c, sipMessage.cseqNumber());
  return true;
}

/** §9.2: CANCEL of a pending INVITE: 200 for the CANCEL, 487 for the INVITE. */
function onCancel(t: i32, now: u32): void {
  const ist = matchInviteServer();
  const c = ist >= 0 && txnTable.handler(ist) == Handler.Call ? txnTable.arg(ist) : -1;
  if (ist < 0) return respondNow(t, 481, -1, now, false);
  respondNow(t, 200, c, now, false);
  if (c >= 0 && uaCalls.callState(c) == uaCalls.IN_RINGING && beginLateResponse(c, 487)) {
    const len = msgWriter.endMessage(0, 0);
    if (len > 0) serverRespond(ist, 487, len, now);
    uaEvent(UA_ENDED, c, 487, 0, 0, 0);
    uaCalls.freeCall(c);
  }
}

/** RFC 3262 §3: a PRACK whose RAck names our reliable provisional stops its retransmission. */
function onPrack(t: i32, c: i32, now: u32): void {
  let ok = false;
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_RACK) continue;
    const p = RX + <usize>sipMessage.headerValueStart(i);
    const end = p + <usize>sipMessage.headerValueLength(i);
    const rseqEnd = scanDigits(p, end);
    const cseq = skipLws(rseqEnd, end);
    const cseqEnd = scanDigits(cseq, end);
    ok = rseqEnd != 0 && cseqEnd != 0 && decimal(p, rseqEnd) == <i64>uaCalls.rseq(c) && decimal(cseq, cseqEnd) == <i64>uaCalls.inviteCSeq(c);
  }
  if (!ok || !uaCalls.awaitingPrack(c)) return respondNow(t, 481, c, now, false);
  uaCalls.stopResend(c);
  respondNow(t, 200, c, now, false);
}

/** A re-INVITE (§14.2): 491 while our own is pending, 500 while the last INVITE awaits its ACK. */
function onReinvite(t: i32, c: i32, now: u32): void {
  txnTable.setHandler(t, Handler.Call, c);
  if (uaCalls.hasFlag(c, uaCalls.F_REINVITE_OUT)) return respondNow(t, 491, c, now, false);
  if (uaCalls.awaitingAck(c) || uaCalls.callState(c) != uaCalls.ACTIVE) return respondNow(t, 500, c, now, false);
  // RFC 3264 §8: an offer in the re-INVITE is answered, or refused with the session left as it was (§14.2: 488).
  const verdict = sipMessage.hasField(sipMessage.F_BODY) ? answerReoffer(c, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY), now) : 200;
  if (verdict != 200) return respondNow(t, verdict, c, now, false);
  takeRemoteTarget(c); // §12.2.2: a target refresh request
  uaCalls.setInviteTxn(c, t);
  uaCalls.setInviteCSeq(c, sipMessage.cseqNumber());
  respondNow(t, 200, c, now, true);
  if (setText(uaCalls.stored(c), uaCalls.CAP_STORED, txnTable.message(t), txnTable.messageLength(t))) {
    uaCalls.startResend(c, uaCalls.Timer.AckEnd, now);
  }
  uaEvent(UA_REINVITED, c, 0, msgMethods.M_INVITE, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
}

function inDialog(t: i32, c: i32, now: u32): void {
  const m = sipMessage.method();
  if (!acceptCSeq(c)) return respondNow(t, 500, c, now, false);
  switch (m) {
    case msgMethods.M_INVITE: return onReinvite(t, c, now);
    case msgMethods.M_BYE:
      respondNow(t, 200, c, now, false);
      uaEvent(UA_ENDED, c, 0, 0, 0, 0);
      uaCalls.freeCall(c);
      return;
    case msgMethods.M_INFO:
      respondNow(t, 200, c, now, false);
      uaEvent(UA_INFO, c, infoKind(), 0, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
      return;
    case msgMethods.M_PRACK: return onPrack(t, c, now);
    case msgMethods.M_UPDATE: {
      // RFC 3311 §5.2: an offer is answered in the 200, or refused (488) with the session as it was.
      const verdict = sipMessage.hasField(sipMessage.F_BODY) ? answerReoffer(c, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY), now) : 200;
      if (verdict != 200) return respondNow(t, verdict, c, now, false);
      takeRemoteTarget(c);
      respondNow(t, 200, c, now, sipMessage.hasField(sipMessage.F_BODY));
      uaEvent(UA_REINVITED, c, 0, msgMethods.M_UPDATE, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
      return;
    }
    case msgMethods.M_OPTIONS: return respondNow(t, 200, c, now, false);
    case msgMethods.M_MESSAGE: return onMessage(t, c, now);
    case msgMethods.M_REFER: return onRefer(t, c, now);
    case msgMethods.M_EXTENSION: case msgMethods.M_SERVICE: return respondNow(t, 501, c, now, false);
  }
  respondNow(t, 405, c, now, false);
}

/**
 * RFC 3428 §7: a MESSAGE is answered 200 (in a dialog or outside one) and its
 * text handed to the application; a body that is not text/plain gets 415
 * with Accept (RFC 3261 §21.4.13): this station only reads text.
 */
function onMessage(t: i32, c: i32, now: u32): void {
  if (sipMessage.hasField(sipMessage.F_BODY) && !isTextPlain()) return respondNow(t, 415, c, now, false);
  respondNow(t, 200, c, now, false);
  uaEvent(UA_MESSAGE, c, 0, 0, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
}

function isTextPlain(): bool {
  return sipMessage.hasField(sipMessage.F_CONTENT_TYPE) && equalsIgnoreCase(sipMessage.fieldPtr(sipMessage.F_CONTENT_TYPE), sipMessage.fieldLength(sipMessage.F_CONTENT_TYPE), changetype<usize>("text/plain"));
}

/** The kind of an INFO body: 1 application/dtmf-relay, 2 application/dtmf, 0 anything else. */
function infoKind(): i32 {
  if (!sipMessage.hasField(sipMessage.F_CONTENT_TYPE)) return 0;
  const p = sipMessage.fieldPtr(sipMessage.F_CONTENT_TYPE);
  const n = sipMessage.fieldLength(sipMessage.F_CONTENT_TYPE);
  if (equalsIgnoreCase(p, n, changetype<usize>("application/dtmf-relay"))) return 1;
  if (equalsIgnoreCase(p, n, changetype<usize>("application/dtmf"))) return 2;
  return 0;
}

/** A new server transaction t for the request in RX. */
export function onRequest(t: i32, now: u32): void {
  const m = sipMessage.method();
  if (m == msgMethods.M_CANCEL) return onCancel(t, now);
  if (sipMessage.hasField(sipMessage.F_TO_TAG)) {
    if (m == msgMethods.M_SUBSCRIBE) {
      const s = subscriptionOf();
      // RFC 6665 §4.2.1.4: a refresh of a subscription this UA does not have gets 481.
      return s >= 0 ? onResubscribe(t, s, now) : respondNow(t, 481, -1, now, false);
    }
    const c = dialogOf();
    // §12.2.2: a request in a dialog we do not know gets 481.
    if (c < 0) return respondNow(t, m == msgMethods.M_EXTENSION ? 501 : 481, -1, now, false);
    return inDialog(t, c, now);
  }
  switch (m) {
    case msgMethods.M_INVITE:
      if (admit(t, TRUST_CALLER, now)) newIncoming(t, now); // admit.ts: only the PBX, or an authenticated caller
      return;
    case msgMethods.M_OPTIONS: return respondNow(t, 200, -1, now, false); // §11.2
    case msgMethods.M_MESSAGE: return onMessage(t, -1, now);
    case msgMethods.M_SUBSCRIBE: return onSubscribe(t, now);
    // Requests that only make sense in a dialog (or a subscription this UA never made).
    case msgMethods.M_BYE: case msgMethods.M_INFO: case msgMethods.M_PRACK: case msgMethods.M_UPDATE: case msgMethods.M_NOTIFY:
      return respondNow(t, 481, -1, now, false);
    // A REFER outside a call would make the station call someone with no visitor at the door: refused.
    case msgMethods.M_REFER: return respondNow(t, 403, -1, now, false);
    // §8.2.1: 501 for what this UA does not implement at all: unknown methods, and SERVICE
    // (a SOAP-carrying draft that never became a standard; 405 would say the station knows it).
    case msgMethods.M_EXTENSION: case msgMethods.M_SERVICE: return respondNow(t, 501, -1, now, false);
  }
  respondNow(t, 405, -1, now, false); // §8.2.1: known, not allowed here (REGISTER, SUBSCRIBE, ...)
}

/** §8.2.7, §11.2: an OPTIONS outside any dialog, answered without a transaction (a retransmission gets the same answer). */
export function onStatelessOptions(): void {
  beginResponse(200, reasonTextPtr(), reasonText(200), statelessTag(), 10);
  putAllowSupported();
  msgWriter.putHeaderName(H_ACCEPT);
  msgWriter.putString("application/sdp");
  msgWriter.putCRLF();
  const len = msgWriter.endMessage(0, 0);
  const dest = responseDestination();
  if (len > 0 && deliverable(dest)) sendCopyOfTx(len, dest);
  else countDrop();
}

/** An ACK that matched no transaction: the ACK for our 2xx (§13.3.1.4) stops its retransmission. */
export function onAckFor2xx(): void {
  const c = dialogOf();
  if (c < 0) return;
  if (uaCalls.awaitingAck(c) && sipMessage.cseqNumber() == uaCalls.inviteCSeq(c)) uaCalls.stopResend(c);
}

