// The intercom's entry points: start-up, a datagram, the clock, a key, an
// input, the shutdown. Each runs in the same frame (enter, then leave): empty
// queues, the SIP engine and the intercom's modules, the UA's events
// handled, then the datagrams to send and the outputs to drive handed to the
// board. Nothing blocks.

import { engineReceive, engineTick, engineNextDeadline, beginEngineCall, queuedCount, queuedData, queuedLength, queuedPeer } from "../sip/ua/engine";
import * as UE from "../sip/ua/events";
import { M_INFO, M_NOTIFY } from "../sip/msg/methods";
import { seedRandom } from "../sip/ua/random";
import { boardSend, boardMediaSend, boardOutput, boardRandom, boardConfigRead, boardLog, boardRetainedRead, boardRetainedWrite, RETAINED_MAX, OUTPUT_STATUS_LED, OUTPUT_CALL_LED } from "../board/imports";
import { appEventsReset, appEvent, appEventCount, appEventKind, appEventA, appEventB, EV_ALARM, EV_CALL, EV_CONFIG, EV_RELAY, EV_DOOR, EV_DOOR_HELD_OPEN, EV_SUBSCRIBERS, CALL_ENDED } from "./events";
import { loadConfigBlock, applyConfig, configMessage, configMessageLength } from "./settings";
import * as S from "./settings";
import * as R from "./registration";
import * as B from "./buttons";
import * as D from "./dialing";
import * as K from "./keypad";
import * as IN from "./incoming";
import * as DC from "./doorcall";
import * as TR from "./transfer";
import * as AL from "./alarms";
import * as PR from "./presence";
import * as V from "./voice/media";
import * as VS from "./voice/session";
import { app } from "./state";
import { MAX_CALLS, FREE, ENDING, ROLE_UAC, ROLE_UAS, callState, role, activeCalls } from "../sip/ua/calls";
import { hangUpOutgoing } from "../sip/ua/uac";
import { hangUpIncoming } from "../sip/ua/uas";
import { REQUEST_REGISTER, REQUEST_OPTIONS, REQUEST_OPTIONS_PRIMARY, REQUEST_MESSAGE, REQUEST_PUBLISH } from "../sip/ua/handler";
import { bodyData } from "../sip/ua/body";
import { notifyChanges } from "../sip/ua/notifier";
import { relayTick, relayNextDeadline, relayChangeCount, relayChangeRelay, relayChangeOn, relayChangesClear } from "./door/relay";
import { guardRestore, guardChanged, guardSave, GUARD_RECORD } from "./door/guard";
import { sensorSet, sensorTick, sensorNextDeadline, sensorEventCount, sensorEvent, sensorEventsClear, SENSOR_OPENED, SENSOR_CLOSED, SENSOR_HELD_OPEN } from "./door/sensor";

const CONFIG_CAPACITY = 4096;
const CONFIG: usize = memory.data(CONFIG_CAPACITY);
const SEED: usize = memory.data(16);
const RETAINED: usize = memory.data(RETAINED_MAX); // the lockout's record (door/guard.ts), kept by the board

function sendFrom(first: i32): i32 {
  for (let i = first; i < queuedCount(); i++) boardSend(queuedData(i), queuedLength(i), queuedPeer(i));
  return queuedCount();
}

/** The call's RTP and RTCP of this entry point (voice/media.ts). */
function sendMedia(): void {
  for (let ch = V.CHANNEL_RTP; ch <= V.CHANNEL_RTCP; ch++) {
    const n = V.mediaOutLength(ch);
    if (n > 0) boardMediaSend(V.mediaOutData(ch), n, V.mediaOutPeer(ch), ch);
  }
  V.mediaOutClear();
}

function flush(now: u32): void {
  notifyChanges(now); // the dialog state after the app's own actions (RFC 4235 subscribers)
  const sent = sendFrom(0);
  sendMedia();
  for (let i = 0; i < relayChangeCount(); i++) {
    boardOutput(relayChangeRelay(i), relayChangeOn(i) ? 1 : 0);
    appEvent(EV_RELAY, relayChangeRelay(i), relayChangeOn(i) ? 1 : 0);
  }
  relayChangesClear();
  for (let i = 0; i < sensorEventCount(); i++) {
    const e = sensorEvent(i);
    if (e == SENSOR_OPENED) appEvent(EV_DOOR, 1, 0);
    else if (e == SENSOR_CLOSED) appEvent(EV_DOOR, 0, 0);
    else if (e == SENSOR_HELD_OPEN) appEvent(EV_DOOR_HELD_OPEN, 0, 0);
  }
  sensorEventsClear();
  K.lockoutReport(now); // a lock may come from the codes of a call, or end, or be restored at start
  if (guardChanged() && guardSave(RETAINED, now)) boardRetainedWrite(RETAINED, GUARD_RECORD);
  AL.alarmsFromEvents(appEventCount(), now); // the door held open, the lockout, a call nobody answered
  const registered = R.registrationState() == R.REG_REGISTERED;
  const inCall = D.dialingActive() || IN.answeredIncoming() >= 0 || IN.ringingIncoming() >= 0 || TR.transferActive();
  PR.presenceUpdate(inCall, registered, now); // RFC 3903: the state, once registered, and each change
  sendFrom(sent);
  for (let i = 0; i < appEventCount(); i++) {
    if (appEventKind(i) == EV_ALARM && appEventB(i) >= 300) boardLog(1, bodyData(), AL.alarmFailureText(appEventA(i), appEventB(i)));
  }
  if (registered != app().lastRegistered) boardOutput(OUTPUT_STATUS_LED, registered ? 1 : 0);
  app().lastRegistered = registered;
  if (inCall != app().lastInCall) boardOutput(OUTPUT_CALL_LED, inCall ? 1 : 0);
  app().lastInCall = inCall;
}

function callGone(c: i32, code: i32, now: u32): void {
  if (c == V.mediaCall()) V.mediaStop(V.ENDED_CALL, now);
  VS.voiceGone(c);
  const wasIncoming = IN.answeredIncoming() == c;
  if (D.isOurLeg(c)) D.onLegGone(c, code, now);
  if (IN.incomingGone(c) && wasIncoming) appEvent(EV_CALL, CALL_ENDED, code);
  TR.onTransferCallGone(c, code, now);
  if (!D.dialingActive() && IN.answeredIncoming() < 0 && TR.transferConnected() < 0) {
    K.keypadCallEnded();
    DC.doorCallEnded();
  }
}

// UA events already handled in this call into the firmware: the app's own
// actions (a BYE that cannot start, a call that fails at once) raise events
// after the engine's, and those must be handled too, once.

/** What the UA reported since the last look (the engine's call, then the app's actions, and what handling those raised), in order. */
function handleUaEvents(now: u32): void {
  // The queue only grows within a call and holds a bounded number (ua/events.ts): this ends.
  let i: i32 = app().handled;
  for (; i < UE.uaEventCount(); i++) handleUaEvent(i, now); // never re-enters handleUaEvents
  app().handled = <u8>i;
}

/** Every entry point starts so: an empty outbox and event queues, no UA event handled yet. */
function enter(): void {
  beginEngineCall();
  appEventsReset();
  app().handled = 0;
}

/** And ends so: the UA's events not yet handled, then what is to send and drive (flush). */
function leave(now: u32): void {
  handleUaEvents(now);
  flush(now);
}

function handleUaEvent(i: i32, now: u32): void {
  const c = UE.uaEventCall(i);
  const code = UE.uaEventCode(i);
  switch (UE.uaEventKind(i)) {
    case UE.UA_INCOMING:
      // RFC 3264 §6: the offer is answered first (the 200 may follow at once); nothing usable in it: 488.
      IN.onIncoming(c, UE.uaEventExtra(i), VS.voiceIncoming(c, UE.uaEventData(i), UE.uaEventDataLength(i)), now);
      break;
    case UE.UA_PROGRESS:
      D.onLegProgress(c);
      VS.voiceProgress(c, UE.uaEventData(i), UE.uaEventDataLength(i)); // an answer in a 183 (RFC 3262, early media)
      break;
    case UE.UA_ANSWERED:
      if (D.isOurLeg(c)) D.onLegAnswered(c, now);
      else if (role(c) == ROLE_UAC) TR.onTransferAnswered(c, now);
      // The answer in a 2xx to our INVITE, or the one we gave: the audio starts; an unusable answer ends the call.
      if (VS.voiceEstablished(c, role(c) == ROLE_UAS, UE.uaEventData(i), UE.uaEventDataLength(i), now) != 0) DC.endCall(c, now);
      break;
    case UE.UA_SUBSCRIPTIONS: appEvent(EV_SUBSCRIBERS, code, 0); break;
    case UE.UA_REFER: TR.onRefer(c, UE.uaEventData(i), UE.uaEventDataLength(i), now); break;
    case UE.UA_ENDED: case UE.UA_FAILED: callGone(c, code, now); break;
    case UE.UA_INFO: DC.onCallInfo(c, code, UE.uaEventData(i), UE.uaEventDataLength(i), now); break;
    case UE.UA_REQUEST_DONE: requestDone(c, code, UE.uaEventExtra(i), now); break;
  }
}

/** A request got its final answer (408: none came): `c` names a request outside calls (ua/handler.ts), else it is a call and `extra` the method. */
function requestDone(c: i32, code: i32, extra: i32, now: u32): void {
  switch (c) {
    case REQUEST_MESSAGE: AL.onAlarmDone(code, now); break;
    case REQUEST_PUBLISH: PR.onPublishDone(code, extra, now); break;
    case REQUEST_REGISTER:
      if (R.registrationLeaving()) R.onLeaveDone(now);
      else R.onRegisterDone(code, extra, now);
      break;
    case REQUEST_OPTIONS: case REQUEST_OPTIONS_PRIMARY: R.onOptionsDone(c, code, now); break;
    default:
      if (extra == M_INFO) K.onInfoDone(c, now);
      else if (extra == M_NOTIFY) TR.onNotifyDone(c, now);
  }
}

/** Start-up: entropy, the configuration block (or safe defaults), registration. */
export function appStart(now: u32): void {
  enter();
  boardRandom(SEED, 16);
  seedRandom(load<u32>(SEED), load<u32>(SEED + 4), load<u32>(SEED + 8), load<u32>(SEED + 12));
  const len = boardConfigRead(CONFIG, CONFIG_CAPACITY);
  const result = loadConfigBlock(CONFIG, len > CONFIG_CAPACITY ? CONFIG_CAPACITY : len);
  appEvent(EV_CONFIG, result, 0);
  if (configMessageLength() > 0) boardLog(result == 2 ? 0 : 2, configMessage(), configMessageLength());
  applyConfig();
  guardRestore(RETAINED, boardRetainedRead(RETAINED, RETAINED_MAX), now); // a lockout survives the restart; a record only ever locks
  R.registrationStart(now);
  leave(now);
}

export function appDatagram(len: i32, now: u32): i32 {
  enter();
  const verdict = engineReceive(len, now);
  leave(now);
  return verdict;
}

export function appTick(now: u32): void {
  enter();
  engineTick(now);
  handleUaEvents(now); // the engine's timeouts, before the intercom's own timers act
  R.registrationTick(now);
  B.buttonsTick(now);
  for (let i = 0; i < B.pressesCount(); i++) {
    const b = B.pressedButton(i);
    if (TR.transferActive() && !D.dialingActive()) TR.transferHangup(now); // the visitor ends the transferred call
    else if (b == B.HANGUP_KEY) D.dialHangup(now);
    else if (b == S.answerKey() && IN.ringingIncoming() >= 0) IN.answerRinging(now); // only a configured answer key answers
    else D.dialPress(b, now);
  }
  D.dialingTick(now);
  IN.incomingTick(now);
  K.keypadTick(now);
  DC.doorCallTick(now);
  const silent = V.mediaTimedOut(now); // RTP stopped: the call is over (its BYE says why)
  if (silent >= 0) {
    V.mediaStop(V.ENDED_RTP_TIMEOUT, now);
    DC.endCall(silent, now);
  }
  TR.transferTick(now);
  relayTick(now);
  sensorTick(now);
  PR.presenceTick(now);
  leave(now);
}

function earliest(a: i32, b: i32): i32 { return a < 0 ? b : b < 0 ? a : (a < b ? a : b); }

export function appNextDeadline(now: u32): i32 {
  let d = engineNextDeadline(now);
  d = earliest(d, R.registrationNextDeadline(now));
  d = earliest(d, B.buttonsNextDeadline(now));
  d = earliest(d, D.dialingNextDeadline(now));
  d = earliest(d, IN.incomingNextDeadline(now));
  d = earliest(d, K.keypadNextDeadline(now));
  d = earliest(d, DC.doorCallNextDeadline(now));
  d = earliest(d, TR.transferNextDeadline(now));
  d = earliest(d, relayNextDeadline(now));
  d = earliest(d, PR.presenceNextDeadline(now));
  d = earliest(d, V.mediaNextDeadline(now));
  return earliest(d, sensorNextDeadline(now));
}

/** A key: ASCII 0-9 * # for the keypad (on press), 0x100+i for call button i, 0x108 the hang-up key (edges). */
export function appKey(key: i32, down: bool, now: u32): void {
  enter();
  if (key >= 0x100 && key < 0x100 + B.MAX_BUTTONS) B.buttonEdge(key - 0x100, down, now);
  else if (down && ((key >= 0x30 && key <= 0x39) || key == 0x2a || key == 0x23)) K.keypadKey(<u32>key, now);
  leave(now);
}

/** A datagram on the media sockets (RTP 0, RTCP 1): a telephone-event's key goes to the door code like INFO's. */
export function appMedia(len: i32, channel: i32, now: u32): void {
  enter();
  const key = V.mediaDatagram(len, channel, now);
  if (key != 0) DC.onCallDigit(V.mediaCall(), key, now);
  leave(now);
}

/** The board's 20 ms audio clock (voice/media.ts): 1 while a call's audio is on. */
export function appAudio(now: u32): i32 {
  enter();
  const on = V.mediaAudio(now);
  leave(now);
  return on;
}

/** An input changed: 0 the door sensor (1 open). */
export function appInput(input: i32, level: i32, now: u32): void {
  enter();
  if (input == 0) sensorSet(level != 0, now);
  leave(now);
}

/**
 * The station is about to stop (the host shuts it down): its calls end (BYE
 * for a confirmed dialog, CANCEL for one still ringing out, RFC 3261 §15 and
 * §9.1; a call ringing in is declined), its binding is removed (REGISTER
 * Expires: 0, §10.2.2) and what it published is withdrawn (PUBLISH Expires:
 * 0, RFC 3903 §4.5). The host keeps the station running while
 * appShutdownPending() is true, or gives up.
 */
export function appShutdown(now: u32): void {
  enter();
  D.dialHangup(now); // the dialing stops: no next target rings after its leg ends
  for (let c = 0; c < MAX_CALLS; c++) {
    if (callRole(c) == ROLE_UAC) hangUpOutgoing(c, now);
    else if (callRole(c) == ROLE_UAS) hangUpIncoming(c, now);
  }
  R.registrationShutdown(now);
  PR.presenceShutdown(now);
  leave(now);
}

function callRole(c: i32): u8 {
  const s = callState(c);
  return s == FREE || s == ENDING ? 0 : role(c);
}

/** After appShutdown: its last words are unanswered (a BYE or CANCEL, the removal of the binding, presence.ts). */
export function appShutdownPending(): bool {
  return activeCalls() > 0 || R.registrationShutdownPending() || PR.presenceShutdownPending();
}
