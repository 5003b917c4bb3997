// The door station's configuration on the host (docs/config.md): the JSON
// form checked by validateConfig (the same rules as the firmware's
// configLoad, defaults applied), and the binary block the firmware reads,
// written by encodeConfig and read back by decodeConfig (never the password).
// The block's CRC-32 is zlib's (IEEE 802.3, reflected polynomial 0xEDB88320),
// the one the firmware checks (assembly/app/config/crc.ts).
import { isIPv4 } from "node:net";
import { crc32 } from "node:zlib";
import { ipv4Octets, ipv4Text } from "./address.js";

export { crc32 };

export interface Registrar { host: string; port: number }
export interface Button { mode: "sequential" | "parallel"; ringTimeout: number; targets: string[] }
export interface Relay { pulseMs: number; doorCodes: string[]; hangupAfterOpenMs: number }
export interface AccessCode { code: string; relay: number }
/** An allowed caller with its digest secret (write-only: read back only as secretSet). */
export interface AllowedCaller { caller: string; secret?: string; secretSet?: boolean }
/** A call button index, or "none". */
export type AnswerKey = "none" | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
export interface Config {
  user?: string; authUser?: string; password?: string; passwordSet?: boolean; domain?: string; displayName?: string;
  registrar?: Registrar; backupRegistrar?: Registrar;
  localPort: number; registerExpiry: number; keepaliveInterval: number; keepaliveFailures: number;
  buttons: Button[]; relays: Relay[];
  codeEntry: { confirmKey: "#" | "*" | "none"; interDigitTimeoutMs: number };
  accessCodes: AccessCode[]; lockout: { tries: number; seconds: number; callTries: number };
  incoming: {
    mode: "reject" | "auto-answer" | "ring"; allowed: (string | AllowedCaller)[]; refuseCode: 486 | 603;
    /** Direct calls (not through the registrar), digest-authenticated with each caller's secret. */
    direct: boolean; ringSeconds: number; answerKey: AnswerKey;
  };
  dtmf: "application/dtmf-relay" | "application/dtmf"; maxCallSeconds: number;
  doorSensor: { enabled: boolean; heldOpenSeconds: number };
  /** Where alarms go as SIP MESSAGE (RFC 3428); absent: no alarms are sent. */
  alarms?: { uri: string };
  /** Presence published with PUBLISH (RFC 3903): whether, and for how long each publication lasts (s). */
  presence: { publish: boolean; expires: number };
}
export interface ConfigError { path: string; message: string }
export type Validation = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

/** Record tags of the binary block (docs/config.md, "Tags"). */
export const Tag = {
  User: 0x01, AuthUser: 0x02, Password: 0x03, Domain: 0x04, DisplayName: 0x05, AlarmUri: 0x06,
  RegistrarHost: 0x10, RegistrarPort: 0x11, BackupHost: 0x12, BackupPort: 0x13, LocalPort: 0x14,
  RegisterExpiry: 0x15, KeepaliveInterval: 0x16, KeepaliveFailures: 0x17, ConfirmKey: 0x18, InterDigitMs: 0x19,
  LockoutTries: 0x1a, LockoutSeconds: 0x1b, IncomingMode: 0x1c, RefuseCode: 0x1d, Dtmf: 0x1e, MaxCallSeconds: 0x1f,
  SensorEnabled: 0x20, SensorHeldOpen: 0x21, PresencePublish: 0x22, PresenceExpires: 0x23, LockoutCallTries: 0x24,
  IncomingDirect: 0x28, IncomingRingSeconds: 0x29, IncomingAnswerKey: 0x2a,
  Button: 0x40, ButtonMode: 0x41, ButtonRingTimeout: 0x42, ButtonTarget: 0x43,
  Relay: 0x50, RelayPulseMs: 0x51, RelayDoorCode: 0x52, RelayHangupMs: 0x53,
  Access: 0x60, AccessCode: 0x61, AccessRelay: 0x62, Allowed: 0x70, AllowedSecret: 0x71,
} as const;

/** Integer fields: [min, max, default, tag, width]; list paths use "[]" (docs/config.md). */
export const NUMBERS: Record<string, [number, number, number, number, number]> = {
  "registrar.port": [1, 65535, 5060, Tag.RegistrarPort, 2],
  "backupRegistrar.port": [1, 65535, 5060, Tag.BackupPort, 2],
  localPort: [1, 65535, 5060, Tag.LocalPort, 2],
  registerExpiry: [60, 86400, 600, Tag.RegisterExpiry, 4],
  keepaliveInterval: [0, 3600, 30, Tag.KeepaliveInterval, 2],
  keepaliveFailures: [1, 10, 3, Tag.KeepaliveFailures, 1],
  "codeEntry.interDigitTimeoutMs": [500, 64000, 32000, Tag.InterDigitMs, 2], // Timer F: outlasts a lost INFO's retransmissions (docs/config.md)
  "lockout.tries": [1, 20, 3, Tag.LockoutTries, 1],
  "lockout.seconds": [5, 3600, 60, Tag.LockoutSeconds, 2],
  "lockout.callTries": [1, 20, 3, Tag.LockoutCallTries, 1],
  maxCallSeconds: [10, 3600, 120, Tag.MaxCallSeconds, 2],
  "doorSensor.heldOpenSeconds": [5, 3600, 30, Tag.SensorHeldOpen, 2],
  "presence.expires": [60, 86400, 3600, Tag.PresenceExpires, 4],
  "incoming.ringSeconds": [5, 600, 30, Tag.IncomingRingSeconds, 2],
  "buttons[].ringTimeout": [5, 300, 30, Tag.ButtonRingTimeout, 2],
  "relays[].pulseMs": [100, 60000, 3000, Tag.RelayPulseMs, 2],
  "relays[].hangupAfterOpenMs": [0, 60000, 0, Tag.RelayHangupMs, 2],
  "accessCodes[].relay": [0, 3, 0, Tag.AccessRelay, 1],
};

/** Enumerations: the JSON values in the order of their block values (confirmKey: 0x23, 0x2a, 0). */
export const ENUMS: Record<string, readonly (string | number)[]> = {
  "buttons[].mode": ["sequential", "parallel"],
  "codeEntry.confirmKey": ["#", "*", "none"],
  "incoming.mode": ["reject", "auto-answer", "ring"],
  "incoming.refuseCode": [486, 603],
  "incoming.answerKey": ["none", 0, 1, 2, 3, 4, 5, 6, 7],
  dtmf: ["application/dtmf-relay", "application/dtmf"],
};
const CONFIRM_VALUES = [0x23, 0x2a, 0];

/** Every property of the JSON form, by path ("[]" for list items); what validateConfig knows. */
export const PROPERTIES = [
  "user", "authUser", "password", "domain", "displayName",
  "registrar", "registrar.host", "registrar.port", "backupRegistrar", "backupRegistrar.host", "backupRegistrar.port",
  "localPort", "registerExpiry", "keepaliveInterval", "keepaliveFailures",
  "buttons", "buttons[].mode", "buttons[].ringTimeout", "buttons[].targets",
  "relays", "relays[].pulseMs", "relays[].doorCodes", "relays[].hangupAfterOpenMs",
  "codeEntry", "codeEntry.confirmKey", "codeEntry.interDigitTimeoutMs",
  "accessCodes", "accessCodes[].code", "accessCodes[].relay", "lockout", "lockout.tries", "lockout.seconds", "lockout.callTries",
  "incoming", "incoming.mode", "incoming.allowed", "incoming.allowed[].caller", "incoming.allowed[].secret", "incoming.refuseCode",
  "incoming.direct", "incoming.ringSeconds", "incoming.answerKey",
  "dtmf", "maxCallSeconds", "doorSensor", "doorSensor.enabled", "doorSensor.heldOpenSeconds",
  "alarms", "alarms.uri", "presence", "presence.publish", "presence.expires",
];

// ---- Texts: length range in octets and allowed characters (docs/config.md, "Texts") ----
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})*$/;
const URI = /^sips?:[\x21-\x7e]+$/;
const URI_BAD = /[<>"`\\]/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const hostOk = (s: string) => s.split(".").every((l) => l.length <= 63 && LABEL.test(l));
const uriOk = (s: string) => URI.test(s) && !URI_BAD.test(s);
const TEXTS: Record<string, [number, number, (s: string) => boolean, string]> = {
  user: [1, 63, (s) => USER.test(s), "use letters, digits, -_.!~*'()&=+$,;?/ or %HH escapes"],
  authUser: [0, 63, (s) => /^[\x21-\x7e]*$/.test(s) && !/["\\]/.test(s), "use visible ASCII without \" or \\"],
  password: [0, 63, (s) => /^[\x20-\x7e]*$/.test(s), "use printable ASCII"],
  domain: [1, 127, hostOk, "give a host name (letters, digits, - between dots) or an IPv4 address"],
  displayName: [0, 63, (s) => !/[\x00-\x1f\x7f"\\]/.test(s), "use printable characters without \" or \\"],
  "buttons[].targets[]": [1, 127, uriOk, "give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\"],
  "alarms.uri": [1, 127, uriOk, "give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\"],
  "relays[].doorCodes[]": [1, 16, (s) => /^[0-9*]*$/.test(s), "use only 0-9 and *"],
  "accessCodes[].code": [4, 16, (s) => /^[0-9]*$/.test(s), "use only 0-9"],
  "incoming.allowed[]": [1, 127, (s) => (/^sips?:/.test(s) ? uriOk(s) : USER.test(s)), "give a SIP URI (sip:/sips:) or a bare user part"],
  "incoming.allowed[].secret": [1, 63, (s) => /^[\x20-\x7e]*$/.test(s), "use printable ASCII"],
};
const utf8 = (s: string) => Buffer.byteLength(s, "utf8");
/** The caller (SIP URI or bare user part) of an incoming.allowed entry. */
export const callerOf = (a: string | AllowedCaller) => (typeof a === "string" ? a : a.caller);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Edit distance (Levenshtein) of two short names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The message for an unknown field `key` in the object at `prefix`: the nearest known field there, when one is near. */
function unknownField(key: string, prefix: string): string {
  const siblings = PROPERTIES.filter((p) => (prefix ? p.startsWith(`${prefix}.`) : true)).map((p) => p.slice(prefix ? prefix.length + 1 : 0)).filter((p) => !p.includes("."));
  let best = "", d = Infinity;
  for (const s of siblings) {
    const e = distance(key, s);
    if (e < d) [best, d] = [s, e];
  }
  return d <= Math.max(2, Math.floor(key.length / 3)) ? `unknown field; did you mean "${best}"?` : "unknown field; remove it";
}

/** Checks the JSON form against every rule of docs/config.md; on success the config with defaults applied. */
export function validateConfig(json: unknown): Validation {
  const errors: ConfigError[] = [];
  const err = (path: string, message: string) => { errors.push({ path, message: `${path}: ${message}` }); };
  const obj = (v: unknown, path: string): Obj => {
    if (v === undefined) return {};
    if (isObj(v)) {
      const prefix = path.replace(/\[\d+\]/g, "[]");
      for (const k of Object.keys(v)) {
        if (!PROPERTIES.includes(prefix ? `${prefix}.${k}` : k)) err(path ? `${path}.${k}` : k, unknownField(k, prefix));
      }
      return v;
    }
    err(path || "(config)", "must be an object");
    return {};
  };
  const int = (v: unknown, path: string): number => {
    const [min, max, dflt] = NUMBERS[path.replace(/\[\d+\]/g, "[]")];
    if (v === undefined) return dflt;
    if (typeof v !== "number" || !Number.isInteger(v)) { err(path, `must be an integer ${min}..${max}`); return dflt; }
    if (v < min || v > max) err(path, `out of range ${min}..${max}, got ${v}`);
    else if (path === "keepaliveInterval" && v > 0 && v < 5) err(path, `must be 0 (off) or 5..3600, got ${v}`);
    return v;
  };
  const text = (v: unknown, path: string, key: string, required = false): string | undefined => {
    if (v === undefined) { if (required) err(path, "missing"); return undefined; }
    const [min, max, ok, fix] = TEXTS[key];
    if (typeof v !== "string") { err(path, "must be a string"); return undefined; }
    if (utf8(v) < min || utf8(v) > max) err(path, `length must be ${min}..${max}, got ${utf8(v)}`);
    else if (!ok(v)) err(path, `bad character; ${fix}`);
    return v;
  };
  const oneOf = <T>(v: unknown, path: string, key: string, dflt?: T): T => {
    const values = ENUMS[key];
    if (v === undefined && dflt !== undefined) return dflt;
    if (!values.includes(v as string | number)) err(path, `must be ${values.map((x) => JSON.stringify(x)).join(" or ")}`);
    return v as T;
  };
  const list = (v: unknown, path: string, max: number, min = 0): unknown[] => {
    if (v === undefined && min === 0) return [];
    if (!Array.isArray(v)) { err(path, min > 0 ? `missing; give ${min} to ${max} entries` : "must be a list"); return []; }
    if (v.length > max) err(path, `more than ${max}; remove some`);
    else if (v.length < min) err(path, `none; give ${min} to ${max} entries`);
    return v.slice(0, max);
  };
  const unique = (items: (string | undefined)[], path: (i: number) => string, what: string) =>
    items.forEach((s, i) => { if (s !== undefined && items.indexOf(s) < i) err(path(i), `duplicate; ${what} must differ`); });
  const registrar = (v: unknown, path: string): Registrar | undefined => {
    if (v === undefined) return undefined;
    const r = obj(v, path);
    if (r.host === undefined) err(`${path}.host`, "missing; give the registrar's IPv4 address a.b.c.d");
    else if (typeof r.host !== "string" || !isIPv4(r.host) || r.host === "0.0.0.0") err(`${path}.host`, "must be an IPv4 address a.b.c.d other than 0.0.0.0");
    return { host: r.host as string, port: int(r.port, `${path}.port`) };
  };

  const j = obj(json, "");
  if (!isObj(json)) return { ok: false, errors };
  const user = text(j.user, "user", "user");
  const domain = text(j.domain, "domain", "domain");
  if (user !== undefined && domain === undefined) err("domain", "missing; give the SIP domain of user");
  if (domain !== undefined && user === undefined) err("user", "missing; give the SIP user of domain");
  const authUser = text(j.authUser, "authUser", "authUser") || user;
  const password = text(j.password, "password", "password");
  const displayName = text(j.displayName, "displayName", "displayName");
  const reg = registrar(j.registrar, "registrar");
  const backup = registrar(j.backupRegistrar, "backupRegistrar");
  if (backup && !reg) err("registrar", "missing; backupRegistrar needs a registrar");
  if (reg && user === undefined && domain === undefined) err("user", "missing; registrar needs an identity (user and domain)");

  const buttons = list(j.buttons, "buttons", 8).map((b, i): Button => {
    const p = `buttons[${i}]`, o = obj(b, p);
    const targets = list(o.targets, `${p}.targets`, 4, 1).map((t, k) => text(t, `${p}.targets[${k}]`, "buttons[].targets[]", true) as string);
    unique(targets, (k) => `${p}.targets[${k}]`, "targets of a button");
    return { mode: oneOf(o.mode, `${p}.mode`, "buttons[].mode"), ringTimeout: int(o.ringTimeout, `${p}.ringTimeout`), targets };
  });
  const relays = list(j.relays, "relays", 4).map((r, i): Relay => {
    const p = `relays[${i}]`, o = obj(r, p);
    const doorCodes = list(o.doorCodes, `${p}.doorCodes`, 4).map((c, k) => text(c, `${p}.doorCodes[${k}]`, "relays[].doorCodes[]", true) as string);
    return { pulseMs: int(o.pulseMs, `${p}.pulseMs`), doorCodes, hangupAfterOpenMs: int(o.hangupAfterOpenMs, `${p}.hangupAfterOpenMs`) };
  });
  const allCodes = relays.flatMap((r, i) => r.doorCodes.map((c, k) => ({ c, path: `relays[${i}].doorCodes[${k}]` })));
  unique(allCodes.map((x) => x.c), (k) => allCodes[k].path, "door codes");
  const ce = obj(j.codeEntry, "codeEntry");
  const codeEntry = { confirmKey: oneOf<Config["codeEntry"]["confirmKey"]>(ce.confirmKey, "codeEntry.confirmKey", "codeEntry.confirmKey", "#"),
    interDigitTimeoutMs: int(ce.interDigitTimeoutMs, "codeEntry.interDigitTimeoutMs") };
  if (codeEntry.confirmKey === "*") {
    for (const x of allCodes) if (typeof x.c === "string" && x.c.includes("*")) err(x.path, "contains the confirm key *; remove it or change codeEntry.confirmKey");
  }
  const accessCodes = list(j.accessCodes, "accessCodes", 8).map((a, i): AccessCode => {
    const p = `accessCodes[${i}]`, o = obj(a, p);
    const code = text(o.code, `${p}.code`, "accessCodes[].code", true) as string;
    if (o.relay === undefined) err(`${p}.relay`, "missing; give the index of a relay");
    const relay = int(o.relay, `${p}.relay`);
    if (o.relay !== undefined && relay >= 0 && relay <= 3 && relay >= relays.length) err(`${p}.relay`, `relay ${relay} does not exist; define relays[${relay}] or name an existing relay`);
    return { code, relay };
  });
  unique(accessCodes.map((a) => a.code), (i) => `accessCodes[${i}].code`, "access codes");
  const lo = obj(j.lockout, "lockout");
  const inc = obj(j.incoming, "incoming");
  const allowed = list(inc.allowed, "incoming.allowed", 8).map((a, i): string | AllowedCaller => {
    if (typeof a === "string" || a === undefined) return text(a, `incoming.allowed[${i}]`, "incoming.allowed[]", true) as string;
    const p = `incoming.allowed[${i}]`, o = obj(a, p);
    const caller = text(o.caller, `${p}.caller`, "incoming.allowed[]", true) as string;
    const secret = text(o.secret, `${p}.secret`, "incoming.allowed[].secret");
    return secret === undefined ? { caller } : { caller, secret };
  });
  unique(allowed.map(callerOf), (i) => `incoming.allowed[${i}]`, "allowed callers");
  if (inc.direct !== undefined && typeof inc.direct !== "boolean") err("incoming.direct", "must be true or false");
  const ds = obj(j.doorSensor, "doorSensor");
  if (ds.enabled !== undefined && typeof ds.enabled !== "boolean") err("doorSensor.enabled", "must be true or false");
  const al = obj(j.alarms, "alarms");
  const alarmUri = text(al.uri, "alarms.uri", "alarms.uri", j.alarms !== undefined);
  if (alarmUri !== undefined && !reg) err("registrar", "missing; alarms.uri needs a registrar (alarms go through it)");
  const pr = obj(j.presence, "presence");
  if (pr.publish !== undefined && typeof pr.publish !== "boolean") err("presence.publish", "must be true or false");
  if (pr.publish === true && !reg) err("registrar", "missing; presence.publish needs a registrar (PUBLISH goes through it)");
  const config: Config = {
    user, authUser, password, passwordSet: password !== undefined && password.length > 0, domain, displayName,
    registrar: reg, backupRegistrar: backup,
    localPort: int(j.localPort, "localPort"), registerExpiry: int(j.registerExpiry, "registerExpiry"),
    keepaliveInterval: int(j.keepaliveInterval, "keepaliveInterval"), keepaliveFailures: int(j.keepaliveFailures, "keepaliveFailures"),
    buttons, relays, codeEntry, accessCodes,
    lockout: { tries: int(lo.tries, "lockout.tries"), seconds: int(lo.seconds, "lockout.seconds"), callTries: int(lo.callTries, "lockout.callTries") },
    incoming: {
      mode: oneOf(inc.mode, "incoming.mode", "incoming.mode", "reject"), allowed, refuseCode: oneOf(inc.refuseCode, "incoming.refuseCode", "incoming.refuseCode", 603),
      direct: inc.direct === true, ringSeconds: int(inc.ringSeconds, "incoming.ringSeconds"),
      answerKey: oneOf<AnswerKey>(inc.answerKey, "incoming.answerKey", "incoming.answerKey", "none"),
    },
    dtmf: oneOf(j.dtmf, "dtmf", "dtmf", "application/dtmf-relay"), maxCallSeconds: int(j.maxCallSeconds, "maxCallSeconds"),
    doorSensor: { enabled: ds.enabled === true, heldOpenSeconds: int(ds.heldOpenSeconds, "doorSensor.heldOpenSeconds") },
    alarms: alarmUri !== undefined ? { uri: alarmUri } : undefined,
    presence: { publish: pr.publish === true, expires: int(pr.expires, "presence.expires") },
  };
  if (errors.length === 0 && encodedLength(config) > 4096) err("(config)", "the block would be longer than 4096 octets; shorten texts or lists");
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

// ---- The binary block ----

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
  const ip = (tag: number, r: Registrar | undefined, portTag: number, field: string) => {
    if (!r) return;
    rec(tag, ipv4Octets(r.host, `${field}.host`));
    num(portTag, 2, r.port);
  };
  ip(Tag.RegistrarHost, c.registrar, Tag.RegistrarPort, "registrar");
  ip(Tag.BackupHost, c.backupRegistrar, Tag.BackupPort, "backupRegistrar");
  const n = (path: string, v: number) => num(NUMBERS[path][3], NUMBERS[path][4], v);
  n("localPort", c.localPort); n("registerExpiry", c.registerExpiry);
  n("keepaliveInterval", c.keepaliveInterval); n("keepaliveFailures", c.keepaliveFailures);
  num(Tag.ConfirmKey, 1, CONFIRM_VALUES[ENUMS["codeEntry.confirmKey"].indexOf(c.codeEntry.confirmKey)]);
  n("codeEntry.interDigitTimeoutMs", c.codeEntry.interDigitTimeoutMs);
  n("lockout.tries", c.lockout.tries); n("lockout.seconds", c.lockout.seconds);
  if (c.lockout.callTries !== NUMBERS["lockout.callTries"][2]) n("lockout.callTries", c.lockout.callTries); // absent: the firmware's default
  num(Tag.IncomingMode, 1, ENUMS["incoming.mode"].indexOf(c.incoming.mode));
  num(Tag.RefuseCode, 2, c.incoming.refuseCode);
  num(Tag.Dtmf, 1, ENUMS.dtmf.indexOf(c.dtmf));
  n("maxCallSeconds", c.maxCallSeconds);
  num(Tag.SensorEnabled, 1, c.doorSensor.enabled ? 1 : 0);
  n("doorSensor.heldOpenSeconds", c.doorSensor.heldOpenSeconds);
  if (c.presence.publish || c.presence.expires !== NUMBERS["presence.expires"][2]) {
    num(Tag.PresencePublish, 1, c.presence.publish ? 1 : 0);
    n("presence.expires", c.presence.expires);
  }
  for (const b of c.buttons) {
    rec(Tag.Button, []);
    num(Tag.ButtonMode, 1, ENUMS["buttons[].mode"].indexOf(b.mode));
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
  if (c.incoming.answerKey !== "none") num(Tag.IncomingAnswerKey, 1, ENUMS["incoming.answerKey"].indexOf(c.incoming.answerKey));
  for (const a of c.incoming.allowed) {
    str(Tag.Allowed, callerOf(a));
    if (typeof a !== "string") str(Tag.AllowedSecret, a.secret);
  }
  return out;
}

const encodedLength = (c: Config) => 14 + records(c).length;

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

/** Reads a block back (throws on a damaged one). The password is write-only: only `passwordSet` is returned. */
export function decodeConfig(block: Uint8Array): Config {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (block.length < 14 || view.getUint32(0, true) !== 0x31434944) throw new Error("header: bad magic; a configuration block starts with DIC1");
  if (view.getUint16(4, true) !== 1) throw new Error(`header: version ${view.getUint16(4, true)} unknown`);
  const len = view.getUint32(6, true);
  if (14 + len > block.length) throw new Error("header: body length runs past the buffer");
  const body = block.subarray(14, 14 + len);
  if (crc32(body) !== view.getUint32(10, true)) throw new Error("body: CRC-32 mismatch");
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
      case Tag.RegistrarHost: cfg.registrar = { host: ipv4Text(v), port: cfg.registrar?.port ?? 5060 }; break;
      case Tag.RegistrarPort: cfg.registrar = { host: cfg.registrar?.host ?? "", port: u }; break;
      case Tag.BackupHost: cfg.backupRegistrar = { host: ipv4Text(v), port: cfg.backupRegistrar?.port ?? 5060 }; break;
      case Tag.BackupPort: cfg.backupRegistrar = { host: cfg.backupRegistrar?.host ?? "", port: u }; break;
      case Tag.LocalPort: cfg.localPort = u; break;
      case Tag.RegisterExpiry: cfg.registerExpiry = u; break;
      case Tag.KeepaliveInterval: cfg.keepaliveInterval = u; break;
      case Tag.KeepaliveFailures: cfg.keepaliveFailures = u; break;
      case Tag.ConfirmKey: cfg.codeEntry.confirmKey = ENUMS["codeEntry.confirmKey"][CONFIRM_VALUES.indexOf(u)] as Config["codeEntry"]["confirmKey"]; break;
      case Tag.InterDigitMs: cfg.codeEntry.interDigitTimeoutMs = u; break;
      case Tag.LockoutTries: cfg.lockout.tries = u; break;
      case Tag.LockoutSeconds: cfg.lockout.seconds = u; break;
      case Tag.LockoutCallTries: cfg.lockout.callTries = u; break;
      case Tag.IncomingMode: cfg.incoming.mode = ENUMS["incoming.mode"][u] as Config["incoming"]["mode"]; break;
      case Tag.RefuseCode: cfg.incoming.refuseCode = u as 486 | 603; break;
      case Tag.Dtmf: cfg.dtmf = ENUMS.dtmf[u] as Config["dtmf"]; break;
      case Tag.MaxCallSeconds: cfg.maxCallSeconds = u; break;
      case Tag.SensorEnabled: cfg.doorSensor.enabled = u !== 0; break;
      case Tag.SensorHeldOpen: cfg.doorSensor.heldOpenSeconds = u; break;
      case Tag.PresencePublish: cfg.presence.publish = u !== 0; break;
      case Tag.PresenceExpires: cfg.presence.expires = u; break;
      case Tag.Button: cfg.buttons.push({ mode: "sequential", ringTimeout: dflt("buttons[].ringTimeout"), targets: [] }); break;
      case Tag.ButtonMode: button.mode = ENUMS["buttons[].mode"][u] as Button["mode"]; break;
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
      case Tag.IncomingAnswerKey: cfg.incoming.answerKey = ENUMS["incoming.answerKey"][u] as AnswerKey; break;
      case Tag.Allowed: cfg.incoming.allowed.push(s); break;
      case Tag.AllowedSecret: { // write-only: only that it is set comes back
        const last = cfg.incoming.allowed.length - 1;
        cfg.incoming.allowed[last] = { caller: callerOf(cfg.incoming.allowed[last]), secretSet: true };
        break;
      }
      default: throw new Error(`tag 0x${tag.toString(16)}: unknown tag`);
    }
  }
  if (cfg.user !== undefined && cfg.authUser === undefined) cfg.authUser = cfg.user;
  cfg.password = undefined;
  return cfg;
}
