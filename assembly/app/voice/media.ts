// The audio of the station's call: one RTP stream (RFC 3550) of 20 ms G.711
// frames each way, its RTCP, the jitter buffer and RFC 4733 telephone-events,
// over the board's media sockets (board.mediaSend, boardMedia) and its 20 ms
// audio clock (boardAudio). The station talks in one call at a time, so there
// is one media session; SDP (assembly/sdp/) decides its parameters.
//
// Pure like the rest of the app: what is to send waits in a two-packet outbox
// (one RTP, one RTCP; mediaOut*), which app/main.ts hands to board.mediaSend
// when the entry point ends.
//
// Who may send us RTP: only the address the peer's SDP gave, or the address
// its SIP messages come from (a phone behind NAT announces a private address);
// the first packet from there fixes the port (symmetric RTP, RFC 4961 §4),
// and our RTP goes back to that source. Packets from anywhere else are dropped:
// a telephone-event can open the door, so the station does not take one from
// a stranger on the LAN.

import { nextRandom, randomHex } from "../../sip/ua/random";
import { PEER_SIZE, RX_PEER, copyPeer, peerPort } from "../../sip/txn/peer";
import { RX } from "../../sip/msg/buffers";
import { encodeFrame, decodeFrame, FRAME_SAMPLES } from "../../media/g711";
import { parseRtp, RTP_OK, RTP_HEADER_SIZE } from "../../media/rtp";
import { senderWrite, senderCount, senderSpurt, senderSkip } from "../../media/sender";
import { receiverPacket, receiverValid, receiverCumulativeLost, RX_VALID } from "../../media/receiver";
import { rtcpDue, rtcpSent, ntpFromMs } from "../../media/rtcp";
import { writeRtcp } from "../../media/rtcp-write";
import { parseRtcp } from "../../media/rtcp-read";
import { streamStart, streamSender, streamReceiver, streamRtcp, streamPacket } from "../../media/stream";
import { jbStart, jbPut, jbTake, jbConcealed, takenKind, takenPayload, takenLength, TAKE_FRAME, TAKE_LOST } from "../../media/jitter";
import { conceal } from "../../media/conceal";
import { teReceiverReset, teReceive, teSenderStart, teKey, teSending, teTick, sentPacket, sentMarker, sentGoing, sentTimestamp, EVENT_OCTETS, TE_NONE } from "../../media/telephone-event";
import { appEvent, EV_MEDIA, EV_MEDIA_LOSS, MEDIA_OFF, MEDIA_ON, MEDIA_HELD } from "../events";
import { reached } from "../../runtime/time";

export const CHANNEL_RTP = 0;
export const CHANNEL_RTCP = 1;
/** `media` off: why (the event's b). */
export const ENDED_CALL = 0;
export const ENDED_RTP_TIMEOUT = 1;
/** No telephone-event payload type negotiated. */
export const NO_EVENTS: i32 = -1;

// @ts-ignore: decorator
@unmanaged class Session {
  /** The call this audio belongs to (-1: none). */
  call: i32;
  /** When the last RTP from the peer arrived (or the session began). */
  heardAt: u32;
  /** The RTP timeout in ms (0: none). */
  timeoutMs: u32;
  /** MEDIA_OFF, MEDIA_ON or MEDIA_HELD (the `media` event's a). */
  state: u8;
  law: u8;
  payloadType: u8;
  /** The telephone-event payload type, or 0xff: none. */
  eventType: u8;
  /** 1 when we send (sendrecv or sendonly from our side), 1 when we play what comes. */
  sending: u8;
  receiving: u8;
  /** 1 once the peer's RTP source is known: its port is fixed. */
  latched: u8;
  /** Lost frames in a row (concealment's fade). */
  lostRun: u8;
  /** The outbox's lengths (0: empty). */
  rtpOut: u16;
  rtcpOut: u16;
}

const SESSION: usize = memory.data(offsetof<Session>(), 4);
/** Where our RTP and RTCP go: the SDP's address and ports, then the peer's actual RTP source. */
const RTP_PEER: usize = memory.data(<i32>PEER_SIZE);
const RTCP_PEER: usize = memory.data(<i32>PEER_SIZE);
/** The address the call's SIP comes from (a NATed peer's RTP comes from there too). */
const SIGNALING: usize = memory.data(<i32>PEER_SIZE);

/** The 20 ms frames the board exchanges (micFrame, speakerFrame), and the last frame heard (concealment). */
export const MIC: usize = memory.data(FRAME_SAMPLES * 2, 4);
export const SPEAKER: usize = memory.data(FRAME_SAMPLES * 2, 4);
const HEARD: usize = memory.data(FRAME_SAMPLES * 2, 4);
/** The outbox: one RTP packet (a G.711 frame or a telephone-event) and one RTCP compound (RFC 3550 §6.1). */
const RTP_CAPACITY: i32 = RTP_HEADER_SIZE + FRAME_SAMPLES;
const RTP_OUT: usize = memory.data(RTP_CAPACITY, 4);
const RTCP_CAPACITY: i32 = 96; // RR or SR with one report block (52), SDES CNAME (28), BYE (8)
const RTCP_OUT: usize = memory.data(RTCP_CAPACITY, 4);
/** Our RTCP CNAME (RFC 3550 §6.5.1; RFC 7022: a random one per session, 16 hex digits). */
const CNAME_LENGTH: i32 = 16;
const CNAME: usize = memory.data(CNAME_LENGTH);

// @ts-ignore: decorator
@inline function s(): Session { return changetype<Session>(SESSION); }

export function mediaCall(): i32 { return s().state == MEDIA_OFF ? -1 : s().call; }
export function mediaState(): i32 { return <i32>s().state; }

/** At start-up: no media. */
export function mediaReset(): void {
  s().state = <u8>MEDIA_OFF;
  s().call = -1;
  mediaOutClear();
}

/** What waits to be sent on `channel` (CHANNEL_RTP or CHANNEL_RTCP): its octets, their count (0: nothing), where to. */
export function mediaOutData(channel: i32): usize { return channel == CHANNEL_RTP ? RTP_OUT : RTCP_OUT; }
export function mediaOutLength(channel: i32): i32 { return channel == CHANNEL_RTP ? <i32>s().rtpOut : <i32>s().rtcpOut; }
export function mediaOutPeer(channel: i32): usize { return channel == CHANNEL_RTP ? RTP_PEER : RTCP_PEER; }
/** The outbox was sent. */
export function mediaOutClear(): void {
  s().rtpOut = 0;
  s().rtcpOut = 0;
}

/**
 * The call's audio begins (an answer accepted, our answer sent): the peer at
 * `remote` (18 octets: the SDP's address and RTP port), its RTCP port, the
 * codec, the telephone-event type (NO_EVENTS: none), which ways audio goes,
 * and `signaling`, the address the call's SIP comes from.
 */
export function mediaStart(call: i32, remote: usize, rtcpPort: u32, payloadType: i32, law: i32, eventType: i32,
  sending: bool, receiving: bool, signaling: usize, depthMs: i32, timeoutMs: u32, eventMs: i32, now: u32): void {
  const m = s();
  streamStart(0, now, nextRandom(), nextRandom(), nextRandom(), nextRandom());
  randomHex(CNAME, CNAME_LENGTH);
  jbStart(depthMs);
  teReceiverReset();
  teSenderStart(eventMs);
  m.call = call;
  m.heardAt = now;
  m.timeoutMs = timeoutMs;
  m.lostRun = 0;
  m.latched = 0;
  copyPeer(SIGNALING, signaling);
  mediaChange(remote, rtcpPort, payloadType, law, eventType, sending, receiving, now);
}

/** A new offer or answer in the same call changed the media (RFC 3264 §8: hold, resume, another address or codec). */
export function mediaChange(remote: usize, rtcpPort: u32, payloadType: i32, law: i32, eventType: i32, sending: bool, receiving: bool, now: u32): void {
  const m = s();
  const moved = m.state == MEDIA_OFF || peerPort(remote) != peerPort(RTP_PEER) || !sameAddress(remote, RTP_PEER);
  copyPeer(RTP_PEER, remote);
  copyPeer(RTCP_PEER, remote);
  store<u8>(RTCP_PEER + 16, <u8>(rtcpPort >> 8));
  store<u8>(RTCP_PEER + 17, <u8>rtcpPort);
  if (moved) m.latched = 0;
  m.payloadType = <u8>payloadType;
  m.law = <u8>law;
  m.eventType = eventType < 0 ? 0xff : <u8>eventType;
  m.sending = sending ? 1 : 0;
  m.receiving = receiving ? 1 : 0;
  if (!receiving) m.heardAt = now; // a held call is not timed out
  // Held (RFC 3264 §8.4): the peer sends only (its hold music) or nothing, so we send nothing.
  const state = sending ? MEDIA_ON : MEDIA_HELD;
  if (state != m.state) appEvent(EV_MEDIA, state, payloadType);
  m.state = <u8>state;
}

/**
 * The call's audio ends (`why`: ENDED_*): an RTCP BYE to the peer (RFC 3550 §6.6), the event,
 * then `media-loss`: the packets lost (RFC 3550 A.3, the figure our reports carried; 0 when no
 * source was ever believed) and the frames the jitter buffer concealed.
 */
export function mediaStop(why: i32, now: u32): void {
  const m = s();
  if (m.state == MEDIA_OFF) return;
  sendRtcp(true, now);
  m.state = <u8>MEDIA_OFF;
  m.call = -1;
  appEvent(EV_MEDIA, MEDIA_OFF, why);
  const r = streamReceiver(0);
  appEvent(EV_MEDIA_LOSS, receiverValid(r) ? receiverCumulativeLost(r) : 0, <i32>jbConcealed());
}

/** The 16 address octets of two peers compared as two 64-bit words (per RTP packet: 4 accesses, not 32). */
function sameAddress(a: usize, b: usize): bool {
  return ((load<u64>(a) ^ load<u64>(b)) | (load<u64>(a, 8) ^ load<u64>(b, 8))) == 0;
}

function sendRtcp(bye: bool, now: u32): void {
  const n = writeRtcp(RTCP_OUT, RTCP_CAPACITY, streamSender(0), streamReceiver(0), streamRtcp(0), CNAME, CNAME_LENGTH, ntpFromMs(now), now, bye);
  if (n <= 0) return;
  s().rtcpOut = <u16>n;
  rtcpSent(streamRtcp(0), n, now, nextRandom());
}

/** Queues an ASCII DTMF key to send as a telephone-event (false: none negotiated, or the queue is full). */
export function mediaKey(key: i32): bool {
  return s().state != MEDIA_OFF && s().eventType != 0xff && teKey(key);
}

/** Whether `key`s can go as telephone-events in this call. */
export function mediaSendsEvents(): bool { return s().state != MEDIA_OFF && s().eventType != 0xff && s().sending != 0; }

/** One frame of our audio (the microphone, or this tick's telephone-event, RFC 4733 §2.5.1) to the peer. */
function sendFrame(now: u32): void {
  const m = s();
  const sender = streamSender(0);
  if (m.eventType != 0xff && teSending()) {
    const r = teTick(sender.timestamp, RTP_OUT + RTP_HEADER_SIZE);
    if (sentPacket(r)) {
      // The event's packets share its timestamp; the audio it replaces keeps the clock going (§2.5.1.2).
      if (sentMarker(r)) senderSpurt(sender);
      const saved = sender.timestamp;
      sender.timestamp = sentTimestamp(r);
      const h = senderWrite(sender, RTP_OUT, RTP_CAPACITY, m.eventType, 0, now);
      sender.timestamp = saved;
      senderSkip(sender, FRAME_SAMPLES);
      if (h > 0) {
        senderCount(sender, EVENT_OCTETS);
        m.rtpOut = <u16>(h + EVENT_OCTETS);
      }
      if (!sentGoing(r)) senderSpurt(sender); // the audio after the event starts a talk spurt
      return;
    }
  }
  const h = senderWrite(sender, RTP_OUT, RTP_CAPACITY, m.payloadType, FRAME_SAMPLES, now);
  if (h <= 0) return;
  encodeFrame(MIC, RTP_OUT + <usize>h, FRAME_SAMPLES, m.law);
  senderCount(sender, FRAME_SAMPLES);
  m.rtpOut = <u16>(h + FRAME_SAMPLES);
}

/** This tick's 20 ms to play: the next frame, a concealed one, or silence while the buffer fills. */
function playFrame(): void {
  const m = s();
  const r = jbTake();
  const kind = takenKind(r);
  if (kind == TAKE_FRAME && takenLength(r) == FRAME_SAMPLES) {
    decodeFrame(takenPayload(r), SPEAKER, FRAME_SAMPLES, m.law);
    for (let i: usize = 0; i < <usize>(FRAME_SAMPLES * 2); i += 8) store<u64>(HEARD + i, load<u64>(SPEAKER + i));
    m.lostRun = 0;
  } else if (kind == TAKE_LOST || kind == TAKE_FRAME) {
    if (m.lostRun < 0xff) m.lostRun++;
    conceal(HEARD, SPEAKER, m.lostRun);
  } else {
    for (let i: usize = 0; i < <usize>(FRAME_SAMPLES * 2); i += 4) store<u32>(SPEAKER + i, 0);
  }
}

/** The board's 20 ms audio clock: MIC holds the microphone's last 20 ms; SPEAKER gets the next 20 ms. 1 while audio is on. */
export function mediaAudio(now: u32): i32 {
  const m = s();
  if (m.state == MEDIA_OFF) {
    for (let i: usize = 0; i < <usize>(FRAME_SAMPLES * 2); i += 4) store<u32>(SPEAKER + i, 0);
    return 0;
  }
  if (m.sending != 0) sendFrame(now);
  else senderSkip(streamSender(0), FRAME_SAMPLES);
  if (m.receiving != 0) playFrame();
  else for (let i: usize = 0; i < <usize>(FRAME_SAMPLES * 2); i += 4) store<u32>(SPEAKER + i, 0);
  if (rtcpDue(streamRtcp(0), now)) sendRtcp(false, now);
  return 1;
}

/** Whether the datagram's source may be the peer's media (see the top of this file); latches the RTP source. */
function fromPeer(channel: i32): bool {
  const m = s();
  if (channel == CHANNEL_RTP && m.latched != 0) return peerEquals(RX_PEER, RTP_PEER);
  if (!sameAddress(RX_PEER, RTP_PEER) && !sameAddress(RX_PEER, SIGNALING)) return false;
  if (channel == CHANNEL_RTP) {
    copyPeer(RTP_PEER, RX_PEER); // symmetric RTP: answer where it comes from
    m.latched = 1;
  }
  return true;
}

function peerEquals(a: usize, b: usize): bool { return sameAddress(a, b) && peerPort(a) == peerPort(b); }

/**
 * A datagram of `len` octets on the RTP (0) or RTCP (1) socket, in RX from RX_PEER.
 * Returns the ASCII DTMF key a telephone-event began (RFC 4733 §2.5.2), else 0.
 */
export function mediaDatagram(len: i32, channel: i32, now: u32): i32 {
  const m = s();
  if (m.state == MEDIA_OFF || len <= 0 || !fromPeer(channel)) return 0;
  if (channel == CHANNEL_RTCP) {
    parseRtcp(RX, len, streamRtcp(0), streamReceiver(0), streamSender(0).ssrc, ntpFromMs(now), now);
    return 0;
  }
  const p = streamPacket(0);
  if (parseRtp(RX, len, p) != RTP_OK) return 0;
  m.heardAt = now;
  if (m.receiving == 0) return 0;
  const payload = RX + <usize>p.payloadOffset;
  if (<u32>p.payloadType == <u32>m.eventType) {
    const key = teReceive(p.timestamp, p.marker != 0, payload, p.payloadLength);
    return key > TE_NONE ? key : 0;
  }
  if (<u32>p.payloadType != <u32>m.payloadType) return 0;
  if (receiverPacket(streamReceiver(0), p.ssrc, p.sequence, p.timestamp, now) != RX_VALID) return 0;
  jbPut(p.ssrc, p.sequence, payload, p.payloadLength, false);
  return 0;
}

/** The call whose peer sent no RTP for the timeout (to be ended), else -1. */
export function mediaTimedOut(now: u32): i32 {
  const m = s();
  if (m.state != MEDIA_ON || m.receiving == 0 || m.timeoutMs == 0) return -1;
  return reached(m.heardAt + m.timeoutMs, now) ? m.call : -1;
}

/** Milliseconds until mediaTimedOut may change, or -1. */
export function mediaNextDeadline(now: u32): i32 {
  const m = s();
  if (m.state != MEDIA_ON || m.receiving == 0 || m.timeoutMs == 0) return -1;
  const d = <i32>(m.heardAt + m.timeoutMs - now);
  return d > 0 ? d : 0;
}
