// The configuration is declared once, in host/config.schema.json: the JSON
// form (types, ranges, defaults, descriptions) and, in each field's "x-block"
// keyword, its record in the binary block (tag, firmware name, encoding, and
// for texts the firmware's character set). This tool writes what follows:
//
//   assembly/app/config/schema.generated.ts  the firmware's tags, defaults and field descriptions (describe, numberOk)
//   host/config-table.ts                     the host's tags, integer ranges, text lengths, enumerations and property paths
//   docs/config.md                           the fields and the tags tables, each between its markers (host/tools/config-doc.ts)
//
//   node build/js/host/tools/config-table.js          (npm run config-table) writes them
//   node build/js/host/tools/config-table.js --check  exit 1 naming each file that is not current
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { staleOf, runGenerator } from "./generated-files.js";
import { docTable, tagTable, withDocTable, TAGS_BEGIN, TAGS_END } from "./config-doc.js";

export type Encoding = "text" | "u8" | "u16" | "u32" | "ipv4" | "begin";
export interface BlockDecl { tag: string; name: string; encoding: Encoding; charset?: string; values?: number[]; rule?: string; note?: string }
export interface Node {
  "x-block"?: BlockDecl;
  type?: string; enum?: (string | number)[]; anyOf?: Node[]; oneOf?: Node[]; const?: number;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; maxItems?: number; minItems?: number;
  default?: unknown; description?: string; writeOnly?: boolean; format?: string; pattern?: string;
  properties?: Record<string, Node>; items?: Node; required?: string[]; "x-doc"?: Record<string, string>;
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
    [f.min, f.max, f.rule] = [1, 0xffffffff, "an IPv4 address other than 0.0.0.0"];
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

/** "REGISTRAR_PORT" -> "RegistrarPort". */
const pascal = (s: string) => s.toLowerCase().split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
const HEADER = "Generated by `npm run config-table` from host/config.schema.json: do not edit.";
const KIND: Record<Encoding, string> = { text: "K_TEXT", u8: "K_NUMBER", u16: "K_NUMBER", u32: "K_NUMBER", ipv4: "K_IPV4", begin: "K_BEGIN" };

/** The test a number passes besides its range: an enumeration's values when they have gaps, or anyOf's alternatives. */
function extraCheck(f: Field): string | undefined {
  if (f.codes && f.codes.length !== f.max - f.min + 1) return [...f.codes].sort((a, b) => a - b).map((c) => `v == ${c}`).join(" || ");
  const alts = f.node.anyOf?.map((a) => (a.const !== undefined ? `v == ${a.const}` : a.minimum !== undefined ? `v >= ${a.minimum}` : undefined));
  return alts && alts.every((a) => a !== undefined) ? alts.join(" || ") : undefined;
}

export function assemblyScript(fields: Field[], scopes: Scope[]): string {
  const top = fields.filter((f) => f.scope === 0);
  const texts = top.filter((f) => f.encoding === "text"), numbers = top.filter((f) => f.encoding !== "text");
  const L = [`// ${HEADER}`, "// What each record tag of the configuration block means (docs/config.md): its JSON name, the list it",
    "// belongs to, its kind, its width, its range and the rule to quote when it is broken. `describe(tag)` fills",
    "// the f* globals; false for an unknown tag. Names and rules are static ASCII literals passed by address.", "",
    `import * as C from "./charset";`, "", "// ---- Tags ----"];
  for (const f of fields) L.push(`export const T_${f.name}: u32 = ${hex(f.tag)}; // ${f.path}`);
  L.push(`export const T_TEXT_LAST: u32 = ${hex(Math.max(...texts.map((f) => f.tag)))};`);
  L.push(`export const T_NUMBER_FIRST: u32 = ${hex(Math.min(...numbers.map((f) => f.tag)))};`);
  L.push(`export const T_NUMBER_LAST: u32 = ${hex(Math.max(...numbers.map((f) => f.tag)))};`, "", "// ---- Defaults of the numbers (block values) ----");
  for (const f of fields) if (f.dflt !== undefined) L.push(`export const D_${f.name}: u32 = ${f.dflt};`);
  L.push("", "/** Writes every top-level number's default into the view's numbers (slot = tag - T_NUMBER_FIRST). */",
    "export function writeNumberDefaults(numbers: usize): void {");
  for (const f of numbers) if (f.dflt !== undefined) L.push(`  store<u32>(numbers, D_${f.name}, ${(f.tag - 0x10) * 4});`);
  L.push("}", "", "export const K_TEXT: i32 = 1;", "export const K_NUMBER: i32 = 2;", "export const K_IPV4: i32 = 3;", "export const K_BEGIN: i32 = 4;", "",
    "export const S_TOP: i32 = 0;");
  scopes.forEach((s, i) => L.push(`export const S_${fields.find((f) => f.tag === s.tag)!.name}: i32 = ${i + 1}; // ${s.path}`));
  L.push("", "export let fName: usize = 0;     // JSON name inside its scope (a literal)", "export let fScope: i32 = S_TOP;", "export let fKind: i32 = 0;",
    "export let fWidth: i32 = 0;      // octets of a number; -1 for a text", "export let fMin: u32 = 0;        // number range, or text length range",
    "export let fMax: u32 = 0;", "export let fRule: usize = 0;     // what a valid value is (a literal)", "export let fCharset: i32 = 0;", "",
    "function set(name: string, scope: i32, kind: i32, width: i32, min: u32, max: u32, rule: string, charset: i32 = 0): bool {",
    "  fName = changetype<usize>(name);", "  fScope = scope;", "  fKind = kind;", "  fWidth = width;", "  fMin = min;", "  fMax = max;",
    "  fRule = changetype<usize>(rule);", "  fCharset = charset;", "  return true;", "}", "",
    "function text(name: string, scope: i32, min: u32, max: u32, rule: string, charset: i32): bool {",
    "  return set(name, scope, K_TEXT, -1, min, max, rule, charset);", "}", "",
    "function num(name: string, scope: i32, width: i32, min: u32, max: u32, rule: string): bool {",
    "  return set(name, scope, K_NUMBER, width, min, max, rule);", "}", "",
    "/** Describes `tag` into the f* globals; false when the tag is unknown. */", "export function describe(tag: u32): bool {", "  switch (tag) {");
  const scopeName = (f: Field) => (f.scope === 0 ? "S_TOP" : `S_${fields.find((g) => g.tag === scopes[f.scope - 1].tag)!.name}`);
  for (const f of fields) {
    const [name, rule, max] = [JSON.stringify(f.local), JSON.stringify(f.rule), f.max === 0xffffffff ? "0xffffffff" : f.max];
    const call = f.encoding === "text" ? `text(${name}, ${scopeName(f)}, ${f.min}, ${max}, ${rule}, C.CS_${f.node["x-block"]!.charset})`
      : KIND[f.encoding] === "K_NUMBER" ? `num(${name}, ${scopeName(f)}, ${WIDTH[f.encoding]}, ${f.min}, ${max}, ${rule})`
        : `set(${name}, ${scopeName(f)}, ${KIND[f.encoding]}, ${WIDTH[f.encoding]}, ${f.min}, ${max}, ${rule})`;
    L.push(`    case T_${f.name}: return ${call};`);
  }
  L.push("  }", "  return false;", "}", "", "/** Whether number `v` satisfies the current field (its range, and the sets of the enumerations). */",
    "export function numberOk(tag: u32, v: u32): bool {", "  if (v < fMin || v > fMax) return false;");
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

export function typeScript(schema: Node, fields: Field[]): string {
  const L = [`// ${HEADER}`, "// The configuration block's tags and the JSON form's ranges, as host/config.ts encodes and checks them.", "",
    "/** Record tags of the binary block (docs/config.md, \"Tags\"). */", "export const Tag = {"];
  for (const f of fields) L.push(`  ${pascal(f.name)}: ${hex(f.tag)},`);
  L.push("} as const;", "", "/** Integer fields: [min, max, default, tag, width]; list paths use \"[]\" (docs/config.md). */",
    "export const NUMBERS: Record<string, [number, number, number, number, number]> = {");
  for (const f of fields) if (f.node.type === "integer") L.push(`  ${JSON.stringify(f.path)}: [${f.min}, ${f.max}, ${f.dflt}, ${hex(f.tag)}, ${WIDTH[f.encoding]}],`);
  L.push("};", "", "/** Texts: [min, max] length in octets; a list of texts by the list's path. */", "export const LENGTHS: Record<string, [number, number]> = {");
  for (const f of fields) if (f.encoding === "text") L.push(`  ${JSON.stringify(f.path)}: [${f.min}, ${f.max}],`);
  L.push("};", "", "/** Enumerations: the JSON values, and the block value of each. */",
    "export const ENUMS: Record<string, { values: readonly (string | number)[]; codes: readonly number[] }> = {");
  for (const f of fields) if (f.node.enum) L.push(`  ${JSON.stringify(f.path)}: { values: ${JSON.stringify(f.node.enum)}, codes: ${JSON.stringify(f.codes)} },`);
  L.push("};", "", "/** Every property of the JSON form, by path (\"[]\" for list items). */", "export const PROPERTIES: readonly string[] = [");
  for (const p of propertyPaths(schema)) L.push(`  ${JSON.stringify(p)},`);
  L.push("];");
  return L.join("\n") + "\n";
}

export const ROOT = path.resolve(new URL("../../../../", import.meta.url).pathname);
export const SOURCE = "host/config.schema.json";
export const readSchema = (root = ROOT) => JSON.parse(readFileSync(path.join(root, SOURCE), "utf8")) as Node;

/** Every generated file (path relative to the project) with the content it must have. */
export function generatedFiles(root = ROOT): Map<string, string> {
  const schema = readSchema(root);
  const { fields, scopes } = blockFields(schema);
  const problems = checkFields(fields, scopes);
  if (problems.length > 0) throw new Error(`${SOURCE}: ${problems.join("; ")}`);
  return new Map([
    ["assembly/app/config/schema.generated.ts", assemblyScript(fields, scopes)],
    ["host/config-table.ts", typeScript(schema, fields)],
    ["docs/config.md", withDocTable(withDocTable(readFileSync(path.join(root, "docs/config.md"), "utf8"), docTable(schema)), tagTable(fields, schema), TAGS_BEGIN, TAGS_END)],
  ]);
}

/** The generated files whose content on disk differs from what the schema gives. */
export const staleFiles = (root = ROOT): string[] => staleOf(generatedFiles(root), root);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) runGenerator("config-table", generatedFiles, ROOT);
