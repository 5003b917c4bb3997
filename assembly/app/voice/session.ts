// The station's side of SDP offer/answer (RFC 3264) for its calls, over the
// SDP layer (assembly/sdp/), and the audio each agreement starts, changes or
// stops (voice/media.ts):
//  - our offer, written at configuration time, goes in every INVITE we send;
//  - an INVITE's offer is answered when it arrives (the answer waits for the
//    200, sip/ua/session.ts setAnswerSdp), or the call is refused with 488
//    when nothing in it can be taken (RFC 3264 §6, RFC 3261 §21.4.26);
//  - the 2xx to our INVITE carries the answer; one we cannot use ends the call
//    (RFC 3264 §7 leaves no other way once the 2xx is in);
//  - an offer inside the dialog (re-INVITE, UPDATE) is answered and changes
//    the audio: hold, resume, another address (§8).
// One agreement per call (MAX_CALLS records); the audio is the first
// answered call's (the station talks in one call at a time).

import { parseSdp } from "../../sdp/parse";
import { SDP_RECORD_SIZE, DIR_SENDONLY, DIR_RECVONLY, isNullIPv4, addressPort } from "../../sdp/session";
import { LocalMedia, Negotiated, LOCAL_SIZE, NEGOTIATED_SIZE, localDefaults, remoteAddress, NO_EVENTS, LAW_ALAW } from "../../sdp/local";
import { writeOffer, acceptAnswer, MAX_OFFER_LENGTH } from "../../sdp/offer";
import { answerOffer } from "../../sdp/answer";
import { SDP_OK } from "../../sdp/errors";
import { SDP_TEXT_CAPACITY } from "../../sdp/write";
import { setLocalSdp, setAnswerSdp, clearAnswerSdp, setReofferHandler } from "../../sip/ua/session";
import { MAX_CALLS, callPeer } from "../../sip/ua/calls";
import { PEER_SIZE } from "../../sip/txn/peer";
import { nextRandom } from "../../sip/ua/random";
import * as mediaG711 from "../../media/g711";
import * as voiceMedia from "./media";

const LOCAL: usize = memory.data(<i32>LOCAL_SIZE, 8);
const AGREED: usize = memory.data(<i32>NEGOTIATED_SIZE * MAX_CALLS, 8);
/** The description being read (an offer or an answer), parsed. */
const PARSED: usize = memory.data(<i32>SDP_RECORD_SIZE, 8);
const OFFER: usize = memory.data(MAX_OFFER_LENGTH);
/** The answer waiting for its call's 200 (one at a time: sip/ua/session.ts keeps one). */
const ANSWER: usize = memory.data(SDP_TEXT_CAPACITY);
const ADDRESS: usize = memory.data(<i32>PEER_SIZE);

/** What the station's audio is set up with (from the configuration). */
// @ts-ignore: decorator
@unmanaged class Audio {
  depthMs: i32;
  timeoutMs: u32;
  eventMs: i32;
}
const AUDIO: usize = memory.data(offsetof<Audio>(), 4);

// @ts-ignore: decorator
@inline function local(): LocalMedia { return changetype<LocalMedia>(LOCAL); }
// @ts-ignore: decorator
@inline function agreed(c: i32): Negotiated { return changetype<Negotiated>(AGREED + <usize>c * NEGOTIATED_SIZE); }
// @ts-ignore: decorator
@inline function audio(): Audio { return changetype<Audio>(AUDIO); }

/**
 * From the configuration: our address (the 16 octets at `address`, IPv6 or IPv4 mapped), the RTP port,
 * the codecs in preference order (payload types 0 PCMU, 8 PCMA; `second` < 0:
 * one only), whether telephone-events are offered and taken (RFC 4733), the
 * jitter buffer's depth, the RTP timeout (0: none) and how long a sent key
 * lasts. Writes our offer. False when the offer does not fit.
 */
export function voiceConfigure(address: usize, rtpPort: u32, first: i32, second: i32, events: bool, depthMs: i32, timeoutMs: u32, eventMs: i32): bool {
  for (let i: usize = 0; i < 16; i++) store<u8>(ADDRESS + i, load<u8>(address + i));
  const l = local();
  localDefaults(l, ADDRESS, rtpPort, (<u64>nextRandom() << 32) | <u64>nextRandom());
  l.codec0 = <u8>first;
  l.codec1 = second < 0 ? 0 : <u8>second;
  l.codecCount = second < 0 ? 1 : 2;
  l.events = events ? 1 : 0;
  audio().depthMs = depthMs;
  audio().timeoutMs = timeoutMs;
  audio().eventMs = eventMs;
  setReofferHandler(onReoffer);
  return writeLocalOffer();
}

function writeLocalOffer(): bool {
  const n = writeOffer(local(), OFFER, MAX_OFFER_LENGTH);
  return n > 0 && setLocalSdp(OFFER, n);
}

/** The board bound another RTP port (boardSetMediaPort): the offer says so from now on. */
export function voicePortChanged(port: u32): void {
  local().mediaPort = <u16>port;
  writeLocalOffer();
}

function forget(c: i32): void {
  for (let i: usize = 0; i < NEGOTIATED_SIZE; i += 4) store<u32>(AGREED + <usize>c * NEGOTIATED_SIZE + i, 0);
}

/**
 * A new INVITE for call c carried [body, body+len): its offer is answered
 * now and the answer waits for the 200. Returns 0, or 488 when nothing in it
 * can be taken (the caller refuses the call with it). An INVITE without an
 * offer gets ours in the 200 (RFC 3264 §4; its answer would come in the ACK,
 * which the station does not read: such a call has no audio).
 */
export function voiceIncoming(c: i32, body: usize, len: i32): i32 {
  forget(c);
  clearAnswerSdp(c);
  if (len <= 0) return 0;
  if (parseSdp(body, len, PARSED) != SDP_OK) return 488;
  const n = answerOffer(body, len, PARSED, local(), agreed(c), ANSWER, SDP_TEXT_CAPACITY);
  if (n <= 0) return 488;
  setAnswerSdp(c, ANSWER, n);
  return 0;
}

/**
 * A provisional response to our INVITE for call c carried [body, body+len):
 * an answer (RFC 3264 §4; RFC 3262 makes a reliable 183 carry it, and early
 * media puts it in any 183). It is taken as the call's agreement; the 2xx
 * may then come without a body (RFC 3261 §13.2.1).
 */
export function voiceProgress(c: i32, body: usize, len: i32): void {
  if (len <= 0 || parseSdp(body, len, PARSED) != SDP_OK) return;
  forget(c);
  acceptAnswer(PARSED, local(), agreed(c));
}

/**
 * Call c is established: we answered (`ours`, its agreement made at the
 * offer) or the 2xx to our INVITE carried [body, body+len), the answer (or
 * none, when a provisional response brought it). Starts the audio when no
 * other call has it. Returns 0, or the reason the answer is not usable (the
 * caller ends the call).
 */
export function voiceEstablished(c: i32, ours: bool, body: usize, len: i32, now: u32): i32 {
  clearAnswerSdp(c);
  if (!ours && len > 0) {
    forget(c);
    if (parseSdp(body, len, PARSED) != SDP_OK) return 488;
    const r = acceptAnswer(PARSED, local(), agreed(c));
    if (r != SDP_OK) return 488;
  }
  const n = agreed(c);
  if (n.valid == 0) return ours ? 0 : 488; // our offer went unanswered: RFC 3264 §7 leaves ending the call
  if (voiceMedia.mediaCall() >= 0) return 0;
  voiceMedia.mediaStart(c, remoteAddress(n), rtcpPort(n), <i32>n.codecPt, law(n), events(n), sends(n), receives(n),
    callPeer(c), audio().depthMs, audio().timeoutMs, audio().eventMs, now);
  return 0;
}

/** An offer in call c's re-INVITE or UPDATE (RFC 3264 §8): answered (200) and the audio changed, or refused (488). */
function onReoffer(c: i32, body: usize, len: i32, now: u32): i32 {
  if (parseSdp(body, len, PARSED) != SDP_OK) return 488;
  const n = answerOffer(body, len, PARSED, local(), agreed(c), ANSWER, SDP_TEXT_CAPACITY);
  if (n <= 0) return 488;
  setAnswerSdp(c, ANSWER, n);
  const a = agreed(c);
  if (voiceMedia.mediaCall() == c && a.changed != 0) {
    voiceMedia.mediaChange(remoteAddress(a), rtcpPort(a), <i32>a.codecPt, law(a), events(a), sends(a), receives(a), now);
  }
  return 200;
}

/** Call c is gone: its agreement and any answer waiting for it. */
export function voiceGone(c: i32): void {
  clearAnswerSdp(c);
  forget(c);
}

function rtcpPort(n: Negotiated): u32 { return n.rtcpPort != 0 ? <u32>n.rtcpPort : addressPort(remoteAddress(n)) + 1; }
function law(n: Negotiated): i32 { return n.law == LAW_ALAW ? mediaG711.LAW_ALAW : mediaG711.LAW_ULAW; }
function events(n: Negotiated): i32 { return n.eventsPt == NO_EVENTS ? voiceMedia.NO_EVENTS : <i32>n.eventsPt; }
/** Whether we send: the agreed direction lets us, and the peer is not held by a 0.0.0.0 address (RFC 3264 §8.4). */
function sends(n: Negotiated): bool { return (n.direction & DIR_SENDONLY) != 0 && !isNullIPv4(remoteAddress(n)); }
function receives(n: Negotiated): bool { return (n.direction & DIR_RECVONLY) != 0; }
