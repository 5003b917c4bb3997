// The error payload of protocol 4 (docs/serial-agent.md, "Errors"): every
// response of status 1, 3, 4 or 5 carries `[config error u8][config tag u8]
// [text]`. A refused configuration names the firmware's refusal code and the
// tag at fault (docs/config.md "Loading"): the host names the JSON field from
// the tag (the schema's x-block) and says what the code means. Otherwise both
// octets are 0 and the text reads `FIELD: why`.
import { Reader, Writer } from "./bytes.js";
import { configSchema } from "../../config-schema.js";
import { REFUSAL_MEANINGS } from "../../config-table.js";

/** The tag of a KEEP record (docs/serial-agent.md, "The configuration"). */
export const KEEP_TAG = 0x7e;

interface Node {
  "x-block"?: { tag: string };
  properties?: Record<string, Node>;
  items?: Node;
  oneOf?: Node[];
}

/** Each block tag's JSON path ("relays[].doorCodes"), read from the schema's x-block declarations. */
function tagPaths(node: Node, at: string, out: Map<number, string>): Map<number, string> {
  if (node["x-block"] && !out.has(Number(node["x-block"].tag))) out.set(Number(node["x-block"].tag), at);
  for (const [k, n] of Object.entries(node.properties ?? {})) tagPaths(n, at ? `${at}.${k}` : k, out);
  if (node.items) tagPaths(node.items, `${at}[]`, out);
  for (const n of node.oneOf ?? []) tagPaths(n, at, out);
  return out;
}

const TAG_PATHS = tagPaths(configSchema as Node, "", new Map());

/** The JSON path of a block tag; for 0 (the block as a whole) "config", for KEEP the secret it names. */
export function tagPath(tag: number): string {
  if (tag === 0) return "config";
  if (tag === KEEP_TAG) return "config (a kept secret)";
  return TAG_PATHS.get(tag) ?? `tag 0x${tag.toString(16).padStart(2, "0")}`;
}

export interface Refusal {
  error: string;
  field?: string;
  /** The firmware's refusal code and tag when the configuration was refused. */
  configError?: number;
  configTag?: number;
}

export const encodeRefusal = (configError: number, configTag: number, text: string): Buffer =>
  new Writer().u8(configError).u8(configTag).bytes(Buffer.from(text, "latin1")).done();

/** An error payload as {error, field}: the field from `FIELD: why`, or the tag's JSON path for a refused configuration. */
export function decodeRefusal(p: Uint8Array, status: number): Refusal {
  if (p.length < 2) return { error: `the board answered error status ${status} without a reason` };
  const r = new Reader(p, "error");
  const configError = r.u8("config error"), configTag = r.u8("config tag");
  const text = Buffer.from(r.rest()).toString("latin1");
  if (configError !== 0) {
    const field = tagPath(configTag);
    const meaning = configTag === KEEP_TAG && configError !== 0 ? "a KEEP record names a secret the active configuration does not hold; give that secret" : REFUSAL_MEANINGS[configError] ?? `refusal ${configError}`;
    return { error: `configuration refused: ${field}: ${meaning}${text ? ` (${text})` : ""}`, field, configError, configTag };
  }
  const m = /^([A-Za-z][\w.[\]]*): /.exec(text);
  return m ? { error: text, field: m[1] } : { error: text || `the board answered error status ${status}` };
}
