// The application's view of the active configuration (docs/config.md,
// "Accessors"). Texts are (address, length) pairs into the kept block;
// numbers are i32; a list item that does not exist reads as -1 (numbers) or
// address 0 with length 0 (texts). Nothing here changes the configuration.

import * as configLayout from "./layout";
import * as configStore from "./store";
import { schemeLength } from "./charset";
import { setPeerIPv4 } from "../../sip/txn/peer";

export { configLoad, configErrorCode, configErrorTag, configErrorText, configErrorTextLength } from "./block";

/** Makes the safe defaults active: no identity, no registrar, no lists, incoming "reject", numbers at their defaults. */
export function configDefaults(): void { configStore.activateDefaults(); }
/** Whether the active configuration equals the safe defaults. */
export function configIsDefault(): bool { return configStore.activeIsDefault(); }

// ---- Identity ----
export function configUser(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_USER)); }
export function configUserLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_USER)); }
function authTag(): u32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_AUTH_USER)) > 0 ? configLayout.T_AUTH_USER : configLayout.T_USER; }
/** The digest user name: authUser, or user when authUser is empty or absent. */
export function configAuthUser(): usize { return configStore.activeText(configLayout.textOffset(authTag())); }
export function configAuthUserLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(authTag())); }
export function configDomain(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_DOMAIN)); }
export function configDomainLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_DOMAIN)); }
export function configDisplayName(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_DISPLAY_NAME)); }
export function configDisplayNameLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_DISPLAY_NAME)); }
/** Whether a password is configured (the value itself is write-only). */
export function configPasswordSet(): bool { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_PASSWORD)) > 0; }
/**
 * The password. ONLY the UA's identity setter (setIdentity(ID_PASSWORD, ...)) may call this: the password is
 * write-only, never returned to a host, never logged, never part of an error message.
 */
export function configPasswordForUa(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_PASSWORD)); }
export function configPasswordForUaLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_PASSWORD)); }

/** The SIP URI alarms go to as MESSAGE (alarms.uri); length 0 when none is configured. */
export function configAlarmUri(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_ALARM_URI)); }
export function configAlarmUriLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_ALARM_URI)); }

// ---- Registrars: the address, and the port ----
// The view keeps an IPv4 address as a<<24|b<<16|c<<8|d; an IPv6 one (16 octets) as the offset of its octets in
// the block, below IPV6_AT_LIMIT (no IPv4 registrar is in 0.0.0.0/8, block.ts). 0: none.
export function configRegistrarPresent(): bool { return configStore.activeNumber(configLayout.T_REGISTRAR_HOST) != 0; }
export function configRegistrarAddress(): u32 { return configStore.activeNumber(configLayout.T_REGISTRAR_HOST); }
export function configRegistrarPort(): i32 { return <i32>configStore.activeNumber(configLayout.T_REGISTRAR_PORT); }
export function configBackupRegistrarPresent(): bool { return configStore.activeNumber(configLayout.T_BACKUP_HOST) != 0; }
export function configBackupRegistrarAddress(): u32 { return configStore.activeNumber(configLayout.T_BACKUP_HOST); }
export function configBackupRegistrarPort(): i32 { return <i32>configStore.activeNumber(configLayout.T_BACKUP_PORT); }
/** registrar.transport and backupRegistrar.transport: TRANSPORT_UDP or TRANSPORT_TCP (TLS is refused at load, cross.ts). */
export function configRegistrarTransport(): u32 { return configStore.activeNumber(configLayout.T_REGISTRAR_TRANSPORT); }
export function configBackupTransport(): u32 { return configStore.activeNumber(configLayout.T_BACKUP_TRANSPORT); }
/** Whether the registrar of `tag` (T_REGISTRAR_HOST, T_BACKUP_HOST) is an IPv6 address. */
export function configRegistrarIsIPv6(tag: u32): bool {
  const v = configStore.activeNumber(tag);
  return v != 0 && v < configLayout.IPV6_AT_LIMIT;
}
/** Writes the registrar of `tag` and `port` into `dst` (18-octet form); false, nothing written, when none is configured. */
export function configRegistrarPeer(tag: u32, dst: usize, port: u32): bool {
  const v = configStore.activeNumber(tag);
  if (v == 0) return false;
  if (v >= configLayout.IPV6_AT_LIMIT) {
    setPeerIPv4(dst, v, port);
    return true;
  }
  const src = configStore.activeBlock() + <usize>v;
  for (let i: usize = 0; i < 16; i++) store<u8>(dst + i, load<u8>(src + i));
  store<u8>(dst + 16, <u8>(port >>> 8));
  store<u8>(dst + 17, <u8>port);
  return true;
}
/** A registrar given by DNS name instead of an address (RFC 3263): its octets and length (0: none). Port 0: none given. */
export function configRegistrarName(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_REGISTRAR_NAME)); }
export function configRegistrarNameLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_REGISTRAR_NAME)); }
export function configBackupRegistrarName(): usize { return configStore.activeText(configLayout.textOffset(configLayout.T_BACKUP_NAME)); }
export function configBackupRegistrarNameLength(): i32 { return configStore.activeTextLength(configLayout.textOffset(configLayout.T_BACKUP_NAME)); }

// ---- Numbers ----
export function configLocalPort(): i32 { return <i32>configStore.activeNumber(configLayout.T_LOCAL_PORT); }
export function configRegisterExpiry(): i32 { return <i32>configStore.activeNumber(configLayout.T_REGISTER_EXPIRY); }
export function configKeepaliveInterval(): i32 { return <i32>configStore.activeNumber(configLayout.T_KEEPALIVE_INTERVAL); }
export function configKeepaliveFailures(): i32 { return <i32>configStore.activeNumber(configLayout.T_KEEPALIVE_FAILURES); }
/** 0x23 "#", 0x2a "*", 0 none. */
export function configConfirmKey(): i32 { return <i32>configStore.activeNumber(configLayout.T_CONFIRM_KEY); }
export function configInterDigitTimeoutMs(): i32 { return <i32>configStore.activeNumber(configLayout.T_INTER_DIGIT_MS); }
export function configKeypadInterDigitTimeoutMs(): i32 { return <i32>configStore.activeNumber(configLayout.T_KEYPAD_INTER_DIGIT_MS); }
export function configLockoutTries(): i32 { return <i32>configStore.activeNumber(configLayout.T_LOCKOUT_TRIES); }
export function configLockoutSeconds(): i32 { return <i32>configStore.activeNumber(configLayout.T_LOCKOUT_SECONDS); }
/** Wrong door codes heard in one call before the station hangs up that call. */
export function configLockoutCallTries(): i32 { return <i32>configStore.activeNumber(configLayout.T_LOCKOUT_CALL_TRIES); }
/** 0 reject, 1 auto-answer, 2 ring. */
export function configIncomingMode(): i32 { return <i32>configStore.activeNumber(configLayout.T_INCOMING_MODE); }
export function configRefuseCode(): i32 { return <i32>configStore.activeNumber(configLayout.T_REFUSE_CODE); }
/** Whether callers may call (and subscribe) directly, authenticated by digest, besides through the registrar. */
export function configIncomingDirect(): bool { return configStore.activeNumber(configLayout.T_INCOMING_DIRECT) != 0; }
/** How long an incoming call rings before it is given up with 480 (seconds). */
export function configIncomingRingSeconds(): i32 { return <i32>configStore.activeNumber(configLayout.T_INCOMING_RING_SECONDS); }
/** The call button that answers a ringing incoming call, or -1: none (every button calls its targets). */
export function configIncomingAnswerKey(): i32 { return <i32>configStore.activeNumber(configLayout.T_INCOMING_ANSWER_KEY) - 1; }
/** 0 application/dtmf-relay, 1 application/dtmf. */
export function configDtmf(): i32 { return <i32>configStore.activeNumber(configLayout.T_DTMF); }
export function configMaxCallSeconds(): i32 { return <i32>configStore.activeNumber(configLayout.T_MAX_CALL_SECONDS); }
/** The call's audio (media.*): RTP port (0: any), codecs (CODECS_*), jitter buffer ms, RTP timeout s (0: off), RFC 4733 (EVENTS_*). */
export function configMediaRtpPort(): u32 { return configStore.activeNumber(configLayout.T_MEDIA_RTP_PORT) & ~1; }
export function configMediaCodecs(): u32 { return configStore.activeNumber(configLayout.T_MEDIA_CODECS); }
export function configMediaJitterMs(): i32 { return <i32>configStore.activeNumber(configLayout.T_MEDIA_JITTER_MS); }
export function configMediaRtpTimeout(): u32 { return configStore.activeNumber(configLayout.T_MEDIA_RTP_TIMEOUT); }
export function configMediaEvents(): u32 { return configStore.activeNumber(configLayout.T_MEDIA_EVENTS); }
export function configDoorSensorEnabled(): bool { return configStore.activeNumber(configLayout.T_SENSOR_ENABLED) != 0; }
export function configDoorSensorHeldOpenSeconds(): i32 { return <i32>configStore.activeNumber(configLayout.T_SENSOR_HELD_OPEN); }
/** Whether the station publishes its presence (PUBLISH, RFC 3903), and for how long each publication lasts. */
export function configPresencePublish(): bool { return configStore.activeNumber(configLayout.T_PRESENCE_PUBLISH) != 0; }
export function configPresenceExpires(): i32 { return <i32>configStore.activeNumber(configLayout.T_PRESENCE_EXPIRES); }

// ---- Buttons ----
function button(i: i32): usize { return configLayout.buttonOffset(i); }
function target(i: i32, j: i32): usize { return button(i) + 4 + <usize>j * 4; }
function hasTarget(i: i32, j: i32): bool { return configStore.inList(configStore.COUNT_BUTTONS, i) && j >= 0 && j < <i32>configStore.activeU8(button(i) + 1); }
export function configButtonCount(): i32 { return configStore.activeCount(configStore.COUNT_BUTTONS); }
/** 0 sequential, 1 parallel. */
export function configButtonMode(i: i32): i32 { return configStore.inList(configStore.COUNT_BUTTONS, i) ? <i32>configStore.activeU8(button(i)) : -1; }
export function configButtonRingTimeout(i: i32): i32 { return configStore.inList(configStore.COUNT_BUTTONS, i) ? <i32>configStore.activeU16(button(i) + 2) : -1; }
export function configButtonTargetCount(i: i32): i32 { return configStore.inList(configStore.COUNT_BUTTONS, i) ? <i32>configStore.activeU8(button(i) + 1) : -1; }
export function configButtonTarget(i: i32, j: i32): usize { return hasTarget(i, j) ? configStore.activeText(target(i, j)) : 0; }
export function configButtonTargetLength(i: i32, j: i32): i32 { return hasTarget(i, j) ? configStore.activeTextLength(target(i, j)) : 0; }

// ---- Relays ----
function relay(i: i32): usize { return configLayout.relayOffset(i); }
function doorCode(i: i32, j: i32): usize { return relay(i) + 8 + <usize>j * 4; }
function hasDoorCode(i: i32, j: i32): bool { return configStore.inList(configStore.COUNT_RELAYS, i) && j >= 0 && j < <i32>configStore.activeU8(relay(i)); }
export function configRelayCount(): i32 { return configStore.activeCount(configStore.COUNT_RELAYS); }
export function configRelayPulseMs(i: i32): i32 { return configStore.inList(configStore.COUNT_RELAYS, i) ? <i32>configStore.activeU16(relay(i) + 2) : -1; }
export function configRelayHangupAfterOpenMs(i: i32): i32 { return configStore.inList(configStore.COUNT_RELAYS, i) ? <i32>configStore.activeU16(relay(i) + 4) : -1; }
export function configRelayDoorCodeCount(i: i32): i32 { return configStore.inList(configStore.COUNT_RELAYS, i) ? <i32>configStore.activeU8(relay(i)) : -1; }
export function configRelayDoorCode(i: i32, j: i32): usize { return hasDoorCode(i, j) ? configStore.activeText(doorCode(i, j)) : 0; }
export function configRelayDoorCodeLength(i: i32, j: i32): i32 { return hasDoorCode(i, j) ? configStore.activeTextLength(doorCode(i, j)) : 0; }

// ---- Access codes (the local keypad) ----
export function configAccessCodeCount(): i32 { return configStore.activeCount(configStore.COUNT_ACCESS); }
export function configAccessCode(i: i32): usize { return configStore.inList(configStore.COUNT_ACCESS, i) ? configStore.activeText(configLayout.accessOffset(i)) : 0; }
export function configAccessCodeLength(i: i32): i32 { return configStore.inList(configStore.COUNT_ACCESS, i) ? configStore.activeTextLength(configLayout.accessOffset(i)) : 0; }
export function configAccessCodeRelay(i: i32): i32 { return configStore.inList(configStore.COUNT_ACCESS, i) ? <i32>configStore.activeU8(configLayout.accessOffset(i) + 4) : -1; }

// ---- Allowed callers (incoming.allowed) ----
export function configAllowedCount(): i32 { return configStore.activeCount(configStore.COUNT_ALLOWED); }
export function configAllowed(i: i32): usize { return configStore.inList(configStore.COUNT_ALLOWED, i) ? configStore.activeText(configLayout.allowedOffset(i)) : 0; }
export function configAllowedLength(i: i32): i32 { return configStore.inList(configStore.COUNT_ALLOWED, i) ? configStore.activeTextLength(configLayout.allowedOffset(i)) : 0; }
/** Whether allowed caller i has a digest secret (the value itself is write-only). */
export function configAllowedSecretSet(i: i32): bool { return configAllowedSecretForUaLength(i) > 0; }
/**
 * The digest secret of allowed caller i. ONLY the UA's trust list (trustAdd in settings.ts) may call this: the
 * secret is write-only, never returned to a host, never logged, never part of an error message.
 */
export function configAllowedSecretForUa(i: i32): usize { return configStore.inList(configStore.COUNT_ALLOWED, i) ? configStore.activeText(configLayout.allowedSecretOffset(i)) : 0; }
export function configAllowedSecretForUaLength(i: i32): i32 { return configStore.inList(configStore.COUNT_ALLOWED, i) ? configStore.activeTextLength(configLayout.allowedSecretOffset(i)) : 0; }
/** Whether allowed caller i is a bare user part (matched against the From URI's user) rather than a SIP URI. */
export function configAllowedIsUser(i: i32): bool {
  return configStore.inList(configStore.COUNT_ALLOWED, i) && schemeLength(configAllowed(i), configAllowedLength(i)) == 0;
}
