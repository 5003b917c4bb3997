// The configuration's JSON Schema (host/config.schema.json) as the serial
// link reads it: which keys exist, what type each field has, and which fields
// are secrets. A secret is declared once, in the schema, with the JSON Schema
// annotation `"writeOnly": true` (draft 2020-12, meta-data vocabulary): the
// SIP password, the keypad access codes and the DTMF door codes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultBoardsDir } from "./boards.js";

export interface SchemaNode {
  type?: string;
  enum?: unknown[];
  writeOnly?: boolean;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** A key as a path: "buttons[0].targets[1]" is ["buttons", 0, "targets", 1]. */
export type KeyPath = (string | number)[];

/** The schema, read from host/ beside boards/ (both when run from host/ and from build/js/host/). */
export const configSchema: SchemaNode = JSON.parse(readFileSync(path.join(defaultBoardsDir(), "..", "host", "config.schema.json"), "utf8"));

/** A path written back as a key. */
export const keyOf = (p: KeyPath): string => p.map((s, i) => (typeof s === "number" ? `[${s}]` : i > 0 ? `.${s}` : s)).join("");

const KINDS: Record<string, string> = { object: "an object", array: "a list", string: "a string", integer: "a number", boolean: "true or false" };
const kindOf = (n: SchemaNode): string => KINDS[n.type ?? ""] ?? "one of fixed values";

/** The node a step leads to: a list's items, or an object's own property (never one inherited, such as "constructor"). */
function child(node: SchemaNode | undefined, step: string | number): SchemaNode | undefined {
  if (typeof step === "number") return node?.items;
  return node?.properties && Object.hasOwn(node.properties, step) ? node.properties[step] : undefined;
}

/** What a key names: its schema node, and when the key reaches a secret (or into one), the path of that secret field. */
export interface SchemaKey {
  node: SchemaNode;
  secret?: KeyPath;
}

/** Resolves a key against the schema; a string says why it names no field (past a plain value, or unknown). */
export function schemaAt(key: KeyPath): SchemaKey | string {
  let node = configSchema;
  for (let i = 0; i < key.length; i++) {
    if (node.writeOnly) return { node, secret: key.slice(0, i) };
    const step = key[i], here = keyOf(key.slice(0, i));
    const next = child(node, step);
    if (next) {
      node = next;
      continue;
    }
    if (i === 0) return `the configuration has no field ${step}`;
    if (node.type === "object") return `${here} has no field ${step}`;
    return `${here} is ${kindOf(node)}: it has no ${typeof step === "number" ? `[${step}]` : `field ${step}`}; ask for ${here}`;
  }
  return node.writeOnly ? { node, secret: key } : { node };
}

/** What a secret field reads back as: "set" or "unset", by the field's type (a string is set when not empty). */
export function secretState(node: SchemaNode, value: unknown): "set" | "unset" {
  const set = node.type === "string" ? typeof value === "string" && value.length > 0 : value !== undefined && value !== null;
  return set ? "set" : "unset";
}

/** `value`, found at `node` of the schema, with every secret in it replaced by its state. */
export function maskSecrets(value: unknown, node: SchemaNode | undefined = configSchema): unknown {
  if (node?.writeOnly) return secretState(node, value);
  if (Array.isArray(value)) return value.map((v, i) => maskSecrets(v, child(node, i)));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, child(node, k))]));
  }
  return value;
}

/** Every secret field of the schema, as keys with "[]" for list items. */
export function secretKeys(node: SchemaNode = configSchema, at = ""): string[] {
  if (node.writeOnly) return [at];
  const inner = Object.entries(node.properties ?? {}).flatMap(([k, n]) => secretKeys(n, at ? `${at}.${k}` : k));
  return node.items ? [...inner, ...secretKeys(node.items, `${at}[]`)] : inner;
}

/** Whether a field holds text: a string, or one of fixed strings. */
export const isText = (n: SchemaNode): boolean => n.type === "string" || (n.enum?.every((v) => typeof v === "string") ?? false);
