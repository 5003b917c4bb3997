// The station's dialog state as the "dialog" event package reports it
// (RFC 4235): derived from the call table (the most advanced call wins:
// confirmed, early, trying), and written as an application/dialog-info+xml
// document with full state (§4.1). Idle is a document without dialogs; the
// change to idle is reported once as the last dialog, terminated.

import * as uaCalls from "./calls";
import { bodyReset, bodyPut as put, bodyPutNumber as putNumber, bodyPutAor, bodyLength, bodyData } from "./body";
import { zeroRecord } from "../txn/record";

export const DS_IDLE = 0;
export const DS_TRYING = 1;
export const DS_EARLY = 2;
export const DS_CONFIRMED = 3;
export const DS_TERMINATED = 4;

/** What the subscribers were told, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class DialogReport {
  /** The id of the current (or last) dialog: d1, d2 ... */
  episode: u32;
  /** DS_*: what the subscribers were last told (DS_IDLE = 0 at start). */
  reported: u8;
  /** The station did not start the dialog reported (RFC 4235 §4.1.2 direction="recipient"). */
  recipient: bool;
}

export const DIALOG_REPORT: usize = memory.data(<i32>offsetof<DialogReport>(), 4);

// @ts-ignore: decorator
@inline function rep(): DialogReport { return changetype<DialogReport>(DIALOG_REPORT); }

/** The state of the station's calls now (never DS_TERMINATED); sets the direction. */
export function stationState(): i32 {
  let best = DS_IDLE;
  for (let c = 0; c < uaCalls.MAX_CALLS; c++) {
    const s = uaCalls.callState(c);
    let v = DS_IDLE;
    if (s == uaCalls.ACTIVE) v = DS_CONFIRMED;
    else if (s == uaCalls.OUT_EARLY || (s == uaCalls.IN_RINGING && uaCalls.hasFlag(c, uaCalls.F_RUNG))) v = DS_EARLY; // a call refused at once never rang
    else if (s == uaCalls.OUT_CALLING) v = DS_TRYING;
    if (v > best) {
      best = v;
      rep().recipient = uaCalls.role(c) != uaCalls.ROLE_UAC;
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
  if (now == <i32>rep().reported || (now == DS_IDLE && <i32>rep().reported == DS_TERMINATED)) return -1;
  if (<i32>rep().reported == DS_IDLE || <i32>rep().reported == DS_TERMINATED) rep().episode++;
  rep().reported = <u8>(now == DS_IDLE ? DS_TERMINATED : now);
  return <i32>rep().reported;
}

/** The state a new or refreshed subscription is told: the current one (idle after a terminated dialog). */
export function currentReport(): i32 {
  return <i32>rep().reported == DS_TERMINATED ? DS_IDLE : <i32>rep().reported;
}

/** Nothing reported yet, no dialog counted: as at start-up. */
export function dialogInfoReset(): void { zeroRecord(DIALOG_REPORT, offsetof<DialogReport>()); }

// ---- the document ----
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
  bodyReset();
  put("<?xml version=\"1.0\"?>\r\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"");
  putNumber(version);
  put("\" state=\"full\" entity=\"");
  bodyPutAor();
  put("\">\r\n");
  if (st != DS_IDLE) {
    put("<dialog id=\"d");
    putNumber(rep().episode);
    put(rep().recipient ? "\" direction=\"recipient\"><state>" : "\" direction=\"initiator\"><state>");
    put(stateName(st));
    put("</state></dialog>\r\n");
  }
  put("</dialog-info>\r\n");
  return bodyLength();
}

export function dialogInfo(): usize { return bodyData(); }
