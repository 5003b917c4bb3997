// The record of a call (calls.ts): its numbers, its peer, a deadline per
// Timer and its dialog's texts (RFC 3261 §12: Call-ID, tags, URIs, remote
// target, route set), each at its capacity, in a slot of static memory that
// a new call reuses.
import * as C from "../../../assembly/sip/ua/calls";
import { Timer } from "../../../assembly/sip/ua/calls";
import { textLength, textData } from "../../../assembly/sip/ua/text";

/** The texts a record keeps: the eight of the dialog and the stored message. */
const TEXTS: i32 = 9;

/** The address of text t of call c, in the order the record keeps them. */
function text(c: i32, t: i32): usize {
  switch (t) {
    case 0: return C.callId(c);
    case 1: return C.localTag(c);
    case 2: return C.remoteTag(c);
    case 3: return C.localUri(c);
    case 4: return C.remoteUri(c);
    case 5: return C.remoteTarget(c);
    case 6: return C.routeSet(c);
    case 7: return C.inviteBranch(c);
  }
  return C.stored(c);
}

function capacity(t: i32): i32 {
  switch (t) {
    case 0: return C.CAP_CALL_ID;
    case 1: case 2: return C.CAP_TAG;
    case 3: return C.CAP_LOCAL_URI;
    case 4: case 5: return C.CAP_URI;
    case 6: return C.CAP_ROUTE;
    case 7: return C.CAP_BRANCH;
  }
  return C.CAP_STORED;
}

/** Fills text t of call c to its capacity with the octet `fill`. */
function fillText(c: i32, t: i32, fill: u8): void {
  const cap = capacity(t);
  store<u16>(text(c, t), <u16>cap);
  for (let i = 0; i < cap; i++) store<u8>(textData(text(c, t)) + <usize>i, fill);
}

/** Whether text t of call c is full of `fill`. */
function holds(c: i32, t: i32, fill: u8): bool {
  const cap = capacity(t);
  if (textLength(text(c, t)) != cap) return false;
  for (let i = 0; i < cap; i++) if (load<u8>(textData(text(c, t)) + <usize>i) != fill) return false;
  return true;
}

function freeAll(): void { for (let c = 0; c < C.MAX_CALLS; c++) C.freeCall(c); }

describe("a call's record (calls.ts)", () => {
  it("every text of every call holds its full capacity without touching another", () => {
    freeAll();
    for (let c = 0; c < C.MAX_CALLS; c++) {
      expect(C.allocateCall(C.ACTIVE, C.ROLE_UAS)).toBe(c);
      C.setInviteTxn(c, 100 + c);
      C.setAuthTries(c, 200 + c);
    }
    for (let c = 0; c < C.MAX_CALLS; c++) for (let t = 0; t < TEXTS; t++) fillText(c, t, <u8>(c * TEXTS + t + 1));
    for (let c = 0; c < C.MAX_CALLS; c++) {
      for (let t = 0; t < TEXTS; t++) expect(holds(c, t, <u8>(c * TEXTS + t + 1))).toBe(true);
      expect(C.callState(c)).toBe(C.ACTIVE);
      expect(C.role(c)).toBe(C.ROLE_UAS);
      expect(C.inviteTxn(c)).toBe(100 + c);
      expect(C.authTries(c)).toBe(200 + c);
    }
  });

  it("a reused slot starts clean: no text (the stored message, the last, included), flag, timer or transaction", () => {
    freeAll();
    const c = C.allocateCall(C.IN_RINGING, C.ROLE_UAS);
    for (let t = 0; t < TEXTS; t++) fillText(c, t, 0x5a);
    C.setFlag(c, C.F_RUNG | C.F_DIRECT | C.F_REFER_SUB);
    C.setRemoteCSeq(c, 7);
    C.setInviteTxn(c, 3);
    C.setOtherTxn(c, 4);
    C.setResendEvery(c, 2000);
    C.armTimer(c, Timer.CancelEnd, 32000);
    C.startResend(c, Timer.AckEnd, 0);
    C.freeCall(c);

    expect(C.allocateCall(C.OUT_CALLING, C.ROLE_UAC)).toBe(c);
    for (let t = 0; t < TEXTS; t++) expect(textLength(text(c, t))).toBe(0);
    expect(C.flags(c)).toBe(0);
    expect(C.remoteCSeq(c)).toBe(0);
    expect(C.inviteTxn(c)).toBe(-1);
    expect(C.otherTxn(c)).toBe(-1);
    expect(C.resendEvery(c)).toBe(0);
    expect(C.nextTimer(c, 0)).toBe(-1);
    expect(C.timerArmed(c, Timer.CancelEnd)).toBe(false);
    expect(C.callState(c)).toBe(C.OUT_CALLING);
    expect(C.role(c)).toBe(C.ROLE_UAC);
  });

  it("flags are independent bits: setting one neither sets nor clears another", () => {
    freeAll();
    const c = C.allocateCall(C.ACTIVE, C.ROLE_UAC);
    const all: u16[] = [C.F_REMOTE_CSEQ_SET, C.F_PEER_100REL, C.F_REINVITE_OUT, C.F_CANCEL_WANTED, C.F_ACK_STORED,
      C.F_REINVITE_IN, C.F_PEER_REQUIRES_100REL, C.F_REFER_SUB, C.F_RUNG, C.F_DIRECT];
    let seen: u16 = 0;
    for (let i = 0; i < all.length; i++) {
      expect(all[i] & seen).toBe(0);
      seen |= all[i];
      C.setFlag(c, all[i]);
      expect(C.flags(c)).toBe(seen);
    }
    C.clearFlag(c, C.F_RUNG);
    expect(C.hasFlag(c, C.F_RUNG)).toBe(false);
    expect(C.flags(c)).toBe(seen & ~C.F_RUNG);
  });
});
