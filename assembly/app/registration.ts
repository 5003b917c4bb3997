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
// A registrar given by name is located first (RFC 3263, sip/locate/): its
// candidates are tried in order, the next at once after no answer or a 503
// (§4.3), and located again once its answers' TTL ran out.
// Over TCP (registrar.transport, RFC 3261 §18) the station opens one
// connection to the registrar in use and keeps it: REGISTER waits for it to
// open, every request to the registrar goes over it, and a connection that
// cannot be opened counts as a REGISTER without an answer (the back-off).
// Over TLS (RFC 3261 §26.2, RFC 5630) the same, the connection secured by
// the board, which checks the registrar's certificate against
// tlsServerName() (RFC 5922 §7.2); the Contact is sips: (build.ts).
// Without a configured transport (udp, the default) a name's NAPTR records
// may choose TCP (RFC 3263 §4.1): the located candidates' transport decides.
// Pure: every function takes `now` and acts through the UA.

import { reached, until } from "../runtime/time";
import { locateSet, locateLiteral, locateStale, locateStart, locateAnswer, locatePeer, locateNext, locateCount, locateName, locateNameLength, locateWant, locateTransport } from "../sip/locate/locate";
import { samePeer } from "../sip/txn/peer";
import { sourcesClear, sourceAdd } from "../sip/txn/sources";
import { setOutbound, OUTBOUND, identityText, ID_DOMAIN } from "../sip/ua/identity";
import { textData, textLength } from "../sip/ua/text";
import { TRANSPORT_TCP, TRANSPORT_TLS } from "./config/layout";
import { sendRegister, sendOptionsPing } from "../sip/ua/register";
import { REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY } from "../sip/ua/handler";
import { contactMoved } from "../sip/ua/nat";
import { refreshAfterMs } from "./refresh";
import { openStream } from "../sip/transport/select";
import { streamKeepOnly, setContactTransport, CONTACT_TCP, CONTACT_TLS } from "../sip/transport/streams";
import { appEvent, EV_REGISTERED, EV_UNREGISTERED, EV_FAILOVER, EV_KEEPALIVE_LOST } from "./events";


/**
 * The registrars and timings, copied from the configuration when it is applied
 * (registrationSettings); nothing else writes them. Before the first apply
 * they are zero: no primary, so registration stays off and none is read.
 */
// @ts-ignore: decorator
@unmanaged export class RegistrationSettings {
  hasPrimary: bool;
  hasBackup: bool;
  /** registrar.transport, backupRegistrar.transport: TRANSPORT_UDP, TRANSPORT_TCP or TRANSPORT_TLS (config/layout.ts). */
  primaryTransport: u8;
  backupTransport: u8;
  /** Expires asked for (§10.2.1.1); 600 when the configuration says 0. */
  expirySeconds: u32;
  /** 0: no keepalive. */
  keepaliveMs: u32;
  /** Unanswered keepalives before failover; 3 when the configuration says 0. */
  failureLimit: i32;
}
export const REGISTRATION_SETTINGS: usize = memory.data(<i32>offsetof<RegistrationSettings>(), 4);
// @ts-ignore: decorator
@inline function cfg(): RegistrationSettings { return changetype<RegistrationSettings>(REGISTRATION_SETTINGS); }

export const REG_OFF = 0;
export const REG_REGISTERING = 1;
export const REG_REGISTERED = 2;
export const REG_WAITING = 3; // failed; retrying after the back-off

/** Where registration stands; all zero is the state at start (registrationReset). */
// @ts-ignore: decorator
@unmanaged export class RegistrationState {
  /** REG_OFF .. REG_WAITING. */
  state: u8;
  usingBackup: bool;
  /** A keepalive OPTIONS to the outbound registrar is unanswered. */
  pinging: bool;
  /** An OPTIONS to the primary (while on the backup) is unanswered. */
  probing: bool;
  /** The REGISTER under way was sent because the previous 2xx showed a new address. */
  movedAgain: bool;
  /** registrationShutdown ran: answers to REGISTER go to onLeaveDone. */
  leaving: bool;
  /** The removal waits for the answer to the REGISTER under way. */
  leaveAfterAnswer: bool;
  /** The removal (Expires: 0) is unanswered. */
  leaveInFlight: bool;
  /** The registrar's name is being located (state REG_REGISTERING, no REGISTER sent yet). */
  resolving: bool;
  /** Keepalives unanswered in a row. */
  failures: i32;
  /** The Expires of the next REGISTER (raised by a 423's Min-Expires). */
  asked: u32;
  refreshAt: u32;
  retryAt: u32;
  backoffMs: u32;
  keepaliveAt: u32;
  probeAt: u32;
}
export const REGISTRATION_STATE: usize = memory.data(<i32>offsetof<RegistrationState>(), 4);
// @ts-ignore: decorator
@inline function reg(): RegistrationState { return changetype<RegistrationState>(REGISTRATION_STATE); }

/** Forgets where registration stood (the state at start); the settings stay. */
export function registrationReset(): void { memory.fill(REGISTRATION_STATE, 0, offsetof<RegistrationState>()); }

/** First retry after a failed REGISTER, doubled up to BACKOFF_MAX_MS. */
export const BACKOFF_START_MS: u32 = 30000;
export const BACKOFF_MAX_MS: u32 = 900000;

/** Where the settings write the primary (false) or backup (true) registrar's literal address (18-octet form), before registrationSettings. */
export function registrarPeer(backup: bool): usize { return locateLiteral(backup ? 1 : 0); }

/**
 * Each registrar is a literal address the settings wrote at registrarPeer() (`primary`, `backup` true), or
 * else a DNS name of `...NameLength` octets (the configuration's text; 0: none); its port 0 when none is
 * given (a literal: 5060; a name: SRV, RFC 3263 §4.2).
 */
export function registrationSettings(primary: bool, primaryName: usize, primaryNameLength: i32, primaryPort: u32,
  backup: bool, backupName: usize, backupNameLength: i32, backupPort: u32, expiry: u32, keepaliveSeconds: u32, failuresBeforeFailover: i32): void {
  const s = cfg();
  s.hasPrimary = primary || primaryNameLength > 0;
  s.hasBackup = backup || backupNameLength > 0;
  locateSet(0, primary, primaryName, primaryNameLength, primaryPort);
  locateSet(1, backup, backupName, backupNameLength, backupPort);
  trustRegistrars();
  s.expirySeconds = expiry > 0 ? expiry : 600;
  s.keepaliveMs = keepaliveSeconds * 1000;
  s.failureLimit = failuresBeforeFailover > 0 ? failuresBeforeFailover : 3;
}

/** The transports of the registrars (registrar.transport, backupRegistrar.transport): TRANSPORT_UDP, TRANSPORT_TCP or TRANSPORT_TLS. */
export function registrationTransports(primary: u32, backup: u32): void {
  cfg().primaryTransport = <u8>primary;
  cfg().backupTransport = <u8>backup;
  locateWant(0, <u8>primary); // RFC 3263 §4.1: a transport given is used (SRV of _sip._tcp or _sips._tcp.NAME)
  locateWant(1, <u8>backup);
}

/** How registrar `backup` is reached: as configured, or (udp, the default) as its name's NAPTR chose (RFC 3263 §4.1). */
function transportTo(backup: bool): u8 {
  const t = backup ? cfg().backupTransport : cfg().primaryTransport;
  return t != 0 ? t : locateTransport(backup ? 1 : 0);
}

/**
 * The name a registrar's certificate must match (RFC 5922 §7.2: the host part
 * of the URI the station resolved; RFC 3261 §26.2.1), as a text (ua/text.ts):
 * the configuration's domain, for a registrar the configuration gives as an
 * address (openTo uses the registrar's host name when it is given as a name).
 */
export function tlsServerName(): usize { return identityText(ID_DOMAIN); }

/** Which registrar `peer` is (its current candidate): 0 the primary, 1 the backup, -1 neither. */
export function registrarOf(peer: usize): i32 {
  if (locateCount(0) > 0 && samePeer(peer, locatePeer(0))) return 0;
  return locateCount(1) > 0 && samePeer(peer, locatePeer(1)) ? 1 : -1;
}

/**
 * A stream of the station's to registrar `which`'s candidate `peer` over `transport`; for TLS the certificate
 * must name the registrar's host name when the configuration gives one (RFC 5922 §7.2), else tlsServerName().
 * 0 when the board gives none.
 */
function openTo(peer: usize, transport: u8, which: i32, now: u32): i32 {
  if (transport != <u8>TRANSPORT_TLS) return openStream(peer, now);
  const len = locateNameLength(which);
  if (len > 0) return openStream(peer, now, locateName(which), len);
  const name = tlsServerName();
  return openStream(peer, now, textData(name), textLength(name));
}

export function registrationState(): i32 { return reg().state; }
export function registrationUsesBackup(): bool { return reg().usingBackup; }

/** The registrars' current candidates are the station's trusted sources (txn/sources.ts). */
function trustRegistrars(): void {
  sourcesClear();
  if (locateCount(0) > 0) sourceAdd(locatePeer(0));
  if (locateCount(1) > 0) sourceAdd(locatePeer(1));
}

function register(now: u32): void {
  const r = reg();
  r.state = <u8>REG_REGISTERING;
  // A name is located first (a stale answer still serves when the board cannot ask).
  r.resolving = locateStale(r.usingBackup ? 1 : 0, now) && locateStart(r.usingBackup ? 1 : 0, now);
  if (!r.resolving) send(now);
}

/** The REGISTER to the registrar's current candidate; none is a 503 (RFC 3263 §4.3; RFC 3261 §8.1.3.1). */
function send(now: u32): void {
  const peer = locatePeer(reg().usingBackup ? 1 : 0);
  if (peer == 0) { wait(now, 503); return; }
  trustRegistrars();
  setOutbound(peer);
  if (!connect(peer, now) || !sendRegister(reg().asked, now)) wait(now, 503);
}

/** Over TCP or TLS, the connection to the registrar's candidate `peer` (kept, docs/transports.md); false when the board gives none. */
function connect(peer: usize, now: u32): bool {
  const backup = reg().usingBackup;
  const transport = transportTo(backup);
  // §19.1.4: the Contact names the transport the registrar reaches the station by (RFC 5630 §3.1.1: sips: over TLS).
  setContactTransport(transport == <u8>TRANSPORT_TLS ? CONTACT_TLS : transport == <u8>TRANSPORT_TCP ? CONTACT_TCP : 0);
  if (transport == 0) {
    streamKeepOnly(0);
    return true;
  }
  if (openTo(peer, transport, backup ? 1 : 0, now) == 0) return false;
  streamKeepOnly(peer);
  return true;
}

/** The board's resolver answered (boardResolved): the REGISTER goes to the first candidate found (even one of TTL 0). */
export function registrationResolved(id: i32, status: i32, count: i32, now: u32): void {
  const which = locateAnswer(id, status, count, now);
  const r = reg();
  if (which < 0 || !r.resolving || which != (r.usingBackup ? 1 : 0)) return;
  r.resolving = false;
  send(now);
}

function wait(now: u32, code: i32): void {
  const r = reg();
  r.state = <u8>REG_WAITING;
  r.movedAgain = false;
  const b = r.backoffMs;
  const backoff = b == 0 ? BACKOFF_START_MS : (b * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : b * 2);
  r.backoffMs = backoff;
  r.retryAt = now + backoff;
  appEvent(EV_UNREGISTERED, code, <i32>(backoff / 1000));
}

function use(backup: bool, now: u32): void {
  const r = reg();
  const keepalive = cfg().keepaliveMs;
  r.usingBackup = backup;
  r.failures = 0;
  r.pinging = false;
  r.probing = false;
  r.keepaliveAt = now + keepalive;
  r.probeAt = now + keepalive;
  r.asked = cfg().expirySeconds;
  r.backoffMs = 0;
  r.movedAgain = false;
  register(now);
}

/** Starts registering with the primary registrar (no-op without one). */
export function registrationStart(now: u32): void {
  if (!cfg().hasPrimary) {
    reg().state = <u8>REG_OFF;
    return;
  }
  use(false, now);
}

/** The final response to our REGISTER: `extra` is the expiry granted, or Min-Expires for a 423. */
export function onRegisterDone(code: i32, extra: i32, now: u32): void {
  const r = reg();
  if (r.state != REG_REGISTERING) return;
  if (code >= 200 && code < 300) {
    // Behind a NAT: the binding names an address nobody reaches; the Contact now names
    // the one the registrar saw. Once only: a NAT that moves again waits for the refresh.
    if (contactMoved() && !r.movedAgain) {
      r.movedAgain = true;
      register(now);
      return;
    }
    r.movedAgain = false;
    r.state = <u8>REG_REGISTERED;
    r.backoffMs = 0;
    const granted: u32 = extra > 0 ? <u32>extra : r.asked;
    r.refreshAt = now + refreshAfterMs(granted);
    appEvent(EV_REGISTERED, r.usingBackup ? 1 : 0, <i32>granted);
    return;
  }
  if (code == 423 && extra > 0 && <u32>extra > r.asked) {
    r.asked = <u32>extra; // §10.2.8: ask again with at least Min-Expires
    register(now);
    return;
  }
  // §4.3 (RFC 3263): no answer (Timer F) or a 503: the registrar's next candidate, at once.
  if ((code == 408 || code == 503) && locateNext(r.usingBackup ? 1 : 0)) { register(now); return; }
  wait(now, code);
}

/** The final response to a keepalive (`request`, ua/handler.ts, tells which registrar); 408 means none came. */
export function onOptionsDone(request: i32, code: i32, now: u32): void {
  const r = reg();
  if (request == REQUEST_OPTIONS_PRIMARY) {
    r.probing = false;
    // Any answer from the primary means it is back: return to it.
    if (code != 408 && r.usingBackup) {
      appEvent(EV_FAILOVER, 0, 0);
      use(false, now);
    }
    return;
  }
  if (request != REQUEST_OPTIONS) return;
  r.pinging = false;
  if (code != 408) {
    r.failures = 0;
    // No binding for the address-of-record (§21.4.5 404, §21.4.18 480): the registrar lost it.
    if ((code == 404 || code == 480) && r.state == REG_REGISTERED) {
      appEvent(EV_UNREGISTERED, code, 0);
      register(now);
    }
    return;
  }
  const failures = r.failures + 1;
  r.failures = failures;
  appEvent(EV_KEEPALIVE_LOST, failures, 0);
  if (failures >= cfg().failureLimit) {
    if (!r.usingBackup && cfg().hasBackup) {
      appEvent(EV_FAILOVER, 1, 0);
      use(true, now);
    } else if (r.usingBackup && cfg().hasPrimary) {
      appEvent(EV_FAILOVER, 0, 0);
      use(false, now);
    }
  }
}

export function registrationTick(now: u32): void {
  const r = reg();
  const keepalive = cfg().keepaliveMs;
  if (r.state == REG_REGISTERED && reached(r.refreshAt, now)) register(now);
  else if (r.state == REG_WAITING && reached(r.retryAt, now)) register(now);
  if (r.state == REG_OFF || keepalive == 0) return;
  if (!r.pinging && reached(r.keepaliveAt, now)) {
    r.pinging = sendOptionsPing(now, OUTBOUND, REQUEST_OPTIONS, true);
    r.keepaliveAt = now + keepalive;
  }
  if (r.usingBackup && locateCount(0) > 0 && !r.probing && reached(r.probeAt, now)) {
    const t = transportTo(false);
    if (t != 0) openTo(locatePeer(0), t, 0, now); // the probe goes as the primary is reached: over TCP or TLS when so configured or located
    r.probing = sendOptionsPing(now, locatePeer(0), REQUEST_OPTIONS_PRIMARY);
    r.probeAt = now + keepalive;
  }
}

function earlier(best: i32, deadline: u32, now: u32): i32 {
  const d = <i32>until(deadline, now);
  return best < 0 || d < best ? d : best;
}

/** Milliseconds until registrationTick has work, or -1. */
export function registrationNextDeadline(now: u32): i32 {
  const r = reg();
  let best: i32 = -1;
  if (r.state == REG_REGISTERED) best = earlier(best, r.refreshAt, now);
  if (r.state == REG_WAITING) best = earlier(best, r.retryAt, now);
  if (r.state != REG_OFF && cfg().keepaliveMs > 0) {
    if (!r.pinging) best = earlier(best, r.keepaliveAt, now);
    if (r.usingBackup && cfg().hasPrimary && !r.probing) best = earlier(best, r.probeAt, now);
  }
  return best;
}

// The station stops (the host shuts it down, docs/board-abi.md): the binding
// is removed with a REGISTER whose Expires is 0 (RFC 3261 §10.2.2), so the
// registrar no longer routes calls to an address nobody answers. A REGISTER
// still on its way is answered first (§10.2: one REGISTER at a time per
// Call-ID), and the removal follows it. Nothing is refreshed or pinged after.

/** Starts removing the binding (no-op unless registered or registering). */
export function registrationShutdown(now: u32): void {
  const r = reg();
  if (r.leaving) return;
  r.leaving = true;
  const was = r.state;
  r.state = <u8>REG_OFF;
  if (was == REG_REGISTERING) r.leaveAfterAnswer = true;
  else if (was == REG_REGISTERED) r.leaveInFlight = sendRegister(0, now);
}

/** After registrationShutdown: answers to REGISTER come here instead of onRegisterDone. */
export function registrationLeaving(): bool { return reg().leaving; }

/** A final response to a REGISTER after registrationShutdown. */
export function onLeaveDone(now: u32): void {
  const r = reg();
  if (r.leaveAfterAnswer) {
    r.leaveAfterAnswer = false;
    r.leaveInFlight = sendRegister(0, now);
    return;
  }
  r.leaveInFlight = false;
}

/** After registrationShutdown: the removal (or the REGISTER it follows) is unanswered. */
export function registrationShutdownPending(): bool { const r = reg(); return r.leaveAfterAnswer || r.leaveInFlight; }
