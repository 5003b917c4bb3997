// The station's dialog state as the "dialog" event package reports it
// (RFC 4235): derived from the call table (the most advanced call wins:
// confirmed, early, trying), and written as an application/dialog-info+xml
// document with full state (§4.1). Idle is a document without dialogs; the
// change to idle is reported once as the last dialog, terminated.

import * as C from "./calls";
import * as I from "./identity";

export const DS_IDLE = 0;
export const DS_TRYING = 1;
export const DS_EARLY = 2;
export const DS_CONFIRMED = 3;
export const DS_TERMINATED = 4;

let reported: i32 = DS_IDLE; // what the subscribers were last told
let episode: u32 = 0; // the id of the current (or last) dialog: d1, d2 ...
let initiator = true;

/** The state of the station's calls now (never DS_TERMINATED); sets the direction. */
export function stationState(): i32 {
  let best = DS_IDLE;
  for (let c = 0; c < C.MAX_CALLS; c++) {
    const s = C.callState(c);
    let v = DS_IDLE;
    if (s == C.ACTIVE) v = DS_CONFIRMED;
    else if (s == C.OUT_EARLY || (s == C.IN_RINGING && C.hasFlag(c, C.F_RUNG))) v = DS_EARLY; // a call refused at once never rang
    else if (s == C.OUT_CALLING) v = DS_TRYING;
    if (v > best) {
      best = v;
      initiator = C.role(c) == C.ROLE_UAC;
    }
  }
  return best;
}

/**
 * The state to report when it changed since the last report (DS_TERMINATED
 * for the change to idle), or -1 when it did not. The report is then taken.
 */
export function takeChange(): i32 {
  const now = stationState();
  if (now == reported || (now == DS_IDLE && reported == DS_TERMINATED)) return -1;
  if (reported == DS_IDLE || reported == DS_TERMINATED) episode++;
  reported = now == DS_IDLE ? DS_TERMINATED : now;
  return reported;
}

/** The state a new or refreshed subscription is told: the current one (idle after a terminated dialog). */
export function currentReport(): i32 {
  return reported == DS_TERMINATED ? DS_IDLE : reported;
}

export function dialogInfoReset(): void {
  reported = DS_IDLE;
  episode = 0;
}

// ---- the document ----
const CAPACITY = 480;
const BODY: usize = memory.data(CAPACITY);
let n: i32 = 0;

function put(s: string): void {
  for (let i = 0; i < s.length && n < CAPACITY; i++) store<u8>(BODY + <usize>(n++), <u8>s.charCodeAt(i));
}
function putBytes(p: usize, len: i32): void {
  for (let i = 0; i < len && n < CAPACITY; i++) store<u8>(BODY + <usize>(n++), load<u8>(p + <usize>i));
}
function putNumber(v: u32): void {
  let div: u32 = 1;
  while (v / div >= 10) div *= 10;
  for (; div > 0; div /= 10) if (n < CAPACITY) store<u8>(BODY + <usize>(n++), <u8>(0x30 + (v / div) % 10));
}

function stateName(st: i32): string {
  switch (st) {
    case DS_TRYING: return "trying";
    case DS_EARLY: return "early";
    case DS_CONFIRMED: return "confirmed";
  }
  return "terminated";
}

/** The document for state `st` at `version` (RFC 4235 §4.1, full state); its length. Read it at dialogInfo(). */
export function writeDialogInfo(st: i32, version: u32): i32 {
  n = 0;
  put("<?xml version=\"1.0\"?>\r\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"");
  putNumber(version);
  put("\" state=\"full\" entity=\"sip:");
  putBytes(I.identityData(I.ID_USER), I.identityLength(I.ID_USER));
  put("@");
  putBytes(I.identityData(I.ID_DOMAIN), I.identityLength(I.ID_DOMAIN));
  put("\">\r\n");
  if (st != DS_IDLE) {
    put("<dialog id=\"d");
    putNumber(episode);
    put(initiator ? "\" direction=\"initiator\"><state>" : "\" direction=\"recipient\"><state>");
    put(stateName(st));
    put("</state></dialog>\r\n");
  }
  put("</dialog-info>\r\n");
  return n;
}

export function dialogInfo(): usize { return BODY; }
