// The playout (jitter) buffer of the received voice: 20 ms G.711 frames
// (160 octets, stored as received; the caller decodes after taking) placed
// by RTP sequence number into a small ring in static memory, and played out
// on the caller's 20 ms audio tick.
//
// - Placement by sequence with 16-bit wrap-around, comparisons as in
//   RFC 3550 §A.1 (a signed 16-bit difference from the next frame to play).
// - Duplicates dropped and counted; packets whose frame was already played
//   (or given up as lost) are late: dropped and counted.
// - A new SSRC, or a jump of JB_JUMP frames or more confirmed by the packet
//   that follows it (the probation of RFC 3550 §A.1), restarts the buffer.
// - Playout starts once the configured depth is buffered.
// - The tick is the board's audio clock, so the sender's clock drift shows
//   as the depth creeping up or down: above target+1 for JB_DRIFT_TICKS
//   ticks, one frame is dropped (a silent one if the head is silent; after
//   twice as long, the oldest anyway); below target-1 as long, one lost
//   frame is inserted (after a silent frame when there is one). Empty: the
//   tick is an underrun, reported as lost without moving the playout
//   position; JB_REBUFFER_TICKS underruns in a row wait for the full depth.
// - The interarrival jitter the RTCP reports carry is the receiver's
//   (receiver.ts, RFC 3550 A.8), computed once per packet there.
//
// Static memory: JB_BYTES octets (1,384: a 72-octet header and JB_SLOTS = 8
// slots of 164). One buffer: the station plays one call's audio at a time.

/** Configured depth range and default, in ms (one frame is 20 ms). */
export const JB_MIN_MS: i32 = 40;
export const JB_MAX_MS: i32 = 120;
export const JB_DEFAULT_MS: i32 = 60;
export const FRAME_MS: i32 = 20;
/** Octets of one 20 ms G.711 frame at 8 kHz (RFC 3551 §4.5.14). */
export const FRAME_OCTETS: i32 = 160;
/** Ring slots: the deepest depth, one frame of drift above it, one of reordering. */
export const JB_SLOTS: i32 = JB_MAX_MS / FRAME_MS + 2;
// A power of two, so that sequence numbers map to slots the same way across the 16-bit wrap.
if ((JB_SLOTS & (JB_SLOTS - 1)) != 0) ERROR("jitter.ts: JB_SLOTS must be a power of two");
/** A sequence jump this large (either way) is a new stream, not loss (RFC 3550 §A.1 MAX_MISORDER). */
export const JB_JUMP: i32 = 100;
/** Ticks out of the depth band before a drift correction (1 s). */
export const JB_DRIFT_TICKS: i32 = 50;
/** Underruns in a row after which playout waits for the full depth again. */
export const JB_REBUFFER_TICKS: i32 = 5;

// What put() did with a packet.
export const PUT_STORED: i32 = 1;
export const PUT_DUPLICATE: i32 = 2;
export const PUT_LATE: i32 = 3;
/** A payload of 0 or more than FRAME_OCTETS octets, or no jbStart yet. */
export const PUT_REFUSED: i32 = 4;
/** A big jump on probation: dropped unless the next packet follows it. */
export const PUT_STRAY: i32 = 5;

// What take() says to play.
export const TAKE_WAIT: i32 = 0; // still filling: nothing to play yet
export const TAKE_FRAME: i32 = 1; // a frame: its payload and length
export const TAKE_LOST: i32 = 2; // conceal this tick (conceal.ts)

const IDLE: u8 = 0;
const FILLING: u8 = 1;
const PLAYING: u8 = 2;

// @ts-ignore: decorator
@unmanaged class Jb {
  state: u8;
  /** Frames to buffer before playing. */
  target: u8;
  probing: u8;
  /** 1 when the last frame played was marked silent. */
  lastSilent: u8;
  /** The sequence number of the next frame to play. */
  next: u16;
  /** The highest sequence number buffered since the anchor. */
  high: u16;
  /** The sequence number that confirms a jump on probation. */
  probe: u16;
  /** Ticks above (+) or below (-) the depth band. */
  pressure: i16;
  underrunRun: u16;
  /** Frames present in the ring. */
  stored: u16;
  ssrc: u32;
  received: u32;
  played: u32;
  concealed: u32;
  late: u32;
  duplicate: u32;
  droppedDrift: u32;
  inserted: u32;
  underruns: u32;
  overflow: u32;
  restarts: u32;
  discarded: u32;
  refused: u32;
}

// Slot: sequence (u16), length (u8), flags (u8), then the payload.
const SLOT_SIZE: usize = 4 + <usize>FRAME_OCTETS;
const F_PRESENT: u8 = 1;
const F_SILENT: u8 = 2;
const HEADER: usize = (offsetof<Jb>() + 7) & ~7;
export const JB_BYTES: i32 = <i32>(HEADER + <usize>JB_SLOTS * SLOT_SIZE);
if ((JB_BYTES & 3) != 0) ERROR("jitter.ts: JB_BYTES must be whole words (jbStart clears it by words)");
const AREA: usize = memory.data(JB_BYTES, 8);

// @ts-ignore: decorator
@inline function jb(): Jb { return changetype<Jb>(AREA); }
// @ts-ignore: decorator
@inline function slotAt(seq: u16): usize { return AREA + HEADER + <usize>(<i32>seq & (JB_SLOTS - 1)) * SLOT_SIZE; }
// @ts-ignore: decorator
@inline function present(s: usize, seq: u16): bool { return (load<u8>(s, 3) & F_PRESENT) != 0 && load<u16>(s) == seq; }

/** Frames for a depth of `ms` (rounded up to whole frames); -1 outside JB_MIN_MS..JB_MAX_MS. */
export function depthFrames(ms: i32): i32 {
  if (ms < JB_MIN_MS || ms > JB_MAX_MS) return -1;
  return (ms + FRAME_MS - 1) / FRAME_MS;
}

/** Empties the buffer and its counters for a new call; false (nothing changed) for a depth outside the range. */
export function jbStart(depthMs: i32): bool {
  const frames = depthFrames(depthMs);
  if (frames < 0) return false;
  for (let k: usize = 0; k < <usize>JB_BYTES; k += 4) store<u32>(AREA + k, 0);
  jb().target = <u8>frames;
  return true;
}

/** Frames buffered from the next one to play to the newest (holes included): the playout delay in frames. */
export function jbDepth(): i32 {
  const b = jb();
  if (b.state == IDLE) return 0;
  return max<i32>(<i32><i16>(b.high - b.next) + 1, 0);
}

/** Frames present in the ring. */
export function jbStored(): i32 { return <i32>jb().stored; }
export function jbTarget(): i32 { return <i32>jb().target; }

/** Empties the ring and anchors playout at `seq`, waiting for the depth. */
function anchor(seq: u16): void {
  const b = jb();
  b.discarded += b.stored;
  for (let i = 0; i < JB_SLOTS; i++) store<u8>(AREA + HEADER + <usize>i * SLOT_SIZE, 0, 3);
  b.stored = 0;
  b.next = seq;
  b.high = seq;
  b.state = FILLING;
  b.probing = 0;
  b.pressure = 0;
  b.underrunRun = 0;
}

/** Moves the playout position forward to `to`, dropping the frames before it (counted as overflow). */
function advanceTo(to: u16): void {
  const b = jb();
  while (b.next != to) {
    const s = slotAt(b.next);
    if (present(s, b.next)) {
      store<u8>(s, 0, 3);
      b.stored--;
      b.overflow++;
    }
    b.next++;
  }
}

/**
 * One received RTP packet of the stream (fields already parsed): `payload`
 * and `len` its payload, `silent` when the caller knows it carries silence.
 * Returns a PUT_ code; the payload is copied. Before jbStart every packet is refused.
 */
export function jbPut(ssrc: u32, seq: u16, payload: usize, len: i32, silent: bool): i32 {
  const b = jb();
  if (len <= 0 || len > FRAME_OCTETS || b.target == 0) { // target 0: jbStart not called
    b.refused++;
    return PUT_REFUSED;
  }
  b.received++;
  if (b.state == IDLE || b.ssrc != ssrc) {
    if (b.state != IDLE) b.restarts++; // a new SSRC is a new source (RFC 3550 §3, §8)
    b.ssrc = ssrc;
    anchor(seq);
  }
  let d = <i32><i16>(seq - b.next);
  if (d >= JB_JUMP || d < -JB_JUMP) {
    // RFC 3550 §A.1: a big jump is believed only when the next packet follows it.
    if (b.probing == 0 || seq != b.probe) {
      b.probing = 1;
      b.probe = seq + 1;
      b.discarded++;
      return PUT_STRAY;
    }
    b.restarts++;
    anchor(seq);
    d = 0;
  }
  if (d < 0) {
    b.late++;
    return PUT_LATE;
  }
  b.probing = 0;
  if (d >= JB_SLOTS) {
    // Beyond the ring: keep this frame as the newest of a full depth; an empty ring re-anchors on it.
    advanceTo(b.stored == 0 ? seq : seq - <u16>(b.target - 1));
  }
  const s = slotAt(seq);
  if (present(s, seq)) {
    b.duplicate++;
    return PUT_DUPLICATE;
  }
  store<u16>(s, seq);
  store<u8>(s, <u8>len, 2);
  store<u8>(s, F_PRESENT | (silent ? F_SILENT : 0), 3);
  copyPayload(s + 4, payload, <usize>len);
  b.stored++;
  if (<i16>(seq - b.high) > 0) b.high = seq;
  return PUT_STORED;
}

/**
 * Copies `len` octets: eight at a time, then the rest one by one (bulk memory
 * is off; on a wasm2c board each access is a bounds-checked call, so 20
 * accesses a frame instead of 160). Nothing past `len` is written.
 */
// @ts-ignore: decorator
@inline function copyPayload(to: usize, from: usize, len: usize): void {
  const whole = len & ~(<usize>7);
  let k: usize = 0;
  for (; k < whole; k += 8) store<u64>(to + k, load<u64>(from + k));
  for (; k < len; k++) store<u8>(to + k, load<u8>(from + k));
}

/** A TAKE_FRAME result: the payload at `at`, `len` octets, silent or not. */
// @ts-ignore: decorator
@inline function frame(at: usize, len: i32, silent: bool): i64 {
  return <i64>at | (<i64>len << 32) | (<i64>TAKE_FRAME << 48) | (silent ? <i64>1 << 56 : 0);
}

/** The kind of a take() result: TAKE_WAIT, TAKE_FRAME or TAKE_LOST. */
export function takenKind(r: i64): i32 { return <i32>((r >> 48) & 0xff); }
/** The payload of a TAKE_FRAME result; it stays valid until the next jbPut. */
export function takenPayload(r: i64): usize { return <usize><u32>r; }
export function takenLength(r: i64): i32 { return <i32>((r >> 32) & 0xffff); }
export function takenSilent(r: i64): bool { return ((r >> 56) & 1) != 0; }

/** Counts one concealed tick. */
function lost(): i64 {
  jb().concealed++;
  return <i64>TAKE_LOST << 48;
}

/** Updates the drift pressure from the depth before this tick's frame is taken. */
function feel(depth: i32): void {
  const b = jb();
  const t = <i32>b.target;
  if (depth > t + 1) b.pressure = <i16>(max<i32>(b.pressure, 0) + 1);
  else if (depth < t - 1) b.pressure = <i16>(min<i32>(b.pressure, 0) - 1);
  else b.pressure = 0;
}

/**
 * The frame for this 20 ms tick of the audio clock. The tick itself is the
 * playout clock, so no time is passed. The result is packed: read it with
 * takenKind / takenPayload / takenLength / takenSilent.
 */
export function jbTake(): i64 {
  const b = jb();
  if (b.state == IDLE) return <i64>TAKE_WAIT << 48;
  const depth = jbDepth();
  if (b.state == FILLING) {
    if (depth < <i32>b.target) return <i64>TAKE_WAIT << 48;
    b.state = PLAYING;
  }
  if (depth == 0) {
    // Empty: the next frame is late, not lost; hold the position.
    b.underruns++;
    b.pressure = 0;
    if (++b.underrunRun >= <u16>JB_REBUFFER_TICKS) {
      b.underrunRun = 0;
      b.state = FILLING;
    }
    return lost();
  }
  b.underrunRun = 0;
  feel(depth);
  const p = <i32>b.pressure;
  if (p <= -JB_DRIFT_TICKS && (b.lastSilent != 0 || p <= -2 * JB_DRIFT_TICKS)) {
    // The sender is slower: one frame of delay back, as a concealed tick.
    b.pressure = 0;
    b.inserted++;
    return lost();
  }
  if (p >= JB_DRIFT_TICKS) {
    const head = slotAt(b.next);
    const silentHead = present(head, b.next) && (load<u8>(head, 3) & F_SILENT) != 0;
    if (silentHead || p >= 2 * JB_DRIFT_TICKS) {
      // The sender is faster: one frame of delay less, the oldest one dropped.
      if (present(head, b.next)) {
        store<u8>(head, 0, 3);
        b.stored--;
        b.droppedDrift++;
      }
      b.next++;
      b.pressure = 0;
    }
  }
  const s = slotAt(b.next);
  const seq = b.next;
  b.next++;
  if (!present(s, seq)) return lost();
  const flags = load<u8>(s, 3);
  store<u8>(s, 0, 3);
  b.stored--;
  b.played++;
  b.lastSilent = (flags & F_SILENT) != 0 ? 1 : 0;
  return frame(s + 4, <i32>load<u8>(s, 2), b.lastSilent != 0);
}

// ---- counters ----
export function jbReceived(): u32 { return jb().received; }
export function jbPlayed(): u32 { return jb().played; }
/** Ticks reported lost: holes, underruns and inserted frames. */
export function jbConcealed(): u32 { return jb().concealed; }
export function jbLate(): u32 { return jb().late; }
export function jbDuplicate(): u32 { return jb().duplicate; }
export function jbDroppedDrift(): u32 { return jb().droppedDrift; }
export function jbInserted(): u32 { return jb().inserted; }
export function jbUnderruns(): u32 { return jb().underruns; }
/** Frames dropped because a packet far ahead moved the playout position. */
export function jbOverflow(): u32 { return jb().overflow; }
export function jbRestarts(): u32 { return jb().restarts; }
/** Frames flushed by a restart, and stray packets of an unconfirmed jump. */
export function jbDiscarded(): u32 { return jb().discarded; }
export function jbRefused(): u32 { return jb().refused; }
