// Which requests the UA core takes into a transaction, and in which class
// (txn/table.ts): what arrives for a dialog of the station, or from a trusted
// source (txn/sources.ts), is the station's own business and may use the whole
// table; anything else is a stranger's and shares the strangers' small pool.
// A request that names a dialog the station does not have gets its 481 (§12.2.2)
// without holding a slot, and so does a CANCEL that matches no INVITE (§9.2).

import * as sipMessage from "../msg/message";
import * as msgMethods from "../msg/methods";
import { respondStateless } from "../msg/response";
import { serverBegin, matchInviteServer, responseDestination, deliverable, countDrop, ABSORBED } from "../txn/server";
import { sendCopyOfTx } from "../txn/outbox";
import { isTrustedSource } from "../txn/sources";
import { RX_PEER } from "../txn/peer";
import * as txnTable from "../txn/table";
import { textData, textLength } from "./text";
import * as uaCalls from "./calls";
import * as uaSubscriptions from "./subscriptions";

function sameText(str: usize, src: usize, len: i32): bool {
  if (textLength(str) != len) return false;
  const d = textData(str);
  for (let i: usize = 0; i < <usize>len; i++) if (load<u8>(d + i) != load<u8>(src + i)) return false;
  return true;
}

// The dialog ID of the request in RX from the UAS's side (§12.2.2): Call-ID,
// the local tag (To tag) and the remote tag (From tag; empty when absent).
function fromTag(): usize { return sipMessage.hasField(sipMessage.F_FROM_TAG) ? sipMessage.fieldPtr(sipMessage.F_FROM_TAG) : 0; }
function fromTagLength(): i32 { return sipMessage.hasField(sipMessage.F_FROM_TAG) ? sipMessage.fieldLength(sipMessage.F_FROM_TAG) : 0; }

function sameDialog(callId: usize, localTag: usize, remoteTag: usize): bool {
  return sameText(callId, sipMessage.fieldPtr(sipMessage.F_CALL_ID), sipMessage.fieldLength(sipMessage.F_CALL_ID)) &&
    sameText(localTag, sipMessage.fieldPtr(sipMessage.F_TO_TAG), sipMessage.fieldLength(sipMessage.F_TO_TAG)) &&
    sameText(remoteTag, fromTag(), fromTagLength());
}

/** The call whose dialog the request in RX belongs to (Call-ID, To tag and From tag all equal, §12.2.2); -1 if none. */
export function dialogOf(): i32 {
  if (!sipMessage.hasField(sipMessage.F_TO_TAG)) return -1;
  for (let c = 0; c < uaCalls.MAX_CALLS; c++) {
    if (uaCalls.callState(c) == uaCalls.FREE) continue;
    if (sameDialog(uaCalls.callId(c), uaCalls.localTag(c), uaCalls.remoteTag(c))) return c;
  }
  return -1;
}

/** The subscription whose dialog the request in RX belongs to (the same three parts); -1 if none. */
export function subscriptionOf(): i32 {
  if (!sipMessage.hasField(sipMessage.F_TO_TAG)) return -1;
  for (let s = 0; s < uaSubscriptions.MAX_SUBSCRIPTIONS; s++) {
    if (uaSubscriptions.subActive(s) && sameDialog(uaSubscriptions.subCallId(s), uaSubscriptions.subLocalTag(s), uaSubscriptions.subRemoteTag(s))) return s;
  }
  return -1;
}

/** Answers the request in RX with `code` and no state (§8.2.7), or counts it dropped when it cannot go anywhere. */
export function refuseStateless(code: i32): void {
  const dest = responseDestination();
  const n = deliverable(dest) ? respondStateless(code) : -1;
  if (n > 0) sendCopyOfTx(n, dest);
  else countDrop();
}

/**
 * A request no transaction holds (serverAbsorb said NEW_REQUEST): its new
 * server transaction for the TU, or ABSORBED when it was answered here
 * without one.
 */
export function admitRequest(now: u32): i32 {
  const m = sipMessage.method();
  let stranger = !isTrustedSource(RX_PEER);
  if (m == msgMethods.M_CANCEL) {
    // §9.2: a CANCEL that matches no INVITE server transaction gets 481; one that does is as trusted as its INVITE.
    const ist = matchInviteServer();
    if (ist < 0) {
      refuseStateless(481);
      return ABSORBED;
    }
    stranger = txnTable.isStranger(ist);
  } else if (sipMessage.hasField(sipMessage.F_TO_TAG)) {
    if (dialogOf() < 0 && subscriptionOf() < 0) {
      refuseStateless(m == msgMethods.M_EXTENSION ? 501 : 481); // §12.2.2; §8.2.1 for a method it does not know
      return ABSORBED;
    }
    stranger = false;
  }
  return serverBegin(now, stranger);
}
