// The configuration as the serial link shows and changes it: keys such as
// "lockout.tries" or "buttons[0].targets[1]", checked against the schema, with
// the secrets the schema declares (writeOnly) masked on the way out
// (docs/serial-protocol.md, "Provisioning"), and the stored block turned back into
// its JSON form with the password kept, so that changing one field leaves the
// others, the password included, as they were.
import { decodeConfig, encodeConfig, validateConfig, Tag, type Config } from "../config.js";
import { isText, maskSecrets, schemaAt, secretState, type KeyPath, type SchemaKey } from "../config-schema.js";

type Json = Record<string, unknown>;

/** The key names a text field (its value is taken as written on a command line). */
export function isTextPath(key: string): boolean {
  try {
    return isText(configKey(key).node);
  } catch {
    return false;
  }
}

/** "a.b[2].c" as ["a", "b", 2, "c"]; throws naming the key when it is not a path. */
export function parsePath(key: string): KeyPath {
  if (!/^[A-Za-z]\w*(\[\d+\])*(\.[A-Za-z]\w*(\[\d+\])*)*$/.test(key)) {
    throw new Error(`${key}: not a configuration key; write it as field.sub or list[index].field (docs/config.md)`);
  }
  return key.split(/\.|(?=\[)/).map((s) => (s.startsWith("[") ? Number(s.slice(1, -1)) : s));
}

export function getPath(root: unknown, path: KeyPath): unknown {
  let at: unknown = root;
  for (const p of path) at = at === undefined || at === null ? undefined : (at as Json)[p as string];
  return at;
}

/** Sets (or, with undefined, removes) the value at path, creating the objects and lists on the way. */
export function setPath(root: Json, path: KeyPath, value: unknown): void {
  let at: Json | unknown[] = root;
  path.slice(0, -1).forEach((p, i) => {
    const next = (at as Json)[p as string];
    if (typeof next !== "object" || next === null) (at as Json)[p as string] = typeof path[i + 1] === "number" ? [] : {};
    at = (at as Json)[p as string] as Json;
  });
  const last = path[path.length - 1];
  if (value !== undefined) (at as Json)[last as string] = value;
  else if (Array.isArray(at) && typeof last === "number") at.splice(last, 1);
  else delete (at as Json)[last as string];
}

/** A key as a path, with what the schema says of it. */
export type ConfigKey = SchemaKey & { path: KeyPath };

/** A key checked against the schema (host/config-schema.ts); throws naming the key and the fix when it names no field. */
export function configKey(key: string): ConfigKey {
  const path = parsePath(key);
  const at = schemaAt(path);
  if (typeof at === "string") throw new Error(`${key}: not a configuration key: ${at} (docs/config.md)`);
  return { ...at, path };
}

/** What a key reads back as: its value with secrets masked; any key that reaches into a secret, its state. */
export function readKey(config: Json, k: ConfigKey): unknown {
  if (k.secret) return secretState(k.node, getPath(config, k.secret));
  return maskSecrets(getPath(config, k.path), k.node) ?? null;
}

/** The password record of a block (tag 0x03), read without trusting the rest; "" when there is none. */
export function blockPassword(block: Uint8Array): string {
  for (let at = 14; at + 3 <= block.length;) {
    const tag = block[at], size = block[at + 1] | (block[at + 2] << 8);
    if (tag === Tag.Password) return Buffer.from(block.subarray(at + 3, at + 3 + size)).toString("utf8");
    at += 3 + size;
  }
  return "";
}

/** The allowed callers' secrets of a block (tag 0x71, each after its caller's 0x70), by entry index. */
export function blockSecrets(block: Uint8Array): Map<number, string> {
  const secrets = new Map<number, string>();
  let callers = 0;
  for (let at = 14; at + 3 <= block.length;) {
    const tag = block[at], size = block[at + 1] | (block[at + 2] << 8);
    if (tag === Tag.Allowed) callers++;
    if (tag === Tag.AllowedSecret && callers > 0) secrets.set(callers - 1, Buffer.from(block.subarray(at + 3, at + 3 + size)).toString("utf8"));
    at += 3 + size;
  }
  return secrets;
}

/** A decoded configuration as the JSON a user writes (no passwordSet, no empty fields), the password and the callers' secrets put back. */
export function configJson(c: Config, password: string, secrets = new Map<number, string>()): Json {
  const { passwordSet: _set, password: _pw, ...rest } = c;
  const out = JSON.parse(JSON.stringify(rest)) as Json;
  if (out.authUser === out.user) delete out.authUser;
  if (password) out.password = password;
  const incoming = out.incoming as { allowed: (string | { caller: string; secret?: string; secretSet?: boolean })[] };
  incoming.allowed = incoming.allowed.map((a, i) => (typeof a === "string" ? a : { caller: a.caller, secret: secrets.get(i) }));
  return out;
}

/** The JSON form of a stored block (null: none, safe defaults); throws when the block is damaged. */
export function blockJson(block: Uint8Array | null): Json {
  if (!block) return {};
  return configJson(decodeConfig(block), blockPassword(block), blockSecrets(block));
}

/** The block with localPort changed (the port a simulated board binds), everything else kept. */
export function withLocalPort(block: Uint8Array, port: number): Uint8Array {
  const json = { ...blockJson(block), localPort: port };
  const v = validateConfig(json);
  return v.ok ? encodeConfig(v.config) : block;
}
