// Registration and keepalive (RFC 3261 §10.2; OPTIONS as a keepalive,
// §11): REGISTER at start, refresh before the granted expiry, exponential
// back-off on failure, 423 answered with the registrar's Min-Expires; an
// OPTIONS every keepalive interval, failover to the backup registrar after
// the configured number of unanswered ones, and back to the primary when it
// answers again. Behind a NAT the 2xx shows another address than the Contact
// named (RFC 3581 §4): register again at once with that address (sip/ua/nat.ts).
// The keepalive goes to the station's own address-of-record through the
// registrar, which forwards it to the binding: a 404 or 480 means the binding
// is gone (a registrar restarted without its location table), and the station
// registers again at once instead of at the next refresh.
// Pure: every function takes `now` and acts through the UA.

import { reached, until } from "../runtime/time";
import { setPeerIPv4, PEER_SIZE } from "../sip/txn/peer";
import { sourcesClear, sourceAdd } from "../sip/txn/sources";
import { setOutbound, OUTBOUND } from "../sip/ua/identity";
import { sendRegister, sendOptionsPing } from "../sip/ua/register";
import { REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY } from "../sip/ua/handler";
import { contactMoved } from "../sip/ua/nat";
import { refreshAfterMs } from "./refresh";
import { appEvent, EV_REGISTERED, EV_UNREGISTERED, EV_FAILOVER, EV_KEEPALIVE_LOST } from "./events";

const PRIMARY: usize = memory.data(<i32>PEER_SIZE);
const BACKUP: usize = memory.data(<i32>PEER_SIZE);
let hasPrimary = false;
let hasBackup = false;
let expirySeconds: u32 = 600;
let keepaliveMs: u32 = 30000;
let failureLimit: i32 = 3;

export const REG_OFF = 0;
export const REG_REGISTERING = 1;
export const REG_REGISTERED = 2;
export const REG_WAITING = 3; // failed; retrying after the back-off

let state = REG_OFF;
let usingBackup = false;
let asked: u32 = 600;
let refreshAt: u32 = 0;
let retryAt: u32 = 0;
let backoffMs: u32 = 0;
let keepaliveAt: u32 = 0;
let probeAt: u32 = 0;
let pinging = false;
let probing = false;
let failures: i32 = 0;
/** The REGISTER under way was sent because the previous 2xx showed a new address. */
let movedAgain = false;

/** First retry after a failed REGISTER, doubled up to BACKOFF_MAX_MS. */
export const BACKOFF_START_MS: u32 = 30000;
export const BACKOFF_MAX_MS: u32 = 900000;

export function registrationSettings(primary: u32, primaryPort: u32, backup: u32, backupPort: u32, expiry: u32, keepaliveSeconds: u32, failuresBeforeFailover: i32): void {
  hasPrimary = primary != 0;
  hasBackup = backup != 0;
  if (hasPrimary) setPeerIPv4(PRIMARY, primary, primaryPort);
  if (hasBackup) setPeerIPv4(BACKUP, backup, backupPort);
  // The registrars are the station's trusted sources (txn/sources.ts).
  sourcesClear();
  if (hasPrimary) sourceAdd(PRIMARY);
  if (hasBackup) sourceAdd(BACKUP);
  expirySeconds = expiry > 0 ? expiry : 600;
  keepaliveMs = keepaliveSeconds * 1000;
  failureLimit = failuresBeforeFailover > 0 ? failuresBeforeFailover : 3;
}

export function registrationState(): i32 { return state; }
export function registrationUsesBackup(): bool { return usingBackup; }

function register(now: u32): void {
  state = REG_REGISTERING;
  if (!sendRegister(asked, now)) wait(now, 503);
}

function wait(now: u32, code: i32): void {
  state = REG_WAITING;
  movedAgain = false;
  backoffMs = backoffMs == 0 ? BACKOFF_START_MS : (backoffMs * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoffMs * 2);
  retryAt = now + backoffMs;
  appEvent(EV_UNREGISTERED, code, <i32>(backoffMs / 1000));
}

function use(backup: bool, now: u32): void {
  usingBackup = backup;
  setOutbound(backup ? BACKUP : PRIMARY);
  failures = 0;
  pinging = false;
  probing = false;
  keepaliveAt = now + keepaliveMs;
  probeAt = now + keepaliveMs;
  asked = expirySeconds;
  backoffMs = 0;
  movedAgain = false;
  register(now);
}

/** Starts registering with the primary registrar (no-op without one). */
export function registrationStart(now: u32): void {
  if (!hasPrimary) {
    state = REG_OFF;
    return;
  }
  use(false, now);
}

/** The final response to our REGISTER: `extra` is the expiry granted, or Min-Expires for a 423. */
export function onRegisterDone(code: i32, extra: i32, now: u32): void {
  if (state != REG_REGISTERING) return;
  if (code >= 200 && code < 300) {
    // Behind a NAT: the binding names an address nobody reaches; the Contact now names
    // the one the registrar saw. Once only: a NAT that moves again waits for the refresh.
    if (contactMoved() && !movedAgain) {
      movedAgain = true;
      register(now);
      return;
    }
    movedAgain = false;
    state = REG_REGISTERED;
    backoffMs = 0;
    const granted: u32 = extra > 0 ? <u32>extra : asked;
    refreshAt = now + refreshAfterMs(granted);
    appEvent(EV_REGISTERED, usingBackup ? 1 : 0, <i32>granted);
    return;
  }
  if (code == 423 && extra > 0 && <u32>extra > asked) {
    asked = <u32>extra; // §10.2.8: ask again with at least Min-Expires
    register(now);
    return;
  }
  wait(now, code);
}

/** The final response to a keepalive (`request`, ua/handler.ts, tells which registrar); 408 means none came. */
export function onOptionsDone(request: i32, code: i32, now: u32): void {
  if (request == REQUEST_OPTIONS_PRIMARY) {
    probing = false;
    // Any answer from the primary means it is back: return to it.
    if (code != 408 && usingBackup) {
      appEvent(EV_FAILOVER, 0, 0);
      use(false, now);
    }
    return;
  }
  if (request != REQUEST_OPTIONS) return;
  pinging = false;
  if (code != 408) {
    failures = 0;
    // No binding for the address-of-record (§21.4.5 404, §21.4.18 480): the registrar lost it.
    if ((code == 404 || code == 480) && state == REG_REGISTERED) {
      appEvent(EV_UNREGISTERED, code, 0);
      register(now);
    }
    return;
  }
  failures++;
  appEvent(EV_KEEPALIVE_LOST, failures, 0);
  if (failures >= failureLimit) {
    if (!usingBackup && hasBackup) {
      appEvent(EV_FAILOVER, 1, 0);
      use(true, now);
    } else if (usingBackup && hasPrimary) {
      appEvent(EV_FAILOVER, 0, 0);
      use(false, now);
    }
  }
}

export function registrationTick(now: u32): void {
  if (state == REG_REGISTERED && reached(refreshAt, now)) register(now);
  else if (state == REG_WAITING && reached(retryAt, now)) register(now);
  if (state == REG_OFF || keepaliveMs == 0) return;
  if (!pinging && reached(keepaliveAt, now)) {
    pinging = sendOptionsPing(now, OUTBOUND, REQUEST_OPTIONS, true);
    keepaliveAt = now + keepaliveMs;
  }
  if (usingBackup && hasPrimary && !probing && reached(probeAt, now)) {
    probing = sendOptionsPing(now, PRIMARY, REQUEST_OPTIONS_PRIMARY);
    probeAt = now + keepaliveMs;
  }
}

function earlier(best: i32, deadline: u32, now: u32): i32 {
  const d = <i32>until(deadline, now);
  return best < 0 || d < best ? d : best;
}

/** Milliseconds until registrationTick has work, or -1. */
export function registrationNextDeadline(now: u32): i32 {
  let best: i32 = -1;
  if (state == REG_REGISTERED) best = earlier(best, refreshAt, now);
  if (state == REG_WAITING) best = earlier(best, retryAt, now);
  if (state != REG_OFF && keepaliveMs > 0) {
    if (!pinging) best = earlier(best, keepaliveAt, now);
    if (usingBackup && hasPrimary && !probing) best = earlier(best, probeAt, now);
  }
  return best;
}

// The station stops (the host shuts it down, docs/board-abi.md): the binding
// is removed with a REGISTER whose Expires is 0 (RFC 3261 §10.2.2), so the
// registrar no longer routes calls to an address nobody answers. A REGISTER
// still on its way is answered first (§10.2: one REGISTER at a time per
// Call-ID), and the removal follows it. Nothing is refreshed or pinged after.
let leaving = false;
let leaveAfterAnswer = false;
let leaveInFlight = false;

/** Starts removing the binding (no-op unless registered or registering). */
export function registrationShutdown(now: u32): void {
  if (leaving) return;
  leaving = true;
  const was = state;
  state = REG_OFF;
  if (was == REG_REGISTERING) leaveAfterAnswer = true;
  else if (was == REG_REGISTERED) leaveInFlight = sendRegister(0, now);
}

/** After registrationShutdown: answers to REGISTER come here instead of onRegisterDone. */
export function registrationLeaving(): bool { return leaving; }

/** A final response to a REGISTER after registrationShutdown. */
export function onLeaveDone(now: u32): void {
  if (leaveAfterAnswer) {
    leaveAfterAnswer = false;
    leaveInFlight = sendRegister(0, now);
    return;
  }
  leaveInFlight = false;
}

/** After registrationShutdown: the removal (or the REGISTER it follows) is unanswered. */
export function registrationShutdownPending(): bool { return leaveAfterAnswer || leaveInFlight; }
