// configLoad: validates a whole configuration block (docs/config.md) into the
// staging view and, only when every check passed, commits it. The header and
// CRC first, then each TLV record (known tag, exact width, range, charset,
// list counts, duplicates), then the checks across records. Every read stays
// inside [ptr, ptr+len).

import * as configLayout from "./layout";
import * as configSchema from "./schema.generated";
import * as configMessage from "./message";
import * as configReport from "./report";
import * as configStore from "./store";
import { charsetOk } from "./charset";
import { crc32 } from "./crc";
import * as configEntries from "./entries";
import { crossChecks } from "./cross";

/** The tag being read, as describe() tells it (this file's own record: 20 octets of static memory). */
const FIELD = changetype<configSchema.FieldInfo>(memory.data(<i32>offsetof<configSchema.FieldInfo>(), 4));

/** Loads the block of `len` octets at ptr: 0 and the block becomes active, or an error code (docs/config.md). */
export function configLoad(ptr: usize, len: i32): i32 {
  const err = configValidate(ptr, len);
  if (err == 0) configStore.commit(ptr, configLayout.HEADER_SIZE + <i32>load<u32>(ptr + 6));
  return err;
}

/**
 * Every check of configLoad, into the staging view only: 0 when the block would load, else the error code
 * (configErrorCode, configErrorTag). The active configuration is untouched either way (a ConfigWrite
 * checks a block before the board stores it, docs/serial-agent.md).
 */
export function configValidate(ptr: usize, len: i32): i32 {
  configMessage.loadStateReset(); // no error, no entry open
  if (len < configLayout.HEADER_SIZE) return configReport.header(configMessage.E_SHORT, "header: the block is shorter than its 14-octet header; write the whole block");
  if (load<u32>(ptr) != configLayout.MAGIC) return configReport.header(configMessage.E_MAGIC, "header: bad magic; a configuration block starts with DIC1");
  const version = <u32>load<u16>(ptr + 4);
  if (version != configLayout.VERSION) return configReport.header(configMessage.E_VERSION, "header: version ", version, " unknown; this firmware reads version 1");
  const body = load<u32>(ptr + 6);
  if (<u64>body + <u64>configLayout.HEADER_SIZE > <u64>len) return configReport.header(configMessage.E_LENGTH, "header: body length ", body, " runs past the buffer; write the whole block");
  if (<u64>body + <u64>configLayout.HEADER_SIZE > <u64>configLayout.BLOCK_MAX) return configReport.header(configMessage.E_LENGTH, "header: block longer than 4096 octets; shorten the configuration");
  if (crc32(ptr + configLayout.HEADER_SIZE, <i32>body) != load<u32>(ptr + 10)) return configReport.header(configMessage.E_CRC, "body: CRC-32 mismatch, the block is damaged; write it again");

  configStore.writeDefaults(configStore.STAGE);
  configEntries.resetEntries();
  const end = configLayout.HEADER_SIZE + <i32>body;
  let at = configLayout.HEADER_SIZE;
  while (at < end) {
    const tag = <u32>load<u8>(ptr + <usize>at);
    const known = configSchema.describe(tag, FIELD);
    if (end - at < 3) return configReport.truncated(known ? tag : 0, at);
    const size = <i32>load<u16>(ptr + <usize>at + 1);
    if (!known) return configReport.unknownTag(tag, at);
    if (at + 3 + size > end) return configReport.truncated(tag, at);
    const err = record(ptr, tag, at + 3, size);
    if (err != 0) return err;
    at += 3 + size;
  }
  const closed = configEntries.closeEntry();
  if (closed != 0) return closed;
  return crossChecks(ptr);
}

/** One record: its value at offset `at`, `size` octets; the tag is described in FIELD. */
function record(ptr: usize, tag: u32, at: i32, size: i32): i32 {
  const d = FIELD;
  const scope = <i32>d.scope;
  if (d.kind == configSchema.K_BEGIN) {
    if (size != 0) return configReport.width(tag, -1, -1, size, 0);
    return configEntries.openEntry(tag, scope);
  }
  if (scope == configSchema.S_TOP || scope == configSchema.S_ALLOWED) {
    const closed = configEntries.closeEntry();
    if (closed != 0) return closed;
  } else if (scope != configEntries.openScope()) {
    return configReport.outside(tag);
  }
  const i = scope == configSchema.S_TOP ? -1 : (scope == configSchema.S_ALLOWED ? configStore.count(configStore.STAGE, configStore.COUNT_ALLOWED) - (tag == configLayout.T_ALLOWED_SECRET ? 1 : 0) : configEntries.openIndex());
  const j = configEntries.subIndex(tag);
  let v: u32 = 0;
  if (d.kind == configSchema.K_TEXT) {
    if (<u32>size < d.min || <u32>size > d.max) return configReport.range(tag, i, j, <u32>size);
    if (!charsetOk(<i32>d.charset, ptr + <usize>at, size)) return configReport.charset(tag, i, j, configSchema.charsetRule(<i32>d.charset));
  } else if (d.kind == configSchema.K_IPV4 && size == 16) {
    v = <u32>at; // an IPv6 address: the view keeps where its octets are (access.ts configRegistrarPeer)
    if (load<u64>(ptr + <usize>at) == 0 && load<u64>(ptr + <usize>at + 8) == 0) return configReport.range(tag, i, j, 0);
  } else {
    if (size != <i32>d.width) return configReport.width(tag, i, j, size, <i32>d.width);
    v = readNumber(ptr + <usize>at, size, d.kind == configSchema.K_IPV4);
    // An address: 0.0.0.0/8 names no destination (RFC 1122 §3.2.1.3), and the view keeps IPv6 offsets there.
    if (d.kind == configSchema.K_IPV4 ? v < configLayout.IPV6_AT_LIMIT : !configSchema.numberOk(d, tag, v)) return configReport.range(tag, i, j, v);
  }
  if (tag == configLayout.T_ALLOWED_SECRET) return configEntries.allowedSecret(i, at, size);
  if (scope == configSchema.S_ALLOWED) return configEntries.allowedEntry(ptr, at, size);
  if (scope != configSchema.S_TOP) return configEntries.entryField(ptr, tag, at, size, v);
  const dup = configEntries.markGiven(tag);
  if (dup != 0) return dup;
  if (d.kind == configSchema.K_TEXT) configStore.setRef(configStore.STAGE + configLayout.textOffset(tag), at, size);
  else configStore.setNumber(configStore.STAGE, tag, v);
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
export function configErrorCode(): i32 { return configMessage.errorCode(); }
export function configErrorTag(): i32 { return configMessage.errorTag(); }
export function configErrorText(): usize { return configMessage.errorText(); }
export function configErrorTextLength(): i32 { return configMessage.errorTextLength(); }
