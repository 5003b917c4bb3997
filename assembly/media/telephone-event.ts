// RFC 4733 telephone-events for DTMF, both ways: the 4-octet payload
// (§2.3), the receiver that reports each key once, and the sender that turns
// a key into the packets of one event. The RTP header (sequence number,
// timestamp, marker, SSRC) is read and written by the caller: a receiver
// takes the timestamp and marker already parsed, the sender hands back the
// timestamp and marker to write.
//
// Static memory: TE_BYTES octets (56: the receiver's and the sender's state and
// the sender's queue of TE_QUEUE keys).

/** Octets of one event payload (§2.3). */
export const EVENT_OCTETS: i32 = 4;
/** Timestamp units per 20 ms tick (8 kHz, RFC 3551 §4.5.14). */
export const TICK_UNITS: u32 = 160;
/** Event length range and default for sending, in ms. */
export const TE_MIN_MS: i32 = 40;
export const TE_MAX_MS: i32 = 5000; // 40,000 units: one segment, never the 0xFFFF of §2.5.1.3
export const TE_DEFAULT_MS: i32 = 100;
/** Keys waiting while one is being sent. */
export const TE_QUEUE: i32 = 16;
/** The volume sent: -10 dBm0 (§2.3.4, §3.2). */
export const TE_VOLUME: u8 = 10;
/** End packets sent for each event (§2.5.1.4). */
export const TE_ENDS: u8 = 3;
/** How far short of 0xFFFF a long event's next segment may start when its last packets were lost (100 ms). */
const SEGMENT_SLACK: i32 = 800;

/** receive(): nothing to report. */
export const TE_NONE: i32 = 0;
/** receive(): a payload shorter than EVENT_OCTETS. */
export const TE_REFUSED: i32 = -1;

// ---- the payload (§2.3) ----
// event (8 bits) | E (1) R (1) volume (6) | duration (16), network order.

export function eventCode(p: usize): i32 { return <i32>load<u8>(p); }
export function eventEnds(p: usize): bool { return (load<u8>(p, 1) & 0x80) != 0; }
export function eventVolume(p: usize): i32 { return <i32>(load<u8>(p, 1) & 0x3f); }
export function eventDuration(p: usize): u32 { return (<u32>load<u8>(p, 2) << 8) | <u32>load<u8>(p, 3); }

/** Writes one payload at `out`; R is sent as 0 (§2.3.3). */
export function writeEvent(out: usize, code: i32, end: bool, volume: u8, duration: u32): void {
  store<u8>(out, <u8>code);
  store<u8>(out, (end ? 0x80 : 0) | (volume & 0x3f), 1);
  store<u8>(out, <u8>(duration >> 8), 2);
  store<u8>(out, <u8>duration, 3);
}

/** The ASCII key of DTMF event `code` (§3.2 table 1: 0-9, * 10, # 11, A-D 12-15); 0 for any other event. */
export function keyOfEvent(code: i32): i32 {
  if (code >= 0 && code <= 9) return 0x30 + code;
  if (code == 10) return 0x2a; // '*'
  if (code == 11) return 0x23; // '#'
  if (code >= 12 && code <= 15) return 0x41 + code - 12; // 'A'-'D'
  return 0;
}

/** The DTMF event code of ASCII `key` ('a'-'d' as 'A'-'D'); -1 for anything else. */
export function eventOfKey(key: i32): i32 {
  if (key >= 0x30 && key <= 0x39) return key - 0x30;
  if (key == 0x2a) return 10;
  if (key == 0x23) return 11;
  if (key >= 0x41 && key <= 0x44) return key - 0x41 + 12;
  if (key >= 0x61 && key <= 0x64) return key - 0x61 + 12;
  return -1;
}

// @ts-ignore: decorator
@unmanaged class Rx {
  /** 1 once any event was seen. */
  have: u8;
  /** 1 when the current event's end packet arrived, or a newer event ended it. */
  ended: u8;
  code: u8;
  pad: u8;
  /** The current event's RTP timestamp (its start, §2.2.1). */
  timestamp: u32;
  /** The longest duration seen for it. */
  duration: u32;
}

// @ts-ignore: decorator
@unmanaged class Tx {
  /** 0 idle, 1 sending updates, 2 sending end packets. */
  state: u8;
  code: u8;
  endsSent: u8;
  queued: u8;
  head: u8;
  pad1: u8;
  pad2: u16;
  timestamp: u32;
  duration: u32;
  /** The event's length, in timestamp units. */
  length: u32;
}

const RX_SIZE: usize = (offsetof<Rx>() + 7) & ~7;
const TX_SIZE: usize = (offsetof<Tx>() + 7) & ~7;
export const TE_BYTES: i32 = <i32>(RX_SIZE + TX_SIZE) + TE_QUEUE;
if ((TE_QUEUE & 3) != 0) ERROR("telephone-event.ts: TE_QUEUE must be whole words (cleared by words)");
const AREA: usize = memory.data(TE_BYTES, 8);
const QUEUE: usize = AREA + RX_SIZE + TX_SIZE;

/** Zeroes `n` octets (a multiple of 4) at `p`. */
function clear(p: usize, n: usize): void {
  for (let k: usize = 0; k < n; k += 4) store<u32>(p + k, 0);
}

// @ts-ignore: decorator
@inline function rx(): Rx { return changetype<Rx>(AREA); }
// @ts-ignore: decorator
@inline function tx(): Tx { return changetype<Tx>(AREA + RX_SIZE); }

// ---- receiving (§2.5.2) ----

/** Forgets every event received: a new call, or a new SSRC. */
export function teReceiverReset(): void { clear(AREA, RX_SIZE); }

/** Whether an event is in progress: started, and neither its end nor a newer event seen. */
export function teActive(): bool { return rx().have != 0 && rx().ended == 0; }

/**
 * §2.5.1.3: an event longer than 0xFFFF units goes on in a new segment whose
 * timestamp is the old one plus the old duration, with the same code and
 * no marker bit; that is the same key, not a new one.
 */
function nextSegment(code: i32, marker: bool, delta: i32): bool {
  const r = rx();
  return r.ended == 0 && !marker && <i32>r.code == code &&
    delta <= 0xffff && delta >= 0xffff - SEGMENT_SLACK && <u32>delta >= r.duration;
}

/**
 * One received telephone-event packet: its RTP timestamp, marker bit and
 * payload. Returns the ASCII key when this packet starts a DTMF event (its
 * first packet to arrive, whether or not the marked start was lost), TE_NONE
 * for the rest of an event, an earlier event's late packet or a non-DTMF
 * event, TE_REFUSED for a payload shorter than EVENT_OCTETS.
 */
export function teReceive(timestamp: u32, marker: bool, payload: usize, len: i32): i32 {
  if (len < EVENT_OCTETS) return TE_REFUSED;
  const r = rx();
  const code = eventCode(payload);
  const end = eventEnds(payload);
  const duration = eventDuration(payload);
  if (r.have != 0) {
    // Packets of one event share its timestamp (§2.2.1); compared across the 32-bit wrap.
    const delta = <i32>(timestamp - r.timestamp);
    if (delta < 0) return TE_NONE; // a late packet of an earlier event
    if (delta == 0) {
      // An update or an end (retransmitted ends included, §2.5.1.4): already reported.
      if (end) r.ended = 1;
      if (duration > r.duration) r.duration = duration;
      return TE_NONE;
    }
    if (nextSegment(code, marker, delta)) {
      r.timestamp = timestamp;
      r.duration = duration;
      r.ended = end ? 1 : 0;
      return TE_NONE;
    }
  }
  // A new event; a previous one without its end is over (§2.5.2.2: its end packets were lost).
  r.have = 1;
  r.timestamp = timestamp;
  r.code = <u8>code;
  r.duration = duration;
  r.ended = end ? 1 : 0;
  return keyOfEvent(code); // 0 (TE_NONE) for events outside 0-15, not DTMF keys (§3.2): ignored
}

// ---- sending (§2.5.1) ----
// One packet per 20 ms tick, the audio packet time (§2.5.1.2 allows up to
// 50 ms; 20 ms keeps the event's packets on the audio clock): the first with
// the marker bit (§2.2.2) and a duration of one tick, each next one a tick
// longer, until the configured length; then TE_ENDS packets with the E bit
// and that same final duration (§2.5.1.4). The timestamp is the one of the
// audio frame at the event's start, fixed for all its packets (§2.2.1). A
// key pressed meanwhile waits in a queue of TE_QUEUE keys, and starts at the
// tick after the previous event's last end packet.

const IDLE: u8 = 0;
const UPDATES: u8 = 1;
const ENDS: u8 = 2;

/** Empties the sender for a new call, events lasting `lengthMs` (rounded up to 20 ms); false (nothing changed) outside TE_MIN_MS..TE_MAX_MS. */
export function teSenderStart(lengthMs: i32): bool {
  if (lengthMs < TE_MIN_MS || lengthMs > TE_MAX_MS) return false;
  clear(AREA + RX_SIZE, TX_SIZE + <usize>TE_QUEUE);
  tx().length = <u32>((lengthMs + 19) / 20) * TICK_UNITS;
  return true;
}

/** Queues ASCII `key` for sending; false when it is no DTMF key, the queue is full or teSenderStart was not called. */
export function teKey(key: i32): bool {
  const t = tx();
  const code = eventOfKey(key);
  if (code < 0 || <i32>t.queued >= TE_QUEUE || t.length == 0) return false;
  store<u8>(QUEUE + <usize>((<i32>t.head + <i32>t.queued) % TE_QUEUE), <u8>code);
  t.queued++;
  return true;
}

/** Whether an event is being sent or keys wait. */
export function teSending(): bool { return tx().state != IDLE || tx().queued != 0; }

// teTick's packed result: the timestamp in the low 32 bits, then flags.
const SENT: i64 = <i64>1 << 32;
const MARKER: i64 = <i64>1 << 33;
const GOING: i64 = <i64>1 << 34;
export function sentPacket(r: i64): bool { return (r & SENT) != 0; }
export function sentMarker(r: i64): bool { return (r & MARKER) != 0; }
/** Whether the event has packets still to send after this one (the caller keeps audio muted). */
export function sentGoing(r: i64): bool { return (r & GOING) != 0; }
export function sentTimestamp(r: i64): u32 { return <u32>r; }

/**
 * This 20 ms tick's telephone-event packet, if any: its payload is written
 * at `out` (EVENT_OCTETS), and the result says whether there is one, its
 * marker bit, its RTP timestamp and whether the event goes on.
 * `audioTimestamp` is the RTP timestamp this tick's audio frame would carry.
 */
export function teTick(audioTimestamp: u32, out: usize): i64 {
  const t = tx();
  let flags: i64 = SENT;
  if (t.state == IDLE) {
    if (t.queued == 0) return 0;
    t.code = load<u8>(QUEUE + <usize>t.head);
    t.head = <u8>((<i32>t.head + 1) % TE_QUEUE);
    t.queued--;
    t.state = UPDATES;
    t.timestamp = audioTimestamp;
    t.duration = TICK_UNITS;
    t.endsSent = 0;
    flags |= MARKER;
  } else if (t.state == UPDATES) {
    t.duration += TICK_UNITS;
  }
  if (t.state == UPDATES && t.duration >= t.length) t.state = ENDS;
  const end = t.state == ENDS;
  writeEvent(out, <i32>t.code, end, TE_VOLUME, t.duration);
  if (end && ++t.endsSent >= TE_ENDS) t.state = IDLE;
  else flags |= GOING;
  return flags | <i64>t.timestamp;
}
