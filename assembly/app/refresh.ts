// When to refresh something the server granted for a while (a registration,
// RFC 3261 §10.2.4; a publication, RFC 3903 §4.3): before it ends, at 85% of
// the time granted and at least 5 s before the end, and never further ahead
// than the wrapping millisecond clock tells apart (about 12 days).

/** The longest wait before a refresh: half the span the u32 clock compares. */
export const REFRESH_MAX_MS: u64 = 0x3fffffff;

/** Milliseconds to wait before refreshing what was granted for `seconds`. */
export function refreshAfterMs(seconds: u32): u32 {
  const ms = <u64>seconds * 1000;
  let lead = ms * 15 / 100;
  if (lead < 5000) lead = ms > 10000 ? 5000 : ms / 2;
  let wait = ms - lead;
  if (wait > REFRESH_MAX_MS) wait = REFRESH_MAX_MS;
  return <u32>wait;
}
