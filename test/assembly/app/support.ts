// Test helpers for the door specs: ASCII strings in a static scratch area,
// bytes read back as strings, keys typed on a virtual clock. Tests may
// allocate; the door modules do not.
const SCRATCH: usize = memory.data(1024);

/** Writes the ASCII string s into the scratch area; returns its address. */
export function ascii(s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(SCRATCH + <usize>i, <u8>s.charCodeAt(i));
  return SCRATCH;
}

/** The bytes [p, p+n) as a string. */
export function text(p: usize, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}

/** The ASCII code of the first character of s. */
export function k(s: string): u32 {
  return <u32>s.charCodeAt(0);
}

/**
 * Types the keys of `keys` into `press` one every `step` ms from `start`; returns
 * the decisions as a comma-separated list, one per key ("-1,-1,0").
 */
export function type(press: (d: u32, now: u32) => i32, keys: string, start: u32, step: u32 = 100): string {
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ",";
    out += press(<u32>keys.charCodeAt(i), start + <u32>i * step).toString();
  }
  return out;
}

/** The decision of the last key of `keys`, typed as `type` does. */
export function last(press: (d: u32, now: u32) => i32, keys: string, start: u32, step: u32 = 100): i32 {
  let r = -1;
  for (let i = 0; i < keys.length; i++) r = press(<u32>keys.charCodeAt(i), start + <u32>i * step);
  return r;
}
