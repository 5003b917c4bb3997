// The texts' character sets, declared once in host/config.schema.json's
// "x-charsets": what octets each set's class admits ("octets" ranges, plus
// "chars", less "except") and the structure the class sits in ("structure";
// absent: every octet in the class). From them host/tools/config-table.ts
// writes the firmware's octetIn() and charsetShape() (schema.generated.ts),
// the host's regular-expression classes (host/config-table.ts) and docs'
// Texts table. The structure rules themselves are code, once a side:
// assembly/app/config/charset.ts and host/config.ts.
import type { Field } from "./config-table.js";

export const CHARSETS_BEGIN = "<!-- config:charsets begin -->";
export const CHARSETS_END = "<!-- config:charsets end -->";

/**
 *   class    every octet in the class (the default)
 *   escapes  class octets or %HH (RFC 3261 §25.1 escaped)
 *   labels   dot-separated labels of class octets, "-" at neither end of a label, each 1..63 (RFC 3261 §25.1 hostname)
 *   sip-uri  "sip:" or "sips:", then at least one class octet (RFC 3261 §19.1.1)
 *   either   what any of the sets named in "of" admits (no class of its own)
 */
export const STRUCTURES = ["class", "escapes", "labels", "sip-uri", "either"] as const;
export type Structure = (typeof STRUCTURES)[number];
export interface CharsetDecl { octets?: string[]; chars?: string; except?: string; structure?: Structure; of?: string[]; source?: string; rule: string }

export interface Charset {
  name: string; id: number; rule: string; structure: Structure; of: string[]; source?: string;
  /** Whether the class admits each octet 0..255 (all false for "either"). */
  admits: boolean[];
  /** The class's number in the firmware's octetIn (1..), 0 for a set without a class. */
  cls: number;
  /** The declaration's faults, for checkCharsets. */
  faults: string[];
  decl: CharsetDecl;
}

const RANGE = /^0x([0-9a-f]{2})(?:-0x([0-9a-f]{2}))?$/i;

function parse(name: string, id: number, d: CharsetDecl): Charset {
  const admits = new Array<boolean>(256).fill(false), faults: string[] = [];
  for (const r of d.octets ?? []) {
    const m = RANGE.exec(r);
    if (!m) { faults.push(`octets entry ${JSON.stringify(r)} must be 0xHH or 0xHH-0xHH`); continue; }
    const lo = parseInt(m[1], 16), hi = parseInt(m[2] ?? m[1], 16);
    for (let c = lo; c <= hi; c++) admits[c] = true;
  }
  for (const [key, on] of [["chars", true], ["except", false]] as const) {
    for (const ch of d[key] ?? "") {
      if (ch.charCodeAt(0) > 0x7e) faults.push(`${key} holds ${JSON.stringify(ch)}: name octets ≥ 0x7F in "octets"`);
      else admits[ch.charCodeAt(0)] = on;
    }
  }
  const structure = d.structure ?? "class";
  return { name, id, rule: d.rule, structure, of: d.of ?? [], source: d.source, admits, cls: 0, faults, decl: d };
}

/** The sets numbered 1.. in schema order; each set with a class gets the next class number. */
export function charsetsOf(decls: Record<string, CharsetDecl>): Charset[] {
  let cls = 0;
  return Object.entries(decls).map(([name, d], i) => {
    const c = parse(name, i + 1, d);
    if (c.structure !== "either") c.cls = ++cls;
    return c;
  });
}

const has = (c: Charset, ch: string) => c.admits[ch.charCodeAt(0)];

/** What the generators and both sides' structure rules rely on. */
export function checkCharsets(sets: Charset[]): string[] {
  const problems: string[] = [];
  for (const c of sets) {
    const at = `x-charsets.${c.name}`;
    problems.push(...c.faults.map((f) => `${at}: ${f}`));
    if (!c.rule) problems.push(`${at}: give the rule its error quotes`);
    if (!STRUCTURES.includes(c.structure)) problems.push(`${at}: structure must be one of ${STRUCTURES.join(", ")}`);
    if (c.structure === "either") {
      if (c.of.length !== 2) problems.push(`${at}: "either" names two sets in "of"`);
      for (const o of c.of) if (!sets.some((s) => s.name === o && s.structure !== "either")) problems.push(`${at}: "of" names ${o}, not a set with a class`);
    } else if (!c.admits.some((a) => a)) problems.push(`${at}: its class admits no octet; give "octets"`);
    if (c.structure === "labels" && has(c, ".")) problems.push(`${at}: "." separates labels, so the class may not hold it`);
    if (c.structure === "escapes" && has(c, "%")) problems.push(`${at}: "%" begins an escape, so the class may not hold it`);
  }
  return problems;
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
/** The admitted octets as [lo, hi] runs. */
const runsOf = (admits: boolean[]) => {
  const runs: [number, number][] = [];
  admits.forEach((a, c) => { if (a) { if (runs.length && runs[runs.length - 1][1] === c - 1) runs[runs.length - 1][1] = c; else runs.push([c, c]); } });
  return runs;
};
const ST = (s: Structure) => `ST_${s.toUpperCase().replace("-", "_")}`;

/** The firmware's lines of schema.generated.ts: CS_*, ST_*, octetIn() (each class's runs of octets, in code: no static memory) and charsetShape(). */
export function assemblyCharsets(sets: Charset[]): string[] {
  const test = ([lo, hi]: [number, number]) => (lo === hi ? `c == ${hex(lo)}` : hi === 0xff ? `c >= ${hex(lo)}` : `c - ${hex(lo)} <= ${hi - lo}`);
  const L = ["// ---- Character sets of the texts (x-charsets; the structure rules: charset.ts) ----"];
  for (const c of sets) L.push(`export const CS_${c.name}: i32 = ${c.id};`);
  STRUCTURES.forEach((s, i) => L.push(`export const ${ST(s)}: u32 = ${i};`));
  L.push("", "/** Whether class `cls` (charsetShape) admits octet c (u32: below a run's start, c - start wraps high). */",
    "export function octetIn(cls: u32, c: u32): bool {", "  switch (cls) {");
  for (const c of sets) if (c.cls) L.push(`    case ${c.cls}: return ${runsOf(c.admits).map(test).join(" || ")}; // ${c.name}`);
  L.push("  }", "  return false;", "}", "",
    "/** Charset cs's structure (ST_*) | its class (octetIn) << 8; for ST_EITHER, the two sets it takes << 16 and << 24. 0 for an unknown set. */",
    "export function charsetShape(cs: i32): u32 {", "  switch (cs) {");
  for (const c of sets) {
    const ofs = c.of.map((o, i) => ` | (<u32>CS_${o} << ${16 + 8 * i})`).join("");
    L.push(`    case CS_${c.name}: return ${ST(c.structure)} | (${c.cls} << 8)${ofs};`);
  }
  L.push("  }", "  return 0;", "}", "", "/** How to fix a text refused by charset `cs` (a literal). */", "export function charsetRule(cs: i32): usize {", "  switch (cs) {");
  for (const c of sets) L.push(`    case CS_${c.name}: return changetype<usize>(${JSON.stringify(c.rule)});`);
  L.push("  }", "  return changetype<usize>(\"bad characters\");", "}", "");
  return L;
}

/** A regular-expression class of the admitted octets, as latin1 characters. */
const reClass = (c: Charset) => `[${runsOf(c.admits).map(([lo, hi]) => (lo === hi ? `\\x${hex(lo).slice(2)}` : `\\x${hex(lo).slice(2)}-\\x${hex(hi).slice(2)}`)).join("")}]`;

/** The host's lines of host/config-table.ts: each set's class, structure and rule. */
export function typeScriptCharsets(sets: Charset[], fields: Field[]): string[] {
  const L = ["", "/** The character set of each text, by path (\"[]\" for list items). */", "export const CHARSET_OF: Record<string, string> = {"];
  for (const f of fields) if (f.encoding === "text") L.push(`  ${JSON.stringify(f.path)}: ${JSON.stringify(f.node["x-block"]!.charset)},`);
  L.push("};", "", "/** The fix a text refused by each character set quotes (the firmware's charsetRule). */", "export const CHARSET_RULES: Record<string, string> = {");
  for (const c of sets) L.push(`  ${c.name}: ${JSON.stringify(c.rule)},`);
  L.push("};", "", "/** Each set's structure (the rules: host/config.ts) and its octet class, a regular-expression class over", " * the text's UTF-8 octets read as latin1 (\"\" for an \"either\" set, which takes the sets in `of`). */",
    `export const CHARSETS: Record<string, { structure: ${STRUCTURES.map((s) => JSON.stringify(s)).join(" | ")}; octets: string; of: readonly string[] }> = {`);
  for (const c of sets) L.push(`  ${c.name}: { structure: ${JSON.stringify(c.structure)}, octets: ${JSON.stringify(c.cls ? reClass(c) : "")}, of: ${JSON.stringify(c.of)} },`);
  L.push("};");
  return L;
}

const code = (t: string) => (t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``);

/** A declaration in words, for docs' Texts table: its ranges ("0x21..0x7E", "`0`-`9`"), chars, except, structure. */
export function charsetText(d: CharsetDecl): string {
  const word = /^[0-9A-Za-z]$/;
  const range = (r: string) => {
    const [lo, hi = lo] = r.split("-").map((x) => parseInt(x, 16));
    const [a, b] = [String.fromCharCode(lo), String.fromCharCode(hi)];
    if (word.test(a) && word.test(b)) return lo === hi ? code(a) : `${code(a)}-${code(b)}`;
    return lo === hi ? `0x${hex(lo).slice(2).toUpperCase()}` : `0x${hex(lo).slice(2).toUpperCase()}..0x${hex(hi).slice(2).toUpperCase()}`;
  };
  const parts = [...(d.octets ?? []).map(range), ...(d.chars ? [code(d.chars)] : [])].join(", ");
  const cls = d.except ? `${parts} except ${[...d.except].map(code).join(" ")}` : parts;
  const source = d.source ? ` (${d.source})` : "";
  switch (d.structure) {
    case "escapes": return `${cls}, and \`%HH\` escapes${source}`;
    case "labels": return `dot-separated labels of ${cls}; \`-\` at neither end of a label, each 1..63 octets${source}`;
    case "sip-uri": return `\`sip:\` or \`sips:\` (lower case), then ≥ 1 of ${cls}${source}`;
    case "either": return `what ${(d.of ?? []).join(" or ")} admits${source}`;
  }
  return `${cls}${source}`;
}

/** docs/config.md's table of character sets: the fields that use each (by JSON path) and what it admits. */
export function charsetTable(sets: Charset[], fields: Field[]): string {
  const users = (c: Charset) => fields.filter((f) => f.node["x-block"]?.charset === c.name).map((f) => `\`${f.path}\``).join(", ");
  return [CHARSETS_BEGIN, "| set | fields | characters |", "|---|---|---|",
    ...sets.map((c) => `| ${c.name} | ${users(c)} | ${charsetText(c.decl).replace(/\|/g, "\\|")} |`), CHARSETS_END].join("\n");
}
