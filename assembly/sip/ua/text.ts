// Small fixed-capacity byte strings in static memory: a length (u16) and the
// octets. The UA keeps its dialog state in these; every copy is bounded and
// reports whether it fitted.

/** Copies [src, src+len) into the string at `str` (capacity `cap`); false (and empty) when it does not fit. */
export function setText(str: usize, cap: i32, src: usize, len: i32): bool {
  if (len < 0 || len > cap) {
    store<u16>(str, 0);
    return false;
  }
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(str + 2 + i, load<u8>(src + i));
  store<u16>(str, <u16>len);
  return true;
}

/** Appends; false (unchanged) when it does not fit. */
export function appendText(str: usize, cap: i32, src: usize, len: i32): bool {
  const n = <i32>load<u16>(str);
  if (len < 0 || n + len > cap) return false;
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(str + 2 + <usize>n + i, load<u8>(src + i));
  store<u16>(str, <u16>(n + len));
  return true;
}

/** Appends an ASCII literal given by address. */
export function appendLiteral(str: usize, cap: i32, literal: usize): bool {
  const n = <i32>(load<u32>(literal - 4) >> 1);
  const have = <i32>load<u16>(str);
  if (have + n > cap) return false;
  for (let i = 0; i < n; i++) store<u8>(str + 2 + <usize>(have + i), <u8>load<u16>(literal + (<usize>i << 1)));
  store<u16>(str, <u16>(have + n));
  return true;
}

export function clearText(str: usize): void { store<u16>(str, 0); }
export function textLength(str: usize): i32 { return <i32>load<u16>(str); }
export function textData(str: usize): usize { return str + 2; }

export function sameText(str: usize, src: usize, len: i32): bool {
  if (<i32>load<u16>(str) != len) return false;
  for (let i: usize = 0; i < <usize>len; i++) if (load<u8>(str + 2 + i) != load<u8>(src + i)) return false;
  return true;
}
