// The configuration block's layout (docs/config.md): header, record tags, and
// the compact "view" the validator fills: offsets of the texts inside the
// block, the numbers, and the lists. Two views exist (staging and active);
// the active block's octets are kept beside the active view.

// ---- Header: "DIC1", version u16, body length u32, CRC-32 of the body u32 (little-endian) ----
export const MAGIC: u32 = 0x31434944; // "DIC1" read as a little-endian u32
export const VERSION: u32 = 1;
export const HEADER_SIZE: i32 = 14;
export const BLOCK_MAX: i32 = 4096;

// ---- Tags ----
// Texts (raw octets)
export const T_USER: u32 = 0x01;
export const T_AUTH_USER: u32 = 0x02;
export const T_PASSWORD: u32 = 0x03;
export const T_DOMAIN: u32 = 0x04;
export const T_DISPLAY_NAME: u32 = 0x05;
export const T_ALARM_URI: u32 = 0x06;
export const T_TEXT_LAST: u32 = 0x06;
// Top-level numbers (little-endian, fixed width per tag); slot = tag - 0x10
export const T_REGISTRAR_HOST: u32 = 0x10;
export const T_REGISTRAR_PORT: u32 = 0x11;
export const T_BACKUP_HOST: u32 = 0x12;
export const T_BACKUP_PORT: u32 = 0x13;
export const T_LOCAL_PORT: u32 = 0x14;
export const T_REGISTER_EXPIRY: u32 = 0x15;
export const T_KEEPALIVE_INTERVAL: u32 = 0x16;
export const T_KEEPALIVE_FAILURES: u32 = 0x17;
export const T_CONFIRM_KEY: u32 = 0x18;
export const T_INTER_DIGIT_MS: u32 = 0x19;
export const T_LOCKOUT_TRIES: u32 = 0x1a;
export const T_LOCKOUT_SECONDS: u32 = 0x1b;
export const T_INCOMING_MODE: u32 = 0x1c;
export const T_REFUSE_CODE: u32 = 0x1d;
export const T_DTMF: u32 = 0x1e;
export const T_MAX_CALL_SECONDS: u32 = 0x1f;
export const T_SENSOR_ENABLED: u32 = 0x20;
export const T_SENSOR_HELD_OPEN: u32 = 0x21;
export const T_PRESENCE_PUBLISH: u32 = 0x22;
export const T_PRESENCE_EXPIRES: u32 = 0x23;
export const T_LOCKOUT_CALL_TRIES: u32 = 0x24;
// 0x25..0x27: free
export const T_INCOMING_DIRECT: u32 = 0x28;
export const T_INCOMING_RING_SECONDS: u32 = 0x29;
export const T_INCOMING_ANSWER_KEY: u32 = 0x2a;
export const T_NUMBER_FIRST: u32 = 0x10;
export const T_NUMBER_LAST: u32 = 0x2a;
// Lists: a "begin" record (length 0) opens an entry; the entry's records follow it
export const T_BUTTON: u32 = 0x40;
export const T_BUTTON_MODE: u32 = 0x41;
export const T_BUTTON_RING_TIMEOUT: u32 = 0x42;
export const T_BUTTON_TARGET: u32 = 0x43;
export const T_RELAY: u32 = 0x50;
export const T_RELAY_PULSE_MS: u32 = 0x51;
export const T_RELAY_DOOR_CODE: u32 = 0x52;
export const T_RELAY_HANGUP_MS: u32 = 0x53;
export const T_ACCESS: u32 = 0x60;
export const T_ACCESS_CODE: u32 = 0x61;
export const T_ACCESS_RELAY: u32 = 0x62;
export const T_ALLOWED: u32 = 0x70;
export const T_ALLOWED_SECRET: u32 = 0x71; // the digest secret of the allowed caller just before it

// ---- Values of the enumerations ----
export const MODE_SEQUENTIAL: u32 = 0;
export const MODE_PARALLEL: u32 = 1;
export const CONFIRM_NONE: u32 = 0;
export const CONFIRM_HASH: u32 = 0x23;
export const CONFIRM_STAR: u32 = 0x2a;
export const INCOMING_REJECT: u32 = 0;
export const INCOMING_AUTO_ANSWER: u32 = 1;
export const INCOMING_RING: u32 = 2;
export const DTMF_RELAY: u32 = 0;
export const DTMF_PLAIN: u32 = 1;
export const ANSWER_KEY_NONE: u32 = 0; // else call button (value - 1)

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

export function textOffset(tag: u32): usize { return V_TEXTS + (<usize>tag - 1) * 4; }
export function numberOffset(tag: u32): usize { return V_NUMBERS + (<usize>tag - 0x10) * 4; }
export function buttonOffset(i: i32): usize { return V_BUTTONS + <usize>i * BUTTON_SIZE; }
export function relayOffset(i: i32): usize { return V_RELAYS + <usize>i * RELAY_SIZE; }
export function accessOffset(i: i32): usize { return V_ACCESS + <usize>i * ACCESS_SIZE; }
export function allowedOffset(i: i32): usize { return V_ALLOWED + <usize>i * ALLOWED_SIZE; }
export function allowedSecretOffset(i: i32): usize { return allowedOffset(i) + 4; }
