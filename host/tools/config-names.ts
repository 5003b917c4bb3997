// The configuration's other vocabularies, declared in host/config.schema.json
// beside the fields and written out by host/tools/config-table.ts:
//
//   "x-errors"          configLoad's refusal codes: the firmware's E_*, the host's Refusal names, docs' table
//   "x-charsets"        the characters a text may hold: the firmware's CS_* and charsetRule(), the host's
//                       CHARSET_OF and CHARSET_RULES, docs' Texts table (the checks themselves stay code)
//   x-block "names"     an enumeration's block values: the firmware's constants (MODE_PARALLEL, CONFIRM_STAR)
import type { Node, Field } from "./config-table.js";

export interface Refusal { name: string; code: number; meaning: string }
export interface Charset { name: string; id: number; characters: string; rule: string }
export interface EnumName { name: string; code: number; path: string; value: string | number }
export interface Names { errors: Refusal[]; charsets: Charset[]; enums: EnumName[] }

export const ERRORS_BEGIN = "<!-- config:errors begin -->";
export const ERRORS_END = "<!-- config:errors end -->";
export const CHARSETS_BEGIN = "<!-- config:charsets begin -->";
export const CHARSETS_END = "<!-- config:charsets end -->";

/** The vocabularies: refusals by code, character sets numbered 1.. in schema order, enumeration constants by field. */
export function namesOf(schema: Node, fields: Field[]): Names {
  const errors = Object.entries(schema["x-errors"] ?? {}).map(([name, e]) => ({ name, code: e.code, meaning: e.meaning }));
  const charsets = Object.entries(schema["x-charsets"] ?? {}).map(([name, c], i) => ({ name, id: i + 1, characters: c.characters, rule: c.rule }));
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
  for (const c of names.charsets) {
    name(`CS_${c.name}`, `x-charsets.${c.name}`);
    if (!c.rule || !c.characters) problems.push(`x-charsets.${c.name}: give its characters and the rule its error quotes`);
  }
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
  L.push("", "// ---- Character sets of the texts (x-charsets; the checks: charset.ts) ----");
  for (const c of n.charsets) L.push(`export const CS_${c.name}: i32 = ${c.id};`);
  L.push("", "/** How to fix a text refused by charset `cs` (a literal). */", "export function charsetRule(cs: i32): usize {", "  switch (cs) {");
  for (const c of n.charsets) L.push(`    case CS_${c.name}: return changetype<usize>(${JSON.stringify(c.rule)});`);
  L.push("  }", "  return changetype<usize>(\"bad characters\");", "}", "");
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
  L.push("};", "", "/** The character set of each text, by path (\"[]\" for list items). */", "export const CHARSET_OF: Record<string, string> = {");
  for (const f of fields) if (f.encoding === "text") L.push(`  ${JSON.stringify(f.path)}: ${JSON.stringify(f.node["x-block"]!.charset)},`);
  L.push("};", "", "/** The fix a text refused by each character set quotes (the firmware's charsetRule). */", "export const CHARSET_RULES: Record<string, string> = {");
  for (const c of n.charsets) L.push(`  ${c.name}: ${JSON.stringify(c.rule)},`);
  L.push("};");
  return L;
}

/** docs/config.md's table of refusal codes, markers included. */
export function errorTable(n: Names): string {
  return [ERRORS_BEGIN, "| code | firmware | meaning |", "|---|---|---|",
    ...n.errors.map((e) => `| ${e.code} | \`E_${e.name}\` | ${e.meaning} |`), ERRORS_END].join("\n");
}

/** docs/config.md's table of character sets: the fields that use each (by JSON path) and its characters. */
export function charsetTable(n: Names, fields: Field[]): string {
  const users = (c: Charset) => fields.filter((f) => f.node["x-block"]?.charset === c.name).map((f) => `\`${f.path}\``).join(", ");
  return [CHARSETS_BEGIN, "| set | fields | characters |", "|---|---|---|",
    ...n.charsets.map((c) => `| ${c.name} | ${users(c)} | ${c.characters.replace(/\|/g, "\\|")} |`), CHARSETS_END].join("\n");
}
