// The firmware module's exports: the board ABI (docs/board-abi.md).
// This file only forwards; each concern lives in its own layer.

import "./board/fault";
import { RX, RX_CAPACITY, TX, TX_CAPACITY } from "./sip/msg/buffers";
import { parseMessage } from "./sip/msg/parser";
import * as M from "./sip/msg/message";
import { respondStateless } from "./sip/msg/response";
import { headerHashCollisions } from "./sip/msg/header-names";

/** Where the host writes a received datagram. */
export function rxBuffer(): usize { return RX; }
export function rxCapacity(): i32 { return RX_CAPACITY; }

/** Parses the `len` octets in the receive buffer: 0 when valid, otherwise the status code to answer with. */
export function parse(len: i32): i32 { return parseMessage(len); }

/** Field `id` of the parsed message: offset in the receive buffer (-1 when absent) and length. */
export function fieldStart(id: i32): i32 { return M.fieldStart(id); }
export function fieldLength(id: i32): i32 { return M.fieldLength(id); }

/** The reason phrase of the verdict (absolute address and length). */
export function reasonStart(): usize { return M.reasonPtr(); }
export function reasonLength(): i32 { return M.reasonLength; }

/** Numbers of the parsed message (-1 when absent). */
export function statusCode(): i32 { return M.isRequest ? -1 : M.statusCode; }
export function methodId(): i32 { return M.isRequest ? M.method : -1; }
export function cseqNumber(): i32 { return M.hasField(M.F_CSEQ_NUMBER) ? <i32>M.cseqNumber : -1; }
export function contentLength(): i32 { return M.contentLength; }
export function expires(): i64 { return M.expires; }
export function maxForwards(): i32 { return M.maxForwards; }

/** The header lines of the parsed message, in order. */
export function headerCount(): i32 { return M.headerCount; }
export function headerId(i: i32): i32 { return M.headerId(i); }
export function headerNameStart(i: i32): i32 { return M.headerNameStart(i); }
export function headerNameLength(i: i32): i32 { return M.headerNameLength(i); }
export function headerValueStart(i: i32): i32 { return M.headerValueStart(i); }
export function headerValueLength(i: i32): i32 { return M.headerValueLength(i); }

/** Where outgoing messages are built. */
export function txBuffer(): usize { return TX; }
export function txCapacity(): i32 { return TX_CAPACITY; }

/** Writes the stateless response `code` to the parsed request into the transmit buffer: its length, or -1. */
export function respond(code: i32): i32 { return respondStateless(code); }

/** Self-checks for tests: header-name hash collisions (must be 0), allocation attempts (must stay 0). */
export function selfCheckHashCollisions(): i32 { return headerHashCollisions(); }
export function allocationAttempts(): u32 { return __allocationAttempts; }

// ---- The SIP engine (docs/board-abi.md, "SIP engine") ----
import { engineReceive, engineTick, engineNextDeadline, beginEngineCall } from "./sip/ua/engine";
import { RX_PEER } from "./sip/txn/peer";
import * as OB from "./sip/txn/outbox";
import * as UE from "./sip/ua/events";
import * as UA from "./sip/ua/uac";
import * as US from "./sip/ua/uas";
import * as ID from "./sip/ua/identity";
import * as CL from "./sip/ua/calls";
import { setLocalSdp } from "./sip/ua/session";
import { seedRandom } from "./sip/ua/random";
import { setTimerBase } from "./sip/txn/clock";
import { activeCount } from "./sip/txn/table";
import * as SV from "./sip/txn/server";
import * as RG from "./sip/ua/register";
import { REQUEST_OPTIONS } from "./sip/ua/handler";
import { admitAnyone } from "./sip/ua/admit";

/** Where the host writes the source address of a received datagram (16 address octets, IPv4 mapped, and a port). */
export function rxPeer(): usize { return RX_PEER; }
/** A datagram of `len` octets is in the receive buffer: run the whole engine on it. Returns the parse verdict. */
export function sipReceive(len: i32, now: u32): i32 { return engineReceive(len, now); }
/** Runs the timers due at `now` (milliseconds, wrapping u32). */
export function sipTick(now: u32): void { engineTick(now); }
/** Milliseconds until sipTick is next needed, or -1. */
export function sipNextDeadline(now: u32): i32 { return engineNextDeadline(now); }

export function outboxCount(): i32 { return OB.outboxCount(); }
export function outboxData(i: i32): usize { return OB.outboxData(i); }
export function outboxLength(i: i32): i32 { return OB.outboxLength(i); }
export function outboxPeer(i: i32): usize { return OB.outboxPeer(i); }

export function uaEventCount(): i32 { return UE.uaEventCount(); }
export function uaEventKind(i: i32): i32 { return UE.uaEventKind(i); }
export function uaEventCall(i: i32): i32 { return UE.uaEventCall(i); }
export function uaEventCode(i: i32): i32 { return UE.uaEventCode(i); }
export function uaEventExtra(i: i32): i32 { return UE.uaEventExtra(i); }
export function uaEventData(i: i32): usize { return UE.uaEventData(i); }
export function uaEventDataLength(i: i32): i32 { return UE.uaEventDataLength(i); }

// Configuration, written by the host through one scratch buffer.
const SCRATCH_CAPACITY = 2048;
const SCRATCH: usize = memory.data(SCRATCH_CAPACITY);
/** A buffer for the host to pass strings and addresses in (2048 octets). */
export function configBuffer(): usize { return SCRATCH; }
/** Sets identity field `id` (1 user, 2 domain, 3 display name, 4 local host, 5 auth user, 6 password) from the buffer. */
export function setIdentityField(id: i32, len: i32): bool { return len >= 0 && len <= SCRATCH_CAPACITY && ID.setIdentity(id, SCRATCH, len); }
export function setLocalPort(port: u32): void { ID.setLocalPort(port); }
/** The outbound proxy: the 18-octet address in the buffer. */
export function setOutboundProxy(): void { ID.setOutbound(SCRATCH); }
export function setSessionDescription(len: i32): bool { return len <= SCRATCH_CAPACITY && setLocalSdp(SCRATCH, len); }
export function seed(a: u32, b: u32, c: u32, d: u32): void { seedRandom(a, b, c, d); }
export function setTimers(t1: u32, t2: u32, t4: u32): void { setTimerBase(t1, t2, t4); }
/** A plain UA: every new INVITE and SUBSCRIBE is admitted as if the PBX sent it (sip/ua/admit.ts); the station never calls this. */
export function sipAdmitAnyone(): void { admitAnyone(true); }

/** Calls the SIP URI in the buffer [0, uriLen) through the 18-octet address at buffer + 1024. The call, or -1. */
export function callStart(uriLen: i32, now: u32): i32 {
  beginEngineCall();
  if (uriLen <= 0 || uriLen > 1000) return -1;
  return UA.startCall(SCRATCH, uriLen, SCRATCH + 1024, now);
}
export function callHangup(c: i32, now: u32): void {
  beginEngineCall();
  if (CL.role(c) == CL.ROLE_UAS) US.hangUpIncoming(c, now);
  else UA.hangUpOutgoing(c, now);
}
export function callRing(c: i32, earlyMedia: bool, now: u32): bool { beginEngineCall(); return US.ringIncoming(c, now, earlyMedia); }
export function callAnswer(c: i32, now: u32): bool { beginEngineCall(); return US.answerIncoming(c, now); }
export function callReject(c: i32, code: i32, now: u32): bool { beginEngineCall(); return US.rejectIncoming(c, code, now); }
/** Sends the buffer [0, len) as an INFO body of type application/dtmf-relay in call c. */
export function callInfo(c: i32, len: i32, now: u32): bool {
  beginEngineCall();
  return len >= 0 && len <= SCRATCH_CAPACITY && UA.sendInfo(c, now, SCRATCH, len, changetype<usize>("application/dtmf-relay"));
}
export function callReinvite(c: i32, now: u32): bool { beginEngineCall(); return UA.sendReinvite(c, now); }
export function callUpdate(c: i32, now: u32): bool { beginEngineCall(); return UA.sendUpdate(c, now); }
export function callStateOf(c: i32): i32 { return <i32>CL.callState(c); }
export function activeCalls(): i32 { return CL.activeCalls(); }
export function activeTransactions(): i32 { return activeCount(); }
/** Requests dropped since start: no answer could be built or sent (txn/server.ts). */
export function droppedRequests(): u32 { return SV.droppedRequests(); }
/** REGISTER the address-of-record for `expires` seconds through the outbound proxy; answered as UA_REQUEST_DONE with call REQUEST_REGISTER (100). */
export function registerSend(expires: u32, now: u32): bool { beginEngineCall(); return RG.sendRegister(expires, now); }
/** OPTIONS keepalive to the registrar through the outbound proxy; answered as UA_REQUEST_DONE with call REQUEST_OPTIONS (101). */
export function optionsPing(now: u32): bool { beginEngineCall(); return ID.hasOutbound && RG.sendOptionsPing(now, ID.OUTBOUND, REQUEST_OPTIONS); }

// ---- The intercom's board entry points (board/abi.ts) ----
export * from "./board/abi";
import { appShutdown, appShutdownPending } from "./app/main";
/** The station is about to stop: it withdraws what it published (docs/board-abi.md); keep ticking while boardShutdownPending is 1, or give up. */
export function boardShutdown(now: u32): void { appShutdown(now); }
/** After boardShutdown: 1 while its last words (the presence removal, or a PUBLISH it follows) are unanswered, else 0. */
export function boardShutdownPending(): i32 { return appShutdownPending() ? 1 : 0; }
