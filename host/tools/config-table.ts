// The configuration is declared once, in host/config.schema.json: the JSON
// form (types, ranges, defaults, descriptions) and, in each field's "x-block"
// keyword, its record in the binary block (tag, firmware name, encoding, and
// for texts the firmware's character set). This tool writes what follows:
//
//   assembly/app/config/schema.generated.ts  the firmware's tags, defaults, field descriptions (describe, numberOk),
//                                            refusal codes, enumeration values and character sets (config-names.ts)
//   host/config-table.ts                     the host's tags, integer ranges, text lengths, enumerations, property
//                                            paths, refusal names and character sets
//   docs/config.md                           the fields, tags, refusal codes and character sets tables, each between
//                                            its markers (host/tools/config-doc.ts, config-names.ts)
//
//   node build/js/host/tools/config-table.js          (npm run config-table) writes them
//   node build/js/host/tools/config-table.js --check  exit 1 naming each file that is not current
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { staleOf, runGenerator } from "./generated-files.js";
import { docTable, tagTable, withDocTable, TAGS_BEGIN, TAGS_END } from "./config-doc.js";
import * as N from "./config-names.js";
import type { CharsetDecl } from "./config-charsets.js";

export type Encoding = "text" | "u8" | "u16" | "u32" | "ipv4" | "begin";
export interface BlockDecl { tag: string; name: string; encoding: Encoding; charset?: string; values?: number[]; names?: Record<string, string>; rule?: string; note?: string }
export interface Node {
  "x-block"?: BlockDecl;
  /** A host's second record: the text tag its DNS name takes when it is not an IPv4 address (registrar.host). */
  "x-block-name"?: BlockDecl;
  type?: string; enum?: (string | number)[]; anyOf?: Node[]; oneOf?: Node[]; const?: number;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; maxItems?: number; minItems?: number;
  default?: unknown; description?: string; writeOnly?: boolean; format?: string; pattern?: string;
  properties?: Record<string, Node>; items?: Node; required?: string[]; "x-doc"?: Record<string, string>;
  "x-errors"?: Record<string, { code: number; meaning: string }>; "x-charsets"?: Record<string, CharsetDecl>;
}

/** One record of the block, as the firmware knows it. */
export interface Field {
  path: string;        // JSON path, "[]" for list items
  tag: number;
  name: string;        // the constant's name: T_<name> in the firmware
  encoding: Encoding;
  node: Node;
  scope: number;       // 0 top level, else the list (1-based, schema order)
  local: string;       // the name the firmware's messages use: the path, or inside a list the field's name there
  min: number; max: number; rule: string;
  codes?: number[];    // the block value of each JSON value of an enumeration or boolean
  dflt?: number;       // the default as a block value
}

export interface Scope { path: string; tag: number }

const WIDTH: Record<Encoding, number> = { text: -1, u8: 1, u16: 2, u32: 4, ipv4: 4, begin: 0 };

/** The string node of a text field: itself, its items, or the string alternative of its items. */
const textNode = (n: Node): Node => (n.type === "string" ? n : n.items?.type === "string" ? n.items : n.items?.oneOf?.find((o) => o.type === "string") ?? n);
const objectOf = (n: Node | undefined): Node | undefined => (n?.properties ? n : n?.oneOf?.find((o) => o.properties));
const orList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}` : xs[0]);

function describeField(p: string, b: BlockDecl, node: Node, scope: number, local: string): Field {
  const f: Field = { path: p, tag: Number(b.tag), name: b.name, encoding: b.encoding, node, scope, local, min: 0, max: 0, rule: "" };
  const json = node.type === "boolean" ? [false, true] : node.enum;
  if (b.encoding === "text") {
    const t = textNode(node);
    [f.min, f.max, f.rule] = [t.minLength ?? 0, t.maxLength ?? 0, `length must be ${t.minLength ?? 0}..${t.maxLength ?? 0}`];
  } else if (b.encoding === "ipv4") {
    // 4 octets IPv4 (0.0.0.0/8 is no destination, RFC 1122 §3.2.1.3) or 16 octets IPv6 (:: is none, RFC 4291 §2.5.2).
    [f.min, f.max, f.rule] = [0x01000000, 0xffffffff, "IPv4 not in 0.0.0.0/8, or IPv6 not ::"];
  } else if (b.encoding === "begin") {
    f.rule = `at most ${node.maxItems}`;
  } else if (json) {
    f.codes = b.values ?? json.map((_, i) => i);
    [f.min, f.max] = [Math.min(...f.codes), Math.max(...f.codes)];
    const same = json.every((v, i) => v === f.codes![i]);
    f.rule = `must be ${orList(json.map((v, i) => (same ? `${v}` : `${f.codes![i]} (${v})`)))}`;
    if (node.default !== undefined) f.dflt = f.codes[json.indexOf(node.default as never)];
  } else {
    [f.min, f.max, f.rule] = [node.minimum ?? 0, node.maximum ?? 0, `out of range ${node.minimum}..${node.maximum}`];
    if (typeof node.default === "number") f.dflt = node.default;
  }
  if (b.rule) f.rule = b.rule;
  return f;
}

/** Every field with a block record, in schema order, and the lists (scopes 1..n). */
export function blockFields(schema: Node): { fields: Field[]; scopes: Scope[] } {
  const fields: Field[] = [], scopes: Scope[] = [];
  const walk = (node: Node, at: string, scope: number, inList: string) => {
    for (const [k, child] of Object.entries(node.properties ?? {})) {
      const p = at ? `${at}.${k}` : k, b = child["x-block"];
      const local = scope > 0 ? p.slice(inList.length + 3) : p;
      if (b) {
        const opens = b.encoding === "begin" || (child.type === "array" && scope === 0);
        if (opens) scopes.push({ path: p, tag: Number(b.tag) });
        fields.push(describeField(p, b, child, opens ? scopes.length : scope, opens ? p : local));
        const entry = objectOf(child.items);
        if (opens && entry) walk(entry, `${p}[]`, scopes.length, p);
        const named = child["x-block-name"];
        if (named) fields.push(describeField(p, named, { ...child, format: undefined, "x-block": named, "x-block-name": undefined }, scope, local));
      } else if (child.type === "object") walk(child, p, scope, inList);
    }
  };
  walk(schema, "", 0, "");
  return { fields: fields.sort((a, b) => a.tag - b.tag), scopes };
}

/** What the generators rely on: tags unique and where the firmware's view has room, names unique, widths that hold the values. */
export function checkFields(fields: Field[], scopes: Scope[]): string[] {
  const problems: string[] = [];
  const tags = new Map<number, string>(), names = new Map<string, string>();
  for (const f of fields) {
    if (!Number.isInteger(f.tag) || f.tag < 1 || f.tag > 0xff) problems.push(`${f.path}: x-block.tag must be 0x01..0xff`);
    if (tags.has(f.tag)) problems.push(`${f.path}: tag 0x${f.tag.toString(16)} is also ${tags.get(f.tag)}'s`);
    if (names.has(f.name)) problems.push(`${f.path}: name ${f.name} is also ${names.get(f.name)}'s`);
    tags.set(f.tag, f.path);
    names.set(f.name, f.path);
    if (!(f.encoding in WIDTH)) problems.push(`${f.path}: x-block.encoding must be one of ${Object.keys(WIDTH).join(", ")}`);
    const width = WIDTH[f.encoding];
    if (width > 0 && f.encoding !== "ipv4" && f.max >= 2 ** (8 * width)) problems.push(`${f.path}: ${f.max} does not fit ${f.encoding}`);
    if (f.encoding === "text" && !f.node["x-block"]?.charset) problems.push(`${f.path}: a text needs x-block.charset`);
    const top = f.scope === 0;
    if (top && f.encoding === "text" && f.tag > 0x0f) problems.push(`${f.path}: a top-level text takes a tag 0x01..0x0f`);
    if (top && f.encoding !== "text" && (f.tag < 0x10 || f.tag > 0x2f)) problems.push(`${f.path}: a top-level number takes a tag 0x10..0x2f`);
    const list = scopes[f.scope - 1];
    if (!top && f.tag !== list.tag && (f.tag <= list.tag || f.tag > list.tag + 15)) {
      problems.push(`${f.path}: a field of ${list.path} takes a tag 0x${(list.tag + 1).toString(16)}..0x${(list.tag + 15).toString(16)}`);
    }
  }
  return problems;
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
const HEADER = "Generated by `npm run config-table` from host/config.schema.json: do not edit.";
const KIND: Record<Encoding, string> = { text: "K_TEXT", u8: "K_NUMBER", u16: "K_NUMBER", u32: "K_NUMBER", ipv4: "K_IPV4", begin: "K_BEGIN" };

/** The test a number passes besides its range: an enumeration's values when they have gaps, or anyOf's alternatives. */
function extraCheck(f: Field): string | undefined {
  if (f.codes && f.codes.length !== f.max - f.min + 1) return [...f.codes].sort((a, b) => a - b).map((c) => `v == ${c}`).join(" || ");
  const alts = f.node.anyOf?.map((a) => (a.const !== undefined ? `v == ${a.const}` : a.minimum !== undefined ? `v >= ${a.minimum}` : undefined));
  return alts && alts.every((a) => a !== undefined) ? alts.join(" || ") : undefined;
}

export function assemblyScript(fields: Field[], scopes: Scope[], names: N.Names): string {
  const top = fields.filter((f) => f.scope === 0);
  const texts = top.filter((f) => f.encoding === "text"), numbers = top.filter((f) => f.encoding !== "text");
  const L = [`// ${HEADER}`, "// What each record tag of the configuration block means (docs/config.md): its JSON name, the list it",
    "// belongs to, its kind, its width, its range and the rule to quote when it is broken. `describe(tag, into)`",
    "// fills a FieldInfo its caller owns; false for an unknown tag. Names and rules are static ASCII literals passed",
    "// by address. Then configLoad's refusal codes, the enumerations' block values and the character sets.", "",
    "// ---- Tags ----"];
  for (const f of fields) L.push(`export const T_${f.name}: u32 = ${hex(f.tag)}; // ${f.path}`);
  L.push(`export const T_TEXT_LAST: u32 = ${hex(Math.max(...texts.map((f) => f.tag)))};`);
  L.push(`export const T_NUMBER_FIRST: u32 = ${hex(Math.min(...numbers.map((f) => f.tag)))};`);
  L.push(`export const T_NUMBER_LAST: u32 = ${hex(Math.max(...numbers.map((f) => f.tag)))};`, "",
    "/** Whether `tag`'s value is a secret (the schema's writeOnly): read back as set, never as its octets (docs/security.md). */",
    `export function isSecret(tag: u32): bool { return ${fields.filter((f) => textNode(f.node).writeOnly).map((f) => `tag == T_${f.name}`).join(" || ")}; }`,
    "", "// ---- Defaults of the numbers (block values) ----");
  for (const f of fields) if (f.dflt !== undefined) L.push(`export const D_${f.name}: u32 = ${f.dflt};`);
  L.push("", "/** Writes every top-level number's default into the view's numbers (slot = tag - T_NUMBER_FIRST). */",
    "export function writeNumberDefaults(numbers: usize): void {");
  for (const f of numbers) if (f.dflt !== undefined) L.push(`  store<u32>(numbers, D_${f.name}, ${(f.tag - 0x10) * 4});`);
  L.push("}", "", "export const K_TEXT: i32 = 1;", "export const K_NUMBER: i32 = 2;", "export const K_IPV4: i32 = 3;", "export const K_BEGIN: i32 = 4;", "",
    "export const S_TOP: i32 = 0;");
  scopes.forEach((s, i) => L.push(`export const S_${fields.find((f) => f.tag === s.tag)!.name}: i32 = ${i + 1}; // ${s.path}`));
  L.push("", ...N.assemblyNames(names),
    "/** What describe() says of a tag, in a record its caller owns (static memory, 20 octets; no allocation). */",
    "@unmanaged export class FieldInfo {", "  /** JSON name inside its scope (a literal). */", "  name: usize;",
    "  /** What a valid value is (a literal). */", "  rule: usize;", "  /** Number range, or text length range. */", "  min: u32;", "  max: u32;",
    "  /** S_TOP or the list's S_*. */", "  scope: u8;", "  /** K_*. */", "  kind: u8;", "  /** Octets of a number; -1 for a text. */", "  width: i8;",
    "  /** CS_* of a text, else 0. */", "  charset: u8;", "}", "",
    "/** FieldInfo's four octets scope, kind, width, charset as one little-endian u32 (a constant where the arguments are). */",
    "@inline function meta(scope: i32, kind: i32, width: i32, charset: i32): u32 {",
    "  return <u32>scope | (<u32>kind << 8) | ((<u32>width & 0xff) << 16) | (<u32>charset << 24);", "}", "",
    "/**", " * Describes `tag` into `d`; false (d untouched) when the tag is unknown. Each case only sets locals and d is",
    " * written once, after the switch: a store per case would be 44 copies of five stores (and of their bounds",
    " * checks, once wasm2c has made C of them). Names and rules are literals' addresses (usize, not string: no",
    " * shadow-stack spill).", " */",
    "export function describe(tag: u32, d: FieldInfo): bool {", "  let name: usize = 0, rule: usize = 0, m: u32 = 0, min: u32 = 0, max: u32 = 0;", "  switch (tag) {");
  const scopeName = (f: Field) => (f.scope === 0 ? "S_TOP" : `S_${fields.find((g) => g.tag === scopes[f.scope - 1].tag)!.name}`);
  for (const f of fields) {
    const lit = (s: string) => `changetype<usize>(${JSON.stringify(s)})`;
    const [name, rule, max] = [lit(f.local), lit(f.rule), f.max === 0xffffffff ? "0xffffffff" : f.max];
    const charset = f.encoding === "text" ? `CS_${f.node["x-block"]!.charset}` : "0";
    const m = `meta(${scopeName(f)}, ${KIND[f.encoding]}, ${WIDTH[f.encoding]}, ${charset})`;
    L.push(`    case T_${f.name}: name = ${name}; m = ${m}; min = ${f.min}; max = ${max}; rule = ${rule}; break;`);
  }
  L.push("    default: return false;", "  }", "  d.name = name;", "  d.rule = rule;", "  d.min = min;", "  d.max = max;",
    "  store<u32>(changetype<usize>(d), m, offsetof<FieldInfo>(\"scope\"));", "  return true;", "}", "", "/** Whether number `v` satisfies field `tag`, described in `d` (its range, and the sets of the enumerations). */",
    "export function numberOk(d: FieldInfo, tag: u32, v: u32): bool {", "  if (v < d.min || v > d.max) return false;");
  for (const f of fields) {
    const extra = extraCheck(f);
    if (extra) L.push(`  if (tag == T_${f.name}) return ${extra};`);
  }
  L.push("  return true;", "}", "", "/** The name of the list a scope's entries live in (a literal), 0 for the top level. */", "export function listName(scope: i32): usize {");
  scopes.forEach((s, i) => L.push(`  if (scope == ${i + 1}) return changetype<usize>(${JSON.stringify(s.path)});`));
  L.push("  return 0;", "}");
  return L.join("\n") + "\n";
}

/** Every property path of the JSON form ("[]" for list items; an entry given as an object counts). */
export function propertyPaths(node: Node, at = "", out: string[] = []): string[] {
  for (const [k, sub] of Object.entries(node.properties ?? {})) {
    const p = at ? `${at}.${k}` : k;
    out.push(p);
    const entry = objectOf(sub.items);
    propertyPaths(entry ?? sub, entry ? `${p}[]` : p, out);
  }
  return out;
}

export function typeScript(schema: Node, fields: Field[], names: N.Names): string {
  const L = [`// ${HEADER}`, "// The configuration block's tags and the JSON form's ranges, as host/config.ts encodes and checks them.", "",
    "/** Record tags of the binary block (docs/config.md, \"Tags\"). */", "export const Tag = {"];
  for (const f of fields) L.push(`  ${N.pascal(f.name)}: ${hex(f.tag)},`);
  L.push("} as const;", "", "/** Integer fields: [min, max, default (0: none), tag, width]; list paths use \"[]\" (docs/config.md). */",
    "export const NUMBERS: Record<string, [number, number, number, number, number]> = {");
  for (const f of fields) if (f.node.type === "integer") L.push(`  ${JSON.stringify(f.path)}: [${f.min}, ${f.max}, ${f.dflt ?? 0}, ${hex(f.tag)}, ${WIDTH[f.encoding]}],`);
  L.push("};", "", "/** Texts: [min, max] length in octets; a list of texts by the list's path. */", "export const LENGTHS: Record<string, [number, number]> = {");
  for (const f of fields) if (f.encoding === "text") L.push(`  ${JSON.stringify(f.path)}: [${f.min}, ${f.max}],`);
  L.push("};", "", "/** Enumerations: the JSON values, and the block value of each. */",
    "export const ENUMS: Record<string, { values: readonly (string | number)[]; codes: readonly number[] }> = {");
  for (const f of fields) if (f.node.enum) L.push(`  ${JSON.stringify(f.path)}: { values: ${JSON.stringify(f.node.enum)}, codes: ${JSON.stringify(f.codes)} },`);
  L.push("};", "", "/** Every property of the JSON form, by path (\"[]\" for list items). */", "export const PROPERTIES: readonly string[] = [");
  for (const p of propertyPaths(schema)) L.push(`  ${JSON.stringify(p)},`);
  L.push("];", ...N.typeScriptNames(names, fields));
  return L.join("\n") + "\n";
}

/** docs/config.md with its four generated tables current. */
function docs(doc: string, schema: Node, fields: Field[], names: N.Names): string {
  const withFields = withDocTable(withDocTable(doc, docTable(schema)), tagTable(fields, schema), TAGS_BEGIN, TAGS_END);
  return withDocTable(withDocTable(withFields, N.errorTable(names), N.ERRORS_BEGIN, N.ERRORS_END), N.charsetTable(names, fields), N.CHARSETS_BEGIN, N.CHARSETS_END);
}

export const ROOT = path.resolve(new URL("../../../../", import.meta.url).pathname);
export const SOURCE = "host/config.schema.json";
export const readSchema = (root = ROOT) => JSON.parse(readFileSync(path.join(root, SOURCE), "utf8")) as Node;

/** Every generated file (path relative to the project) with the content it must have. */
export function generatedFiles(root = ROOT): Map<string, string> {
  const schema = readSchema(root);
  const { fields, scopes } = blockFields(schema);
  const names = N.namesOf(schema, fields);
  const problems = [...checkFields(fields, scopes), ...N.checkNames(names, fields)];
  if (problems.length > 0) throw new Error(`${SOURCE}: ${problems.join("; ")}`);
  return new Map([
    ["assembly/app/config/schema.generated.ts", assemblyScript(fields, scopes, names)],
    ["host/config-table.ts", typeScript(schema, fields, names)],
    ["docs/config.md", docs(readFileSync(path.join(root, "docs/config.md"), "utf8"), schema, fields, names)],
  ]);
}

/** The generated files whose content on disk differs from what the schema gives. */
export const staleFiles = (root = ROOT): string[] => staleOf(generatedFiles(root), root);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) runGenerator("config-table", generatedFiles, ROOT);
