// The configuration's other vocabularies, declared in host/config.schema.json
// beside the fields and written out by host/tools/config-table.ts:
//
//   "x-errors"          configLoad's refusal codes: the firmware's E_*, the host's Refusal names, docs' table
//   "x-charsets"        the characters a text may hold: config-charsets.ts
//   x-block "names"     an enumeration's block values: the firmware's constants (MODE_PARALLEL, CONFIRM_STAR)
import type { Node, Field } from "./config-table.js";
import { charsetsOf, checkCharsets, assemblyCharsets, typeScriptCharsets, charsetTable as setsTable, type Charset } from "./config-charsets.js";

export { CHARSETS_BEGIN, CHARSETS_END } from "./config-charsets.js";

export interface Refusal { name: string; code: number; meaning: string }
export interface EnumName { name: string; code: number; path: string; value: string | number }
export interface Names { errors: Refusal[]; charsets: Charset[]; enums: EnumName[] }

export const ERRORS_BEGIN = "<!-- config:errors begin -->";
export const ERRORS_END = "<!-- config:errors end -->";

/** The vocabularies: refusals by code, character sets numbered 1.. in schema order, enumeration constants by field. */
export function namesOf(schema: Node, fields: Field[]): Names {
  const errors = Object.entries(schema["x-errors"] ?? {}).map(([name, e]) => ({ name, code: e.code, meaning: e.meaning }));
  const charsets = charsetsOf(schema["x-charsets"] ?? {});
  const enums: EnumName[] = [];
  for (const f of fields) {
    for (const [value, name] of Object.entries(f.node["x-block"]?.names ?? {})) {
      const at = (f.node.enum ?? []).findIndex((v) => String(v) === value);
      enums.push({ name, code: at < 0 ? NaN : f.codes![at], path: f.path, value: at < 0 ? value : f.node.enum![at] });
    }
  }
  return { errors: errors.sort((a, b) => a.code - b.code), charsets, enums };
}

const CONSTANT = /^[A-Z][A-Z0-9_]*$/;

/** What the generators rely on: codes and names unique, every name a constant, every charset and enum value declared. */
export function checkNames(names: Names, fields: Field[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const name = (n: string, where: string) => {
    if (!CONSTANT.test(n)) problems.push(`${where}: ${n} is not a constant's name (A-Z, 0-9, _)`);
    if (seen.has(n)) problems.push(`${where}: ${n} is also ${seen.get(n)}'s`);
    seen.set(n, where);
  };
  const codes = new Map<number, string>();
  for (const e of names.errors) {
    name(`E_${e.name}`, `x-errors.${e.name}`);
    if (!Number.isInteger(e.code) || e.code < 1 || e.code > 255) problems.push(`x-errors.${e.name}: code must be 1..255 (0 is success)`);
    if (codes.has(e.code)) problems.push(`x-errors.${e.name}: code ${e.code} is also ${codes.get(e.code)}'s`);
    codes.set(e.code, e.name);
    if (!e.meaning) problems.push(`x-errors.${e.name}: give its meaning`);
  }
  for (const c of names.charsets) name(`CS_${c.name}`, `x-charsets.${c.name}`);
  problems.push(...checkCharsets(names.charsets));
  for (const f of fields) {
    const cs = f.node["x-block"]?.charset;
    if (cs && !names.charsets.some((c) => c.name === cs)) problems.push(`${f.path}: x-block.charset ${cs} is not one of x-charsets`);
  }
  for (const e of names.enums) {
    name(e.name, `${e.path} x-block.names`);
    if (Number.isNaN(e.code)) problems.push(`${e.path}: x-block.names names ${JSON.stringify(e.value)}, which is not one of its enum's values`);
  }
  return problems;
}

/** The firmware's constants and charsetRule(): lines of schema.generated.ts. */
export function assemblyNames(n: Names): string[] {
  const L = ["// ---- configLoad's refusal codes (x-errors; docs/config.md, \"Loading\") ----", "export const E_OK: i32 = 0;"];
  for (const e of n.errors) L.push(`export const E_${e.name}: i32 = ${e.code}; // ${e.meaning}`);
  L.push("", "// ---- Block values of the enumerations (x-block.names) ----");
  for (const e of n.enums) L.push(`export const ${e.name}: u32 = ${e.code}; // ${e.path} ${JSON.stringify(e.value)}`);
  L.push("", ...assemblyCharsets(n.charsets));
  return L;
}

/** "TRUNCATED" -> "Truncated", "REGISTRAR_PORT" -> "RegistrarPort". */
export const pascal = (s: string) => s.toLowerCase().split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");

/** The host's names: lines of host/config-table.ts. */
export function typeScriptNames(n: Names, fields: Field[]): string[] {
  const L = ["", "/** configLoad's refusal codes (the firmware's E_*, docs/config.md \"Loading\"), by name. */", "export const Refusal = {"];
  for (const e of n.errors) L.push(`  ${pascal(e.name)}: ${e.code},`);
  L.push("} as const;", "", "/** What each refusal code means. */", "export const REFUSAL_MEANINGS: Record<number, string> = {");
  for (const e of n.errors) L.push(`  ${e.code}: ${JSON.stringify(e.meaning)},`);
  L.push("};", ...typeScriptCharsets(n.charsets, fields));
  return L;
}

/** docs/config.md's table of refusal codes, markers included. */
export function errorTable(n: Names): string {
  return [ERRORS_BEGIN, "| code | firmware | meaning |", "|---|---|---|",
    ...n.errors.map((e) => `| ${e.code} | \`E_${e.name}\` | ${e.meaning} |`), ERRORS_END].join("\n");
}

/** docs/config.md's table of character sets (config-charsets.ts), markers included. */
export const charsetTable = (n: Names, fields: Field[]) => setsTable(n.charsets, fields);
