// The UA core as a client (RFC 3261 §8.1, §13.2, §15, §9.1; RFC 3262 §4;
// RFC 3311): starting a call, answering its responses (early and confirmed
// dialogs, the ACK for a 2xx, PRACK for a reliable provisional), CANCEL and
// BYE, re-INVITE, UPDATE and INFO within the dialog.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { H_CONTENT_TYPE, H_RACK, H_REQUIRE } from "../msg/header-names";
import { M_INVITE, M_ACK, M_BYE, M_CANCEL, M_PRACK, M_INFO, M_UPDATE, M_NOTIFY } from "../msg/methods";
import { startClient } from "../txn/client";
import { send } from "../txn/outbox";
import { buildFromInvite } from "../txn/ack";
import { T1 } from "../txn/clock";
import { reached } from "../../runtime/time";
import * as txnTable from "../txn/table";
import { TX, RX } from "../msg/buffers";
import { equalsIgnoreCase } from "../msg/scan";
import { randomHex } from "./random";
import { setText, appendText, appendLiteral, textData, textLength, clearText } from "./text";
import * as uaIdentity from "./identity";
import * as uaCalls from "./calls";
import { beginCallRequest, putAllowSupported, BRANCH, BRANCH_LENGTH } from "./build";
import { takeRemoteTarget, takeRemoteTag, takeRouteSet, names100rel } from "./dialog";
import { localSdp, localSdpLength } from "./session";
import { uaEvent, UA_PROGRESS, UA_ANSWERED, UA_ENDED, UA_FAILED, UA_REQUEST_DONE } from "./events";
import { answerChallenge, resetAuth } from "./authorize";
import { uriDestination, firstRoute } from "./destination";
import { PEER_SIZE } from "../txn/peer";
import { Handler } from "./handler";
import { spanAt, spanLength } from "../txn/span";

const HOP: usize = memory.data(<i32>PEER_SIZE);

/**
 * Where a call's requests go: the address the call started through (the
 * proxy at that time) or the one its INVITE came from. Kept per call, so a
 * registrar failover never moves a call in progress. A direct call (no proxy)
 * sends to the first Route of its route set, else to its remote target
 * (§12.2.1.1, §8.1.2), when that URI names an address (destination.ts).
 */
export function nextHop(c: i32): usize {
  if (!uaCalls.hasFlag(c, uaCalls.F_DIRECT)) return uaCalls.callPeer(c);
  const route = uaCalls.routeSet(c), target = uaCalls.remoteTarget(c);
  const first = firstRoute(textData(route), textLength(route));
  const named = first != 0
    ? uriDestination(spanAt(first), spanLength(first), HOP)
    : uriDestination(textData(target), textLength(target), HOP);
  return named ? HOP : uaCalls.callPeer(c);
}

/** Content-Type: application/sdp and the body, ending the message; its length or -1. */
function endWithSdp(): i32 {
  const n = localSdpLength();
  if (n > 0) {
    msgWriter.putString("Content-Type: application/sdp");
    msgWriter.putCRLF();
  }
  return msgWriter.endMessage(localSdp(), n);
}

/** Builds and sends the INVITE of call c (a new CSeq each time: first try, retry with credentials, re-INVITE). */
function sendInvite(c: i32, now: u32, withCredentials: bool): bool {
  const cseq = uaCalls.nextLocalCSeq(c);
  uaCalls.setInviteCSeq(c, cseq);
  beginCallRequest(c, M_INVITE, cseq);
  putAllowSupported();
  if (withCredentials) {
    if (!answerChallenge(c, M_INVITE, textData(uaCalls.remoteTarget(c)), textLength(uaCalls.remoteTarget(c)))) return false;
  } else if (uaCalls.callState(c) != uaCalls.ACTIVE) {
    resetAuth(c);
  }
  const len = endWithSdp();
  if (len < 0) return false;
  const t = startClient(M_INVITE, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
  if (t < 0) return false;
  uaCalls.setInviteTxn(c, t);
  setText(uaCalls.inviteBranch(c), uaCalls.CAP_BRANCH, BRANCH, BRANCH_LENGTH);
  return true;
}

const SCRATCH: usize = memory.data(64);

/** Our address for From (§8.1.1.3): "display" <sip:user@domain>; false when it does not fit (nothing half-written is sent). */
function putLocalUri(local: usize): bool {
  clearText(local);
  const cap = uaCalls.CAP_LOCAL_URI;
  const display = uaIdentity.identityLength(uaIdentity.ID_DISPLAY) == 0 || (appendLiteral(local, cap, changetype<usize>("\"")) &&
    appendText(local, cap, uaIdentity.identityData(uaIdentity.ID_DISPLAY), uaIdentity.identityLength(uaIdentity.ID_DISPLAY)) && appendLiteral(local, cap, changetype<usize>("\" ")));
  return display && appendLiteral(local, cap, changetype<usize>("<sip:")) &&
    appendText(local, cap, uaIdentity.identityData(uaIdentity.ID_USER), uaIdentity.identityLength(uaIdentity.ID_USER)) && appendLiteral(local, cap, changetype<usize>("@")) &&
    appendText(local, cap, uaIdentity.identityData(uaIdentity.ID_DOMAIN), uaIdentity.identityLength(uaIdentity.ID_DOMAIN)) && appendLiteral(local, cap, changetype<usize>(">"));
}

/**
 * Calls `uri` ([uri, uri+uriLen), a SIP URI) through `dest` (used when no
 * outbound proxy is set). Returns the call, or -1 when no call slot or
 * transaction is free or the URI does not fit.
 */
export function startCall(uri: usize, uriLen: i32, dest: usize, now: u32): i32 {
  const c = uaCalls.allocateCall(uaCalls.OUT_CALLING, uaCalls.ROLE_UAC);
  if (c < 0) return -1;
  // §8.1.1.4: a Call-ID unique in space and time; §19.3: a tag of 32+ random bits.
  randomHex(SCRATCH, 24);
  setText(uaCalls.callId(c), uaCalls.CAP_CALL_ID, SCRATCH, 24);
  appendLiteral(uaCalls.callId(c), uaCalls.CAP_CALL_ID, changetype<usize>("@"));
  appendText(uaCalls.callId(c), uaCalls.CAP_CALL_ID, uaIdentity.identityData(uaIdentity.ID_LOCAL_HOST), uaIdentity.identityLength(uaIdentity.ID_LOCAL_HOST));
  randomHex(SCRATCH, 12);
  setText(uaCalls.localTag(c), uaCalls.CAP_TAG, SCRATCH, 12);
  const remote = uaCalls.remoteUri(c);
  clearText(remote);
  const fits = putLocalUri(uaCalls.localUri(c)) &&
    appendLiteral(remote, uaCalls.CAP_URI, changetype<usize>("<")) && appendText(remote, uaCalls.CAP_URI, uri, uriLen) &&
    appendLiteral(remote, uaCalls.CAP_URI, changetype<usize>(">")) && setText(uaCalls.remoteTarget(c), uaCalls.CAP_URI, uri, uriLen);
  uaCalls.setCallPeer(c, dest);
  if (!fits || !sendInvite(c, now, false)) {
    uaCalls.freeCall(c);
    return -1;
  }
  return c;
}

const DIRECT: usize = memory.data(<i32>PEER_SIZE);

/**
 * Calls `uri`: at the address it names when its host is an IPv4 address,
 * with no proxy (RFC 3263 §4 without DNS, destination.ts), else through the
 * outbound proxy (§8.1.2). -1 when it names no address and no proxy is set,
 * or as startCall.
 */
export function callUri(uri: usize, uriLen: i32, now: u32): i32 {
  if (!uriDestination(uri, uriLen, DIRECT)) return uaIdentity.hasOutbound ? startCall(uri, uriLen, uaIdentity.OUTBOUND, now) : -1;
  const c = startCall(uri, uriLen, DIRECT, now);
  if (c >= 0) uaCalls.setFlag(c, uaCalls.F_DIRECT);
  return c;
}

/** The ACK for a 2xx (§13.2.2.4): in the dialog, CSeq of the INVITE; kept to answer 2xx retransmissions. */
function sendAckFor2xx(c: i32): void {
  beginCallRequest(c, M_ACK, uaCalls.inviteCSeq(c));
  const len = msgWriter.endMessage(0, 0);
  if (len > 0 && setText(uaCalls.stored(c), uaCalls.CAP_STORED, TX, len)) {
    uaCalls.setFlag(c, uaCalls.F_ACK_STORED);
    send(textData(uaCalls.stored(c)), len, nextHop(c));
  }
}

/** Sends a request within the dialog of call c through a non-INVITE client transaction. */
function sendInDialog(c: i32, m: i32, now: u32, body: usize, bodyLen: i32, type: usize): bool {
  const cseq = uaCalls.nextLocalCSeq(c);
  beginCallRequest(c, m, cseq);
  if (bodyLen > 0) {
    msgWriter.putString("Content-Type: ");
    msgWriter.putLiteral(type);
    msgWriter.putCRLF();
  }
  const len = msgWriter.endMessage(body, bodyLen);
  if (len < 0) return false;
  const t = startClient(m, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
  if (t < 0) return false;
  uaCalls.setOtherTxn(c, t);
  return true;
}

/**
 * BYE (§15.1.1). When no transaction is free the call stays in ENDING and
 * the BYE is tried again every second for 64*T1 (the peer must hear it, or
 * its phone stays off-hook); after that the call is given up with 408.
 */
export function sendBye(c: i32, now: u32): void {
  const first = !uaCalls.timerArmed(c, uaCalls.Timer.ByeEnd);
  uaCalls.setCallState(c, uaCalls.ENDING);
  if (sendInDialog(c, M_BYE, now, 0, 0, 0)) {
    uaCalls.disarmTimers(c, uaCalls.bit(uaCalls.Timer.ByeRetry) | uaCalls.bit(uaCalls.Timer.ByeEnd));
    return;
  }
  if (first) uaCalls.armTimer(c, uaCalls.Timer.ByeEnd, now + 64 * T1);
  if (reached(uaCalls.timerAt(c, uaCalls.Timer.ByeEnd), now)) {
    uaEvent(UA_ENDED, c, 408, 0, 0, 0);
    uaCalls.freeCall(c);
  } else {
    uaCalls.armTimer(c, uaCalls.Timer.ByeRetry, now + 1000);
  }
}

/** §9.1: CANCEL only once a provisional response arrived; it ends the INVITE with 487. */
function sendCancel(c: i32, now: u32): void {
  const t = uaCalls.inviteTxn(c);
  uaCalls.setCallState(c, uaCalls.ENDING);
  uaCalls.clearFlag(c, uaCalls.F_CANCEL_WANTED);
  if (!txnTable.inUse(t)) return;
  const len = buildFromInvite(txnTable.message(t), txnTable.messageLength(t), true);
  const b = uaCalls.inviteBranch(c);
  // §9.1: the CANCEL goes where the INVITE went, whatever the early dialog's remote target.
  if (len > 0) startClient(M_CANCEL, uaCalls.inviteCSeq(c), textData(b), textLength(b), len, uaCalls.callPeer(c), now, Handler.Call, c);
  // §9.1: without a final response 64*T1 after the CANCEL, the INVITE is given up.
  uaCalls.armTimer(c, uaCalls.Timer.CancelEnd, now + 64 * T1);
}

/** RFC 3262 §7.2: PRACK with RAck: RSeq CSeq-number INVITE. */
function sendPrack(c: i32, rseq: u32, now: u32): void {
  const cseq = uaCalls.nextLocalCSeq(c);
  beginCallRequest(c, M_PRACK, cseq);
  msgWriter.putHeaderName(H_RACK);
  msgWriter.putNumber(rseq);
  msgWriter.putByte(0x20);
  msgWriter.putNumber(uaCalls.inviteCSeq(c));
  msgWriter.putString(" INVITE");
  msgWriter.putCRLF();
  const len = msgWriter.endMessage(0, 0);
  if (len > 0) startClient(M_PRACK, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
}

function establish(c: i32): void {
  takeRemoteTag(c, sipMessage.F_TO_TAG);
  takeRemoteTarget(c);
  takeRouteSet(c, true);
}

function onInviteResponse(c: i32, code: i32, now: u32): void {
  const s = uaCalls.callState(c);
  const reinvite = uaCalls.hasFlag(c, uaCalls.F_REINVITE_OUT);
  if (code < 200) {
    if (code == 100 || reinvite) return;
    if (s == uaCalls.OUT_CALLING) uaCalls.setCallState(c, uaCalls.OUT_EARLY);
    if (sipMessage.hasField(sipMessage.F_TO_TAG) && (s == uaCalls.OUT_CALLING || s == uaCalls.OUT_EARLY)) establish(c); // early dialog
    if (uaCalls.hasFlag(c, uaCalls.F_CANCEL_WANTED)) {
      sendCancel(c, now);
      return;
    }
    if (s == uaCalls.OUT_CALLING || s == uaCalls.OUT_EARLY) uaEvent(UA_PROGRESS, c, code, 0, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
    if (names100rel(H_REQUIRE) && sipMessage.rseq() > <i64>uaCalls.rseq(c)) {
      uaCalls.setRSeq(c, <u32>sipMessage.rseq());
      sendPrack(c, <u32>sipMessage.rseq(), now);
    }
    return;
  }
  if (code < 300) {
    if (reinvite) {
      uaCalls.clearFlag(c, uaCalls.F_REINVITE_OUT);
      takeRemoteTarget(c); // §12.2.1.2: a 2xx to a re-INVITE refreshes the remote target
      sendAckFor2xx(c);
      uaEvent(UA_REQUEST_DONE, c, code, M_INVITE, 0, 0);
    } else if (s == uaCalls.OUT_CALLING || s == uaCalls.OUT_EARLY || (s == uaCalls.ENDING && uaCalls.cancelSent(c) && !uaCalls.hasFlag(c, uaCalls.F_ACK_STORED))) {
      establish(c);
      uaCalls.setCallState(c, uaCalls.ACTIVE);
      sendAckFor2xx(c);
      uaEvent(UA_ANSWERED, c, code, 0, sipMessage.fieldPtr(sipMessage.F_BODY), sipMessage.fieldLength(sipMessage.F_BODY));
      // Hung up while the 2xx was on its way (CANCEL lost the race, §9.1): end it now.
      if (s == uaCalls.ENDING || uaCalls.hasFlag(c, uaCalls.F_CANCEL_WANTED)) {
        uaCalls.clearFlag(c, uaCalls.F_CANCEL_WANTED);
        uaCalls.disarmTimers(c, uaCalls.bit(uaCalls.Timer.CancelEnd));
        sendBye(c, now);
      }
    } else if (uaCalls.hasFlag(c, uaCalls.F_ACK_STORED)) {
      send(textData(uaCalls.stored(c)), textLength(uaCalls.stored(c)), nextHop(c)); // a retransmitted 2xx: the same ACK again
    }
    return;
  }
  if (reinvite) {
    uaCalls.clearFlag(c, uaCalls.F_REINVITE_OUT);
    uaEvent(UA_REQUEST_DONE, c, code, M_INVITE, 0, 0);
    if (code == 481 || code == 408) endCall(c, code); // §12.2.1.2
    return;
  }
  // §22.2: answer a challenge once (the policy bounds retries: a wrong password never loops).
  if ((code == 401 || code == 407) && s != uaCalls.ENDING && sendInvite(c, now, true)) return;
  if (s == uaCalls.ENDING) uaEvent(UA_ENDED, c, code, 0, 0, 0);
  else uaEvent(UA_FAILED, c, code, 0, 0, 0);
  uaCalls.freeCall(c);
}

function endCall(c: i32, code: i32): void {
  uaEvent(UA_ENDED, c, code, 0, 0, 0);
  uaCalls.freeCall(c);
}

/** A response for client transaction `slot` (owned by call c) that the transaction passed up. */
export function onCallResponse(c: i32, m: i32, now: u32): void {
  if (uaCalls.callState(c) == uaCalls.FREE) return;
  const code = sipMessage.statusCode();
  if (m == M_INVITE) return onInviteResponse(c, code, now);
  if (code < 200 || m == M_CANCEL || m == M_PRACK) return;
  if (m == M_BYE) return endCall(c, 0);
  uaEvent(UA_REQUEST_DONE, c, code, m, 0, 0);
  // §12.2.1.2; but a NOTIFY's 481 ends only its subscription, not the call (RFC 5057 §5.2).
  if ((code == 481 || code == 408) && m != M_NOTIFY) endCall(c, code);
}

/** A client transaction of call c timed out (Timer B or F): as a 408 (§8.1.3.1). */
export function onCallTimeout(c: i32, m: i32): void {
  const s = uaCalls.callState(c);
  if (s == uaCalls.FREE) return;
  if (m == M_INVITE) {
    if (uaCalls.hasFlag(c, uaCalls.F_REINVITE_OUT)) {
      uaCalls.clearFlag(c, uaCalls.F_REINVITE_OUT);
      endCall(c, 408);
      return;
    }
    uaEvent(s == uaCalls.ENDING ? UA_ENDED : UA_FAILED, c, 408, 0, 0, 0);
    uaCalls.freeCall(c);
    return;
  }
  if (m == M_CANCEL || m == M_PRACK) return;
  if (m == M_BYE) return endCall(c, 0);
  uaEvent(UA_REQUEST_DONE, c, 408, m, 0, 0);
  if (m != M_NOTIFY) endCall(c, 408);
}

/** The user hangs up call c (UAC side; the UAS side is in uas.ts). */
export function hangUpOutgoing(c: i32, now: u32): void {
  const s = uaCalls.callState(c);
  if (s == uaCalls.OUT_CALLING) uaCalls.setFlag(c, uaCalls.F_CANCEL_WANTED); // §9.1: wait for a provisional before CANCEL
  else if (s == uaCalls.OUT_EARLY) sendCancel(c, now);
  else if (s == uaCalls.ACTIVE) sendBye(c, now);
}

/** INFO in the dialog (RFC 6086), e.g. a DTMF digit as application/dtmf-relay. */
export function sendInfo(c: i32, now: u32, body: usize, bodyLen: i32, type: usize): bool {
  if (uaCalls.callState(c) != uaCalls.ACTIVE) return false;
  return sendInDialog(c, M_INFO, now, body, bodyLen, type);
}

/** UPDATE (RFC 3311) with the local SDP, in an early or confirmed dialog. */
export function sendUpdate(c: i32, now: u32): bool {
  const s = uaCalls.callState(c);
  if (s != uaCalls.ACTIVE && !(s == uaCalls.OUT_EARLY && textLength(uaCalls.remoteTag(c)) > 0)) return false;
  return sendInDialog(c, M_UPDATE, now, localSdp(), localSdpLength(), changetype<usize>("application/sdp"));
}

/** A re-INVITE (§14.1) with the local SDP; refused while another INVITE of the dialog is pending. */
export function sendReinvite(c: i32, now: u32): bool {
  if (uaCalls.callState(c) != uaCalls.ACTIVE || uaCalls.hasFlag(c, uaCalls.F_REINVITE_OUT) || uaCalls.hasFlag(c, uaCalls.F_REINVITE_IN) || uaCalls.awaitingAck(c)) return false;
  if (!sendInvite(c, now, false)) return false;
  uaCalls.setFlag(c, uaCalls.F_REINVITE_OUT);
  return true;
}

