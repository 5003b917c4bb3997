// Methods by id. RFC 3261 §7.1: method names are case-sensitive tokens; any
// token that is not one of these is an extension method (M_EXTENSION).

import { at } from "./scan";

export const M_NONE = 0;
export const M_INVITE = 1;
export const M_ACK = 2;
export const M_BYE = 3;
export const M_CANCEL = 4;
export const M_REGISTER = 5;
export const M_OPTIONS = 6;
export const M_INFO = 7;
export const M_PRACK = 8;
export const M_SUBSCRIBE = 9;
export const M_NOTIFY = 10;
export const M_PUBLISH = 11;
export const M_MESSAGE = 12;
export const M_REFER = 13;
export const M_UPDATE = 14;
export const M_SERVICE = 15;
export const M_BENOTIFY = 16;
export const M_EXTENSION = 17;

export function methodName(id: i32): string {
  switch (id) {
    case M_INVITE: return "INVITE";
    case M_ACK: return "ACK";
    case M_BYE: return "BYE";
    case M_CANCEL: return "CANCEL";
    case M_REGISTER: return "REGISTER";
    case M_OPTIONS: return "OPTIONS";
    case M_INFO: return "INFO";
    case M_PRACK: return "PRACK";
    case M_SUBSCRIBE: return "SUBSCRIBE";
    case M_NOTIFY: return "NOTIFY";
    case M_PUBLISH: return "PUBLISH";
    case M_MESSAGE: return "MESSAGE";
    case M_REFER: return "REFER";
    case M_UPDATE: return "UPDATE";
    case M_SERVICE: return "SERVICE";
    case M_BENOTIFY: return "BENOTIFY";
  }
  return "";
}

function candidate(len: i32, first: u32): i32 {
  // Dispatch on (length, first byte): at most one candidate per pair.
  switch (len) {
    case 3: return first == 0x41 ? M_ACK : first == 0x42 ? M_BYE : M_NONE;
    case 4: return first == 0x49 ? M_INFO : M_NONE;
    case 5: return first == 0x50 ? M_PRACK : first == 0x52 ? M_REFER : M_NONE;
    case 6:
      if (first == 0x49) return M_INVITE;
      if (first == 0x43) return M_CANCEL;
      if (first == 0x4e) return M_NOTIFY;
      if (first == 0x55) return M_UPDATE;
      return M_NONE;
    case 7:
      if (first == 0x4f) return M_OPTIONS;
      if (first == 0x50) return M_PUBLISH;
      if (first == 0x4d) return M_MESSAGE;
      if (first == 0x53) return M_SERVICE;
      return M_NONE;
    case 8: return first == 0x52 ? M_REGISTER : first == 0x42 ? M_BENOTIFY : M_NONE;
    case 9: return first == 0x53 ? M_SUBSCRIBE : M_NONE;
  }
  return M_NONE;
}

// The method names as bytes, 16 per name, zero-padded: compared a word at a time.
const METHOD_BYTES: usize = memory.data(16 * (M_EXTENSION + 1), 8);

function initMethods(): void {
  for (let id = M_INVITE; id < M_EXTENSION; id++) {
    const name = methodName(id);
    for (let i = 0; i < name.length; i++) store<u8>(METHOD_BYTES + (<usize>id << 4) + <usize>i, <u8>name.charCodeAt(i));
  }
}
initMethods();

/**
 * The id of the method token [p, p+len): a known id or M_EXTENSION. Methods
 * are case-sensitive (§7.1): the bytes are compared as they are, eight at a
 * time, the last word masked to the length (the load may reach past the
 * token, inside static memory; those bytes are masked off).
 */
export function lookupMethod(p: usize, len: i32): i32 {
  if (len <= 0) return M_NONE;
  const id = candidate(len, at(p));
  if (id == M_NONE) return M_EXTENSION;
  const name = METHOD_BYTES + (<usize>id << 4);
  const n = <u64>len;
  if (n <= 8) {
    const mask = n == 8 ? <u64>-1 : (<u64>1 << (n << 3)) - 1;
    return (load<u64>(p) & mask) == load<u64>(name) ? id : M_EXTENSION;
  }
  // SUBSCRIBE, the only name longer than eight bytes (candidate() checked the length).
  return load<u64>(p) == load<u64>(name) && at(p + 8) == <u32>load<u8>(name + 8) ? id : M_EXTENSION;
}
