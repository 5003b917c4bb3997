// The UA core as a client (RFC 3261 §8.1, §13.2, §15, §9.1; RFC 3262 §4;
// RFC 3311): starting a call, answering its responses (early and confirmed
// dialogs, the ACK for a 2xx, PRACK for a reliable provisional), CANCEL and
// BYE, re-INVITE, UPDATE and INFO within the dialog.

import * as W from "../msg/writer";
import * as M from "../msg/message";
import { H_CONTENT_TYPE, H_RACK, H_REQUIRE } from "../msg/header-names";
import { M_INVITE, M_ACK, M_BYE, M_CANCEL, M_PRACK, M_INFO, M_UPDATE, M_NOTIFY } from "../msg/methods";
import { startClient } from "../txn/client";
import { send } from "../txn/outbox";
import { buildFromInvite } from "../txn/ack";
import { T1 } from "../txn/clock";
import { reached } from "../../runtime/time";
import * as T from "../txn/table";
import { TX, RX } from "../msg/buffers";
import { equalsIgnoreCase } from "../msg/scan";
import { randomHex } from "./random";
import { setText, appendText, appendLiteral, textData, textLength, clearText } from "./text";
import * as I from "./identity";
import * as C from "./calls";
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
  if (!C.hasFlag(c, C.F_DIRECT)) return C.callPeer(c);
  const route = C.routeSet(c), target = C.remoteTarget(c);
  const first = firstRoute(textData(route), textLength(route));
  const named = first != 0
    ? uriDestination(spanAt(first), spanLength(first), HOP)
    : uriDestination(textData(target), textLength(target), HOP);
  return named ? HOP : C.callPeer(c);
}

/** Content-Type: application/sdp and the body, ending the message; its length or -1. */
function endWithSdp(): i32 {
  const n = localSdpLength();
  if (n > 0) {
    W.putString("Content-Type: application/sdp");
    W.putCRLF();
  }
  return W.endMessage(localSdp(), n);
}

/** Builds and sends the INVITE of call c (a new CSeq each time: first try, retry with credentials, re-INVITE). */
function sendInvite(c: i32, now: u32, withCredentials: bool): bool {
  const cseq = C.nextLocalCSeq(c);
  C.setInviteCSeq(c, cseq);
  beginCallRequest(c, M_INVITE, cseq);
  putAllowSupported();
  if (withCredentials) {
    if (!answerChallenge(c, M_INVITE, textData(C.remoteTarget(c)), textLength(C.remoteTarget(c)))) return false;
  } else if (C.callState(c) != C.ACTIVE) {
    resetAuth(c);
  }
  const len = endWithSdp();
  if (len < 0) return false;
  const t = startClient(M_INVITE, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
  if (t < 0) return false;
  C.setInviteTxn(c, t);
  setText(C.inviteBranch(c), C.CAP_BRANCH, BRANCH, BRANCH_LENGTH);
  return true;
}

const SCRATCH: usize = memory.data(64);

/** Our address for From (§8.1.1.3): "display" <sip:user@domain>; false when it does not fit (nothing half-written is sent). */
function putLocalUri(local: usize): bool {
  clearText(local);
  const cap = C.CAP_LOCAL_URI;
  const display = I.identityLength(I.ID_DISPLAY) == 0 || (appendLiteral(local, cap, changetype<usize>("\"")) &&
    appendText(local, cap, I.identityData(I.ID_DISPLAY), I.identityLength(I.ID_DISPLAY)) && appendLiteral(local, cap, changetype<usize>("\" ")));
  return display && appendLiteral(local, cap, changetype<usize>("<sip:")) &&
    appendText(local, cap, I.identityData(I.ID_USER), I.identityLength(I.ID_USER)) && appendLiteral(local, cap, changetype<usize>("@")) &&
    appendText(local, cap, I.identityData(I.ID_DOMAIN), I.identityLength(I.ID_DOMAIN)) && appendLiteral(local, cap, changetype<usize>(">"));
}

/**
 * Calls `uri` ([uri, uri+uriLen), a SIP URI) through `dest` (used when no
 * outbound proxy is set). Returns the call, or -1 when no call slot or
 * transaction is free or the URI does not fit.
 */
export function startCall(uri: usize, uriLen: i32, dest: usize, now: u32): i32 {
  const c = C.allocateCall(C.OUT_CALLING, C.ROLE_UAC);
  if (c < 0) return -1;
  // §8.1.1.4: a Call-ID unique in space and time; §19.3: a tag of 32+ random bits.
  randomHex(SCRATCH, 24);
  setText(C.callId(c), C.CAP_CALL_ID, SCRATCH, 24);
  appendLiteral(C.callId(c), C.CAP_CALL_ID, changetype<usize>("@"));
  appendText(C.callId(c), C.CAP_CALL_ID, I.identityData(I.ID_LOCAL_HOST), I.identityLength(I.ID_LOCAL_HOST));
  randomHex(SCRATCH, 12);
  setText(C.localTag(c), C.CAP_TAG, SCRATCH, 12);
  const remote = C.remoteUri(c);
  clearText(remote);
  const fits = putLocalUri(C.localUri(c)) &&
    appendLiteral(remote, C.CAP_URI, changetype<usize>("<")) && appendText(remote, C.CAP_URI, uri, uriLen) &&
    appendLiteral(remote, C.CAP_URI, changetype<usize>(">")) && setText(C.remoteTarget(c), C.CAP_URI, uri, uriLen);
  C.setCallPeer(c, dest);
  if (!fits || !sendInvite(c, now, false)) {
    C.freeCall(c);
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
  if (!uriDestination(uri, uriLen, DIRECT)) return I.hasOutbound ? startCall(uri, uriLen, I.OUTBOUND, now) : -1;
  const c = startCall(uri, uriLen, DIRECT, now);
  if (c >= 0) C.setFlag(c, C.F_DIRECT);
  return c;
}

/** The ACK for a 2xx (§13.2.2.4): in the dialog, CSeq of the INVITE; kept to answer 2xx retransmissions. */
function sendAckFor2xx(c: i32): void {
  beginCallRequest(c, M_ACK, C.inviteCSeq(c));
  const len = W.endMessage(0, 0);
  if (len > 0 && setText(C.stored(c), C.CAP_STORED, TX, len)) {
    C.setFlag(c, C.F_ACK_STORED);
    send(textData(C.stored(c)), len, nextHop(c));
  }
}

/** Sends a request within the dialog of call c through a non-INVITE client transaction. */
function sendInDialog(c: i32, m: i32, now: u32, body: usize, bodyLen: i32, type: usize): bool {
  const cseq = C.nextLocalCSeq(c);
  beginCallRequest(c, m, cseq);
  if (bodyLen > 0) {
    W.putString("Content-Type: ");
    W.putLiteral(type);
    W.putCRLF();
  }
  const len = W.endMessage(body, bodyLen);
  if (len < 0) return false;
  const t = startClient(m, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
  if (t < 0) return false;
  C.setOtherTxn(c, t);
  return true;
}

/**
 * BYE (§15.1.1). When no transaction is free the call stays in ENDING and
 * the BYE is tried again every second for 64*T1 (the peer must hear it, or
 * its phone stays off-hook); after that the call is given up with 408.
 */
export function sendBye(c: i32, now: u32): void {
  const first = !C.timerArmed(c, C.Timer.ByeEnd);
  C.setCallState(c, C.ENDING);
  if (sendInDialog(c, M_BYE, now, 0, 0, 0)) {
    C.disarmTimers(c, C.bit(C.Timer.ByeRetry) | C.bit(C.Timer.ByeEnd));
    return;
  }
  if (first) C.armTimer(c, C.Timer.ByeEnd, now + 64 * T1);
  if (reached(C.timerAt(c, C.Timer.ByeEnd), now)) {
    uaEvent(UA_ENDED, c, 408, 0, 0, 0);
    C.freeCall(c);
  } else {
    C.armTimer(c, C.Timer.ByeRetry, now + 1000);
  }
}

/** §9.1: CANCEL only once a provisional response arrived; it ends the INVITE with 487. */
function sendCancel(c: i32, now: u32): void {
  const t = C.inviteTxn(c);
  C.setCallState(c, C.ENDING);
  C.clearFlag(c, C.F_CANCEL_WANTED);
  if (!T.inUse(t)) return;
  const len = buildFromInvite(T.message(t), T.messageLength(t), true);
  const b = C.inviteBranch(c);
  // §9.1: the CANCEL goes where the INVITE went, whatever the early dialog's remote target.
  if (len > 0) startClient(M_CANCEL, C.inviteCSeq(c), textData(b), textLength(b), len, C.callPeer(c), now, Handler.Call, c);
  // §9.1: without a final response 64*T1 after the CANCEL, the INVITE is given up.
  C.armTimer(c, C.Timer.CancelEnd, now + 64 * T1);
}

/** RFC 3262 §7.2: PRACK with RAck: RSeq CSeq-number INVITE. */
function sendPrack(c: i32, rseq: u32, now: u32): void {
  const cseq = C.nextLocalCSeq(c);
  beginCallRequest(c, M_PRACK, cseq);
  W.putHeaderName(H_RACK);
  W.putNumber(rseq);
  W.putByte(0x20);
  W.putNumber(C.inviteCSeq(c));
  W.putString(" INVITE");
  W.putCRLF();
  const len = W.endMessage(0, 0);
  if (len > 0) startClient(M_PRACK, cseq, BRANCH, BRANCH_LENGTH, len, nextHop(c), now, Handler.Call, c);
}

function establish(c: i32): void {
  takeRemoteTag(c, M.F_TO_TAG);
  takeRemoteTarget(c);
  takeRouteSet(c, true);
}

function onInviteResponse(c: i32, code: i32, now: u32): void {
  const s = C.callState(c);
  const reinvite = C.hasFlag(c, C.F_REINVITE_OUT);
  if (code < 200) {
    if (code == 100 || reinvite) return;
    if (s == C.OUT_CALLING) C.setCallState(c, C.OUT_EARLY);
    if (M.hasField(M.F_TO_TAG) && (s == C.OUT_CALLING || s == C.OUT_EARLY)) establish(c); // early dialog
    if (C.hasFlag(c, C.F_CANCEL_WANTED)) {
      sendCancel(c, now);
      return;
    }
    if (s == C.OUT_CALLING || s == C.OUT_EARLY) uaEvent(UA_PROGRESS, c, code, 0, M.fieldPtr(M.F_BODY), M.fieldLength(M.F_BODY));
    if (names100rel(H_REQUIRE) && M.rseq() > <i64>C.rseq(c)) {
      C.setRSeq(c, <u32>M.rseq());
      sendPrack(c, <u32>M.rseq(), now);
    }
    return;
  }
  if (code < 300) {
    if (reinvite) {
      C.clearFlag(c, C.F_REINVITE_OUT);
      takeRemoteTarget(c); // §12.2.1.2: a 2xx to a re-INVITE refreshes the remote target
      sendAckFor2xx(c);
      uaEvent(UA_REQUEST_DONE, c, code, M_INVITE, 0, 0);
    } else if (s == C.OUT_CALLING || s == C.OUT_EARLY || (s == C.ENDING && C.cancelSent(c) && !C.hasFlag(c, C.F_ACK_STORED))) {
      establish(c);
      C.setCallState(c, C.ACTIVE);
      sendAckFor2xx(c);
      uaEvent(UA_ANSWERED, c, code, 0, M.fieldPtr(M.F_BODY), M.fieldLength(M.F_BODY));
      // Hung up while the 2xx was on its way (CANCEL lost the race, §9.1): end it now.
      if (s == C.ENDING || C.hasFlag(c, C.F_CANCEL_WANTED)) {
        C.clearFlag(c, C.F_CANCEL_WANTED);
        C.disarmTimers(c, C.bit(C.Timer.CancelEnd));
        sendBye(c, now);
      }
    } else if (C.hasFlag(c, C.F_ACK_STORED)) {
      send(textData(C.stored(c)), textLength(C.stored(c)), nextHop(c)); // a retransmitted 2xx: the same ACK again
    }
    return;
  }
  if (reinvite) {
    C.clearFlag(c, C.F_REINVITE_OUT);
    uaEvent(UA_REQUEST_DONE, c, code, M_INVITE, 0, 0);
    if (code == 481 || code == 408) endCall(c, code); // §12.2.1.2
    return;
  }
  // §22.2: answer a challenge once (the policy bounds retries: a wrong password never loops).
  if ((code == 401 || code == 407) && s != C.ENDING && sendInvite(c, now, true)) return;
  if (s == C.ENDING) uaEvent(UA_ENDED, c, code, 0, 0, 0);
  else uaEvent(UA_FAILED, c, code, 0, 0, 0);
  C.freeCall(c);
}

function endCall(c: i32, code: i32): void {
  uaEvent(UA_ENDED, c, code, 0, 0, 0);
  C.freeCall(c);
}

/** A response for client transaction `slot` (owned by call c) that the transaction passed up. */
export function onCallResponse(c: i32, m: i32, now: u32): void {
  if (C.callState(c) == C.FREE) return;
  const code = M.statusCode();
  if (m == M_INVITE) return onInviteResponse(c, code, now);
  if (code < 200 || m == M_CANCEL || m == M_PRACK) return;
  if (m == M_BYE) return endCall(c, 0);
  uaEvent(UA_REQUEST_DONE, c, code, m, 0, 0);
  // §12.2.1.2; but a NOTIFY's 481 ends only its subscription, not the call (RFC 5057 §5.2).
  if ((code == 481 || code == 408) && m != M_NOTIFY) endCall(c, code);
}

/** A client transaction of call c timed out (Timer B or F): as a 408 (§8.1.3.1). */
export function onCallTimeout(c: i32, m: i32): void {
  const s = C.callState(c);
  if (s == C.FREE) return;
  if (m == M_INVITE) {
    if (C.hasFlag(c, C.F_REINVITE_OUT)) {
      C.clearFlag(c, C.F_REINVITE_OUT);
      endCall(c, 408);
      return;
    }
    uaEvent(s == C.ENDING ? UA_ENDED : UA_FAILED, c, 408, 0, 0, 0);
    C.freeCall(c);
    return;
  }
  if (m == M_CANCEL || m == M_PRACK) return;
  if (m == M_BYE) return endCall(c, 0);
  uaEvent(UA_REQUEST_DONE, c, 408, m, 0, 0);
  if (m != M_NOTIFY) endCall(c, 408);
}

/** The user hangs up call c (UAC side; the UAS side is in uas.ts). */
export function hangUpOutgoing(c: i32, now: u32): void {
  const s = C.callState(c);
  if (s == C.OUT_CALLING) C.setFlag(c, C.F_CANCEL_WANTED); // §9.1: wait for a provisional before CANCEL
  else if (s == C.OUT_EARLY) sendCancel(c, now);
  else if (s == C.ACTIVE) sendBye(c, now);
}

/** INFO in the dialog (RFC 6086), e.g. a DTMF digit as application/dtmf-relay. */
export function sendInfo(c: i32, now: u32, body: usize, bodyLen: i32, type: usize): bool {
  if (C.callState(c) != C.ACTIVE) return false;
  return sendInDialog(c, M_INFO, now, body, bodyLen, type);
}

/** UPDATE (RFC 3311) with the local SDP, in an early or confirmed dialog. */
export function sendUpdate(c: i32, now: u32): bool {
  const s = C.callState(c);
  if (s != C.ACTIVE && !(s == C.OUT_EARLY && textLength(C.remoteTag(c)) > 0)) return false;
  return sendInDialog(c, M_UPDATE, now, localSdp(), localSdpLength(), changetype<usize>("application/sdp"));
}

/** A re-INVITE (§14.1) with the local SDP; refused while another INVITE of the dialog is pending. */
export function sendReinvite(c: i32, now: u32): bool {
  if (C.callState(c) != C.ACTIVE || C.hasFlag(c, C.F_REINVITE_OUT) || C.hasFlag(c, C.F_REINVITE_IN) || C.awaitingAck(c)) return false;
  if (!sendInvite(c, now, false)) return false;
  C.setFlag(c, C.F_REINVITE_OUT);
  return true;
}

