// KEEP records of a ConfigWrite block (docs/serial-agent.md, "The configuration"):
// tag 0x7E, length 3, `[secret tag][entry][item]`, "the secret of that tag at
// list entry `entry`, item `item`, of the active configuration". The host
// cannot read secrets back, so it writes a changed block with a KEEP where
// each one stood. Each KEEP becomes a record of the secret's own tag, at the
// position the KEEP holds, in place in the load buffer (the tail shifts; no
// second buffer); the loader then checks the result like any block, so a
// secret kept where its tag may not stand is refused as the raw record would be.

import * as configLayout from "../config/layout";
import * as configStore from "../config/store";
import { E_WIDTH, E_LENGTH, E_REFERENCE } from "../config/schema.generated";
import { crc32 } from "../../serial/crc32";

/** The KEEP record's tag: no field of the schema has it, so a KEEP left in a block is an unknown tag to the loader. */
export const T_KEEP: u32 = 0x7e;
/** A KEEP record's value: secret tag, entry, item. */
const KEEP_SIZE: i32 = 3;

/**
 * Replaces each KEEP of the block at `buf` (`len` octets, in a buffer of BLOCK_MAX) by the secret it names.
 * Returns the block's length afterwards (its header's body length and CRC-32 recomputed when a KEEP was
 * replaced), or minus an error code whose tag at fault is T_KEEP: E_WIDTH (a KEEP not 3 octets long),
 * E_REFERENCE (no such secret in the active configuration), E_LENGTH (the result would pass 4096 octets).
 * A block whose header or CRC is wrong as sent is returned as it is, for the loader to name its fault.
 */
export function expandKeeps(buf: usize, len: i32): i32 {
  if (len < configLayout.HEADER_SIZE || load<u32>(buf) != configLayout.MAGIC) return len;
  const body = load<u32>(buf + 6);
  if (<u64>body + <u64>configLayout.HEADER_SIZE > <u64>len || <u64>body + <u64>configLayout.HEADER_SIZE > <u64>configLayout.BLOCK_MAX) return len;
  if (crc32(buf + <usize>configLayout.HEADER_SIZE, <i32>body) != load<u32>(buf + 10)) return len; // damaged as sent: E_CRC
  let end = configLayout.HEADER_SIZE + <i32>body;
  let at = configLayout.HEADER_SIZE;
  let kept = false;
  while (end - at >= 3) {
    const tag = <u32>load<u8>(buf + <usize>at);
    const size = <i32>load<u16>(buf + <usize>at + 1);
    if (size > end - at - 3) break; // runs past the body: the loader says where
    if (tag != T_KEEP) {
      at += 3 + size;
      continue;
    }
    if (size != KEEP_SIZE) return -E_WIDTH;
    const secret = <u32>load<u8>(buf + <usize>at + 3);
    const ref = secretRef(secret, <i32>load<u8>(buf + <usize>at + 4), <i32>load<u8>(buf + <usize>at + 5));
    const n = ref < 0 ? 0 : configStore.activeTextLength(<usize>ref);
    if (n == 0) return -E_REFERENCE; // a secret is never empty: length 0 is "none"
    const grown = end - (3 + KEEP_SIZE) + 3 + n;
    if (grown > configLayout.BLOCK_MAX) return -E_LENGTH;
    const tail = at + 3 + KEEP_SIZE;
    memory.copy(buf + <usize>(at + 3 + n), buf + <usize>tail, <usize>(end - tail));
    store<u8>(buf + <usize>at, <u8>secret); // the secret's own tag, where the KEEP stood
    store<u16>(buf + <usize>at + 1, <u16>n);
    memory.copy(buf + <usize>at + 3, configStore.activeText(<usize>ref), <usize>n);
    end = grown;
    at += 3 + n;
    kept = true;
  }
  if (kept) {
    store<u32>(buf + 6, <u32>(end - configLayout.HEADER_SIZE));
    store<u32>(buf + 10, crc32(buf + <usize>configLayout.HEADER_SIZE, end - configLayout.HEADER_SIZE));
  }
  return end;
}

/**
 * Where the active view refers to secret `tag` of entry `entry`, item `item` (a view offset for
 * activeText), or -1: not a secret, or no such entry or item. Only the password, a relay's door code, an
 * access code and a caller's secret are kept; entry and item are 0 where there is no list or no item.
 */
function secretRef(tag: u32, entry: i32, item: i32): i32 {
  if (tag == configLayout.T_PASSWORD) return entry == 0 && item == 0 ? <i32>configLayout.textOffset(tag) : -1;
  if (tag == configLayout.T_RELAY_DOOR_CODE) {
    if (!configStore.inList(configStore.COUNT_RELAYS, entry)) return -1;
    const relay = configLayout.relayOffset(entry);
    return item < <i32>configStore.activeU8(relay) ? <i32>(relay + 8 + <usize>item * 4) : -1;
  }
  if (item != 0) return -1;
  if (tag == configLayout.T_ACCESS_CODE) return configStore.inList(configStore.COUNT_ACCESS, entry) ? <i32>configLayout.accessOffset(entry) : -1;
  if (tag == configLayout.T_ALLOWED_SECRET) return configStore.inList(configStore.COUNT_ALLOWED, entry) ? <i32>configLayout.allowedSecretOffset(entry) : -1;
  return -1; // any other tag: not a secret this firmware keeps
}
