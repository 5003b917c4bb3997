// docs/config.md's two tables, written from host/config.schema.json by
// host/tools/config-table.ts, each between its two markers: the fields (one
// row per field, a list of objects a row and then its fields: type, range,
// default, description, "write-only" for a secret, the record's tag) and the
// block's tags (width, the JSON path, what the value holds).
import type { Node, Field } from "./config-table.js";

export const DOC_BEGIN = "<!-- config:fields begin -->";
export const DOC_END = "<!-- config:fields end -->";
export const TAGS_BEGIN = "<!-- config:tags begin -->";
export const TAGS_END = "<!-- config:tags end -->";

const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
const objectOf = (n: Node | undefined): Node | undefined => (n?.properties ? n : n?.oneOf?.find((o) => o.properties));

function typeOf(n: Node): string {
  if (n.enum) return "enum";
  if (n.type === "array") return n.items?.type === "string" ? "string list" : "list";
  return n.type ?? "";
}

function rangeOf(n: Node): string {
  if (n.enum) return n.enum.map(code).join(", ");
  if (n.format === "ipv4") return "IPv4 `a.b.c.d`, not 0.0.0.0";
  if (n.format === "ip-literal") return "IPv4 `a.b.c.d` not in 0.0.0.0/8, or IPv6 (`::1`, `[::1]`) not `::`";
  if (n.format === "host") return `IPv4 \`a.b.c.d\` (not in 0.0.0.0/8), IPv6 (not \`::\`, brackets optional) or a DNS name of ${n.minLength}..${n.maxLength} octets`;
  if (n.type === "integer") {
    const alone = n.anyOf?.find((a) => a.const !== undefined)?.const, from = n.anyOf?.find((a) => a.minimum !== undefined)?.minimum;
    return alone !== undefined && from !== undefined ? `${alone} or ${from}..${n.maximum}` : `${n.minimum}..${n.maximum}`;
  }
  if (n.type === "string") return `${n.minLength ?? 0}..${n.maxLength} octets`;
  if (n.type === "array") {
    const count = n.minItems ? `${n.minItems}..${n.maxItems} entries` : `at most ${n.maxItems}`;
    const item = n.items?.type === "string" ? `, each ${rangeOf(n.items)}` : "";
    return `${count}${item}`;
  }
  return "";
}

function defaultOf(n: Node, required: string | undefined): string {
  if (n.default !== undefined) return code(n.default);
  if (required !== undefined) return required ? `required in \`${required}\`` : "required";
  return n.type === "array" ? "[]" : "—";
}

function meaningOf(n: Node): string {
  const text = (n.description ?? n.items?.description ?? "").replace(/\|/g, "\\|");
  const secret = n.writeOnly || n.items?.writeOnly ? "; **write-only** (below)" : "";
  const tag = n["x-block"] ? ` (tag ${n["x-block"].tag})` : "";
  return `${text}${secret}${tag}`.replace(/^; /, "").trim();
}

/** The rows of `node`'s properties, depth first in schema order. */
function rows(node: Node, at: string, out: string[]): string[] {
  for (const [k, n] of Object.entries(node.properties ?? {})) {
    const p = at ? `${at}.${k}` : k, entry = n.type === "array" ? objectOf(n.items) : undefined;
    const required = node.required?.includes(k) ? (at.endsWith("[]") ? "" : at) : undefined; // a list entry's, or an object's
    if (n.type === "object") {
      if (n.description) out.push(`| \`${p}\` | object | | — | ${meaningOf(n)} |`);
      rows(n, p, out);
      continue;
    }
    out.push(`| \`${p}${n.type === "array" ? "[]" : ""}\` | ${typeOf(n)} | ${rangeOf(n)} | ${defaultOf(n, required)} | ${meaningOf(n)} |`);
    if (entry) rows(entry, `${p}[]`, out);
  }
  return out;
}

/** The table, markers included. */
export function docTable(schema: Node): string {
  return [DOC_BEGIN, "| JSON path | type | range | default | meaning |", "|---|---|---|---|---|", ...rows(schema, "", []), DOC_END].join("\n");
}

/** What a record's value holds: a choice's block values (its rule without "must be "), an address, a list's entries. */
function valueOf(f: Field, required: boolean): string {
  const n = f.node, note = f.node["x-block"]?.note;
  let v = "";
  if (f.encoding === "begin") v = "begins an entry";
  else if (f.encoding === "ipv4") v = "a, b, c, d (IPv4), or the 16 octets of an IPv6 address";
  else if (n.type === "array") v = `repeated, ${n.minItems ?? 0}..${n.maxItems}`;
  else if (f.codes || n.anyOf) v = f.rule.replace(/^must be /, "");
  if (required) v = v ? `${v} (required)` : "required";
  return [v.trim(), note].filter((x) => x).join("; ");
}

/** The tags table: one row per record, in tag order; list indexes as [i] and [j]. */
export function tagTable(fields: Field[], schema: Node): string {
  const requiredIn = (p: string) => { // whether the field is required in its list entry
    const parts = p.split("."), key = parts.pop()!;
    let n: Node | undefined = schema;
    for (const part of parts) n = part.endsWith("[]") ? n?.properties?.[part.slice(0, -2)]?.items : n?.properties?.[part];
    return p.includes("[]") && (n?.required?.includes(key) ?? false);
  };
  const rows = fields.map((f) => {
    let i = 0;
    const at = f.path.replace(/\[\]/g, () => (i++ === 0 ? "[i]" : "[j]")) + (f.node.type === "array" ? (i === 0 ? "[i]" : "[j]") : "");
    const width = f.encoding === "text" ? "text" : f.encoding === "ipv4" ? "4 or 16" : String({ u8: 1, u16: 2, u32: 4, begin: 0 }[f.encoding]);
    const value = valueOf(f, requiredIn(f.path));
    return `| 0x${f.tag.toString(16).toUpperCase().padStart(2, "0")} | ${width} | \`${at}\` |${value ? ` ${value} ` : " "}|`;
  });
  return [TAGS_BEGIN, "| tag | width | JSON path | value |", "|---|---|---|---|", ...rows, TAGS_END].join("\n");
}

/** The docs file with the text between `begin` and `end` replaced by `table` (an Error when a marker is missing). */
export function withDocTable(doc: string, table: string, begin = DOC_BEGIN, end = DOC_END): string {
  const from = doc.indexOf(begin), to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/config.md: the markers ${begin} and ${end} are missing`);
  return doc.slice(0, from) + table + doc.slice(to + end.length);
}
