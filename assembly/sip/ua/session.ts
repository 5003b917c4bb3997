// The session description this UA offers and answers with (RFC 3264): the
// board's audio capabilities, set once from its configuration. The UA core
// puts it in INVITEs, 2xx answers, reliable 183s, re-INVITEs and UPDATEs.

const CAPACITY = 1024;
const SDP: usize = memory.data(CAPACITY);
let length: i32 = 0;

/** Sets the local SDP from [src, src+len); false when it does not fit. */
export function setLocalSdp(src: usize, len: i32): bool {
  if (len < 0 || len > CAPACITY) return false;
  for (let i: usize = 0; i < <usize>len; i++) store<u8>(SDP + i, load<u8>(src + i));
  length = len;
  return true;
}

export function localSdp(): usize { return SDP; }
export function localSdpLength(): i32 { return length; }
