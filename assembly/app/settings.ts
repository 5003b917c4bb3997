// The intercom's settings: read from the active configuration block
// (app/config) and applied to the SIP user agent, the door modules and
// registration. The one place that knows both sides.

import * as configAccess from "./config/access";
import * as configLayout from "./config/layout";
import { setIdentity, setLocalPort, ID_USER, ID_AUTH_USER, ID_PASSWORD, ID_DOMAIN, ID_DISPLAY, ID_LOCAL_HOST } from "../sip/ua/identity";
import * as voiceSession from "./voice/session";
import { rtpPort, setWantedRtpPort } from "./voice/port";
import { TE_DEFAULT_MS } from "../media/telephone-event";
import { trustClear, trustAdd, TRUST_DESTINATION, TRUST_CALLER } from "../sip/ua/trust";
import { setDirectCalls } from "../sip/ua/admit";
import { registrationSettings, registrationTransports, registrarPeer } from "./registration";
import { codesClear, codesAdd, codesSetEntry } from "./door/codes";
import { accessClear, accessAdd, accessSetLockout, accessSetEntry } from "./door/lockout";
import { relaySetPulse } from "./door/relay";
import { sensorSetHeldOpen } from "./door/sensor";
import { app, station, STATION_SETTINGS, LOCAL_ADDRESS_AT } from "./state";
import { writeIPv6, IPV6_TEXT_MAX } from "../sdp/ipv6-text";
import { isMappedIPv4 } from "../sdp/session";
import { locateUseIPv6 } from "../sip/locate/locate";

// ---- read by the intercom's modules ----
export function buttonCount(): i32 { return configAccess.configButtonCount(); }
/** Whether button b rings its targets all at once (else one after the other). */
export function buttonParallel(b: i32): bool { return configAccess.configButtonMode(b) == 1; }
export function buttonRingTimeoutMs(b: i32): u32 { return <u32>configAccess.configButtonRingTimeout(b) * 1000; }
export function buttonTargetCount(b: i32): i32 { return configAccess.configButtonTargetCount(b); }
export function buttonTarget(b: i32, j: i32): usize { return configAccess.configButtonTarget(b, j); }
export function buttonTargetLength(b: i32, j: i32): i32 { return configAccess.configButtonTargetLength(b, j); }
export function maxCallMs(): u32 { return <u32>configAccess.configMaxCallSeconds() * 1000; }
/** 0 application/dtmf-relay, 1 application/dtmf. */
export function dtmfType(): i32 { return configAccess.configDtmf(); }
/** Whether the keypad's digits in a call go as RFC 4733 telephone-events (media.telephoneEvents "send and receive"), not INFO. */
export function dtmfAsEvents(): bool { return configAccess.configMediaEvents() == configLayout.EVENTS_SEND; }
export function incomingMode(): i32 { return configAccess.configIncomingMode(); }
export function refuseCode(): i32 { return configAccess.configRefuseCode(); }
export function ringMs(): u32 { return <u32>configAccess.configIncomingRingSeconds() * 1000; }
/** The call button that answers a ringing incoming call; -1: none. */
export function answerKey(): i32 { return configAccess.configIncomingAnswerKey(); }
/** Where alarms go (alarms.uri); length 0: no alarms. */
export function alarmUri(): usize { return configAccess.configAlarmUri(); }
export function alarmUriLength(): i32 { return configAccess.configAlarmUriLength(); }
export function presencePublish(): bool { return configAccess.configPresencePublish(); }
export function presenceExpires(): u32 { return <u32>configAccess.configPresenceExpires(); }
export function heldOpenSeconds(): u32 { return <u32>configAccess.configDoorSensorHeldOpenSeconds(); }
/** How the station names itself to people: its display name, else its user. */
export function stationName(): usize { return configAccess.configDisplayNameLength() > 0 ? configAccess.configDisplayName() : configAccess.configUser(); }
export function stationNameLength(): i32 { return configAccess.configDisplayNameLength() > 0 ? configAccess.configDisplayNameLength() : configAccess.configUserLength(); }
/** Wrong door codes in one call before the station hangs up (lockout.callTries). */
export function lockoutCallTries(): i32 { return configAccess.configLockoutCallTries(); }
export function hangupAfterOpenMs(relay: i32): u32 { const v = configAccess.configRelayHangupAfterOpenMs(relay); return v > 0 ? <u32>v : 0; }

// ---- the local address, which the board learns from its network ----
/** The host text: "a.b.c.d", or an IPv6reference "[...]" of at most 2 + IPV6_TEXT_MAX octets (RFC 3261 §25.1). */
const HOST_CAP: i32 = 2 + IPV6_TEXT_MAX;
const HOST: usize = memory.data(HOST_CAP, 1);

/** The station's address: 16 octets, IPv6 or IPv4 mapped (::ffff:a.b.c.d), as in the board ABI's 18-octet form. */
export function localAddress(): usize { return STATION_SETTINGS + LOCAL_ADDRESS_AT; }

function putDecimal(at: i32, n: u32): i32 {
  if (n >= 100) store<u8>(HOST + <usize>(at++), <u8>(0x30 + n / 100));
  if (n >= 10) store<u8>(HOST + <usize>(at++), <u8>(0x30 + (n / 10) % 10));
  store<u8>(HOST + <usize>(at++), <u8>(0x30 + n % 10));
  return at;
}

/** The board's IPv4 address (a.b.c.d as a<<24|b<<16|c<<8|d): setLocalPeerAddress of ::ffff:a.b.c.d. */
export function setLocalAddress(addr: u32): void {
  const a = localAddress();
  store<u64>(a, 0);
  store<u32>(a + 8, 0xffff0000);
  store<u32>(a + 12, bswap<u32>(addr));
  writeHost();
}

/**
 * The board's address from the 16 octets at `src` (IPv6, or IPv4 mapped), written in Via, Contact and SDP.
 * False, nothing changed, for the unspecified address :: (RFC 4291 §2.5.2: never a destination).
 */
export function setLocalPeerAddress(src: usize): bool {
  if (load<u64>(src) == 0 && load<u64>(src + 8) == 0) return false;
  const a = localAddress();
  store<u64>(a, load<u64>(src));
  store<u64>(a + 8, load<u64>(src + 8));
  writeHost();
  return true;
}

/** HOST := the address as the SIP host: a.b.c.d, or "[" RFC 5952 text "]" (RFC 3261 §25.1, RFC 5118 §4). */
function writeHost(): void {
  const a = localAddress();
  let n = 0;
  if (isMappedIPv4(a)) {
    for (let i: usize = 12; i < 16; i++) {
      n = putDecimal(n, <u32>load<u8>(a + i));
      if (i < 15) store<u8>(HOST + <usize>(n++), 0x2e);
    }
  } else {
    store<u8>(HOST, 0x5b);
    n = 1 + writeIPv6(a, HOST + 1, IPV6_TEXT_MAX);
    store<u8>(HOST + <usize>(n++), 0x5d);
  }
  station().hostLength = <u8>n;
}

// ---- loading and applying ----
const MESSAGE: usize = memory.data(160);
export function configMessage(): usize { return MESSAGE; }
export function configMessageLength(): i32 { return app().messageLength; }

function say(src: usize, len: i32): void {
  app().messageLength = <u8>(len < 160 ? len : 160);
  for (let i = 0; i < <i32>app().messageLength; i++) store<u8>(MESSAGE + <usize>i, load<u8>(src + <usize>i));
}

function sayLiteral(literal: usize): void {
  const n = <i32>(load<u32>(literal - 4) >> 1);
  app().messageLength = <u8>(n < 160 ? n : 160);
  for (let i = 0; i < <i32>app().messageLength; i++) store<u8>(MESSAGE + <usize>i, <u8>load<u16>(literal + (<usize>i << 1)));
}

/** Loads the block read from the board: 0 loaded, 1 none (safe defaults), 2 refused (safe defaults kept; the message says why). */
export function loadConfigBlock(ptr: usize, len: i32): i32 {
  if (len <= 0) {
    configAccess.configDefaults();
    sayLiteral(changetype<usize>("no configuration block: running on safe defaults (no registration, no calls, door closed)"));
    return 1;
  }
  if (configAccess.configLoad(ptr, len) != 0) {
    say(configAccess.configErrorText(), configAccess.configErrorTextLength());
    return 2;
  }
  sayLiteral(changetype<usize>("configuration loaded"));
  return 0;
}

/** Applies the active configuration to the user agent, registration and the door. */
export function applyConfig(): void {
  if (station().hostLength == 0) writeHost(); // 127.0.0.1 (StationSettings) until the board tells one
  setIdentity(ID_USER, configAccess.configUser(), configAccess.configUserLength());
  setIdentity(ID_AUTH_USER, configAccess.configAuthUser(), configAccess.configAuthUserLength());
  setIdentity(ID_PASSWORD, configAccess.configPasswordForUa(), configAccess.configPasswordForUaLength());
  setIdentity(ID_DOMAIN, configAccess.configDomain(), configAccess.configDomainLength());
  setIdentity(ID_DISPLAY, configAccess.configDisplayName(), configAccess.configDisplayNameLength());
  setIdentity(ID_LOCAL_HOST, HOST, station().hostLength);
  setLocalPort(<u32>configAccess.configLocalPort());
  setWantedRtpPort(configAccess.configMediaRtpPort());
  const codecs = configAccess.configMediaCodecs();
  const first = codecs == configLayout.CODECS_PCMA_PCMU || codecs == configLayout.CODECS_PCMA ? 8 : 0; // RFC 3551 §6: PCMU 0, PCMA 8
  const second = codecs == configLayout.CODECS_PCMU_PCMA ? 8 : codecs == configLayout.CODECS_PCMA_PCMU ? 0 : -1;
  voiceSession.voiceConfigure(localAddress(), rtpPort(), first, second, configAccess.configMediaEvents() != configLayout.EVENTS_OFF, configAccess.configMediaJitterMs(),
    configAccess.configMediaRtpTimeout() * 1000, TE_DEFAULT_MS);
  locateUseIPv6(!isMappedIPv4(localAddress())); // RFC 3263 §4.2 order: AAAA before A when the station has IPv6 (docs/transports.md)
  registrationSettings(
    configAccess.configRegistrarPeer(configLayout.T_REGISTRAR_HOST, registrarPeer(false), <u32>configAccess.configRegistrarPort()),
    configAccess.configRegistrarName(), configAccess.configRegistrarNameLength(), <u32>configAccess.configRegistrarPort(),
    configAccess.configRegistrarPeer(configLayout.T_BACKUP_HOST, registrarPeer(true), <u32>configAccess.configBackupRegistrarPort()),
    configAccess.configBackupRegistrarName(), configAccess.configBackupRegistrarNameLength(), <u32>configAccess.configBackupRegistrarPort(),
    <u32>configAccess.configRegisterExpiry(), <u32>configAccess.configKeepaliveInterval(), configAccess.configKeepaliveFailures(),
  );
  registrationTransports(configAccess.configRegistrarTransport(), configAccess.configBackupTransport());
  const confirm = <u32>configAccess.configConfirmKey();
  codesClear();
  codesSetEntry(confirm, <u32>configAccess.configInterDigitTimeoutMs());
  for (let r = 0; r < configAccess.configRelayCount(); r++) {
    relaySetPulse(r, <u32>configAccess.configRelayPulseMs(r));
    for (let j = 0; j < configAccess.configRelayDoorCodeCount(r); j++) codesAdd(r, configAccess.configRelayDoorCode(r, j), configAccess.configRelayDoorCodeLength(r, j));
  }
  accessClear();
  accessSetEntry(confirm, <u32>configAccess.configKeypadInterDigitTimeoutMs());
  accessSetLockout(configAccess.configLockoutTries(), <u32>configAccess.configLockoutSeconds() * 1000);
  for (let i = 0; i < configAccess.configAccessCodeCount(); i++) accessAdd(configAccess.configAccessCode(i), configAccess.configAccessCodeLength(i), configAccess.configAccessCodeRelay(i));
  trustConfigured();
  sensorSetHeldOpen(configAccess.configDoorSensorEnabled() ? <u32>configAccess.configDoorSensorHeldOpenSeconds() * 1000 : 0);
}


/** Whom the UA trusts: every call button's targets (it may call them), and the allowed callers (with their secrets); whether they may call directly. */
function trustConfigured(): void {
  trustClear();
  for (let b = 0; b < configAccess.configButtonCount(); b++) {
    for (let j = 0; j < configAccess.configButtonTargetCount(b); j++) trustAdd(TRUST_DESTINATION, configAccess.configButtonTarget(b, j), configAccess.configButtonTargetLength(b, j), false);
  }
  for (let i = 0; i < configAccess.configAllowedCount(); i++) {
    trustAdd(TRUST_CALLER, configAccess.configAllowed(i), configAccess.configAllowedLength(i), configAccess.configAllowedIsUser(i), configAccess.configAllowedSecretForUa(i), configAccess.configAllowedSecretForUaLength(i));
  }
  setDirectCalls(configAccess.configIncomingDirect());
}
