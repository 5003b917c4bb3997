// Image identity (docs/serial-protocol.md, "Images"): a WebAssembly custom
// section named "intercom.image" holding JSON {version, boards[]}. Engines
// ignore custom sections (WebAssembly spec, 5.5.3), so the code of
// build/firmware.wasm stays byte-identical whether or not an image carries one.
import { HEADER, customSection, sections, type Section } from "../wasm-binary.js";

export const SECTION = "intercom.image";

export interface ImageIdentity {
  version: string;
  boards: string[];
}

/** Checks the JSON of a section: a version of 1..64 printable characters and 1..16 board names. */
export function checkIdentity(v: unknown): ImageIdentity | string {
  const o = v as Partial<ImageIdentity> | null;
  if (typeof o !== "object" || o === null) return "identity must be a JSON object {version, boards}";
  if (typeof o.version !== "string" || !/^[\x21-\x7e]{1,64}$/.test(o.version)) return "version must be 1..64 visible ASCII characters";
  if (!Array.isArray(o.boards) || o.boards.length < 1 || o.boards.length > 16) return "boards must list 1..16 board names";
  if (!o.boards.every((n) => typeof n === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(n))) return "boards must be board names like \"esp32-ethernet\"";
  return { version: o.version, boards: [...o.boards] };
}

/** The identity an image carries, or why it has none usable. */
export function readIdentity(image: Uint8Array): ImageIdentity | string {
  let found: Section[];
  try {
    found = sections(image).filter((s) => s.custom?.name === SECTION);
  } catch (err) {
    return (err as Error).message;
  }
  if (found.length === 0) return `no "${SECTION}" section: pack the image with \`intercom pack\` first`;
  if (found.length > 1) return `more than one "${SECTION}" section`;
  try {
    return checkIdentity(JSON.parse(Buffer.from(found[0].custom!.data).toString("utf8")));
  } catch (err) {
    return `"${SECTION}" is not JSON: ${(err as Error).message}`;
  }
}

/** The image with its identity section replaced (or added at the end); the rest of the bytes unchanged. */
export function writeIdentity(image: Uint8Array, id: ImageIdentity): Uint8Array<ArrayBuffer> {
  const checked = checkIdentity(id);
  if (typeof checked === "string") throw new Error(checked);
  const kept = sections(image).filter((s) => s.custom?.name !== SECTION);
  const section = customSection(SECTION, Buffer.from(JSON.stringify(checked), "utf8"));
  return new Uint8Array(Buffer.concat([HEADER, ...kept.map((s) => image.subarray(s.start, s.end)), section]));
}
