// The configuration block's layout (docs/config.md): header, record tags (from
// host/config.schema.json, through schema.generated.ts), and the compact
// "view" the validator fills: offsets of the texts inside the
// block, the numbers, and the lists. Two views exist (staging and active);
// the active block's octets are kept beside the active view.

// ---- Header: "DIC1", version u16, body length u32, CRC-32 of the body u32 (little-endian) ----
export const MAGIC: u32 = 0x31434944; // "DIC1" read as a little-endian u32
export const VERSION: u32 = 1;
export const HEADER_SIZE: i32 = 14;
export const BLOCK_MAX: i32 = 4096;

// ---- Tags, their defaults and what each means: generated from host/config.schema.json ----
import { T_TEXT_LAST, T_NUMBER_FIRST, T_NUMBER_LAST } from "./schema.generated";
export * from "./schema.generated";

// The enumerations' block values (MODE_PARALLEL, CONFIRM_STAR, ...) come with the line above: generated
// from each enum's x-block "names" and "values", the table host/config-binary.ts encodes with.

// ---- List limits ----
export const MAX_BUTTONS: i32 = 8;
export const MAX_TARGETS: i32 = 4;
export const MAX_RELAYS: i32 = 4;
export const MAX_DOOR_CODES: i32 = 4;
export const MAX_ACCESS: i32 = 8;
export const MAX_ALLOWED: i32 = 8;

// ---- The view: a text is (offset u16 from the block start, length u16); a number a u32 ----
export const V_TEXTS: usize = 0;                                      // 6 texts, slot = tag - 1
export const V_NUMBERS: usize = V_TEXTS + <usize>T_TEXT_LAST * 4;     // 24: 27 numbers, slot = tag - 0x10
export const V_COUNTS: usize = V_NUMBERS + <usize>(T_NUMBER_LAST - T_NUMBER_FIRST + 1) * 4; // 132: u8 buttons, relays, access codes, allowed callers
export const V_BUTTONS: usize = V_COUNTS + 4;                         // 136
export const BUTTON_SIZE: usize = 20;            // mode u8, target count u8, ring timeout u16, 4 texts
export const V_RELAYS: usize = V_BUTTONS + 8 * BUTTON_SIZE;           // 296
export const RELAY_SIZE: usize = 24;             // code count u8, pad, pulse u16, hangup u16, pad u16, 4 texts
export const V_ACCESS: usize = V_RELAYS + 4 * RELAY_SIZE;             // 392
export const ACCESS_SIZE: usize = 8;             // text, relay u8, pads
export const V_ALLOWED: usize = V_ACCESS + 8 * ACCESS_SIZE;           // 456
export const ALLOWED_SIZE: usize = 8;            // the caller (text), its secret (text, length 0: none)
export const VIEW_SIZE: usize = V_ALLOWED + 8 * ALLOWED_SIZE;         // 520

/** A registrar's number below this is the block offset of its 16-octet IPv6 address (access.ts); IPv4 addresses start at 1.0.0.0. */
export const IPV6_AT_LIMIT: u32 = 0x01000000;

export function textOffset(tag: u32): usize { return V_TEXTS + (<usize>tag - 1) * 4; }
export function numberOffset(tag: u32): usize { return V_NUMBERS + (<usize>tag - <usize>T_NUMBER_FIRST) * 4; }
export function buttonOffset(i: i32): usize { return V_BUTTONS + <usize>i * BUTTON_SIZE; }
export function relayOffset(i: i32): usize { return V_RELAYS + <usize>i * RELAY_SIZE; }
export function accessOffset(i: i32): usize { return V_ACCESS + <usize>i * ACCESS_SIZE; }
export function allowedOffset(i: i32): usize { return V_ALLOWED + <usize>i * ALLOWED_SIZE; }
export function allowedSecretOffset(i: i32): usize { return allowedOffset(i) + 4; }
