// The configuration's binary block (docs/config.md, "The binary block"):
// written by encodeConfig from a validated configuration and read back by
// decodeConfig (never the password). The block's CRC-32 is zlib's (IEEE 802.3,
// reflected polynomial 0xEDB88320), the one the firmware checks
// (assembly/app/config/crc.ts). Tags and widths come from host/config.schema.json.
import { crc32 } from "node:zlib";
import { hostOctets, hostText, ipv6Literal } from "./address.js";
import { isIPv4 } from "node:net";
import { Tag, NUMBERS, ENUMS, Refusal, REFUSAL_MEANINGS } from "./config-table.js";
import { validateConfig, callerOf, type Config, type Registrar, type Transport, type Button, type AnswerKey } from "./config.js";

export { crc32 };

/** The block value of an enumeration's JSON value, and back. */
const codeOf = (path: string, v: unknown) => ENUMS[path].codes[ENUMS[path].values.indexOf(v as string | number)];
const valueOf = <T>(path: string, code: number) => ENUMS[path].values[ENUMS[path].codes.indexOf(code)] as T;

function records(c: Config): number[] {
  const out: number[] = [];
  const rec = (tag: number, value: number[]) => out.push(tag, value.length & 0xff, value.length >> 8, ...value);
  const num = (tag: number, width: number, v: number) => rec(tag, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff].slice(0, width));
  const str = (tag: number, s: string | undefined) => { if (s) rec(tag, [...Buffer.from(s, "utf8")]); };
  str(Tag.User, c.user);
  if (c.authUser !== c.user) str(Tag.AuthUser, c.authUser);
  str(Tag.Password, c.password);
  str(Tag.Domain, c.domain);
  str(Tag.DisplayName, c.displayName);
  str(Tag.AlarmUri, c.alarms?.uri);
  str(Tag.TlsCa, c.tls?.ca);
  // A host is an address (its tag: 4 octets IPv4, 16 IPv6) or a DNS name (its text tag); the port only when given (RFC 3263 §4.2).
  const ip = (tag: number, nameTag: number, r: Registrar | undefined, portTag: number, field: string, transportTag: number) => {
    if (!r) return;
    if (isIPv4(r.host) || ipv6Literal(r.host) !== null) rec(tag, hostOctets(r.host, `${field}.host`));
    else str(nameTag, r.host);
    if (r.port !== undefined) num(portTag, 2, r.port);
    if (r.transport && r.transport !== "udp") num(transportTag, 1, codeOf(`${field}.transport`, r.transport));
  };
  ip(Tag.RegistrarHost, Tag.RegistrarName, c.registrar, Tag.RegistrarPort, "registrar", Tag.RegistrarTransport);
  ip(Tag.BackupHost, Tag.BackupName, c.backupRegistrar, Tag.BackupPort, "backupRegistrar", Tag.BackupTransport);
  const n = (path: string, v: number) => num(NUMBERS[path][3], NUMBERS[path][4], v);
  n("localPort", c.localPort); n("registerExpiry", c.registerExpiry);
  n("keepaliveInterval", c.keepaliveInterval); n("keepaliveFailures", c.keepaliveFailures);
  num(Tag.ConfirmKey, 1, codeOf("codeEntry.confirmKey", c.codeEntry.confirmKey));
  n("codeEntry.interDigitTimeoutMs", c.codeEntry.interDigitTimeoutMs);
  const keypadPause = "codeEntry.keypadInterDigitTimeoutMs";
  if (c.codeEntry.keypadInterDigitTimeoutMs !== NUMBERS[keypadPause][2]) n(keypadPause, c.codeEntry.keypadInterDigitTimeoutMs); // absent: the firmware's default
  n("lockout.tries", c.lockout.tries); n("lockout.seconds", c.lockout.seconds);
  if (c.lockout.callTries !== NUMBERS["lockout.callTries"][2]) n("lockout.callTries", c.lockout.callTries); // absent: the firmware's default
  num(Tag.IncomingMode, 1, codeOf("incoming.mode", c.incoming.mode));
  num(Tag.RefuseCode, 2, codeOf("incoming.refuseCode", c.incoming.refuseCode));
  num(Tag.Dtmf, 1, codeOf("dtmf", c.dtmf));
  n("maxCallSeconds", c.maxCallSeconds);
  // The media fields go only when they differ from the firmware's defaults (older blocks stay as they were).
  const media = (path: string, v: number) => { if (v !== NUMBERS[path][2]) n(path, v); };
  media("media.rtpPort", c.media.rtpPort);
  if (c.media.codecs !== "PCMU PCMA") num(Tag.MediaCodecs, 1, codeOf("media.codecs", c.media.codecs));
  media("media.jitterMs", c.media.jitterMs);
  media("media.rtpTimeoutSeconds", c.media.rtpTimeoutSeconds);
  if (c.media.telephoneEvents !== "receive") num(Tag.MediaEvents, 1, codeOf("media.telephoneEvents", c.media.telephoneEvents));
  num(Tag.SensorEnabled, 1, c.doorSensor.enabled ? 1 : 0);
  n("doorSensor.heldOpenSeconds", c.doorSensor.heldOpenSeconds);
  if (c.presence.publish || c.presence.expires !== NUMBERS["presence.expires"][2]) {
    num(Tag.PresencePublish, 1, c.presence.publish ? 1 : 0);
    n("presence.expires", c.presence.expires);
  }
  for (const b of c.buttons) {
    rec(Tag.Button, []);
    num(Tag.ButtonMode, 1, codeOf("buttons[].mode", b.mode));
    n("buttons[].ringTimeout", b.ringTimeout);
    for (const t of b.targets) str(Tag.ButtonTarget, t);
  }
  for (const r of c.relays) {
    rec(Tag.Relay, []);
    n("relays[].pulseMs", r.pulseMs);
    for (const d of r.doorCodes) str(Tag.RelayDoorCode, d);
    n("relays[].hangupAfterOpenMs", r.hangupAfterOpenMs);
  }
  for (const a of c.accessCodes) {
    rec(Tag.Access, []);
    str(Tag.AccessCode, a.code);
    n("accessCodes[].relay", a.relay);
  }
  if (c.incoming.direct) num(Tag.IncomingDirect, 1, 1);
  if (c.incoming.ringSeconds !== NUMBERS["incoming.ringSeconds"][2]) n("incoming.ringSeconds", c.incoming.ringSeconds);
  if (c.incoming.answerKey !== "none") num(Tag.IncomingAnswerKey, 1, codeOf("incoming.answerKey", c.incoming.answerKey));
  for (const a of c.incoming.allowed) {
    str(Tag.Allowed, callerOf(a));
    if (typeof a !== "string") str(Tag.AllowedSecret, a.secret);
  }
  return out;
}

/** The length of a configuration's block in octets. */
export const encodedLength = (c: Config) => 14 + records(c).length;

/** The binary block of a validated config (docs/config.md): header "DIC1", version 1, body length, CRC-32, records. */
export function encodeConfig(config: Config): Uint8Array {
  const body = Uint8Array.from(records(config));
  const block = new Uint8Array(14 + body.length);
  const view = new DataView(block.buffer);
  block.set([0x44, 0x49, 0x43, 0x31]);
  view.setUint16(4, 1, true);
  view.setUint32(6, body.length, true);
  view.setUint32(10, crc32(body), true);
  block.set(body, 14);
  return block;
}

/** A block decodeConfig cannot read: `code` is the firmware's refusal code for the same fault (x-errors). */
export class BlockError extends Error {
  constructor(readonly code: number, detail: string) {
    super(`${detail} (refusal ${code}: ${REFUSAL_MEANINGS[code]})`);
  }
}

/** Reads a block back (throws BlockError on a damaged one). The password is write-only: only `passwordSet` is returned. */
export function decodeConfig(block: Uint8Array): Config {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (block.length < 14) throw new BlockError(Refusal.Short, "header: the block is shorter than its 14-octet header");
  if (view.getUint32(0, true) !== 0x31434944) throw new BlockError(Refusal.Magic, "header: bad magic; a configuration block starts with DIC1");
  if (view.getUint16(4, true) !== 1) throw new BlockError(Refusal.Version, `header: version ${view.getUint16(4, true)} unknown`);
  const len = view.getUint32(6, true);
  if (14 + len > block.length) throw new BlockError(Refusal.Length, "header: body length runs past the buffer");
  const body = block.subarray(14, 14 + len);
  if (crc32(body) !== view.getUint32(10, true)) throw new BlockError(Refusal.Crc, "body: CRC-32 mismatch");
  const c = validateConfig({}) as { ok: true; config: Config };
  const cfg = c.config;
  cfg.passwordSet = false;
  const dflt = (path: string) => NUMBERS[path][2];
  for (let at = 0; at + 3 <= body.length;) {
    const tag = body[at], size = body[at + 1] | (body[at + 2] << 8), v = body.subarray(at + 3, at + 3 + size);
    at += 3 + size;
    const s = Buffer.from(v).toString("utf8");
    const u = v.reduceRight((acc, b) => acc * 256 + b, 0);
    const button = cfg.buttons[cfg.buttons.length - 1], relay = cfg.relays[cfg.relays.length - 1];
    const access = cfg.accessCodes[cfg.accessCodes.length - 1];
    switch (tag) {
      case Tag.User: cfg.user = s; break;
      case Tag.AuthUser: cfg.authUser = s; break;
      case Tag.Password: cfg.passwordSet = size > 0; break;
      case Tag.Domain: cfg.domain = s; break;
      case Tag.DisplayName: cfg.displayName = s; break;
      case Tag.AlarmUri: cfg.alarms = { uri: s }; break;
      case Tag.TlsCa: cfg.tls = { ca: s }; break;
      case Tag.RegistrarHost: cfg.registrar = { ...cfg.registrar, host: hostText(v), port: cfg.registrar?.port }; break;
      case Tag.RegistrarName: cfg.registrar = { ...cfg.registrar, host: s, port: cfg.registrar?.port }; break;
      case Tag.RegistrarPort: cfg.registrar = { host: "", ...cfg.registrar, port: u }; break;
      case Tag.BackupHost: cfg.backupRegistrar = { ...cfg.backupRegistrar, host: hostText(v), port: cfg.backupRegistrar?.port }; break;
      case Tag.BackupName: cfg.backupRegistrar = { ...cfg.backupRegistrar, host: s, port: cfg.backupRegistrar?.port }; break;
      case Tag.BackupPort: cfg.backupRegistrar = { host: "", ...cfg.backupRegistrar, port: u }; break;
      case Tag.RegistrarTransport: cfg.registrar = { host: "", ...cfg.registrar, transport: ENUMS["registrar.transport"].values[u] as Transport }; break;
      case Tag.BackupTransport: cfg.backupRegistrar = { host: "", ...cfg.backupRegistrar, transport: ENUMS["backupRegistrar.transport"].values[u] as Transport }; break;
      case Tag.LocalPort: cfg.localPort = u; break;
      case Tag.RegisterExpiry: cfg.registerExpiry = u; break;
      case Tag.KeepaliveInterval: cfg.keepaliveInterval = u; break;
      case Tag.KeepaliveFailures: cfg.keepaliveFailures = u; break;
      case Tag.ConfirmKey: cfg.codeEntry.confirmKey = valueOf("codeEntry.confirmKey", u); break;
      case Tag.InterDigitMs: cfg.codeEntry.interDigitTimeoutMs = u; break;
      case Tag.KeypadInterDigitMs: cfg.codeEntry.keypadInterDigitTimeoutMs = u; break;
      case Tag.LockoutTries: cfg.lockout.tries = u; break;
      case Tag.LockoutSeconds: cfg.lockout.seconds = u; break;
      case Tag.LockoutCallTries: cfg.lockout.callTries = u; break;
      case Tag.IncomingMode: cfg.incoming.mode = valueOf("incoming.mode", u); break;
      case Tag.RefuseCode: cfg.incoming.refuseCode = valueOf("incoming.refuseCode", u); break;
      case Tag.Dtmf: cfg.dtmf = valueOf("dtmf", u); break;
      case Tag.MaxCallSeconds: cfg.maxCallSeconds = u; break;
      case Tag.MediaRtpPort: cfg.media.rtpPort = u; break;
      case Tag.MediaCodecs: cfg.media.codecs = valueOf("media.codecs", u); break;
      case Tag.MediaJitterMs: cfg.media.jitterMs = u; break;
      case Tag.MediaRtpTimeout: cfg.media.rtpTimeoutSeconds = u; break;
      case Tag.MediaEvents: cfg.media.telephoneEvents = valueOf("media.telephoneEvents", u); break;
      case Tag.SensorEnabled: cfg.doorSensor.enabled = u !== 0; break;
      case Tag.SensorHeldOpen: cfg.doorSensor.heldOpenSeconds = u; break;
      case Tag.PresencePublish: cfg.presence.publish = u !== 0; break;
      case Tag.PresenceExpires: cfg.presence.expires = u; break;
      case Tag.Button: cfg.buttons.push({ mode: "sequential", ringTimeout: dflt("buttons[].ringTimeout"), targets: [] }); break;
      case Tag.ButtonMode: button.mode = valueOf("buttons[].mode", u); break;
      case Tag.ButtonRingTimeout: button.ringTimeout = u; break;
      case Tag.ButtonTarget: button.targets.push(s); break;
      case Tag.Relay: cfg.relays.push({ pulseMs: dflt("relays[].pulseMs"), doorCodes: [], hangupAfterOpenMs: 0 }); break;
      case Tag.RelayPulseMs: relay.pulseMs = u; break;
      case Tag.RelayDoorCode: relay.doorCodes.push(s); break;
      case Tag.RelayHangupMs: relay.hangupAfterOpenMs = u; break;
      case Tag.Access: cfg.accessCodes.push({ code: "", relay: 0 }); break;
      case Tag.AccessCode: access.code = s; break;
      case Tag.AccessRelay: access.relay = u; break;
      case Tag.IncomingDirect: cfg.incoming.direct = u !== 0; break;
      case Tag.IncomingRingSeconds: cfg.incoming.ringSeconds = u; break;
      case Tag.IncomingAnswerKey: cfg.incoming.answerKey = valueOf("incoming.answerKey", u); break;
      case Tag.Allowed: cfg.incoming.allowed.push(s); break;
      case Tag.AllowedSecret: { // write-only: only that it is set comes back
        const last = cfg.incoming.allowed.length - 1;
        cfg.incoming.allowed[last] = { caller: callerOf(cfg.incoming.allowed[last]), secretSet: true };
        break;
      }
      default: throw new BlockError(Refusal.Tag, `tag 0x${tag.toString(16)}: unknown tag`);
    }
  }
  if (cfg.user !== undefined && cfg.authUser === undefined) cfg.authUser = cfg.user;
  cfg.password = undefined;
  return cfg;
}
