// What the parser knows of the message in RX: the verdict and its reason
// phrase, the fields (slices of RX), the numbers, and one entry per header
// line. Flat tables in static memory; reset before each parse.

import { RX } from "./buffers";
import { headerName } from "./header-names";

// ---- fields: (start, length) pairs, offsets into RX; start -1 when absent ----
export const F_METHOD = 0;
export const F_REQUEST_URI = 1;
export const F_STATUS_CODE = 2;
export const F_REASON_PHRASE = 3;
export const F_CALL_ID = 4;
export const F_CSEQ_NUMBER = 5;
export const F_CSEQ_METHOD = 6;
export const F_VIA_BRANCH = 7;
export const F_FROM_TAG = 8;
export const F_TO_TAG = 9;
export const F_BODY = 10;
export const F_VIA_TRANSPORT = 11;
export const F_VIA_HOST = 12;
export const F_VIA_PORT = 13;
export const F_VIA_RECEIVED = 14;
export const F_VIA_RPORT = 15;
export const F_FROM_URI = 16;
export const F_TO_URI = 17;
export const F_CONTACT_URI = 18;
export const F_CONTENT_TYPE = 19;
export const F_EVENT = 20;
export const F_SUBSCRIPTION_STATE = 21;
export const F_REFER_TO_URI = 22;
export const F_RURI_USER = 23;
export const F_RURI_HOST = 24;
export const F_RURI_PORT = 25;
export const F_FROM_DISPLAY = 26;
export const F_TO_DISPLAY = 27;
export const F_VIA_MADDR = 28;
export const F_RACK = 29;
export const F_COUNT = 30; // a multiple of 5: resetFields stores five per round

const FIELDS: usize = memory.data(F_COUNT * 8);

export function resetFields(): void {
  // One 64-bit store per field: start -1 (low word), length 0 (high word).
  for (let i: usize = 0; i < <usize>F_COUNT; i += 5) {
    store<u64>(FIELDS + (i << 3), 0xffffffff);
    store<u64>(FIELDS + (i << 3), 0xffffffff, 8);
    store<u64>(FIELDS + (i << 3), 0xffffffff, 16);
    store<u64>(FIELDS + (i << 3), 0xffffffff, 24);
    store<u64>(FIELDS + (i << 3), 0xffffffff, 32);
  }
}

/** Records field `id` as the absolute range [start, end) of RX. */
// @ts-ignore: decorator
@inline export function setField(id: i32, start: usize, end: usize): void {
  store<i32>(FIELDS + (<usize>id << 3), <i32>(start - RX));
  store<i32>(FIELDS + (<usize>id << 3) + 4, <i32>(end - start));
}

// @ts-ignore: decorator
@inline export function hasField(id: i32): bool {
  return load<i32>(FIELDS + (<usize>id << 3)) >= 0;
}

export function fieldStart(id: i32): i32 {
  if (<u32>id >= <u32>F_COUNT) return -1;
  return load<i32>(FIELDS + (<usize>id << 3));
}

export function fieldLength(id: i32): i32 {
  if (<u32>id >= <u32>F_COUNT) return 0;
  return load<i32>(FIELDS + (<usize>id << 3) + 4);
}

/** Absolute address of a present field. */
// @ts-ignore: decorator
@inline export function fieldPtr(id: i32): usize {
  return RX + <usize>load<i32>(FIELDS + (<usize>id << 3));
}

// ---- numbers ----
/**
 * What the parser read of the message in RX, laid over static memory (never
 * allocated): one record, reset by resetMessage before every parse. The
 * fields that start at -1 ("absent") come first, so that the reset is four
 * 64-bit stores of all ones and two of zero.
 */
// @ts-ignore: decorator
@unmanaged export class ParsedMessage {
  /** Expires value (saturated at 2^32-1), -1 when absent. */
  expires: i64;
  /** RSeq value (RFC 3262 §7.1), -1 when absent. */
  rseq: i64;
  /** Min-Expires value (RFC 3261 §20.23), -1 when absent. */
  minExpires: i64;
  /** Content-Length value, -1 when the header is absent. */
  contentLength: i32;
  /** Max-Forwards value, -1 when absent. */
  maxForwards: i32;
  cseqNumber: u32;
  /** The status code of a response (three digits, §7.2), 0 for a request. */
  statusCode: u16;
  /** The method (methods.ts M_*) of a request, and of the CSeq. */
  method: u8;
  cseqMethod: u8;
  /** Kind of the Request-URI (uri.ts URI_*), 0 for a response. */
  requestUriKind: u8;
  isRequest: bool;
  /** Octets of the reason phrase in REASON (at most REASON_CAPACITY). */
  reasonLength: u8;
}

// The record as a fresh module has it (and as resetMessage leaves it).
export const PARSED_MESSAGE: usize = memory.data<u64>([u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE, 0, 0], 8);

// @ts-ignore: decorator
@inline function msg(): ParsedMessage { return changetype<ParsedMessage>(PARSED_MESSAGE); }

// The readers keep the types the rest of the stack reads them as.
// @ts-ignore: decorator
@inline export function statusCode(): i32 { return <i32>msg().statusCode; }
// @ts-ignore: decorator
@inline export function cseqNumber(): u32 { return msg().cseqNumber; }
// @ts-ignore: decorator
@inline export function cseqMethod(): i32 { return <i32>msg().cseqMethod; }
// @ts-ignore: decorator
@inline export function method(): i32 { return <i32>msg().method; }
// @ts-ignore: decorator
@inline export function contentLength(): i32 { return msg().contentLength; }
// @ts-ignore: decorator
@inline export function expires(): i64 { return msg().expires; }
// @ts-ignore: decorator
@inline export function maxForwards(): i32 { return msg().maxForwards; }
// @ts-ignore: decorator
@inline export function rseq(): i64 { return msg().rseq; }
// @ts-ignore: decorator
@inline export function minExpires(): i64 { return msg().minExpires; }
// @ts-ignore: decorator
@inline export function isRequest(): bool { return msg().isRequest; }
// @ts-ignore: decorator
@inline export function requestUriKind(): i32 { return <i32>msg().requestUriKind; }

export function setMinExpires(v: i64): void { msg().minExpires = v; }
export function setStatusCode(v: i32): void { msg().statusCode = <u16>v; }
export function setCSeq(n: u32, m: i32): void { msg().cseqNumber = n; msg().cseqMethod = <u8>m; }
export function setMethod(m: i32): void { msg().method = <u8>m; }
export function setContentLength(v: i32): void { msg().contentLength = v; }
export function setExpires(v: i64): void { msg().expires = v; }
export function setMaxForwards(v: i32): void { msg().maxForwards = v; }
export function setRSeq(v: i64): void { msg().rseq = v; }
export function setIsRequest(v: bool): void { msg().isRequest = v; }
export function setRequestUriKind(v: i32): void { msg().requestUriKind = <u8>v; }

// ---- header lines: one HeaderRecord each, laid over static memory ----

/** One header line: its id (header-names.ts) and its name and value as slices of RX (u16 offsets: RX_CAPACITY is below 64 KiB). */
// @ts-ignore: decorator
@unmanaged class HeaderRecord {
  id: u16;
  nameLength: u16;
  nameStart: u16;
  valueStart: u16;
  valueLength: u16;
}

export const MAX_HEADERS = 64;
const HEADER_SIZE: usize = offsetof<HeaderRecord>();
const HEADERS: usize = memory.data(<i32>(<usize>MAX_HEADERS * HEADER_SIZE));
// The header table's fill level and the verdict are the parser's cursors:
// read and written for every header line (addHeader, failed), they stay wasm
// globals (issue 15: in ParsedMessage they cost the Cortex-M4 parse about 2%
// more instructions, measured by the bench); resetMessage resets them too.
let headers: i32 = 0;
let failure: i32 = 0;
// @ts-ignore: decorator
@inline export function headerCount(): i32 { return headers; }

// @ts-ignore: decorator
@inline function header(i: i32): HeaderRecord {
  return changetype<HeaderRecord>(HEADERS + <usize>i * HEADER_SIZE);
}

// The readers below address a field as HEADERS + i * HEADER_SIZE + its
// offsetof rather than as header(i).field: the table's address and the
// field's offset then fold into one constant, where a field access leaves a
// load offset that wasm2c adds in 64 bits (a Cortex-M4 has 32-bit registers).

/** Adds a header line; false when the table is full. */
export function addHeader(id: i32, name: usize, nameLen: i32, value: usize, valueLen: i32): bool {
  const n = headers;
  if (n >= MAX_HEADERS) return false;
  const e = header(n);
  e.id = <u16>id;
  e.nameLength = <u16>nameLen;
  e.nameStart = <u16>(name - RX);
  e.valueStart = <u16>(value - RX);
  e.valueLength = <u16>valueLen;
  headers = n + 1;
  return true;
}

export function headerId(i: i32): i32 {
  return <u32>i < <u32>headers ? <i32>load<u16>(HEADERS + <usize>i * HEADER_SIZE + offsetof<HeaderRecord>("id")) : -1;
}
export function headerNameStart(i: i32): i32 {
  return <u32>i < <u32>headers ? <i32>load<u16>(HEADERS + <usize>i * HEADER_SIZE + offsetof<HeaderRecord>("nameStart")) : -1;
}
export function headerNameLength(i: i32): i32 {
  return <u32>i < <u32>headers ? <i32>load<u16>(HEADERS + <usize>i * HEADER_SIZE + offsetof<HeaderRecord>("nameLength")) : 0;
}
export function headerValueStart(i: i32): i32 {
  return <u32>i < <u32>headers ? <i32>load<u16>(HEADERS + <usize>i * HEADER_SIZE + offsetof<HeaderRecord>("valueStart")) : -1;
}
export function headerValueLength(i: i32): i32 {
  return <u32>i < <u32>headers ? <i32>load<u16>(HEADERS + <usize>i * HEADER_SIZE + offsetof<HeaderRecord>("valueLength")) : 0;
}

// ---- per-id counts (for "exactly one" rules) ----
const COUNTS: usize = memory.data(64);
export function countHeader(id: i32): i32 {
  const n = load<u8>(COUNTS + <usize>id) + 1;
  store<u8>(COUNTS + <usize>id, n < 255 ? n : 255);
  return n;
}
export function headerSeen(id: i32): i32 {
  return <i32>load<u8>(COUNTS + <usize>id);
}

// ---- verdict and reason phrase ----
// @ts-ignore: decorator
@inline export function verdict(): i32 { return failure; }
const REASON_CAPACITY: i32 = 64;
const REASON: usize = memory.data(REASON_CAPACITY);
// @ts-ignore: decorator
@inline export function reasonLength(): i32 { return <i32>msg().reasonLength; }
export function reasonPtr(): usize { return REASON; }

/** Appends an ASCII literal given by address (see scan.ts equalsIgnoreCase). */
function appendReason(text: usize): void {
  const n = <i32>(load<u32>(text - 4) >> 1);
  let k = <i32>msg().reasonLength;
  for (let i = 0; i < n && k < REASON_CAPACITY; i++) {
    store<u8>(REASON + <usize>k, <u8>load<u16>(text + (<usize>i << 1)));
    k++;
  }
  msg().reasonLength = <u8>k;
}

/**
 * Records the first failure only: the verdict code and a reason phrase
 * "<prefix><header><suffix>". The texts are literals passed by address
 * (`changetype<usize>("...")`) so callers hold no managed reference.
 */
export function fail(code: i32, prefix: usize, headerId: i32, suffix: usize): void {
  if (failure != 0) return;
  failure = code;
  msg().reasonLength = 0;
  appendReason(prefix);
  if (headerId > 0) appendReason(changetype<usize>(headerName(headerId)));
  appendReason(suffix);
}

/** "Malformed <Header> header field" (RFC 3261 §21.4.1: the phrase names the problem). */
export function malformed(headerId: i32): void {
  fail(400, changetype<usize>("Malformed "), headerId, changetype<usize>(" header field"));
}

/** Replaces whatever verdict the message had (a truncated datagram is answered 513, not for what the cut broke). */
export function overrule(code: i32, reason: usize): void {
  failure = 0;
  fail(code, reason, 0, changetype<usize>(""));
}

export function failed(): bool {
  return failure != 0;
}

export function resetMessage(): void {
  resetFields();
  // ParsedMessage as at start-up: every field that starts at -1, then the rest at 0.
  store<u64>(PARSED_MESSAGE, u64.MAX_VALUE);
  store<u64>(PARSED_MESSAGE, u64.MAX_VALUE, 8);
  store<u64>(PARSED_MESSAGE, u64.MAX_VALUE, 16);
  store<u64>(PARSED_MESSAGE, u64.MAX_VALUE, 24);
  store<u64>(PARSED_MESSAGE, 0, 32);
  store<u64>(PARSED_MESSAGE, 0, 40);
  headers = 0;
  failure = 0;
  for (let i: usize = 0; i < 64; i += 8) store<u64>(COUNTS + i, 0);
}
