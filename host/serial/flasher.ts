// Flashing from the host (docs/serial-protocol.md, "Flashing"): Begin with
// the size, the SHA-256 and the image's header and trailer (docs/images.md:
// the board refuses another kind or board before a byte is written), the
// chunks in order, Verify, Activate; then greet the rebooted board and wait
// until the new image confirmed itself or the board fell back to the old one.
import { createHash } from "node:crypto";
import { Cmd, Status } from "./frame.js";
import { BoardRefused } from "./link.js";
import type { Client, HelloInfo } from "./client.js";
import { HEADER_SIZE, readImage } from "../image/format.js";

export interface FlashProgress {
  (sent: number, total: number): void;
}

export interface FlashResult {
  bytes: number;
  seconds: number;
  slot: string;
  version: string;
  sha256: string;
  retries: number;
}

export const DEFAULT_CHUNK = 2048;
/** The first protocol whose FlashBegin carries the image's header and trailer (docs/serial-protocol.md, "Commands"). */
export const IMAGE_PROTOCOL = 3;

/** FlashBegin's request for an image: its size and SHA-256, and its header and trailer in base64. */
export function beginRequest(image: Uint8Array, chunkSize: number): { size: number; sha256: string; chunkSize: number; header: string; trailer: string } {
  const packed = readImage(image);
  return {
    size: image.length,
    sha256: createHash("sha256").update(image).digest("hex"),
    chunkSize,
    header: Buffer.from(image.subarray(0, HEADER_SIZE)).toString("base64"),
    trailer: Buffer.from(image.subarray(packed.trailerOffset)).toString("base64"),
  };
}

/** Writes and verifies an image (docs/images.md) in the inactive slot; throws ImageError, BoardRefused or LinkDown. */
export async function writeImage(c: Client, image: Uint8Array, progress: FlashProgress = () => {}, chunk = DEFAULT_CHUNK): Promise<FlashResult> {
  if (c.info.protocol < IMAGE_PROTOCOL) {
    throw new BoardRefused(`the board speaks protocol ${c.info.protocol}, which takes the older images (a WebAssembly custom section); this intercom sends images of protocol ${IMAGE_PROTOCOL} (docs/images.md)`, Status.Refused, "protocol");
  }
  const begin = beginRequest(image, Math.min(chunk, c.info.limits.maxPayload - 4));
  const sha256 = begin.sha256;
  const t0 = process.hrtime.bigint();
  const retries0 = c.link.counters.retries;
  const begun = await c.call(Cmd.FlashBegin, begin);
  const size = Number(begun.chunkSize);
  progress(0, image.length);
  for (let i = 0, at = 0; at < image.length; i++, at += size) {
    const bytes = image.subarray(at, Math.min(at + size, image.length));
    const head = Buffer.alloc(4);
    head.writeUInt32LE(i);
    await c.link.request(Cmd.FlashData, Buffer.concat([head, bytes]));
    progress(at + bytes.length, image.length);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const verified = await c.call(Cmd.FlashVerify, {}, { timeoutMs: 5000, retries: 3 });
  return { bytes: image.length, seconds, slot: String(verified.slot), version: String(verified.version), sha256, retries: c.link.counters.retries - retries0 };
}

export interface BootOutcome {
  info: HelloInfo;
  confirmed: boolean;
  reason?: string;
}

/** Activates the verified slot and follows the trial boot until it is confirmed or fell back. */
export async function activateAndConfirm(c: Client, slot: string, waitMs = 15000): Promise<BootOutcome> {
  await c.call(Cmd.FlashActivate, { slot });
  const until = Date.now() + waitMs;
  for (;;) {
    const info = await c.hello({ timeoutMs: 500, retries: 20 });
    const fell = info.lastBoot.fellBack === true;
    if (fell) return { info, confirmed: false, reason: String(info.lastBoot.reason) };
    if (info.firmware && info.firmware.slot === slot && !info.firmware.trial) return { info, confirmed: true };
    if (Date.now() > until) return { info, confirmed: false, reason: `slot ${slot} did not confirm itself within ${waitMs} ms` };
    await new Promise((r) => setTimeout(r, 200));
  }
}
