// Flashing from the host (docs/serial-agent.md, "Flashing"): Begin with
// the size, the SHA-256 and the image's header and trailer (docs/images.md:
// the board refuses another kind or board before a byte is written), the
// chunks in order, Verify, Activate; then greet the rebooted board and wait
// until the new image confirmed itself or the board fell back to the old one.
import { Cmd } from "./frame.js";
import type { Client, HelloInfo } from "./client.js";
import { beginFor, decodeBeginAnswer, decodeChunk, decodeSlot, decodeVerifyAnswer, encodeBegin, encodeData, encodeSlot, slotName, slotNumber } from "./codec/flash.js";
import { hex } from "./codec/bytes.js";

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

/** The chunk asked for by default; a board takes at most maxPayload − 4 (1024 for the firmware's agent). */
export const DEFAULT_CHUNK = 2048;

/** Writes and verifies an image (docs/images.md) in the inactive slot; throws ImageError, BoardRefused or LinkDown. */
export async function writeImage(c: Client, image: Uint8Array, progress: FlashProgress = () => {}, chunk = DEFAULT_CHUNK): Promise<FlashResult> {
  const begin = beginFor(image, Math.min(chunk, c.info.limits.maxPayload - 4));
  const t0 = process.hrtime.bigint();
  const retries0 = c.link.counters.retries;
  const begun = decodeBeginAnswer(await c.request(Cmd.FlashBegin, encodeBegin(begin), { timeoutMs: 5000, retries: 3 }));
  const size = begun.chunkSize;
  progress(0, image.length);
  for (let i = 0, at = 0; at < image.length; i++, at += size) {
    const bytes = image.subarray(at, Math.min(at + size, image.length));
    const took = decodeChunk(await c.request(Cmd.FlashData, encodeData(i, bytes)));
    if (took !== i) throw new Error(`FlashData: the board answered chunk ${took} to chunk ${i}`);
    progress(at + bytes.length, image.length);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const verified = decodeVerifyAnswer(await c.request(Cmd.FlashVerify, new Uint8Array(0), { timeoutMs: 5000, retries: 3 }));
  return { bytes: image.length, seconds, slot: slotName(verified.slot), version: verified.version, sha256: hex(begin.sha256), retries: c.link.counters.retries - retries0 };
}

export interface BootOutcome {
  info: HelloInfo;
  confirmed: boolean;
  reason?: string;
}

/** Activates the verified slot and follows the trial boot until it is confirmed or fell back. */
export async function activateAndConfirm(c: Client, slot: string, waitMs = 15000): Promise<BootOutcome> {
  decodeSlot(await c.request(Cmd.FlashActivate, encodeSlot(slotNumber(slot))), "FlashActivate's answer");
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
