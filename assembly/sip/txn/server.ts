// Server transactions (RFC 3261 §17.2) over UDP: the INVITE server
// transaction (§17.2.1, with the Accepted state of RFC 6026 §7.1) and the
// non-INVITE server transaction (§17.2.2). Matching by branch and sent-by
// (§17.2.3), or by the RFC 2543 fields when the branch lacks the magic cookie.

import * as T from "./table";
import { T1, T2, T4, reached } from "./clock";
import { send, sendCopyOfTx } from "./outbox";
import { pushEvent, EV_NO_ACK } from "./events";
import { RX_PEER, copyPeer, PEER_SIZE } from "./peer";
import { TX } from "../msg/buffers";
import * as M from "../msg/message";
import * as W from "../msg/writer";
import { M_INVITE, M_ACK, M_OPTIONS } from "../msg/methods";
import { equalBytes, at } from "../msg/scan";
import { beginResponseFor, statelessTag } from "../msg/response";
import { noteViaSource } from "./via-source";

/** serverReceive(): the request was absorbed or refused by the transaction layer. */
export const ABSORBED = -1;
/** serverReceive(): an ACK that matches no transaction (the ACK for a 2xx, §13.3.1.4): the TU's. */
export const ACK_FOR_2XX = -2;
/** serverReceive(): an OPTIONS outside any dialog, for the TU to answer statelessly (§8.2.7): it holds no slot. */
export const STATELESS_OPTIONS = -3;

/** Seconds a UAS asks a client to wait when its transaction table is full (§21.5.4, Retry-After). */
export const RETRY_AFTER_SECONDS: u32 = 5;

const DEST: usize = memory.data(<i32>PEER_SIZE);

/** §18.2.2 with RFC 3581: answer the source address; its port when rport was asked, else the Via port (5060). */
export function responseDestination(): usize {
  copyPeer(DEST, RX_PEER);
  if (!M.hasField(M.F_VIA_RPORT)) {
    let port: u32 = 5060;
    if (M.hasField(M.F_VIA_PORT)) {
      port = 0;
      const p = M.fieldPtr(M.F_VIA_PORT);
      for (let k = 0; k < M.fieldLength(M.F_VIA_PORT); k++) port = port * 10 + (at(p + <usize>k) - 0x30);
    }
    store<u8>(DEST + 16, <u8>(port >>> 8));
    store<u8>(DEST + 17, <u8>port);
  }
  return DEST;
}

function hasMagicCookie(): bool {
  if (!M.hasField(M.F_VIA_BRANCH) || M.fieldLength(M.F_VIA_BRANCH) < 7) return false;
  const b = M.fieldPtr(M.F_VIA_BRANCH);
  return at(b) == 0x7a && at(b + 1) == 0x39 && at(b + 2) == 0x68 && at(b + 3) == 0x47 && at(b + 4) == 0x34 && at(b + 5) == 0x62 && at(b + 6) == 0x4b;
}

function fnvField(h: u32, id: i32): u32 {
  if (!M.hasField(id)) return h;
  const p = M.fieldPtr(id);
  for (let k = 0; k < M.fieldLength(id); k++) h = (h ^ load<u8>(p + <usize>k)) * 16777619;
  return h;
}

/**
 * RFC 2543 matching (§17.2.3): Request-URI, From tag, Call-ID, CSeq number
 * and the top Via (sent-by, transport, branch), hashed. The To tag is left
 * out so that an ACK (which carries the response's To tag) still matches.
 */
function legacyKey(): u32 {
  let h: u32 = 2166136261;
  h = fnvField(h, M.F_REQUEST_URI);
  h = fnvField(h, M.F_VIA_BRANCH);
  h = fnvField(h, M.F_VIA_TRANSPORT);
  h = fnvField(h, M.F_CALL_ID);
  h = fnvField(h, M.F_FROM_TAG);
  h = fnvField(h, M.F_CSEQ_NUMBER);
  h = fnvField(h, M.F_VIA_HOST);
  h = fnvField(h, M.F_VIA_PORT);
  return h | 1;
}

/** The server transaction a request in RX belongs to; ACK matches its INVITE's (§17.2.3). -1 if none. */
export function matchServer(): i32 {
  const m = M.method;
  const cookie = hasMagicCookie();
  const key = cookie ? 0 : legacyKey();
  const b = cookie ? M.fieldPtr(M.F_VIA_BRANCH) : 0;
  const bl = cookie ? M.fieldLength(M.F_VIA_BRANCH) : 0;
  const sb = M.fieldPtr(M.F_VIA_HOST);
  const sbl = sentByLength();
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    const k = T.kind(i);
    if (k != T.IST && k != T.NIST) continue;
    const tm = T.method(i);
    if (tm != m && !(m == M_ACK && tm == M_INVITE)) continue;
    if (cookie) {
      if (equalBytes(b, bl, T.branch(i), T.branchLength(i)) && equalBytes(sb, sbl, T.sentBy(i), T.sentByLength(i))) return i;
    } else if (T.key(i) == key && (m != M_ACK || tm == M_INVITE)) {
      return i;
    }
  }
  return -1;
}

/** The INVITE server transaction a CANCEL in RX cancels (§9.2): same branch and sent-by, method INVITE; -1 if none. */
export function matchInviteServer(): i32 {
  if (!hasMagicCookie()) return -1;
  const b = M.fieldPtr(M.F_VIA_BRANCH);
  const bl = M.fieldLength(M.F_VIA_BRANCH);
  const sb = M.fieldPtr(M.F_VIA_HOST);
  const sbl = sentByLength();
  for (let i = 0; i < T.MAX_TRANSACTIONS; i++) {
    if (T.kind(i) != T.IST) continue;
    if (equalBytes(b, bl, T.branch(i), T.branchLength(i)) && equalBytes(sb, sbl, T.sentBy(i), T.sentByLength(i))) return i;
  }
  return -1;
}

/** Length of the top Via's sent-by (host, and port when present) in RX. */
function sentByLength(): i32 {
  const sb = M.fieldPtr(M.F_VIA_HOST);
  const end = M.hasField(M.F_VIA_PORT) ? M.fieldPtr(M.F_VIA_PORT) + <usize>M.fieldLength(M.F_VIA_PORT) : sb + <usize>M.fieldLength(M.F_VIA_HOST);
  return <i32>(end - sb);
}

function retransmitLast(i: i32): void {
  if (T.messageLength(i) > 0) send(T.message(i), T.messageLength(i), T.peer(i));
}

/** 503 with Retry-After, sent statelessly when no slot is free (§21.5.4). */
function refuseBusy(): void {
  const tag = statelessTag();
  beginResponseFor(503, tag, 10);
  W.putString("Retry-After: ");
  W.putNumber(RETRY_AFTER_SECONDS);
  W.putCRLF();
  const n = W.endMessage(0, 0);
  if (n > 0) sendCopyOfTx(n, responseDestination());
}

/**
 * A valid request is in RX from RX_PEER. Returns the slot of a new server
 * transaction for the TU, ABSORBED (a retransmission, or refused with 503),
 * or ACK_FOR_2XX.
 */
export function serverReceive(now: u32): i32 {
  noteViaSource(RX_PEER);
  const m = M.method;
  const i = matchServer();
  if (i >= 0) {
    const s = T.state(i);
    if (m == M_ACK) {
      if (s == T.COMPLETED) {
        // §17.2.1: ACK for a non-2xx final: Confirmed, Timer I.
        T.setState(i, T.CONFIRMED);
        T.stopRetransmit(i);
        T.stopTimeout(i);
        T.setEnd(i, now + T4);
      }
      return s == T.ACCEPTED ? ACK_FOR_2XX : ABSORBED;
    }
    // A retransmitted request: resend the last response where the state machine says so.
    if (s == T.PROCEEDING || (s == T.COMPLETED)) retransmitLast(i);
    return ABSORBED;
  }
  if (m == M_ACK) return ACK_FOR_2XX;
  const outside = !M.hasField(M.F_TO_TAG);
  if (outside && m == M_OPTIONS) return STATELESS_OPTIONS;
  const k = m == M_INVITE ? T.IST : T.NIST;
  const dest = responseDestination();
  const j = T.allocate(k, m, M.cseqNumber, dest, outside);
  if (j < 0) {
    refuseBusy();
    return ABSORBED;
  }
  const cookie = hasMagicCookie();
  const sb = M.fieldPtr(M.F_VIA_HOST);
  const sbl = sentByLength();
  const ok = T.setKeys(j, cookie ? M.fieldPtr(M.F_VIA_BRANCH) : 0, cookie ? M.fieldLength(M.F_VIA_BRANCH) : 0, sb, sbl, cookie ? 0 : legacyKey());
  if (!ok) {
    T.release(j);
    return ABSORBED;
  }
  if (k == T.IST) {
    // §17.2.1: a 100 (Trying) at once, without a To tag (§8.2.6.1).
    T.setState(j, T.PROCEEDING);
    beginResponseFor(100, 0, 0);
    const n = W.endMessage(0, 0);
    if (n > 0 && T.keepMessage(j, TX, n)) retransmitLast(j);
  } else {
    T.setState(j, T.TRYING);
  }
  return j;
}

/** Sends the response built in TX (`len` octets, status `code`) through server transaction i. */
export function serverRespond(i: i32, code: i32, len: i32, now: u32): bool {
  if (!T.inUse(i) || len <= 0) return false;
  const s = T.state(i);
  if (s == T.COMPLETED || s == T.CONFIRMED || s == T.TERMINATED) return false;
  if (T.kind(i) == T.IST && s == T.ACCEPTED) {
    // RFC 6026 §7.1: 2xx retransmissions from the TU pass through in Accepted.
    if (code < 200 || code >= 300) return false;
  }
  if (!T.keepMessage(i, TX, len)) {
    sendCopyOfTx(len, T.peer(i)); // too large to keep: sent once, no retransmission
  } else {
    retransmitLast(i);
  }
  T.setLastCode(i, code);
  if (code < 200) {
    if (T.kind(i) == T.NIST) T.setState(i, T.PROCEEDING);
    return true;
  }
  if (T.kind(i) == T.IST) {
    if (code < 300) {
      if (s != T.ACCEPTED) {
        T.setState(i, T.ACCEPTED);
        T.setTimeout(i, now + 64 * T1); // Timer L
      }
    } else {
      T.setState(i, T.COMPLETED);
      T.setRetransmit(i, now + T1, T1); // Timer G
      T.setTimeout(i, now + 64 * T1); // Timer H
    }
  } else {
    T.setState(i, T.COMPLETED);
    T.setEnd(i, now + 64 * T1); // Timer J
  }
  return true;
}

/** Timers of server transaction i at `now`. */
export function serverTimers(i: i32, now: u32): void {
  if (T.retransmitOn(i) && reached(T.retransmitAt(i), now)) {
    // Timer G: doubles up to T2 (§17.2.1).
    let next = T.interval(i) * 2;
    if (next > T2) next = T2;
    T.setRetransmit(i, T.retransmitAt(i) + next, next);
    retransmitLast(i);
  }
  if (T.timeoutOn(i) && reached(T.timeoutAt(i), now)) {
    if (T.state(i) == T.COMPLETED) pushEvent(EV_NO_ACK, i, T.owner(i), T.method(i)); // Timer H
    T.release(i); // Timer H or L
    return;
  }
  if (T.endOn(i) && reached(T.endAt(i), now)) T.release(i); // Timer I, J
}
