// Hello (docs/serial-agent.md, "Hello record"): what the board is and what
// its two slots hold, the first thing a host reads in a session. The slots
// are summed up from the image format's header and trailer (docs/images.md):
// the version, the image's size and its own SHA-256 record, read through
// board.slotRead; the hash is not computed here (FlashVerify does that).

import { boardSlotRead } from "../../board/imports";
import { readBootInfo, bootInfoName } from "../../board/boot-info";
import { FIRMWARE_MAX_PAYLOAD } from "../../serial/frame";
import { reply, STATUS_OK } from "./reply";

export const PROTOCOL_VERSION: u8 = 4;
// Hello's feature bits.
export const FEATURE_FLASH: u8 = 1;
export const FEATURE_CONFIG: u8 = 2;
export const FEATURE_PRESS_INPUT: u8 = 4;
export const FEATURE_MONITOR: u8 = 8;
export const FEATURE_PIECES: u8 = 16;
/** What this firmware's agent answers; the flash and configuration commands add theirs when they are wired in (agent.ts). */
export const FEATURES: u8 = FEATURE_PRESS_INPUT | FEATURE_MONITOR;
/** The longest transfer: a configuration block, the firmware's staging buffer (app/main.ts CONFIG). */
export const MAX_TRANSFER: u16 = 4096;

/** One slot's summary: state, version (8), image size (u32), SHA-256 record (32). */
export const SLOT_SUMMARY: i32 = 45;

// The image format (docs/images.md): header fields, the trailer's info header, the hash record.
const IMAGE_MAGIC: u32 = 0x4d494349;
const IMAGE_FORMAT: u16 = 1;
const HEADER_SIZE: u32 = 32;
const TRAILER_MAGIC: u16 = 0x5449;
const RECORD_SHA256: u16 = 0x0002;
const HASH_RECORD: u32 = 4 + 32;

/** Whether `len` octets of `slot` from `offset` read whole into `dst`. */
function readWhole(slot: i32, offset: u32, dst: usize, len: i32): bool {
  return boardSlotRead(slot, offset, dst, len) == len;
}

/**
 * Writes slot `slot`'s summary at `at` (SLOT_SUMMARY octets), reading through
 * `scratch` (36 octets): state 1 with the header's version, the image's size
 * (header, payload padded to 4, trailer) and the trailer's SHA-256 record;
 * state 0 and zeros when the header or the trailer does not read whole.
 */
export function writeSlotSummary(slot: i32, at: usize, scratch: usize): void {
  for (let i = 0; i < SLOT_SUMMARY; i++) store<u8>(at + <usize>i, 0);
  if (!readWhole(slot, 0, scratch, <i32>HEADER_SIZE)) return;
  if (load<u32>(scratch) != IMAGE_MAGIC || load<u16>(scratch, 4) != IMAGE_FORMAT || <u32>load<u16>(scratch, 6) != HEADER_SIZE) return;
  const payload = load<u32>(scratch, 8);
  if (payload > 0x7fff0000) return; // larger than any slot: no trailer to read
  const version = load<u64>(scratch, 16); // major, minor, revision, build: the header's 8 octets as they are
  const trailer = HEADER_SIZE + ((payload + 3) & ~3);
  if (!readWhole(slot, trailer, scratch, 4) || load<u16>(scratch) != TRAILER_MAGIC) return;
  const trailerLength = <u32>load<u16>(scratch, 2);
  if (trailerLength < 4 + HASH_RECORD) return;
  // The hash record is the trailer's last one (docs/images.md "Trailer").
  if (!readWhole(slot, trailer + trailerLength - HASH_RECORD, scratch, <i32>HASH_RECORD)) return;
  if (load<u16>(scratch) != RECORD_SHA256 || <u32>load<u16>(scratch, 2) != 32) return;
  store<u8>(at, 1);
  store<u64>(at + 1, version);
  store<u32>(at + 9, trailer + trailerLength);
  for (let i = 0; i < 32; i++) store<u8>(at + 13 + <usize>i, load<u8>(scratch + 4 + <usize>i));
}

/** Where a record's scratch reads go: past any record, inside the response's payload (OUT_CAPACITY octets). */
export const SCRATCH_OFFSET: usize = 512;

/** Where the board name (str8) starts: after 6 octets of protocol, features and limits, and 12 of BootInfo. */
export const HELLO_NAME: usize = 18;

/** Writes the Hello record at `out`: its length. */
export function writeHello(out: usize): i32 {
  const info = readBootInfo();
  store<u8>(out, PROTOCOL_VERSION);
  store<u8>(out, FEATURES, 1);
  store<u16>(out, <u16>FIRMWARE_MAX_PAYLOAD, 2);
  store<u16>(out, MAX_TRANSFER, 4);
  // BootInfo's running slot, trial, last boot and kind, slot capacity, memory: its octets 0..11 as they are.
  const from = changetype<usize>(info);
  for (let i = 0; i < 12; i++) store<u8>(out + 6 + <usize>i, load<u8>(from + <usize>i));
  const n = <i32>info.nameLength;
  store<u8>(out, <u8>n, HELLO_NAME);
  const name = bootInfoName(info);
  for (let i = 0; i < n; i++) store<u8>(out + HELLO_NAME + 1 + <usize>i, load<u8>(name + <usize>i));
  const slots = out + HELLO_NAME + 1 + <usize>n;
  writeSlotSummary(0, slots, out + SCRATCH_OFFSET);
  writeSlotSummary(1, slots + <usize>SLOT_SUMMARY, out + SCRATCH_OFFSET);
  return <i32>HELLO_NAME + 1 + n + 2 * SLOT_SUMMARY;
}

/** Hello `[session u32]` (any value, not checked): the Hello record (the agent has reset the session, agent.ts). */
export function helloCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  return reply(STATUS_OK, writeHello(out));
}
