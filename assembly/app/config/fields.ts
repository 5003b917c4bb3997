// What each record tag means (docs/config.md): its JSON name, the list it
// belongs to, its kind, its width, its range and the rule to quote when it is
// broken. `describe(tag)` fills the f* globals; false for an unknown tag.
// Names and rules are static ASCII literals passed by address.

import * as L from "./layout";
import * as C from "./charset";

export const K_TEXT: i32 = 1;
export const K_NUMBER: i32 = 2;
export const K_IPV4: i32 = 3;
export const K_BEGIN: i32 = 4;

export const S_TOP: i32 = 0;
export const S_BUTTON: i32 = 1;
export const S_RELAY: i32 = 2;
export const S_ACCESS: i32 = 3;
export const S_ALLOWED: i32 = 4;

export let fName: usize = 0;     // JSON name inside its scope (a literal)
export let fScope: i32 = S_TOP;
export let fKind: i32 = 0;
export let fWidth: i32 = 0;      // octets of a number; -1 for a text
export let fMin: u32 = 0;        // number range, or text length range
export let fMax: u32 = 0;
export let fRule: usize = 0;     // what a valid value is (a literal)
export let fCharset: i32 = 0;

function set(name: string, scope: i32, kind: i32, width: i32, min: u32, max: u32, rule: string, charset: i32 = 0): bool {
  fName = changetype<usize>(name);
  fScope = scope;
  fKind = kind;
  fWidth = width;
  fMin = min;
  fMax = max;
  fRule = changetype<usize>(rule);
  fCharset = charset;
  return true;
}

function text(name: string, scope: i32, min: u32, max: u32, rule: string, charset: i32): bool {
  return set(name, scope, K_TEXT, -1, min, max, rule, charset);
}

function num(name: string, scope: i32, width: i32, min: u32, max: u32, rule: string): bool {
  return set(name, scope, K_NUMBER, width, min, max, rule);
}

/** Describes `tag` into the f* globals; false when the tag is unknown. */
export function describe(tag: u32): bool {
  switch (tag) {
    case L.T_USER: return text("user", S_TOP, 1, 63, "length must be 1..63", C.CS_USER);
    case L.T_AUTH_USER: return text("authUser", S_TOP, 0, 63, "length must be 0..63", C.CS_AUTH);
    case L.T_PASSWORD: return text("password", S_TOP, 0, 63, "length must be 0..63", C.CS_PASSWORD);
    case L.T_DOMAIN: return text("domain", S_TOP, 1, 127, "length must be 1..127", C.CS_HOST);
    case L.T_DISPLAY_NAME: return text("displayName", S_TOP, 0, 63, "length must be 0..63", C.CS_DISPLAY);
    case L.T_ALARM_URI: return text("alarms.uri", S_TOP, 1, 127, "length must be 1..127", C.CS_URI);
    case L.T_REGISTRAR_HOST: return set("registrar.host", S_TOP, K_IPV4, 4, 1, 0xffffffff, "an IPv4 address other than 0.0.0.0");
    case L.T_REGISTRAR_PORT: return num("registrar.port", S_TOP, 2, 1, 65535, "out of range 1..65535");
    case L.T_BACKUP_HOST: return set("backupRegistrar.host", S_TOP, K_IPV4, 4, 1, 0xffffffff, "an IPv4 address other than 0.0.0.0");
    case L.T_BACKUP_PORT: return num("backupRegistrar.port", S_TOP, 2, 1, 65535, "out of range 1..65535");
    case L.T_LOCAL_PORT: return num("localPort", S_TOP, 2, 1, 65535, "out of range 1..65535");
    case L.T_REGISTER_EXPIRY: return num("registerExpiry", S_TOP, 4, 60, 86400, "out of range 60..86400");
    case L.T_KEEPALIVE_INTERVAL: return num("keepaliveInterval", S_TOP, 2, 0, 3600, "must be 0 (off) or 5..3600");
    case L.T_KEEPALIVE_FAILURES: return num("keepaliveFailures", S_TOP, 1, 1, 10, "out of range 1..10");
    case L.T_CONFIRM_KEY: return num("codeEntry.confirmKey", S_TOP, 1, 0, 0x2a, "must be 0x23 (#), 0x2a (*) or 0 (none)");
    case L.T_INTER_DIGIT_MS: return num("codeEntry.interDigitTimeoutMs", S_TOP, 2, 500, 64000, "out of range 500..64000");
    case L.T_LOCKOUT_TRIES: return num("lockout.tries", S_TOP, 1, 1, 20, "out of range 1..20");
    case L.T_LOCKOUT_SECONDS: return num("lockout.seconds", S_TOP, 2, 5, 3600, "out of range 5..3600");
    case L.T_LOCKOUT_CALL_TRIES: return num("lockout.callTries", S_TOP, 1, 1, 20, "out of range 1..20");
    case L.T_INCOMING_MODE: return num("incoming.mode", S_TOP, 1, 0, 2, "must be 0 (reject), 1 (auto-answer) or 2 (ring)");
    case L.T_REFUSE_CODE: return num("incoming.refuseCode", S_TOP, 2, 486, 603, "must be 486 or 603");
    case L.T_DTMF: return num("dtmf", S_TOP, 1, 0, 1, "must be 0 (application/dtmf-relay) or 1 (application/dtmf)");
    case L.T_MAX_CALL_SECONDS: return num("maxCallSeconds", S_TOP, 2, 10, 3600, "out of range 10..3600");
    case L.T_SENSOR_ENABLED: return num("doorSensor.enabled", S_TOP, 1, 0, 1, "must be 0 (false) or 1 (true)");
    case L.T_SENSOR_HELD_OPEN: return num("doorSensor.heldOpenSeconds", S_TOP, 2, 5, 3600, "out of range 5..3600");
    case L.T_PRESENCE_PUBLISH: return num("presence.publish", S_TOP, 1, 0, 1, "must be 0 (false) or 1 (true)");
    case L.T_PRESENCE_EXPIRES: return num("presence.expires", S_TOP, 4, 60, 86400, "out of range 60..86400");
    case L.T_INCOMING_DIRECT: return num("incoming.direct", S_TOP, 1, 0, 1, "must be 0 (false) or 1 (true)");
    case L.T_INCOMING_RING_SECONDS: return num("incoming.ringSeconds", S_TOP, 2, 5, 600, "out of range 5..600");
    case L.T_INCOMING_ANSWER_KEY: return num("incoming.answerKey", S_TOP, 1, 0, 8, "must be 0 (none) or 1..8 (call button 0..7)");
    case L.T_BUTTON: return set("buttons", S_BUTTON, K_BEGIN, 0, 0, 0, "at most 8");
    case L.T_BUTTON_MODE: return num("mode", S_BUTTON, 1, 0, 1, "must be 0 (sequential) or 1 (parallel)");
    case L.T_BUTTON_RING_TIMEOUT: return num("ringTimeout", S_BUTTON, 2, 5, 300, "out of range 5..300");
    case L.T_BUTTON_TARGET: return text("targets", S_BUTTON, 1, 127, "length must be 1..127", C.CS_URI);
    case L.T_RELAY: return set("relays", S_RELAY, K_BEGIN, 0, 0, 0, "at most 4");
    case L.T_RELAY_PULSE_MS: return num("pulseMs", S_RELAY, 2, 100, 60000, "out of range 100..60000");
    case L.T_RELAY_DOOR_CODE: return text("doorCodes", S_RELAY, 1, 16, "length must be 1..16", C.CS_DOOR_CODE);
    case L.T_RELAY_HANGUP_MS: return num("hangupAfterOpenMs", S_RELAY, 2, 0, 60000, "out of range 0..60000");
    case L.T_ACCESS: return set("accessCodes", S_ACCESS, K_BEGIN, 0, 0, 0, "at most 8");
    case L.T_ACCESS_CODE: return text("code", S_ACCESS, 4, 16, "length must be 4..16", C.CS_DIGITS);
    case L.T_ACCESS_RELAY: return num("relay", S_ACCESS, 1, 0, 3, "out of range 0..3");
    case L.T_ALLOWED: return text("incoming.allowed", S_ALLOWED, 1, 127, "length must be 1..127", C.CS_CALLER);
    case L.T_ALLOWED_SECRET: return text("secret", S_ALLOWED, 1, 63, "length must be 1..63", C.CS_PASSWORD);
  }
  return false;
}

/** Whether number `v` satisfies the current field (its range, and the sets of the enumerations). */
export function numberOk(tag: u32, v: u32): bool {
  if (v < fMin || v > fMax) return false;
  if (tag == L.T_KEEPALIVE_INTERVAL) return v == 0 || v >= 5;
  if (tag == L.T_CONFIRM_KEY) return v == L.CONFIRM_NONE || v == L.CONFIRM_HASH || v == L.CONFIRM_STAR;
  if (tag == L.T_REFUSE_CODE) return v == 486 || v == 603;
  return true;
}

/** The name of the list a scope's entries live in (a literal), 0 for the top level. */
export function listName(scope: i32): usize {
  if (scope == S_BUTTON) return changetype<usize>("buttons");
  if (scope == S_RELAY) return changetype<usize>("relays");
  if (scope == S_ACCESS) return changetype<usize>("accessCodes");
  if (scope == S_ALLOWED) return changetype<usize>("incoming.allowed");
  return 0;
}
