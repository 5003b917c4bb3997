// The door station's configuration on the host (docs/config.md): the JSON
// form checked by validateConfig (the same rules as the firmware's
// configLoad, defaults applied). The schema, host/config.schema.json, is
// checked by ajv (host/config-schema-errors.ts); this file adds what it
// cannot say: texts in octets and their characters, incoming.allowed's
// entries, and the rules across fields. The binary block the firmware reads
// is host/config-binary.ts's (encodeConfig, decodeConfig), re-exported here.
import { NUMBERS, ENUMS, LENGTHS, PROPERTIES, Tag, Refusal, CHARSET_OF, CHARSET_RULES, CHARSETS } from "./config-table.js";
import { schemaErrors, unknownField, type ConfigError } from "./config-schema-errors.js";
import { encodedLength } from "./config-binary.js";

export { encodeConfig, decodeConfig, crc32, BlockError } from "./config-binary.js";
export { Tag, NUMBERS, ENUMS, PROPERTIES, Refusal, type ConfigError };

/** registrar.transport (docs/transports.md): absent means udp. */
export type Transport = "udp" | "tcp" | "tls";
/** A registrar: an IP address or a DNS name; the port when given (a name without one is located through NAPTR and SRV, an address uses 5060). */
export interface Registrar { host: string; port?: number; transport?: Transport }
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
  /** TLS to the registrar: the path, on the board, of the PEM file of CAs its certificate must chain to (RFC 3261 §26.2); absent: the board's default. */
  tls?: { ca: string };
  localPort: number; registerExpiry: number; keepaliveInterval: number; keepaliveFailures: number;
  buttons: Button[]; relays: Relay[];
  codeEntry: { confirmKey: "#" | "*" | "none"; interDigitTimeoutMs: number; keypadInterDigitTimeoutMs: number };
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
  /** The call's audio: RTP port (0: any), G.711 codecs in preference order, jitter buffer, RTP timeout (0: off), RFC 4733 DTMF. */
  media: {
    rtpPort: number; codecs: "PCMU PCMA" | "PCMA PCMU" | "PCMU" | "PCMA"; jitterMs: number; rtpTimeoutSeconds: number;
    telephoneEvents: "off" | "receive" | "send and receive";
  };
}
export type Validation = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

// ---- Texts: the characters allowed (docs/config.md, "Texts"); lengths in octets from the schema ----
// What each set admits is declared once, in the schema's x-charsets: its octet class and structure are generated
// (CHARSETS, as the firmware's octetIn and charsetShape); the structure rules are here, once, as the firmware's
// are in assembly/app/config/charset.ts. A text is checked as its UTF-8 octets, read as latin1 characters.
type OctetCheck = (octets: string) => boolean;
const matches = (source: string): OctetCheck => { const re = new RegExp(source); return (t) => re.test(t); };
function structureCheck(set: string): OctetCheck {
  const { structure, octets: c, of } = CHARSETS[set];
  switch (structure) {
    case "class": return matches(`^${c}*$`);
    case "escapes": return matches(`^(?:${c}|%[0-9A-Fa-f]{2})*$`); // RFC 3261 §25.1: escaped = "%" HEXDIG HEXDIG
    case "labels": { // RFC 3261 §25.1 hostname: "-" at neither end of a label; RFC 1035 §2.3.4: labels of 1..63
      const label = matches(`^(?!-)${c}{1,63}(?<!-)$`);
      return (t) => t.split(".").every(label);
    }
    case "sip-uri": return matches(`^sips?:${c}+$`); // RFC 3261 §19.1.1, lower case as the firmware reads it
    case "either": { const alts = of.map(structureCheck); return (t) => alts.some((a) => a(t)); }
  }
}
const OCTET_CHECKS: Record<string, OctetCheck> = Object.fromEntries(Object.keys(CHARSETS).map((set) => [set, structureCheck(set)]));
/** Whether charset `set` (by its name in x-charsets) admits these octets: what the firmware's charsetOk answers. */
export const charsetAdmits = (set: string, octets: Uint8Array) => OCTET_CHECKS[set](Buffer.from(octets).toString("latin1"));
/** Whether every character of a text is in the set, by the set's name in x-charsets. */
export const CHARSET_CHECKS: Record<string, (s: string) => boolean> = Object.fromEntries(
  Object.keys(CHARSETS).map((set) => [set, (s: string) => charsetAdmits(set, Buffer.from(s, "utf8"))]));
const utf8 = (s: string) => Buffer.byteLength(s, "utf8");
/** The caller (SIP URI or bare user part) of an incoming.allowed entry. */
export const callerOf = (a: string | AllowedCaller) => (typeof a === "string" ? a : a.caller);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Checks the JSON form against every rule of docs/config.md; on success the config with defaults applied. */
export function validateConfig(json: unknown): Validation {
  const errors: ConfigError[] = schemaErrors(json);
  const err = (path: string, message: string) => { errors.push({ path, message: `${path}: ${message}` }); };
  if (!isObj(json)) return { ok: false, errors };
  /** A text's length in octets and its characters (its type and presence are the schema's). */
  const text = (v: unknown, path: string, key: string): string | undefined => {
    if (typeof v !== "string") return undefined;
    const [min, max] = LENGTHS[key], set = CHARSET_OF[key];
    if (utf8(v) < min || utf8(v) > max) err(path, `length must be ${min}..${max}, got ${utf8(v)}`);
    else if (!CHARSET_CHECKS[set](v)) err(path, `bad character; ${CHARSET_RULES[set]}`);
    return v;
  };
  const int = (v: unknown, path: string) => (Number.isInteger(v) ? v as number : NUMBERS[path.replace(/\[\d+\]/g, "[]")][2]);
  const choice = <T>(v: unknown, path: string, dflt: T): T => (ENUMS[path].values.includes(v as string | number) ? v as T : dflt);
  const unique = (items: (string | undefined)[], path: (i: number) => string, what: string) =>
    items.forEach((s, i) => { if (s !== undefined && items.indexOf(s) < i) err(path(i), `duplicate; ${what} must differ`); });
  const registrar = (v: unknown, path: string): Registrar | undefined => {
    if (!isObj(v)) return undefined;
    const transport = choice<Transport>(v.transport, `${path}.transport`, "udp");
    return { host: v.host as string, port: Number.isInteger(v.port) ? v.port as number : undefined, ...(transport !== "udp" ? { transport } : {}) };
  };

  const j = json;
  const user = text(j.user, "user", "user");
  const domain = text(j.domain, "domain", "domain");
  if (user !== undefined && domain === undefined) err("domain", "missing; give the SIP domain of user");
  if (domain !== undefined && user === undefined) err("user", "missing; give the SIP user of domain");
  const authUser = text(j.authUser, "authUser", "authUser") || user;
  const password = text(j.password, "password", "password");
  const displayName = text(j.displayName, "displayName", "displayName");
  const reg = registrar(j.registrar, "registrar"), backup = registrar(j.backupRegistrar, "backupRegistrar");
  if (backup && !reg) err("registrar", "missing; backupRegistrar needs a registrar");
  if (reg && user === undefined && domain === undefined) err("user", "missing; registrar needs an identity (user and domain)");

  const buttons = asList(j.buttons).slice(0, 8).map((b, i): Button => {
    const p = `buttons[${i}]`, o = asObj(b);
    const targets = asList(o.targets).slice(0, 4).map((t, k) => text(t, `${p}.targets[${k}]`, "buttons[].targets") as string);
    return { mode: choice(o.mode, "buttons[].mode", "sequential"), ringTimeout: int(o.ringTimeout, "buttons[].ringTimeout"), targets };
  });
  const relays = asList(j.relays).slice(0, 4).map((r, i): Relay => {
    const p = `relays[${i}]`, o = asObj(r);
    const doorCodes = asList(o.doorCodes).slice(0, 4).map((c, k) => text(c, `${p}.doorCodes[${k}]`, "relays[].doorCodes") as string);
    return { pulseMs: int(o.pulseMs, "relays[].pulseMs"), doorCodes, hangupAfterOpenMs: int(o.hangupAfterOpenMs, "relays[].hangupAfterOpenMs") };
  });
  const allCodes = relays.flatMap((r, i) => r.doorCodes.map((c, k) => ({ c, path: `relays[${i}].doorCodes[${k}]` })));
  unique(allCodes.map((x) => x.c), (k) => allCodes[k].path, "door codes");
  const ce = asObj(j.codeEntry);
  const codeEntry = { confirmKey: choice<Config["codeEntry"]["confirmKey"]>(ce.confirmKey, "codeEntry.confirmKey", "#"),
    interDigitTimeoutMs: int(ce.interDigitTimeoutMs, "codeEntry.interDigitTimeoutMs"),
    keypadInterDigitTimeoutMs: int(ce.keypadInterDigitTimeoutMs, "codeEntry.keypadInterDigitTimeoutMs") };
  if (codeEntry.confirmKey === "*") {
    for (const x of allCodes) if (typeof x.c === "string" && x.c.includes("*")) err(x.path, "contains the confirm key *; remove it or change codeEntry.confirmKey");
  }
  const accessCodes = asList(j.accessCodes).slice(0, 8).map((a, i): AccessCode => {
    const p = `accessCodes[${i}]`, o = asObj(a);
    const code = text(o.code, `${p}.code`, "accessCodes[].code") as string;
    const relay = int(o.relay, "accessCodes[].relay");
    if (Number.isInteger(o.relay) && relay >= 0 && relay <= 3 && relay >= relays.length) err(`${p}.relay`, `relay ${relay} does not exist; define relays[${relay}] or name an existing relay`);
    return { code, relay };
  });
  unique(accessCodes.map((a) => a.code), (i) => `accessCodes[${i}].code`, "access codes");
  const lo = asObj(j.lockout), inc = asObj(j.incoming), ds = asObj(j.doorSensor), pr = asObj(j.presence), me = asObj(j.media);
  const allowed = asList(inc.allowed).slice(0, 8).map((a, i) => allowedEntry(a, `incoming.allowed[${i}]`, text, err));
  unique(allowed.map((a) => (a === undefined ? undefined : callerOf(a))), (i) => `incoming.allowed[${i}]`, "allowed callers");
  const alarmUri = text(asObj(j.alarms).uri, "alarms.uri", "alarms.uri");
  const tlsCa = text(asObj(j.tls).ca, "tls.ca", "tls.ca");
  if (alarmUri !== undefined && !reg) err("registrar", "missing; alarms.uri needs a registrar (alarms go through it)");
  if (pr.publish === true && !reg) err("registrar", "missing; presence.publish needs a registrar (PUBLISH goes through it)");
  const config: Config = {
    user, authUser, password, passwordSet: password !== undefined && password.length > 0, domain, displayName,
    registrar: reg, backupRegistrar: backup, tls: tlsCa !== undefined ? { ca: tlsCa } : undefined,
    localPort: int(j.localPort, "localPort"), registerExpiry: int(j.registerExpiry, "registerExpiry"),
    keepaliveInterval: int(j.keepaliveInterval, "keepaliveInterval"), keepaliveFailures: int(j.keepaliveFailures, "keepaliveFailures"),
    buttons, relays, codeEntry, accessCodes,
    lockout: { tries: int(lo.tries, "lockout.tries"), seconds: int(lo.seconds, "lockout.seconds"), callTries: int(lo.callTries, "lockout.callTries") },
    incoming: {
      mode: choice(inc.mode, "incoming.mode", "reject"), allowed: allowed as (string | AllowedCaller)[], refuseCode: choice(inc.refuseCode, "incoming.refuseCode", 603),
      direct: inc.direct === true, ringSeconds: int(inc.ringSeconds, "incoming.ringSeconds"),
      answerKey: choice<AnswerKey>(inc.answerKey, "incoming.answerKey", "none"),
    },
    dtmf: choice(j.dtmf, "dtmf", "application/dtmf-relay"), maxCallSeconds: int(j.maxCallSeconds, "maxCallSeconds"),
    doorSensor: { enabled: ds.enabled === true, heldOpenSeconds: int(ds.heldOpenSeconds, "doorSensor.heldOpenSeconds") },
    alarms: alarmUri !== undefined ? { uri: alarmUri } : undefined,
    presence: { publish: pr.publish === true, expires: int(pr.expires, "presence.expires") },
    media: {
      rtpPort: int(me.rtpPort, "media.rtpPort"), codecs: choice(me.codecs, "media.codecs", "PCMU PCMA"), jitterMs: int(me.jitterMs, "media.jitterMs"),
      rtpTimeoutSeconds: int(me.rtpTimeoutSeconds, "media.rtpTimeoutSeconds"), telephoneEvents: choice(me.telephoneEvents, "media.telephoneEvents", "receive"),
    },
  };
  if (errors.length === 0 && encodedLength(config) > 4096) err("(config)", "the block would be longer than 4096 octets; shorten texts or lists");
  // a duplicate in incoming.allowed is said by the schema (uniqueItems) and by the caller check: once is enough
  const once = errors.filter((e, i) => errors.findIndex((x) => x.message === e.message) === i);
  return once.length ? { ok: false, errors: once } : { ok: true, config };
}

/**
 * One incoming.allowed entry, checked here whole: a caller as a string, or { caller, secret } (ajv's oneOf would
 * report the failures of both alternatives, so its errors under the entries are left out).
 */
function allowedEntry(a: unknown, p: string, text: (v: unknown, path: string, key: string) => string | undefined,
  err: (path: string, message: string) => void): string | AllowedCaller | undefined {
  if (typeof a === "string") return text(a, p, "incoming.allowed");
  if (!isObj(a)) { err(p, "must be a SIP URI, a bare user part, or { caller, secret }"); return undefined; }
  for (const k of Object.keys(a)) if (k !== "caller" && k !== "secret") err(`${p}.${k}`, unknownField(k, "incoming.allowed[]"));
  if (a.caller === undefined) err(`${p}.caller`, "missing");
  else if (typeof a.caller !== "string") err(`${p}.caller`, "must be a string");
  if (a.secret !== undefined && typeof a.secret !== "string") err(`${p}.secret`, "must be a string");
  const caller = text(a.caller, `${p}.caller`, "incoming.allowed") as string;
  const secret = text(a.secret, `${p}.secret`, "incoming.allowed[].secret");
  return secret === undefined ? { caller } : { caller, secret };
}
