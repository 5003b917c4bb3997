// The JSON form checked against host/config.schema.json by ajv (draft
// 2020-12, every error), and each of ajv's errors (instancePath, keyword,
// params) said as the project's configuration messages: the field's path,
// what is wrong, and the fix ("relays[1].pulseMs: out of range 100..60000,
// got 50"). What the schema cannot say is checked by host/config.ts: a text's
// length in octets (JSON Schema counts characters) and its characters, the
// entries of incoming.allowed (a string or an object: ajv's oneOf would report
// both alternatives), and the rules across fields.
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import { isIPv4 } from "node:net";
import { ipv6Literal } from "./address.js";
import { configSchema } from "./config-schema.js";
import { PROPERTIES } from "./config-table.js";
import type { Node } from "./tools/config-table.js";

export interface ConfigError { path: string; message: string }

let check: ValidateFunction | undefined;

/**
 * The schema's validator, made on first use: loading ajv and compiling the schema take about a third of a
 * second, which a command that checks no configuration (monitor, status) should not wait for.
 */
/** A registrar's literal address: IPv4 outside 0.0.0.0/8 (RFC 1122 §3.2.1.3), or IPv6 with or without brackets other than :: (RFC 4291 §2.5.2). */
export function ipLiteral(s: string): boolean {
  if (isIPv4(s)) return !s.startsWith("0.");
  const v6 = ipv6Literal(s);
  return v6 !== null && !/^[0:]+$/.test(v6);
}

function validator(): ValidateFunction {
  if (check) return check;
  const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strictTypes: false, strictTuples: false });
  ajv.addKeyword({ keyword: "x-block" }); // the field's record in the binary block (host/tools/config-table.ts)
  ajv.addKeyword({ keyword: "x-missing" }); // the fix quoted when a required field is absent
  ajv.addKeyword({ keyword: "x-unique" }); // what must differ, quoted for a duplicate list entry
  ajv.addKeyword({ keyword: "x-errors" }); // the firmware's refusal codes (host/tools/config-names.ts)
  ajv.addKeyword({ keyword: "x-charsets" }); // the texts' character sets and the fix each quotes
  ajv.addKeyword({ keyword: "x-block-name" }); // a host's text record when it is a DNS name
  ajv.addFormat("ipv4", (s: string) => isIPv4(s) && s !== "0.0.0.0");
  // A registrar: IPv4 outside 0.0.0.0/8 (RFC 1122 §3.2.1.3), or IPv6 with or without brackets other than :: (RFC 4291 §2.5.2).
  ajv.addFormat("ip-literal", ipLiteral);
  // A registrar's host: an IP literal as above, or a DNS name: labels of letters, digits and inner hyphens (RFC 1035 §2.3.1), not all digits.
  ajv.addFormat("host", (s: string) => ipLiteral(s) || /^(?=.*[A-Za-z])([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(s));
  check = ajv.compile(configSchema);
  return check;
}

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

/** The message for an unknown field `key` in the object at `prefix` ("[]" for list items): the nearest known field there, when one is near. */
export function unknownField(key: string, prefix: string): string {
  const siblings = PROPERTIES.filter((p) => (prefix ? p.startsWith(`${prefix}.`) : true)).map((p) => p.slice(prefix ? prefix.length + 1 : 0)).filter((p) => !p.includes("."));
  let best = "", d = Infinity;
  for (const s of siblings) {
    const e = distance(key, s);
    if (e < d) [best, d] = [s, e];
  }
  return d <= Math.max(2, Math.floor(key.length / 3)) ? `unknown field; did you mean "${best}"?` : "unknown field; remove it";
}

/** "/relays/1/pulseMs" -> "relays[1].pulseMs". */
const pathOf = (pointer: string) => pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
  .reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : p ? `${p}.${s}` : s), "");
const join = (at: string, key: string) => (at ? `${at}.${key}` : key);
const oneOfValues = (s: Node) => `must be ${s.enum!.map((v) => JSON.stringify(v)).join(" or ")}`;
const TYPES: Record<string, string> = { string: "must be a string", boolean: "must be true or false", array: "must be a list", object: "must be an object" };

function typeMessage(s: Node): string {
  return s.type === "integer" ? `must be an integer ${s.minimum}..${s.maximum}` : TYPES[s.type ?? ""] ?? `must be ${s.type}`;
}

/** What a required field that is absent is told: how many entries a list takes, the values of a choice, or x-missing. */
function missing(s: Node & { "x-missing"?: string }): string {
  if (s.type === "array") return `missing; give ${s.minItems} to ${s.maxItems} entries`;
  if (s.enum) return oneOfValues(s);
  return s["x-missing"] ? `missing; ${s["x-missing"]}` : "missing";
}

/** One of ajv's errors as the project's message; undefined for those host/config.ts says itself (see the top). */
export function configMessage(e: ErrorObject): ConfigError | undefined {
  const at = pathOf(e.instancePath), s = e.parentSchema as Node & { "x-unique"?: string };
  if (/\/allowed\/items\//.test(e.schemaPath) || /\/anyOf\/\d/.test(e.schemaPath)) return undefined;
  const said = (path: string, message: string) => ({ path: path || "(config)", message: `${path || "(config)"}: ${message}` });
  switch (e.keyword) {
    case "additionalProperties": {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return said(join(at, key), unknownField(key, at.replace(/\[\d+\]/g, "[]")));
    }
    case "required": {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return said(join(at, key), missing(s.properties![key]));
    }
    case "type": return said(at, typeMessage(s));
    case "minimum": case "maximum": return said(at, `out of range ${s.minimum}..${s.maximum}, got ${e.data}`);
    case "anyOf": return said(at, `${s["x-block"]?.rule ?? "out of range"}, got ${e.data}`);
    case "enum": return said(at, oneOfValues(s));
    case "format": return said(at, s.format === "host"
      ? "must be an IPv4 address a.b.c.d outside 0.0.0.0/8, an IPv6 address other than :: (2001:db8::1 or [2001:db8::1]), or a DNS name (letters, digits, - between dots)"
      : s.format === "ip-literal"
      ? "must be an IPv4 address a.b.c.d outside 0.0.0.0/8, or an IPv6 address other than :: such as 2001:db8::1 or [2001:db8::1]"
      : "must be an IPv4 address a.b.c.d other than 0.0.0.0");
    case "maxItems": return said(at, `more than ${s.maxItems}; remove some`);
    case "minItems": return said(at, `none; give ${s.minItems} to ${s.maxItems} entries`);
    case "uniqueItems": { // the later of the two (ajv's i and j come in either order, by the items' type)
      const { i, j } = e.params as { i: number; j: number };
      return said(`${at}[${Math.max(i, j)}]`, `duplicate; ${s["x-unique"]} must differ`);
    }
    default: return undefined; // minLength, maxLength, pattern, dependentRequired: host/config.ts
  }
}

/** Every error ajv finds in `json`, as the project's messages. */
export function schemaErrors(json: unknown): ConfigError[] {
  const valid = validator();
  if (valid(json)) return [];
  return (valid.errors ?? []).map(configMessage).filter((e): e is ConfigError => e !== undefined);
}
