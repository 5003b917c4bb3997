// The two records of an offer/answer exchange (RFC 3264), each laid by the
// caller over memory it owns: LocalMedia, what the station can do and the
// origin it writes (o=, RFC 8866 §5.2), and Negotiated, what an exchange
// agreed, seen from the station's side.

import { ADDRESS_SIZE, DIR_SENDRECV, copyAddress } from "./session";

/** Codecs in the local preference list at most (PCMU and PCMA). */
export const MAX_CODECS: i32 = 2;
/** The payload type telephone-event takes in our offers when nobody says otherwise. */
export const DEFAULT_EVENTS_PT: u8 = 101;
/** Events 0-15, the DTMF digits, * # and A-D (RFC 4733 §3.2): what we offer and accept. */
export const DTMF_EVENTS: u32 = 0xffff;
export const DEFAULT_PTIME: u8 = 20;
/** Negotiated.eventsPt when telephone-event was not agreed. */
export const NO_EVENTS: u8 = 255;
/** G.711 laws (Negotiated.law). */
export const LAW_ULAW: u8 = 1;
export const LAW_ALAW: u8 = 2;

// @ts-ignore: decorator
@unmanaged export class LocalMedia {
  /** o= sess-id: from the caller's random value, fixed for the dialog (RFC 3264 §5). */
  sessionId: u64;
  /** o= sess-version: one more for every description that differs from the last (RFC 3264 §8). */
  version: u64;
  mediaPort: u16;
  /** How many of codec0, codec1 are in use, in preference order (payload type 0 PCMU or 8 PCMA). */
  codecCount: u8;
  codec0: u8;
  codec1: u8;
  /** 1: telephone-event is offered and accepted (RFC 4733). */
  events: u8;
  /** The payload type of telephone-event in our offers. */
  eventsPt: u8;
  /** Milliseconds of audio per packet (a=ptime). */
  ptime: u8;
  /** What we want (DIR_*): sendrecv, or sendonly/inactive to hold (RFC 3264 §8.4). */
  direction: u8;
  /** Our IPv4 address, 18-octet form (the port part is not used; these fields reserve its room). */
  addr: u64;
  addrMiddle: u64;
  addrEnd: u16;
}

// @ts-ignore: decorator
@unmanaged export class Negotiated {
  /** The remote o= sess-id and sess-version last taken (RFC 3264 §8). */
  remoteSession: u64;
  remoteVersion: u64;
  /** 1 once an exchange completed into this record; the caller zeroes the record for each new dialog. */
  valid: u8;
  /** 1 when the last exchange changed what was agreed (address, port, codec, events, direction): media restarts. */
  changed: u8;
  /** The payload type and G.711 law of the chosen codec. */
  codecPt: u8;
  law: u8;
  /** The peer's payload type for telephone-event, NO_EVENTS when not agreed. */
  eventsPt: u8;
  /** The direction seen from our side: DIR_SENDONLY means we only send. */
  direction: u8;
  /** 1: the peer holds the call (sendonly, inactive, or c=0.0.0.0; RFC 3264 §8.4). */
  hold: u8;
  /** The type of the remote address (ADDR_IP4, ADDR_IP6; ADDR_NAME: not known, learn it from the peer's RTP). */
  addrType: u8;
  /** The peer's a=ptime, 0 when it gave none. */
  ptime: u16;
  /** Where the peer receives RTCP: a=rtcp (RFC 3605), else RTP port + 1 (RFC 3550 §11). */
  rtcpPort: u16;
  /** Where the peer receives RTP: its address and port, 18-octet form. */
  remote: u64;
  remoteMiddle: u64;
  remoteEnd: u16;
}

if (offsetof<LocalMedia>("addrEnd") + 2 - offsetof<LocalMedia>("addr") != ADDRESS_SIZE) ERROR("LocalMedia: the address does not match ADDRESS_SIZE");
if (offsetof<Negotiated>("remoteEnd") + 2 - offsetof<Negotiated>("remote") != ADDRESS_SIZE) ERROR("Negotiated: the address does not match ADDRESS_SIZE");

export const LOCAL_SIZE: usize = (offsetof<LocalMedia>() + 7) & ~7;
export const NEGOTIATED_SIZE: usize = (offsetof<Negotiated>() + 7) & ~7;

export function localAddress(l: LocalMedia): usize { return changetype<usize>(l) + offsetof<LocalMedia>("addr"); }
export function remoteAddress(n: Negotiated): usize { return changetype<usize>(n) + offsetof<Negotiated>("remote"); }

/** The i-th codec of the local preference list. */
export function localCodec(l: LocalMedia, i: i32): u8 { return i == 0 ? l.codec0 : l.codec1; }

/**
 * Fills l with the station's defaults: PCMU then PCMA, telephone-event on
 * payload type 101 with events 0-15, ptime 20, sendrecv, RTP on `mediaPort`,
 * our address from the 18-octet form at `address` (its port is not used),
 * and a session id from the caller's random value. The version starts at 0:
 * the first description written carries 1. An IPv4 address (mapped) is
 * written c=IN IP4, any other c=IN IP6 (RFC 8866 §5.7, write.ts).
 */
export function localDefaults(l: LocalMedia, address: usize, mediaPort: u32, random: u64): void {
  l.sessionId = random & 0x7fffffffffffffff; // RFC 8866 §5.2: a numeric string; kept below 2^63
  l.version = 0;
  l.mediaPort = <u16>mediaPort;
  l.codecCount = 2;
  l.codec0 = 0;
  l.codec1 = 8;
  l.events = 1;
  l.eventsPt = DEFAULT_EVENTS_PT;
  l.ptime = DEFAULT_PTIME;
  l.direction = DIR_SENDRECV;
  copyAddress(localAddress(l), address);
}
