// Image identity (docs/serial-protocol.md, "Images"): a WebAssembly custom
// section named "intercom.image" holding JSON {version, boards[]}. Engines
// ignore custom sections (WebAssembly spec, 5.5.3), so the code of
// build/firmware.wasm stays byte-identical whether or not an image carries one.
export const SECTION = "intercom.image";

export interface ImageIdentity {
  version: string;
  boards: string[];
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function readLeb(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let shift = 0, i = at; i < b.length && shift < 35; shift += 7, i++) {
    v += (b[i] & 0x7f) * 2 ** shift;
    if ((b[i] & 0x80) === 0) return [v, i + 1];
  }
  throw new Error("truncated LEB128 number");
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

interface Section { id: number; start: number; end: number; name?: string; payload?: Uint8Array }

/** The sections of a module (throws on a file that is not one). */
function sections(b: Uint8Array): Section[] {
  if (b.length < 8 || MAGIC.some((m, i) => b[i] !== m)) throw new Error("not a WebAssembly module (no \\0asm version 1 header)");
  const out: Section[] = [];
  for (let at = 8; at < b.length;) {
    const id = b[at];
    const [size, body] = readLeb(b, at + 1);
    const end = body + size;
    if (end > b.length) throw new Error("a section runs past the end of the file");
    const s: Section = { id, start: at, end };
    if (id === 0) {
      const [len, nameAt] = readLeb(b, body);
      s.name = Buffer.from(b.subarray(nameAt, nameAt + len)).toString("utf8");
      s.payload = b.subarray(nameAt + len, end);
    }
    out.push(s);
    at = end;
  }
  return out;
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
    found = sections(image).filter((s) => s.name === SECTION);
  } catch (err) {
    return (err as Error).message;
  }
  if (found.length === 0) return `no "${SECTION}" section: pack the image with \`intercom pack\` first`;
  if (found.length > 1) return `more than one "${SECTION}" section`;
  try {
    return checkIdentity(JSON.parse(Buffer.from(found[0].payload!).toString("utf8")));
  } catch (err) {
    return `"${SECTION}" is not JSON: ${(err as Error).message}`;
  }
}

/** The image with its identity section replaced (or added at the end); the rest of the bytes unchanged. */
export function writeIdentity(image: Uint8Array, id: ImageIdentity): Uint8Array<ArrayBuffer> {
  const checked = checkIdentity(id);
  if (typeof checked === "string") throw new Error(checked);
  const kept = sections(image).filter((s) => s.name !== SECTION);
  const name = Buffer.from(SECTION, "utf8");
  const payload = Buffer.from(JSON.stringify(checked), "utf8");
  const content = [...leb(name.length), ...name, ...payload];
  const section = [0, ...leb(content.length), ...content];
  return new Uint8Array(Buffer.concat([Buffer.from(MAGIC), ...kept.map((s) => image.subarray(s.start, s.end)), Buffer.from(section)]));
}
