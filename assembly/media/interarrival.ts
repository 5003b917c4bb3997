// The interarrival jitter of RFC 3550 §6.4.1, computed as in §A.8, for the
// receiver reports: the mean deviation of the change in transit time (arrival
// minus RTP timestamp) from packet to packet, in timestamp units (8 kHz).
// The jitter buffer feeds it every packet it stores.
//
// Static memory: 12 octets.

/** |D| is capped here (35 minutes of 8 kHz units), so that a hostile timestamp never wraps the estimate. */
const D_CAP: u32 = 0x00ffffff;

// @ts-ignore: decorator
@unmanaged class Arrivals {
  have: u32;
  lastTransit: u32;
  /** J times 16, as §A.8 keeps it. */
  jitter16: u32;
}

const AREA: usize = memory.data(offsetof<Arrivals>(), 4);

// @ts-ignore: decorator
@inline function a(): Arrivals { return changetype<Arrivals>(AREA); }

/** A new source: no transit known, no jitter. */
export function arrivalsReset(): void {
  a().have = 0;
  a().jitter16 = 0;
}

/** A packet with RTP `timestamp` (8 kHz) arrived at `now` (ms): J += (|D| - J) / 16. */
export function arrival(timestamp: u32, now: u32): void {
  const r = a();
  const transit = now * 8 - timestamp;
  if (r.have != 0) {
    const d = min<u32>(<u32>abs<i32>(<i32>(transit - r.lastTransit)), D_CAP);
    r.jitter16 += d - ((r.jitter16 + 8) >> 4);
  }
  r.lastTransit = transit;
  r.have = 1;
}

/** The interarrival jitter, in timestamp units. */
export function interarrivalJitter(): u32 { return a().jitter16 >> 4; }
