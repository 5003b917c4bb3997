// `intercom flash PORT [IMAGE]`: write an image (docs/images.md) into the
// inactive slot with a progress bar, verify it, activate it and follow its
// trial boot. Output follows esptool's wording. `intercom pack` is pack.ts.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { SingleBar } from "cli-progress";
import { ImageError, kindWords, readImage, versionText, type Image } from "../image/format.js";
import { factoryImage } from "../serial/factory.js";
import { writeImage, activateAndConfirm, DEFAULT_CHUNK } from "../serial/flasher.js";
import { packCommand } from "./pack.js";
import { resetBoard } from "./reset.js";
import type { HelloInfo } from "../serial/client.js";
import { action, linkOptions, withBoard, print, report, CliFailure, Exit, integer, type LinkOpts } from "./common.js";

interface FlashOpts extends LinkOpts {
  progress: boolean;
  activate: boolean;
  chunk: number;
  reset?: string;
}

function readImageFile(file: string | undefined): Uint8Array {
  if (!file) return factoryImage();
  try {
    return new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new CliFailure(`IMAGE: cannot read ${file}: ${(err as Error).message}`, Exit.Usage);
  }
}

function progressBar(o: FlashOpts): { update(sent: number, total: number): void; stop(): void } {
  if (!o.progress || o.json) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: "Writing [{bar}] {percentage}% {value}/{total} bytes",
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 500,
    hideCursor: true,
  });
  let started = false;
  return {
    update(sent, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(sent);
    },
    stop: () => started && bar.stop(),
  };
}

/** How far a flash got, for the words Ctrl-C ends it with. */
type Stage = "connecting" | "writing" | "verifying" | "activating";

/**
 * What the board keeps when a flash stops at `stage` (docs/serial-protocol.md,
 * "Flashing"): before Activate its boot record still names the active slot, so
 * it keeps booting that image; the slot being written holds no complete image
 * and boots only once a flash completes. After Activate the trial boot decides.
 */
function interruptedText(stage: Stage, info: HelloInfo | undefined): string {
  const active = info?.slots.find((s) => s.active);
  const other = info?.slots.find((s) => !s.active)?.name ?? "the inactive slot";
  const keeps = active ? `the board keeps its active image ${active.empty ? "(none)" : active.version} in slot ${active.name}` : "the board keeps its active image";
  switch (stage) {
    case "connecting": return `flash interrupted before the image was written: ${keeps}`;
    case "writing": return `flash interrupted: ${keeps}; slot ${other} holds an incomplete image that will not boot (run flash again)`;
    case "verifying": return `flash interrupted: ${keeps}; slot ${other} holds the new image, not activated (run flash again to verify and activate it)`;
    case "activating": return `flash interrupted after activation: the board boots slot ${other} on trial and falls back to slot ${active?.name ?? "the old one"} if the new image does not confirm itself; intercom status shows which runs`;
  }
}

async function flash(port: string, file: string | undefined, o: FlashOpts): Promise<void> {
  const image = readImageFile(file);
  let id: Image;
  try {
    id = readImage(image);
  } catch (err) {
    if (!(err instanceof ImageError)) throw err;
    throw new CliFailure(`IMAGE: ${file}: ${err.message}`, Exit.Usage);
  }
  const say = (line: string) => !o.json && console.log(line);
  const bar = progressBar(o);
  let stage: Stage = "connecting", info: HelloInfo | undefined;
  // Ctrl-C: the bar gives the cursor back (it hid it on a terminal), then one message saying what the board kept.
  const interrupted = () => {
    bar.stop();
    report(new CliFailure(interruptedText(stage, info), Exit.Interrupted), o.json === true, { interrupted: true, stage });
    process.exit(Exit.Interrupted);
  };
  process.once("SIGINT", interrupted);
  try {
    await flashOn(port, image, id, o, say, bar, (s, i) => ((stage = s), (info = i ?? info)));
  } finally {
    process.removeListener("SIGINT", interrupted);
  }
}

async function flashOn(port: string, image: Uint8Array, id: Image, o: FlashOpts, say: (line: string) => void,
  bar: ReturnType<typeof progressBar>, reached: (s: Stage, info?: HelloInfo) => void): Promise<void> {
  if (o.reset) {
    const line = await resetBoard(port, o.reset, o);
    if (line.startsWith("Warning")) console.error(line);
    else say(line);
  }
  await withBoard(port, o, async (c) => {
    reached("connecting", c.info);
    const fw = c.info.firmware;
    say(`Connected to ${c.info.board} on ${port}: ${fw ? `firmware ${fw.version} in slot ${fw.slot}` : "no firmware running"}`);
    say(`Image ${versionText(id.header.version)}, ${kindWords(id.header.kind)} for ${id.boards.join(", ")}: ${image.length} bytes`);
    let written;
    try {
      written = await writeImage(c, image, (sent, total) => {
        bar.update(sent, total);
        reached(sent === total ? "verifying" : "writing");
      }, o.chunk);
    } finally {
      bar.stop();
    }
    const kbits = (written.bytes * 8) / 1000 / written.seconds;
    say(`Wrote ${written.bytes} bytes in ${written.seconds.toFixed(2)} s (${kbits.toFixed(1)} kbit/s) to slot ${written.slot}${written.retries ? `, ${written.retries} frames resent` : ""}`);
    say("Hash of data verified.");
    const result = { board: c.info.board, slot: written.slot, version: written.version, bytes: written.bytes, seconds: written.seconds, kbits, sha256: written.sha256, retries: written.retries };
    if (!o.activate) return print(o, { ...result, activated: false }, () => `Slot ${written.slot} holds ${written.version}; not activated (--no-activate).`);
    say(`Activating slot ${written.slot}: the board reboots into it on trial...`);
    reached("activating");
    const boot = await activateAndConfirm(c, written.slot);
    if (!boot.confirmed) {
      const now = boot.info.firmware;
      throw new CliFailure(`the new image failed its trial boot: ${boot.reason}; the board runs ${now ? `${now.version} from slot ${now.slot}` : "nothing"}`, Exit.Refused);
    }
    print(o, { ...result, activated: true, confirmed: true }, () => `Confirmed: the board runs ${boot.info.firmware!.version} from slot ${written.slot}.`);
  });
}

export function flashCommands(): Command[] {
  const flashCmd = linkOptions(new Command("flash"))
    .description("write IMAGE (default: build/firmware.wasm packed as this version) into the inactive slot, verify it, activate it")
    .argument("<port>", "serial port of the board, e.g. /dev/ttyUSB0")
    .argument("[image]", "a packed image (intercom pack)")
    .option("--no-progress", "no progress bar")
    .option("--no-activate", "write and verify only; the board keeps booting its current image")
    .option("--chunk <bytes>", "bytes per data frame", integer("--chunk", 64, 4092), DEFAULT_CHUNK)
    .option("--reset <board>", "first pulse the reset line that boards/<board>.json names (resetLines); skipped with a warning where the port has none")
    .action(action(async (port: string, image: string | undefined, o: FlashOpts) => flash(port, image, o)));
  return [flashCmd, packCommand()];
}
