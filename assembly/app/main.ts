// The intercom's entry points: start-up, a datagram, the clock, a key, an
// input, the shutdown. Each runs in the same frame (enter, then leave): empty
// queues, the SIP engine and the intercom's modules, the UA's events
// handled, then the datagrams to send and the outputs to drive handed to the
// board. Nothing blocks. What is queued for a stream (board ABI 5,
// docs/transports.md) goes out through board.streamSend; the stream entry
// points are in stream-entry.ts.

import { engineReceive, engineTick, engineNextDeadline, beginEngineCall, queuedCount, queuedData, queuedLength, queuedPeer } from "../sip/ua/engine";
import * as uaEvents from "../sip/ua/events";
import { M_INFO, M_NOTIFY } from "../sip/msg/methods";
import { seedRandom } from "../sip/ua/random";
import { boardSend, boardMediaSend, boardOutput, boardRandom, boardConfigRead, boardRetainedRead, boardRetainedWrite, RETAINED_MAX, OUTPUT_STATUS_LED, OUTPUT_CALL_LED } from "../board/imports";
import { appEventsReset, appEvent, appEventCount, appEventKind, appEventA, appEventB, EV_ALARM, EV_CALL, EV_CONFIG, EV_RELAY, EV_DOOR, EV_DOOR_HELD_OPEN, EV_SUBSCRIBERS, CALL_ENDED } from "./events";
import { loadConfigBlock, applyConfig, configMessage, configMessageLength } from "./settings";
import * as appSettings from "./settings";
import { LOAD_BUFFER } from "./config/store";
import * as appRegistration from "./registration";
import * as appButtons from "./buttons";
import * as appDialing from "./dialing";
import * as appKeypad from "./keypad";
import * as appIncoming from "./incoming";
import * as appDoorcall from "./doorcall";
import * as appTransfer from "./transfer";
import * as appAlarms from "./alarms";
import * as appPresence from "./presence";
import * as voiceMedia from "./voice/media";
import * as voiceSession from "./voice/session";
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
import { agentLog, monitorEvents } from "./serial/monitor";
import { agentSerial } from "./serial/agent";
import { statusObserve, statusStarted } from "./serial/status";
import { driveTick, driveNextDeadline } from "./serial/drive";
import { outboxStream } from "../sip/txn/outbox";
import { streamsNextDeadline } from "../sip/transport/streams";
import { streamSendNow, closeDueStreams } from "../sip/transport/lifecycle";

const CONFIG_CAPACITY = 4096;
const CONFIG: usize = LOAD_BUFFER; // the configuration's load buffer, shared with the serial agent's ConfigWrite
const SEED: usize = memory.data(16);
const RETAINED: usize = memory.data(RETAINED_MAX); // the lockout's record (door/guard.ts), kept by the board

function sendFrom(first: i32, now: u32): i32 {
  for (let i = first; i < queuedCount(); i++) {
    const h = outboxStream(i);
    if (h != 0) streamSendNow(h, queuedData(i), queuedLength(i), now);
    else boardSend(queuedData(i), queuedLength(i), queuedPeer(i));
  }
  return queuedCount();
}

/** The call's RTP and RTCP of this entry point (voice/media.ts). */
function sendMedia(): void {
  for (let ch = voiceMedia.CHANNEL_RTP; ch <= voiceMedia.CHANNEL_RTCP; ch++) {
    const n = voiceMedia.mediaOutLength(ch);
    if (n > 0) boardMediaSend(voiceMedia.mediaOutData(ch), n, voiceMedia.mediaOutPeer(ch), ch);
  }
  voiceMedia.mediaOutClear();
}

function flush(now: u32): void {
  notifyChanges(now); // the dialog state after the app's own actions (RFC 4235 subscribers)
  const sent = sendFrom(0, now);
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
  appKeypad.lockoutReport(now); // a lock may come from the codes of a call, or end, or be restored at start
  if (guardChanged() && guardSave(RETAINED, now)) boardRetainedWrite(RETAINED, GUARD_RECORD);
  appAlarms.alarmsFromEvents(appEventCount(), now); // the door held open, the lockout, a call nobody answered
  const registered = appRegistration.registrationState() == appRegistration.REG_REGISTERED;
  const inCall = appDialing.dialingActive() || appIncoming.answeredIncoming() >= 0 || appIncoming.ringingIncoming() >= 0 || appTransfer.transferActive();
  appPresence.presenceUpdate(inCall, registered, now); // RFC 3903: the state, once registered, and each change
  sendFrom(sent, now);
  for (let i = 0; i < appEventCount(); i++) {
    if (appEventKind(i) == EV_ALARM && appEventB(i) >= 300) agentLog(1, bodyData(), appAlarms.alarmFailureText(appEventA(i), appEventB(i)));
  }
  if (registered != app().lastRegistered) boardOutput(OUTPUT_STATUS_LED, registered ? 1 : 0);
  app().lastRegistered = registered;
  if (inCall != app().lastInCall) boardOutput(OUTPUT_CALL_LED, inCall ? 1 : 0);
  app().lastInCall = inCall;
}

function callGone(c: i32, code: i32, now: u32): void {
  if (c == voiceMedia.mediaCall()) voiceMedia.mediaStop(voiceMedia.ENDED_CALL, now);
  voiceSession.voiceGone(c);
  const wasIncoming = appIncoming.answeredIncoming() == c;
  if (appDialing.isOurLeg(c)) appDialing.onLegGone(c, code, now);
  if (appIncoming.incomingGone(c) && wasIncoming) appEvent(EV_CALL, CALL_ENDED, code);
  appTransfer.onTransferCallGone(c, code, now);
  if (!appDialing.dialingActive() && appIncoming.answeredIncoming() < 0 && appTransfer.transferConnected() < 0) {
    appKeypad.keypadCallEnded();
    appDoorcall.doorCallEnded();
  }
}

// UA events already handled in this call into the firmware: the app's own
// actions (a BYE that cannot start, a call that fails at once) raise events
// after the engine's, and those must be handled too, once.

/** What the UA reported since the last look (the engine's call, then the app's actions, and what handling those raised), in order. */
function handleUaEvents(now: u32): void {
  // The queue only grows within a call and holds a bounded number (ua/events.ts): this ends.
  let i: i32 = app().handled;
  for (; i < uaEvents.uaEventCount(); i++) handleUaEvent(i, now); // never re-enters handleUaEvents
  app().handled = <u8>i;
}

/** Every entry point starts so: an empty outbox and event queues, no UA event handled yet. */
export function enter(keepEvents: bool = false): void {
  beginEngineCall();
  if (!keepEvents) appEventsReset();
  app().handled = 0;
}

/** And ends so: the UA's events not yet handled, then what is to send and drive (flush), then the serial agent's view of it. */
export function leave(now: u32): void {
  handleUaEvents(now);
  flush(now);
  statusObserve(); // the Status record (serial/status.ts)
  monitorEvents(); // while monitoring, the events as event frames, after the datagrams and outputs (docs/serial-agent.md)
}

function handleUaEvent(i: i32, now: u32): void {
  const c = uaEvents.uaEventCall(i);
  const code = uaEvents.uaEventCode(i);
  switch (uaEvents.uaEventKind(i)) {
    case uaEvents.UA_INCOMING:
      // RFC 3264 §6: the offer is answered first (the 200 may follow at once); nothing usable in it: 488.
      appIncoming.onIncoming(c, uaEvents.uaEventExtra(i), voiceSession.voiceIncoming(c, uaEvents.uaEventData(i), uaEvents.uaEventDataLength(i)), now);
      break;
    case uaEvents.UA_PROGRESS:
      appDialing.onLegProgress(c);
      voiceSession.voiceProgress(c, uaEvents.uaEventData(i), uaEvents.uaEventDataLength(i)); // an answer in a 183 (RFC 3262, early media)
      break;
    case uaEvents.UA_ANSWERED:
      if (appDialing.isOurLeg(c)) appDialing.onLegAnswered(c, now);
      else if (role(c) == ROLE_UAC) appTransfer.onTransferAnswered(c, now);
      // The answer in a 2xx to our INVITE, or the one we gave: the audio starts; an unusable answer ends the call.
      if (voiceSession.voiceEstablished(c, role(c) == ROLE_UAS, uaEvents.uaEventData(i), uaEvents.uaEventDataLength(i), now) != 0) appDoorcall.endCall(c, now);
      break;
    case uaEvents.UA_SUBSCRIPTIONS: appEvent(EV_SUBSCRIBERS, code, 0); break;
    case uaEvents.UA_REFER: appTransfer.onRefer(c, uaEvents.uaEventData(i), uaEvents.uaEventDataLength(i), now); break;
    case uaEvents.UA_ENDED: case uaEvents.UA_FAILED: callGone(c, code, now); break;
    case uaEvents.UA_INFO: appDoorcall.onCallInfo(c, code, uaEvents.uaEventData(i), uaEvents.uaEventDataLength(i), now); break;
    case uaEvents.UA_REQUEST_DONE: requestDone(c, code, uaEvents.uaEventExtra(i), now); break;
  }
}

/** A request got its final answer (408: none came): `c` names a request outside calls (ua/handler.ts), else it is a call and `extra` the method. */
function requestDone(c: i32, code: i32, extra: i32, now: u32): void {
  switch (c) {
    case REQUEST_MESSAGE: appAlarms.onAlarmDone(code, now); break;
    case REQUEST_PUBLISH: appPresence.onPublishDone(code, extra, now); break;
    case REQUEST_REGISTER:
      if (appRegistration.registrationLeaving()) appRegistration.onLeaveDone(now);
      else appRegistration.onRegisterDone(code, extra, now);
      break;
    case REQUEST_OPTIONS: case REQUEST_OPTIONS_PRIMARY: appRegistration.onOptionsDone(c, code, now); break;
    default:
      if (extra == M_INFO) appKeypad.onInfoDone(c, now);
      else if (extra == M_NOTIFY) appTransfer.onNotifyDone(c, now);
  }
}

/** Start-up: entropy, the configuration block (or safe defaults), registration. */
export function appStart(now: u32): void {
  enter();
  statusStarted(now);
  boardRandom(SEED, 16);
  seedRandom(load<u32>(SEED), load<u32>(SEED + 4), load<u32>(SEED + 8), load<u32>(SEED + 12));
  const len = boardConfigRead(CONFIG, CONFIG_CAPACITY);
  const result = loadConfigBlock(CONFIG, len > CONFIG_CAPACITY ? CONFIG_CAPACITY : len);
  appEvent(EV_CONFIG, result, 0);
  if (configMessageLength() > 0) agentLog(result == 2 ? 0 : 2, configMessage(), configMessageLength());
  applyConfig();
  guardRestore(RETAINED, boardRetainedRead(RETAINED, RETAINED_MAX), now); // a lockout survives the restart; a record only ever locks
  appRegistration.registrationStart(now);
  leave(now);
}

export function appDatagram(len: i32, now: u32): i32 {
  enter();
  const verdict = engineReceive(len, now);
  leave(now);
  return verdict;
}

/** The board's resolver answered (board ABI 5): the registration goes on with the candidates (app/registration.ts). */
export function appResolved(id: i32, status: i32, count: i32, now: u32): void {
  enter();
  appRegistration.registrationResolved(id, status, count, now);
  leave(now);
}

export function appTick(now: u32, keepEvents: bool = false): void {
  enter(keepEvents); // kept: events its entry point queued before it (stream-entry.ts, a refused connection)
  closeDueStreams(now); // before the engine's timers: their transactions end at this tick
  engineTick(now);
  handleUaEvents(now); // the engine's timeouts, before the intercom's own timers act
  appRegistration.registrationTick(now);
  driveTick(now); // a button pressed over the serial link goes up (serial/drive.ts)
  appButtons.buttonsTick(now);
  for (let i = 0; i < appButtons.pressesCount(); i++) {
    const b = appButtons.pressedButton(i);
    if (appTransfer.transferActive() && !appDialing.dialingActive()) appTransfer.transferHangup(now); // the visitor ends the transferred call
    else if (b == appButtons.HANGUP_KEY) appDialing.dialHangup(now);
    else if (b == appSettings.answerKey() && appIncoming.ringingIncoming() >= 0) appIncoming.answerRinging(now); // only a configured answer key answers
    else appDialing.dialPress(b, now);
  }
  appDialing.dialingTick(now);
  appIncoming.incomingTick(now);
  appKeypad.keypadTick(now);
  appDoorcall.doorCallTick(now);
  const silent = voiceMedia.mediaTimedOut(now); // RTP stopped: the call is over (its BYE says why)
  if (silent >= 0) {
    voiceMedia.mediaStop(voiceMedia.ENDED_RTP_TIMEOUT, now);
    appDoorcall.endCall(silent, now);
  }
  appTransfer.transferTick(now);
  relayTick(now);
  sensorTick(now);
  appPresence.presenceTick(now);
  leave(now);
}

function earliest(a: i32, b: i32): i32 { return a < 0 ? b : b < 0 ? a : (a < b ? a : b); }

export function appNextDeadline(now: u32): i32 {
  let d = engineNextDeadline(now);
  d = earliest(d, appRegistration.registrationNextDeadline(now));
  d = earliest(d, appButtons.buttonsNextDeadline(now));
  d = earliest(d, appDialing.dialingNextDeadline(now));
  d = earliest(d, appIncoming.incomingNextDeadline(now));
  d = earliest(d, appKeypad.keypadNextDeadline(now));
  d = earliest(d, appDoorcall.doorCallNextDeadline(now));
  d = earliest(d, appTransfer.transferNextDeadline(now));
  d = earliest(d, relayNextDeadline(now));
  d = earliest(d, appPresence.presenceNextDeadline(now));
  d = earliest(d, voiceMedia.mediaNextDeadline(now));
  d = earliest(d, driveNextDeadline(now));
  d = earliest(d, streamsNextDeadline(now));
  return earliest(d, sensorNextDeadline(now));
}

/** A key: ASCII 0-9 * # for the keypad (on press), 0x100+i for call button i, 0x108 the hang-up key (edges). */
export function appKey(key: i32, down: bool, now: u32): void {
  enter();
  keyAction(key, down, now);
  leave(now);
}

/** What a key does, inside an entry point (appKey, or a Press over the serial link: serial/drive.ts). */
export function keyAction(key: i32, down: bool, now: u32): void {
  if (key >= 0x100 && key < 0x100 + appButtons.MAX_BUTTONS) appButtons.buttonEdge(key - 0x100, down, now);
  else if (down && ((key >= 0x30 && key <= 0x39) || key == 0x2a || key == 0x23)) appKeypad.keypadKey(<u32>key, now);
}

/**
 * Octets from the provisioning UART (boardSerial): one entry point like the
 * others, so a Press or an Input over the link acts inside it and its events,
 * datagrams and outputs leave once, after the agent's answer.
 */
export function appSerial(len: i32, now: u32): void {
  enter();
  agentSerial(len, now);
  leave(now);
}

/** A datagram on the media sockets (RTP 0, RTCP 1): a telephone-event's key goes to the door code like INFO's. */
export function appMedia(len: i32, channel: i32, now: u32): void {
  enter();
  const key = voiceMedia.mediaDatagram(len, channel, now);
  if (key != 0) appDoorcall.onCallDigit(voiceMedia.mediaCall(), key, now);
  leave(now);
}

/** The board's 20 ms audio clock (voice/media.ts): 1 while a call's audio is on. */
export function appAudio(now: u32): i32 {
  enter();
  const on = voiceMedia.mediaAudio(now);
  leave(now);
  return on;
}

/** An input changed: 0 the door sensor (1 open). */
export function appInput(input: i32, level: i32, now: u32): void {
  enter();
  inputAction(input, level, now);
  leave(now);
}

/** What an input change does, inside an entry point (appInput, or Input over the serial link). */
export function inputAction(input: i32, level: i32, now: u32): void {
  if (input == 0) sensorSet(level != 0, now);
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
  appDialing.dialHangup(now); // the dialing stops: no next target rings after its leg ends
  for (let c = 0; c < MAX_CALLS; c++) {
    if (callRole(c) == ROLE_UAC) hangUpOutgoing(c, now);
    else if (callRole(c) == ROLE_UAS) hangUpIncoming(c, now);
  }
  appRegistration.registrationShutdown(now);
  appPresence.presenceShutdown(now);
  leave(now);
}

function callRole(c: i32): u8 {
  const s = callState(c);
  return s == FREE || s == ENDING ? 0 : role(c);
}

/** After appShutdown: its last words are unanswered (a BYE or CANCEL, the removal of the binding, presence.ts). */
export function appShutdownPending(): bool {
  return activeCalls() > 0 || appRegistration.registrationShutdownPending() || appPresence.presenceShutdownPending();
}

