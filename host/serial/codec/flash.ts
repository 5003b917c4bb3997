// Flashing's payloads in protocol 4 (docs/serial-agent.md, "Protocol 4" and
// "Flashing"): Begin carries the size, the chunk size, the SHA-256 of the
// whole image, its 32-octet header and its trailer (docs/images.md), so the
// board refuses another kind or board before it erases a thing; Data a
// numbered chunk; Verify answers the slot, the image's version and its own
// SHA-256 record; Activate names the verified slot.
import { createHash } from "node:crypto";
import { Reader, Writer, hex } from "./bytes.js";
import { HEADER_SIZE, readImage, versionText } from "../../image/format.js";

export interface BeginRequest {
  size: number;
  chunkSize: number;
  sha256: Uint8Array;
  header: Uint8Array;
  trailer: Uint8Array;
}

export function encodeBegin(b: BeginRequest): Buffer {
  return new Writer().u32(b.size).u16(b.chunkSize).bytes(b.sha256).bytes(b.header).bytes(b.trailer).done();
}

export function decodeBegin(p: Uint8Array): BeginRequest {
  const r = new Reader(p, "FlashBegin");
  return { size: r.u32("size"), chunkSize: r.u16("chunkSize"), sha256: r.bytes(32, "sha256"), header: r.bytes(HEADER_SIZE, "header"), trailer: r.rest() };
}

/** Begin's request for a packed image (throws ImageError when it does not read as one). */
export function beginFor(image: Uint8Array, chunkSize: number): BeginRequest {
  const packed = readImage(image);
  return {
    size: image.length,
    chunkSize,
    sha256: new Uint8Array(createHash("sha256").update(image).digest()),
    header: image.subarray(0, HEADER_SIZE),
    trailer: image.subarray(packed.trailerOffset),
  };
}

export interface BeginAnswer {
  slot: number;
  chunkSize: number;
  chunks: number;
}

export const encodeBeginAnswer = (a: BeginAnswer): Buffer => new Writer().u8(a.slot).u16(a.chunkSize).u32(a.chunks).done();

export function decodeBeginAnswer(p: Uint8Array): BeginAnswer {
  const r = new Reader(p, "FlashBegin's answer");
  return { slot: r.u8("slot"), chunkSize: r.u16("chunkSize"), chunks: r.u32("chunks") };
}

export const encodeData = (chunk: number, octets: Uint8Array): Buffer => new Writer().u32(chunk).bytes(octets).done();

export function decodeData(p: Uint8Array): { chunk: number; octets: Uint8Array } {
  const r = new Reader(p, "FlashData");
  return { chunk: r.u32("chunk"), octets: r.rest() };
}

/** FlashData's answer, and the chunk it names. */
export const encodeChunk = (chunk: number): Buffer => new Writer().u32(chunk).done();
export const decodeChunk = (p: Uint8Array): number => new Reader(p, "FlashData's answer").u32("chunk");

export interface VerifyAnswer {
  slot: number;
  version: string;
  sha256: string;
}

export function encodeVerifyAnswer(slot: number, version: { major: number; minor: number; revision: number; build: number }, sha256: Uint8Array): Buffer {
  return new Writer().u8(slot).version(version).bytes(sha256).done();
}

export function decodeVerifyAnswer(p: Uint8Array): VerifyAnswer {
  const r = new Reader(p, "FlashVerify's answer");
  return { slot: r.u8("slot"), version: versionText(r.version("version")), sha256: hex(r.bytes(32, "sha256")) };
}

/** FlashActivate's request and answer: the slot. */
export const encodeSlot = (slot: number): Buffer => new Writer().u8(slot).done();
export const decodeSlot = (p: Uint8Array, record: string): number => new Reader(p, record).u8("slot");

/** The slot's letter, as the CLI prints it. */
export const slotName = (slot: number): "A" | "B" => (slot === 0 ? "A" : "B");
export const slotNumber = (name: string): number => (name === "B" ? 1 : 0);
