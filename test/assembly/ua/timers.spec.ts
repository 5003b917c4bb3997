// The UA core's own timers of a call (calls.ts Timer), each by name with its
// own deadline: the 2xx or reliable 1xx resent (RFC 3261 §13.3.1.4, RFC 3262
// §3) and its give-up, a BYE tried again (§15) and its give-up, the INVITE
// given up after our CANCEL (§9.1). The next deadline of a call is the
// earliest armed one.
import * as C from "../../../assembly/sip/ua/calls";
import { Timer, bit } from "../../../assembly/sip/ua/calls";
import { setTimerBase } from "../../../assembly/sip/txn/clock";

/** A fresh outgoing call slot with no timer armed. */
function call(): i32 {
  for (let c = 0; c < C.MAX_CALLS; c++) C.freeCall(c);
  setTimerBase(500, 4000, 5000);
  return C.allocateCall(C.OUT_CALLING, C.ROLE_UAC);
}

describe("a call's named timers", () => {
  it("a new call has none armed: no deadline, nothing due", () => {
    const c = call();
    expect(C.nextTimer(c, 0)).toBe(-1);
    expect(C.dueTimers(c, 0xffffffff)).toBe(0);
  });

  it("the next deadline is the earliest of the armed timers", () => {
    const c = call();
    C.armTimer(c, Timer.ByeEnd, 32000);
    C.armTimer(c, Timer.ByeRetry, 1000);
    C.armTimer(c, Timer.CancelEnd, 5000);
    expect(C.nextTimer(c, 0)).toBe(1000);
    expect(C.nextTimer(c, 400)).toBe(600);
  });

  it("disarming one leaves the others, each with its own deadline", () => {
    const c = call();
    C.armTimer(c, Timer.ByeRetry, 1000);
    C.armTimer(c, Timer.ByeEnd, 32000);
    C.disarmTimers(c, bit(Timer.ByeRetry));
    expect(C.timerArmed(c, Timer.ByeRetry)).toBe(false);
    expect(C.timerArmed(c, Timer.ByeEnd)).toBe(true);
    expect(C.nextTimer(c, 0)).toBe(32000);
    expect(C.dueTimers(c, 1000)).toBe(0);
    expect(C.dueTimers(c, 32000)).toBe(bit(Timer.ByeEnd));
  });

  it("a timer past its deadline counts 0 ms to go, and is due with the others that are", () => {
    const c = call();
    C.armTimer(c, Timer.Resend, 500);
    C.armTimer(c, Timer.AckEnd, 32000);
    C.armTimer(c, Timer.CancelEnd, 600);
    expect(C.nextTimer(c, 700)).toBe(0);
    expect(C.dueTimers(c, 700)).toBe(bit(Timer.Resend) | bit(Timer.CancelEnd));
  });

  it("deadlines compare across the wrap of the u32 clock", () => {
    const c = call();
    C.armTimer(c, Timer.ByeRetry, 200); // 200 ms after the wrap
    expect(C.nextTimer(c, 0xffffff00)).toBe(456);
    expect(C.dueTimers(c, 0xffffff00)).toBe(0);
    expect(C.dueTimers(c, 200)).toBe(bit(Timer.ByeRetry));
  });

  it("re-arming moves only that timer's deadline", () => {
    const c = call();
    C.armTimer(c, Timer.ByeRetry, 1000);
    C.armTimer(c, Timer.ByeEnd, 32000);
    C.armTimer(c, Timer.ByeRetry, 2000);
    expect(C.timerAt(c, Timer.ByeRetry)).toBe(2000);
    expect(C.timerAt(c, Timer.ByeEnd)).toBe(32000);
  });
});

describe("resending the stored 2xx or reliable 1xx", () => {
  it("starts T1 from now and gives up at 64*T1 with the end timer named: an ACK awaited", () => {
    const c = call();
    C.startResend(c, Timer.AckEnd, 100);
    expect(C.awaitingAck(c)).toBe(true);
    expect(C.awaitingPrack(c)).toBe(false);
    expect(C.timerAt(c, Timer.Resend)).toBe(600);
    expect(C.resendEvery(c)).toBe(500);
    expect(C.timerAt(c, Timer.AckEnd)).toBe(32100);
    expect(C.nextTimer(c, 100)).toBe(500);
  });

  it("a PRACK awaited likewise; stopping the resend disarms it and its end, and nothing else", () => {
    const c = call();
    C.armTimer(c, Timer.CancelEnd, 9000);
    C.startResend(c, Timer.PrackEnd, 0);
    expect(C.awaitingPrack(c)).toBe(true);
    C.stopResend(c);
    expect(C.awaitingPrack(c)).toBe(false);
    expect(C.timerArmed(c, Timer.Resend)).toBe(false);
    expect(C.cancelSent(c)).toBe(true);
    expect(C.nextTimer(c, 0)).toBe(9000);
  });

  it("a new call starts with none of the previous call's timers", () => {
    let c = call();
    C.armTimer(c, Timer.CancelEnd, 9000);
    C.freeCall(c);
    c = C.allocateCall(C.IN_RINGING, C.ROLE_UAS);
    expect(C.cancelSent(c)).toBe(false);
    expect(C.nextTimer(c, 0)).toBe(-1);
  });
});
