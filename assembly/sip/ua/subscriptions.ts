// The dialog-state subscriptions this UA serves as a notifier (RFC 6665
// §4.2, package "dialog" of RFC 4235): a fixed table of MAX_SUBSCRIPTIONS
// slots, each a dialog of its own (created by the 200 to the SUBSCRIBE,
// RFC 6665 §4.4.1) with its expiry, the Event value to echo, the version of
// the last dialog-info document and whether a NOTIFY is outstanding.

import { copyPeer, PEER_SIZE } from "../txn/peer";
import { clearText } from "./text";

export const MAX_SUBSCRIPTIONS = 4;
/** Subscriptions one watcher (one trust entry) may hold at once: the rest of the table stays for the others. */
export const MAX_PER_WATCHER = 2;

// Text capacities (a SUBSCRIBE whose values do not fit is refused with 500 by the caller).
export const CAP_CALL_ID: i32 = 80;
export const CAP_TAG: i32 = 64;
export const CAP_URI: i32 = 100;
/** The To of the SUBSCRIBE, our address: <sip:user@domain> with the longest user (63) and domain (127) of docs/config.md. */
export const CAP_LOCAL_URI: i32 = 200;
/** The From of the SUBSCRIBE: the watcher, an allowed caller's URI of up to 127 octets in <>. */
export const CAP_REMOTE_URI: i32 = 132;
export const CAP_ROUTE: i32 = 200;
export const CAP_EVENT: i32 = 32;

/** The numbers of one subscription, laid over the start of its slot in static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged class SubscriptionRecord {
  /** 0 free, 1 active. */
  state: u8;
  /** S_* bits. */
  flags: u8;
  /** Bumped on each use of the slot, so that a late answer cannot touch its successor. */
  gen: u8;
  /** The subscriber's trust entry (trust.ts). */
  watcher: u8;
  /** The next dialog-info version (RFC 4235 §4.1). */
  version: u32;
  /** When the subscription expires (RFC 6665 §4.2.1.1), a wrapping ms time. */
  expiresAt: u32;
  /** The last CSeq number of our NOTIFYs in its dialog (RFC 3261 §12.2.1.1). */
  localCSeq: u32;
  /** The last CSeq number of the subscriber's requests (§12.2.2). */
  remoteCSeq: u32;
}

// After the record, in each slot: the subscriber's peer (PEER_SIZE octets), then the texts, each its capacity.
const O_PEER: usize = offsetof<SubscriptionRecord>();
const O_CALL_ID: usize = (O_PEER + <usize>PEER_SIZE + 3) & ~3;
const O_LOCAL_TAG: usize = O_CALL_ID + 2 + <usize>CAP_CALL_ID;
const O_REMOTE_TAG: usize = O_LOCAL_TAG + 2 + 16;
const O_LOCAL_URI: usize = O_REMOTE_TAG + 2 + <usize>CAP_TAG;
const O_REMOTE_URI: usize = O_LOCAL_URI + 2 + <usize>CAP_LOCAL_URI;
const O_TARGET: usize = O_REMOTE_URI + 2 + <usize>CAP_REMOTE_URI;
const O_ROUTE: usize = O_TARGET + 2 + <usize>CAP_URI;
const O_EVENT: usize = O_ROUTE + 2 + <usize>CAP_ROUTE;
const SLOT_SIZE: usize = (O_EVENT + 2 + <usize>CAP_EVENT + 3) & ~3;

const SLOTS: usize = memory.data(<i32>(<usize>MAX_SUBSCRIPTIONS * SLOT_SIZE), 4);

export const S_PENDING: u8 = 1; // a NOTIFY awaits its final response
export const S_DIRTY: u8 = 2; // the state changed while one was outstanding: send the current one after it
export const S_BENOTIFY: u8 = 4; // the subscriber takes changes as BENOTIFY (no response)

function base(s: i32): usize { return SLOTS + <usize>s * SLOT_SIZE; }
// @ts-ignore: decorator
@inline function slot(s: i32): SubscriptionRecord { return changetype<SubscriptionRecord>(base(s)); }

export function subActive(s: i32): bool { return <u32>s < <u32>MAX_SUBSCRIPTIONS && slot(s).state != 0; }
export function subGen(s: i32): i32 { return <i32>slot(s).gen; }
export function subHas(s: i32, f: u8): bool { return (slot(s).flags & f) != 0; }
export function subSet(s: i32, f: u8): void { slot(s).flags |= f; }
export function subClear(s: i32, f: u8): void { slot(s).flags &= ~f; }
/** The version for the next document, counted up (RFC 4235 §4.1: +1 per NOTIFY, from 0). */
export function takeVersion(s: i32): u32 {
  const r = slot(s);
  const v = r.version;
  r.version = v + 1;
  return v;
}
export function expiresAt(s: i32): u32 { return slot(s).expiresAt; }
export function setExpiresAt(s: i32, t: u32): void { slot(s).expiresAt = t; }
export function nextLocalCSeq(s: i32): u32 {
  const r = slot(s);
  const n = r.localCSeq + 1;
  r.localCSeq = n;
  return n;
}
export function remoteCSeq(s: i32): u32 { return slot(s).remoteCSeq; }
export function setRemoteCSeq(s: i32, n: u32): void { slot(s).remoteCSeq = n; }
export function subWatcher(s: i32): i32 { return <i32>slot(s).watcher; }
export function setSubWatcher(s: i32, k: i32): void { slot(s).watcher = <u8>k; }
/** How many active subscriptions watcher `k` holds. */
export function watcherCount(k: i32): i32 {
  let n = 0;
  for (let s = 0; s < MAX_SUBSCRIPTIONS; s++) if (subActive(s) && subWatcher(s) == k) n++;
  return n;
}
export function subPeer(s: i32): usize { return base(s) + O_PEER; }
export function setSubPeer(s: i32, p: usize): void { copyPeer(base(s) + O_PEER, p); }

export function subCallId(s: i32): usize { return base(s) + O_CALL_ID; }
export function subLocalTag(s: i32): usize { return base(s) + O_LOCAL_TAG; }
export function subRemoteTag(s: i32): usize { return base(s) + O_REMOTE_TAG; }
export function subLocalUri(s: i32): usize { return base(s) + O_LOCAL_URI; }
export function subRemoteUri(s: i32): usize { return base(s) + O_REMOTE_URI; }
export function subTarget(s: i32): usize { return base(s) + O_TARGET; }
export function subRoute(s: i32): usize { return base(s) + O_ROUTE; }
export function subEvent(s: i32): usize { return base(s) + O_EVENT; }

/** A free slot, cleared and active (its generation bumped); -1 when the table is full. */
export function allocateSubscription(): i32 {
  for (let s = 0; s < MAX_SUBSCRIPTIONS; s++) {
    const b = base(s);
    const r = slot(s);
    if (r.state != 0) continue;
    const gen = (r.gen + 1) & 31;
    for (let o: usize = 0; o < O_CALL_ID; o += 4) store<u32>(b + o, 0);
    clearText(subCallId(s)); clearText(subLocalTag(s)); clearText(subRemoteTag(s)); clearText(subLocalUri(s));
    clearText(subRemoteUri(s)); clearText(subTarget(s)); clearText(subRoute(s)); clearText(subEvent(s));
    r.gen = <u8>gen;
    r.state = 1;
    return s;
  }
  return -1;
}

export function freeSubscription(s: i32): void { slot(s).state = 0; }

export function subscriptionCount(): i32 {
  let n = 0;
  for (let s = 0; s < MAX_SUBSCRIPTIONS; s++) if (subActive(s)) n++;
  return n;
}

function same(str: usize, src: usize, len: i32): bool {
  if (<i32>load<u16>(str) != len) return false;
  for (let i: usize = 0; i < <usize>len; i++) if (load<u8>(str + 2 + i) != load<u8>(src + i)) return false;
  return true;
}

/** The subscription whose dialog has this Call-ID and local tag, or -1. */
export function findSubscription(cid: usize, cidLen: i32, tag: usize, tagLen: i32): i32 {
  for (let s = 0; s < MAX_SUBSCRIPTIONS; s++) {
    if (subActive(s) && same(subCallId(s), cid, cidLen) && same(subLocalTag(s), tag, tagLen)) return s;
  }
  return -1;
}

/** The argument of slot s's NOTIFY transactions (handler.ts Notify): the slot and its generation (a late answer for a reused slot is told apart). */
export function noticeArg(s: i32): i32 { return s + subGen(s) * 8; }
/** The slot a NOTIFY's argument names while that use of it lasts, or -1. */
export function subscriptionOfArg(arg: i32): i32 {
  const s = arg & 7;
  return subActive(s) && subGen(s) == arg >> 3 ? s : -1;
}

/** Frees every slot (a new configuration, tests). */
export function subscriptionsReset(): void {
  for (let s = 0; s < MAX_SUBSCRIPTIONS; s++) freeSubscription(s);
}
