// Alarms to the concierge (alarms.uri) as SIP MESSAGE (RFC 3428, the UA's
// pager.ts): the door held open, the keypad locked after wrong codes, a
// visitor's call that nobody answered. They are drawn from the events the
// station reports anyway, so an alarm never says more than an event: plain
// words, the station's name and a duration, never a digit typed or a code.
// One MESSAGE at a time, the next ones queued (4); each ends in an event
// (EV_ALARM: delivered, or the failure; main.ts logs failures). Nothing is
// sent again: a concierge who missed one sees the next.

import { sendPagerMessage, pagerBusy } from "../sip/ua/pager";
import { bodyReset, bodyPut, bodyPutBytes, bodyPutNumber, bodyData, bodyLength } from "../sip/ua/body";
import * as appSettings from "./settings";
import * as appEvents from "./events";
import { app } from "./state";

/** A queued alarm, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class QueuedAlarm {
  /** appEvents.ALARM_*. */
  kind: i32;
  /** Its duration, said in the text. */
  seconds: u32;
}
const CAPACITY = 4;
const QUEUE: usize = memory.data(CAPACITY * <i32>offsetof<QueuedAlarm>());
// @ts-ignore: decorator
@inline function at(i: i32): QueuedAlarm { return changetype<QueuedAlarm>(QUEUE + <usize>i * offsetof<QueuedAlarm>()); }

function kindName(kind: i32): string {
  if (kind == appEvents.ALARM_DOOR_HELD_OPEN) return "door-held-open";
  if (kind == appEvents.ALARM_KEYPAD_LOCKED) return "keypad-locked";
  return "call-unanswered";
}

/** The text of alarm `kind`: "Front Door: door held open for 30 s". */
function writeText(kind: i32, seconds: u32): void {
  bodyReset();
  const n = appSettings.stationNameLength();
  if (n > 0) bodyPutBytes(appSettings.stationName(), n);
  else bodyPut("Door station");
  if (kind == appEvents.ALARM_DOOR_HELD_OPEN) {
    bodyPut(": door held open for ");
    bodyPutNumber(seconds);
    bodyPut(" s");
  } else if (kind == appEvents.ALARM_KEYPAD_LOCKED) {
    bodyPut(": keypad locked for ");
    bodyPutNumber(seconds);
    bodyPut(" s after wrong codes");
  } else {
    bodyPut(": a visitor called and nobody answered");
  }
}

function report(kind: i32, code: i32): void {
  appEvents.appEvent(appEvents.EV_ALARM, kind, code);
}

/** The log line of an alarm that failed ("alarm door-held-open not delivered: 404"), at bodyData(); its length. */
export function alarmFailureText(kind: i32, code: i32): i32 {
  bodyReset();
  bodyPut("alarm ");
  bodyPut(kindName(kind));
  bodyPut(" not delivered: ");
  bodyPutNumber(<u32>code);
  return bodyLength();
}

/** Sends the oldest queued alarm when no MESSAGE is in flight; one that cannot go out is reported (503). */
function pump(now: u32): void {
  while (app().alarmSending == 0 && app().alarmsQueued > 0 && !pagerBusy()) {
    const kind = at(0).kind;
    const seconds = at(0).seconds;
    app().alarmsQueued--;
    for (let i = 0; i < <i32>app().alarmsQueued; i++) {
      const a = at(i);
      const b = at(i + 1);
      a.kind = b.kind;
      a.seconds = b.seconds;
    }
    writeText(kind, seconds);
    if (sendPagerMessage(appSettings.alarmUri(), appSettings.alarmUriLength(), bodyData(), bodyLength(), now)) app().alarmSending = <u8>kind;
    else report(kind, 503);
  }
}

/** Raises alarm `kind` (appEvents.ALARM_*) with its duration; nothing when no alarms.uri is configured. */
export function alarmRaise(kind: i32, seconds: u32, now: u32): void {
  if (appSettings.alarmUriLength() == 0) return;
  if (<i32>app().alarmsQueued >= CAPACITY) return report(kind, 503); // four already wait: this one is dropped, and said so
  const a = at(app().alarmsQueued);
  a.kind = kind;
  a.seconds = seconds;
  app().alarmsQueued++;
  pump(now);
}

/**
 * The alarms among the first `count` events of this call into the firmware:
 * the door held open, the keypad locked, a call-button call that failed.
 */
export function alarmsFromEvents(count: i32, now: u32): void {
  for (let i = 0; i < count; i++) {
    const k = appEvents.appEventKind(i);
    if (k == appEvents.EV_DOOR_HELD_OPEN) alarmRaise(appEvents.ALARM_DOOR_HELD_OPEN, appSettings.heldOpenSeconds(), now);
    else if (k == appEvents.EV_LOCKOUT && appEvents.appEventA(i) == 1) alarmRaise(appEvents.ALARM_KEYPAD_LOCKED, <u32>appEvents.appEventB(i), now);
    else if (k == appEvents.EV_CALL && appEvents.appEventA(i) == appEvents.CALL_FAILED) alarmRaise(appEvents.ALARM_CALL_UNANSWERED, 0, now);
  }
}

/** The MESSAGE in flight got its final answer `code` (408: none came). */
export function onAlarmDone(code: i32, now: u32): void {
  const a = app();
  const kind = a.alarmSending;
  a.alarmSending = 0;
  if (kind != 0) report(kind, code);
  pump(now);
}

/** Forgets every queued alarm (a new configuration, tests). */
export function alarmsReset(): void {
  const a = app();
  a.alarmsQueued = 0;
  a.alarmSending = 0;
}
