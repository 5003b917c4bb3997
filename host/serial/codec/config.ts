// The configuration over protocol 4 (docs/serial-agent.md, "The
// configuration"): ConfigGet answers the active block with every secret
// record (password 0x03, door code 0x52, access code 0x61, caller secret
// 0x71) kept at length 0; a ConfigWrite block may carry KEEP records (tag
// 0x7E, `[secret tag][entry][item]`) that the firmware replaces by the secret
// it holds. The host reads a masked block by putting a placeholder in each
// hidden secret (a value the validator takes, unique to that secret), so the
// JSON can be changed and checked as a whole; on the way back every
// placeholder still there becomes the KEEP record of the secret it stood for.
import { randomInt } from "node:crypto";
import { crc32, Tag } from "../../config.js";
import { KEEP_TAG } from "./refusal.js";

const HEADER = 14;
const SECRET_TAGS: readonly number[] = [Tag.Password, Tag.RelayDoorCode, Tag.AccessCode, Tag.AllowedSecret];

/** Which secret of the active configuration a KEEP record names. */
export interface Keep {
  tag: number;
  /** The list entry (relay, access code, allowed caller); 0 for the password. */
  entry: number;
  /** The door code's position in its relay; else 0. */
  item: number;
}

export interface BlockRecord {
  tag: number;
  value: Uint8Array;
}

/** The records of a block's body (the header is not checked: decodeConfig does that). */
export function blockRecords(block: Uint8Array): BlockRecord[] {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const end = Math.min(block.length, HEADER + (block.length >= HEADER ? view.getUint32(6, true) : 0));
  const out: BlockRecord[] = [];
  for (let at = HEADER; at + 3 <= end;) {
    const size = block[at + 1] | (block[at + 2] << 8);
    out.push({ tag: block[at], value: block.subarray(at + 3, at + 3 + size) });
    at += 3 + size;
  }
  return out;
}

/** A block of these records: header "DIC1", version 1, body length, CRC-32 (docs/config.md). */
export function blockOf(records: BlockRecord[]): Uint8Array {
  const body = Buffer.concat(records.map((r) => Buffer.concat([Buffer.from([r.tag, r.value.length & 0xff, r.value.length >> 8]), r.value])));
  const block = Buffer.alloc(HEADER + body.length);
  block.write("DIC1", 0, "latin1");
  block.writeUInt16LE(1, 4);
  block.writeUInt32LE(body.length, 6);
  block.writeUInt32LE(crc32(body), 10);
  body.copy(block, HEADER);
  return new Uint8Array(block);
}

/** Each record's position among the secrets: the KEEP record that would name it (null: not a secret). */
function positions(records: BlockRecord[]): (Keep | null)[] {
  let relays = -1, doorCodes = 0, access = -1, allowed = -1;
  return records.map((r) => {
    if (r.tag === Tag.Relay) (relays++, (doorCodes = 0));
    if (r.tag === Tag.Access) access++;
    if (r.tag === Tag.Allowed) allowed++;
    switch (r.tag) {
      case Tag.Password: return { tag: r.tag, entry: 0, item: 0 };
      case Tag.RelayDoorCode: return { tag: r.tag, entry: relays, item: doorCodes++ };
      case Tag.AccessCode: return { tag: r.tag, entry: access, item: 0 };
      case Tag.AllowedSecret: return { tag: r.tag, entry: allowed, item: 0 };
      default: return null;
    }
  });
}

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join("");

/** A value the validator takes for a secret of this tag, unlikely to be anyone's: 16 digits for a code, else text. */
function placeholder(tag: number): string {
  return tag === Tag.RelayDoorCode || tag === Tag.AccessCode ? digits(16) : `kept-secret-${digits(16)}`;
}

/** A masked block read: the block with a placeholder in each hidden secret, and which secret each placeholder stands for. */
export interface Unmasked {
  block: Uint8Array;
  keeps: Map<string, Keep>;
}

/** ConfigGet's block (secrets at length 0) with placeholders in their place; an empty answer is no block. */
export function unmask(masked: Uint8Array): Unmasked | null {
  if (masked.length === 0) return null;
  const records = blockRecords(masked);
  const keeps = new Map<string, Keep>();
  positions(records).forEach((keep, i) => {
    if (!keep || records[i].value.length !== 0) return;
    let value = placeholder(keep.tag);
    while (keeps.has(value)) value = placeholder(keep.tag);
    keeps.set(value, keep);
    records[i] = { tag: records[i].tag, value: Buffer.from(value, "latin1") };
  });
  return { block: blockOf(records), keeps };
}

export const encodeKeep = (k: Keep): BlockRecord => ({ tag: KEEP_TAG, value: Uint8Array.of(k.tag, k.entry, k.item) });

/** The block to write: each secret record still holding a placeholder becomes the KEEP record of the secret it stood for. */
export function withKeeps(block: Uint8Array, keeps: Map<string, Keep>): Uint8Array {
  if (keeps.size === 0) return block;
  const records = blockRecords(block).map((r) => {
    const keep = SECRET_TAGS.includes(r.tag) ? keeps.get(Buffer.from(r.value).toString("latin1")) : undefined;
    return keep && keep.tag === r.tag ? encodeKeep(keep) : r;
  });
  return blockOf(records);
}

/** The masked form of a block, as the firmware answers ConfigGet: every secret at length 0 (for tests and the reference). */
export function mask(block: Uint8Array): Uint8Array {
  return blockOf(blockRecords(block).map((r) => (SECRET_TAGS.includes(r.tag) ? { tag: r.tag, value: new Uint8Array(0) } : r)));
}
