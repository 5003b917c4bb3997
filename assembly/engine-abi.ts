// The test build's exports (build/engine.wasm): everything the release module
// exports (index.ts), and the SIP engine's own entry points, which drive the
// stack without the intercom (docs/board-abi.md, "the SIP engine"; the host's
// SipEngine, host/sip-engine.ts). Tests, benchmarks and the simulator's
// apartment use them; a board never gets them: with both, it could drive the
// station two ways. The same sources and the same optimisation as the release
// module, so what a test proves here of the stack holds there.

export * from "./index";
import { engineReceive, engineTick, engineNextDeadline, beginEngineCall } from "./sip/ua/engine";
import * as txnOutbox from "./sip/txn/outbox";
import * as uaEvents from "./sip/ua/events";
import * as uaUac from "./sip/ua/uac";
import * as uaUas from "./sip/ua/uas";
import * as uaIdentity from "./sip/ua/identity";
import * as uaCalls from "./sip/ua/calls";
import { setLocalSdp } from "./sip/ua/session";
import { seedRandom } from "./sip/ua/random";
import { setTimerBase } from "./sip/txn/clock";
import * as uaRegister from "./sip/ua/register";
import { REQUEST_OPTIONS } from "./sip/ua/handler";
import { admitAnyone } from "./sip/ua/admit";

/** A datagram of `len` octets is in the receive buffer: run the whole engine on it. Returns the parse verdict. */
export function sipReceive(len: i32, now: u32): i32 { return engineReceive(len, now); }
/** Runs the timers due at `now` (milliseconds, wrapping u32). */
export function sipTick(now: u32): void { engineTick(now); }
/** Milliseconds until sipTick is next needed, or -1. */
export function sipNextDeadline(now: u32): i32 { return engineNextDeadline(now); }

export function outboxCount(): i32 { return txnOutbox.outboxCount(); }
export function outboxData(i: i32): usize { return txnOutbox.outboxData(i); }
export function outboxLength(i: i32): i32 { return txnOutbox.outboxLength(i); }
export function outboxPeer(i: i32): usize { return txnOutbox.outboxPeer(i); }

export function uaEventCount(): i32 { return uaEvents.uaEventCount(); }
export function uaEventKind(i: i32): i32 { return uaEvents.uaEventKind(i); }
export function uaEventCall(i: i32): i32 { return uaEvents.uaEventCall(i); }
export function uaEventCode(i: i32): i32 { return uaEvents.uaEventCode(i); }
export function uaEventExtra(i: i32): i32 { return uaEvents.uaEventExtra(i); }
export function uaEventData(i: i32): usize { return uaEvents.uaEventData(i); }
export function uaEventDataLength(i: i32): i32 { return uaEvents.uaEventDataLength(i); }

// Configuration, written by the host through one scratch buffer.
const SCRATCH_CAPACITY = 2048;
const SCRATCH: usize = memory.data(SCRATCH_CAPACITY);
/** A buffer for the host to pass strings and addresses in (2048 octets). */
export function configBuffer(): usize { return SCRATCH; }
/** Sets identity field `id` (1 user, 2 domain, 3 display name, 4 local host, 5 auth user, 6 password) from the buffer. */
export function setIdentityField(id: i32, len: i32): bool { return len >= 0 && len <= SCRATCH_CAPACITY && uaIdentity.setIdentity(id, SCRATCH, len); }
export function setLocalPort(port: u32): void { uaIdentity.setLocalPort(port); }
/** The outbound proxy: the 18-octet address in the buffer. */
export function setOutboundProxy(): void { uaIdentity.setOutbound(SCRATCH); }
/** The UA keeps where its offer is, so the engine keeps its own copy of the one the host sets. */
const SDP_CAPACITY = 1024;
const SDP: usize = memory.data(SDP_CAPACITY);
export function setSessionDescription(len: i32): bool {
  if (len < 0 || len > SDP_CAPACITY) return false;
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(SDP + i, load<u8>(SCRATCH + i));
  return setLocalSdp(SDP, len);
}
export function seed(a: u32, b: u32, c: u32, d: u32): void { seedRandom(a, b, c, d); }
export function setTimers(t1: u32, t2: u32, t4: u32): void { setTimerBase(t1, t2, t4); }
/** A plain UA: every new INVITE and SUBSCRIBE is admitted as if the PBX sent it (sip/ua/admit.ts); the station never calls this. */
export function sipAdmitAnyone(): void { admitAnyone(true); }

/** Calls the SIP URI in the buffer [0, uriLen) through the 18-octet address at buffer + 1024. The call, or -1. */
export function callStart(uriLen: i32, now: u32): i32 {
  beginEngineCall();
  if (uriLen <= 0 || uriLen > 1000) return -1;
  return uaUac.startCall(SCRATCH, uriLen, SCRATCH + 1024, now);
}
export function callHangup(c: i32, now: u32): void {
  beginEngineCall();
  if (uaCalls.role(c) == uaCalls.ROLE_UAS) uaUas.hangUpIncoming(c, now);
  else uaUac.hangUpOutgoing(c, now);
}
export function callRing(c: i32, earlyMedia: bool, now: u32): bool { beginEngineCall(); return uaUas.ringIncoming(c, now, earlyMedia); }
export function callAnswer(c: i32, now: u32): bool { beginEngineCall(); return uaUas.answerIncoming(c, now); }
export function callReject(c: i32, code: i32, now: u32): bool { beginEngineCall(); return uaUas.rejectIncoming(c, code, now); }
/** Sends the buffer [0, len) as an INFO body of type application/dtmf-relay in call c. */
export function callInfo(c: i32, len: i32, now: u32): bool {
  beginEngineCall();
  return len >= 0 && len <= SCRATCH_CAPACITY && uaUac.sendInfo(c, now, SCRATCH, len, changetype<usize>("application/dtmf-relay"));
}
export function callReinvite(c: i32, now: u32): bool { beginEngineCall(); return uaUac.sendReinvite(c, now); }
export function callUpdate(c: i32, now: u32): bool { beginEngineCall(); return uaUac.sendUpdate(c, now); }
export function callStateOf(c: i32): i32 { return <i32>uaCalls.callState(c); }
export function activeCalls(): i32 { return uaCalls.activeCalls(); }
/** REGISTER the address-of-record for `expires` seconds through the outbound proxy; answered as UA_REQUEST_DONE with call REQUEST_REGISTER (100). */
export function registerSend(expires: u32, now: u32): bool { beginEngineCall(); return uaRegister.sendRegister(expires, now); }
/** OPTIONS keepalive to the registrar through the outbound proxy; answered as UA_REQUEST_DONE with call REQUEST_OPTIONS (101). */
export function optionsPing(now: u32): bool { beginEngineCall(); return uaIdentity.hasOutbound && uaRegister.sendOptionsPing(now, uaIdentity.OUTBOUND, REQUEST_OPTIONS); }
