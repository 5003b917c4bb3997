// configLoad: validates a whole configuration block (docs/config.md) into the
// staging view and, only when every check passed, commits it. The header and
// CRC first, then each TLV record (known tag, exact width, range, charset,
// list counts, duplicates), then the checks across records. Every read stays
// inside [ptr, ptr+len).

import * as L from "./layout";
import * as F from "./schema.generated";
import * as M from "./message";
import * as R from "./report";
import * as S from "./store";
import { charsetOk } from "./charset";
import { crc32 } from "./crc";
import * as E from "./entries";
import { crossChecks } from "./cross";

/** The tag being read, as describe() tells it (this file's own record: 20 octets of static memory). */
const FIELD = changetype<F.FieldInfo>(memory.data(<i32>offsetof<F.FieldInfo>(), 4));

/** Loads the block of `len` octets at ptr: 0 and the block becomes active, or an error code (docs/config.md). */
export function configLoad(ptr: usize, len: i32): i32 {
  M.loadStateReset(); // no error, no entry open
  if (len < L.HEADER_SIZE) return R.header(M.E_SHORT, "header: the block is shorter than its 14-octet header; write the whole block");
  if (load<u32>(ptr) != L.MAGIC) return R.header(M.E_MAGIC, "header: bad magic; a configuration block starts with DIC1");
  const version = <u32>load<u16>(ptr + 4);
  if (version != L.VERSION) return R.header(M.E_VERSION, "header: version ", version, " unknown; this firmware reads version 1");
  const body = load<u32>(ptr + 6);
  if (<u64>body + <u64>L.HEADER_SIZE > <u64>len) return R.header(M.E_LENGTH, "header: body length ", body, " runs past the buffer; write the whole block");
  if (<u64>body + <u64>L.HEADER_SIZE > <u64>L.BLOCK_MAX) return R.header(M.E_LENGTH, "header: block longer than 4096 octets; shorten the configuration");
  if (crc32(ptr + L.HEADER_SIZE, <i32>body) != load<u32>(ptr + 10)) return R.header(M.E_CRC, "body: CRC-32 mismatch, the block is damaged; write it again");

  S.writeDefaults(S.STAGE);
  E.resetEntries();
  const end = L.HEADER_SIZE + <i32>body;
  let at = L.HEADER_SIZE;
  while (at < end) {
    const tag = <u32>load<u8>(ptr + <usize>at);
    const known = F.describe(tag, FIELD);
    if (end - at < 3) return R.truncated(known ? tag : 0, at);
    const size = <i32>load<u16>(ptr + <usize>at + 1);
    if (!known) return R.unknownTag(tag, at);
    if (at + 3 + size > end) return R.truncated(tag, at);
    const err = record(ptr, tag, at + 3, size);
    if (err != 0) return err;
    at += 3 + size;
  }
  const closed = E.closeEntry();
  if (closed != 0) return closed;
  const cross = crossChecks(ptr);
  if (cross != 0) return cross;
  S.commit(ptr, end);
  return 0;
}

/** One record: its value at offset `at`, `size` octets; the tag is described in FIELD. */
function record(ptr: usize, tag: u32, at: i32, size: i32): i32 {
  const d = FIELD;
  const scope = <i32>d.scope;
  if (d.kind == F.K_BEGIN) {
    if (size != 0) return R.width(tag, -1, -1, size, 0);
    return E.openEntry(tag, scope);
  }
  if (scope == F.S_TOP || scope == F.S_ALLOWED) {
    const closed = E.closeEntry();
    if (closed != 0) return closed;
  } else if (scope != E.openScope()) {
    return R.outside(tag);
  }
  const i = scope == F.S_TOP ? -1 : (scope == F.S_ALLOWED ? S.count(S.STAGE, S.COUNT_ALLOWED) - (tag == L.T_ALLOWED_SECRET ? 1 : 0) : E.openIndex());
  const j = E.subIndex(tag);
  let v: u32 = 0;
  if (d.kind == F.K_TEXT) {
    if (<u32>size < d.min || <u32>size > d.max) return R.range(tag, i, j, <u32>size);
    if (!charsetOk(<i32>d.charset, ptr + <usize>at, size)) return R.charset(tag, i, j, F.charsetRule(<i32>d.charset));
  } else {
    if (size != <i32>d.width) return R.width(tag, i, j, size, <i32>d.width);
    v = readNumber(ptr + <usize>at, size, d.kind == F.K_IPV4);
    if (d.kind == F.K_IPV4 ? v == 0 : !F.numberOk(d, tag, v)) return R.range(tag, i, j, v);
  }
  if (tag == L.T_ALLOWED_SECRET) return E.allowedSecret(i, at, size);
  if (scope == F.S_ALLOWED) return E.allowedEntry(ptr, at, size);
  if (scope != F.S_TOP) return E.entryField(ptr, tag, at, size, v);
  const dup = E.markGiven(tag);
  if (dup != 0) return dup;
  if (d.kind == F.K_TEXT) S.setRef(S.STAGE + L.textOffset(tag), at, size);
  else S.setNumber(S.STAGE, tag, v);
  return 0;
}

/** A little-endian number of 1, 2 or 4 octets; IPv4 addresses (4 octets a.b.c.d) read as a<<24|b<<16|c<<8|d. */
function readNumber(p: usize, size: i32, ipv4: bool): u32 {
  if (ipv4) return (<u32>load<u8>(p) << 24) | (<u32>load<u8>(p + 1) << 16) | (<u32>load<u8>(p + 2) << 8) | <u32>load<u8>(p + 3);
  if (size == 1) return <u32>load<u8>(p);
  if (size == 2) return <u32>load<u16>(p);
  return load<u32>(p);
}

/** The error of the last configLoad: the tag at fault (0 for header/CRC) and the message. */
export function configErrorCode(): i32 { return M.errorCode(); }
export function configErrorTag(): i32 { return M.errorTag(); }
export function configErrorText(): usize { return M.errorText(); }
export function configErrorTextLength(): i32 { return M.errorTextLength(); }
