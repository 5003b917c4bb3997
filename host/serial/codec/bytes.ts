// The octets every protocol 4 payload is built of (docs/serial-agent.md,
// "Protocol 4"): little-endian numbers, `str8` (a length octet, then that
// many octets) and the 8-octet image version (major u8, minor u8, revision
// u16, build u32, as in the image header of docs/images.md).
import type { ImageVersion } from "../../image/format.js";

/** A payload shorter than its record: names the record and the field it ran out in. */
export class ShortPayload extends Error {}

/** Reads a payload front to back; every read names its field when the payload ends first. */
export class Reader {
  at = 0;
  constructor(readonly b: Uint8Array, readonly record: string) {}

  private need(n: number, field: string): number {
    if (this.at + n > this.b.length) {
      throw new ShortPayload(`${this.record}: the payload ends at octet ${this.b.length}, inside ${field}; the board and this intercom disagree on the record (update both)`);
    }
    const at = this.at;
    this.at += n;
    return at;
  }

  private get view(): DataView {
    return new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
  }

  u8(field: string): number {
    return this.b[this.need(1, field)];
  }

  u16(field: string): number {
    return this.view.getUint16(this.need(2, field), true);
  }

  u32(field: string): number {
    return this.view.getUint32(this.need(4, field), true);
  }

  i32(field: string): number {
    return this.view.getInt32(this.need(4, field), true);
  }

  bytes(n: number, field: string): Uint8Array {
    const at = this.need(n, field);
    return new Uint8Array(this.b.buffer, this.b.byteOffset + at, n); // a plain view, whether the payload is a Buffer or not
  }

  str8(field: string): string {
    return Buffer.from(this.bytes(this.u8(`${field} length`), field)).toString("latin1");
  }

  version(field: string): ImageVersion {
    return { major: this.u8(`${field}.major`), minor: this.u8(`${field}.minor`), revision: this.u16(`${field}.revision`), build: this.u32(`${field}.build`) };
  }

  /** What is left of the payload. */
  rest(): Uint8Array {
    return this.bytes(this.b.length - this.at, "rest");
  }
}

/** Builds a payload front to back. */
export class Writer {
  private parts: number[] = [];

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }

  i32(v: number): this {
    return this.u32(v >>> 0);
  }

  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
    return this;
  }

  /** A length octet and the text's octets (ASCII; at most 255). */
  str8(s: string): this {
    const b = Buffer.from(s, "latin1");
    if (b.length > 255) throw new RangeError(`str8: ${b.length} octets, at most 255`);
    return this.u8(b.length).bytes(b);
  }

  version(v: ImageVersion): this {
    return this.u8(v.major).u8(v.minor).u16(v.revision).u32(v.build);
  }

  done(): Buffer {
    return Buffer.from(this.parts);
  }
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
