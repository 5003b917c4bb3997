// The native board's A/B slots (boards/native-linux/slots.c): a state
// directory with slot-a.img, slot-b.img and boot-record.bin, and
// `intercom-native --slots DIR` started on it. The images are made by
// `intercom pack` from build/native/intercom-native (the real board, which
// confirms itself), or from a tiny program that ends before the confirmation
// window: an image that never confirms.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BINARY } from "../../../host/tools/build-native.js";
import { blockOf } from "../../../host/tools/config-block.js";
import { SlotDirectory, type BootRecordCopy } from "./boot-record.js";
import { nativeSkip } from "./interop-native.js";
import { freePort } from "./interop.js";
import { cli } from "./serial-board.js";

const work = mkdtempSync(path.join(tmpdir(), "native-slots-build-"));

/** Why the slots cannot be tested here (a skip reason), or null; builds the board. */
export const slotsSkip = (): string | null => nativeSkip();

/**
 * A Linux executable that ends `ms` after it starts, before the 1 s confirmation window: by exit status
 * `status` ("exit") or by SIGABRT ("crash"). Built with the system's cc.
 */
export function shortLived(how: "exit" | "crash", ms = 100, status = 3): string {
  const source = path.join(work, `${how}-${status}.c`);
  const binary = path.join(work, `${how}-${status}-${ms}`);
  writeFileSync(source, [
    "#include <stdlib.h>",
    "#include <time.h>",
    "int main(void) {",
    `  struct timespec t = {0, ${ms} * 1000000L};`,
    "  nanosleep(&t, 0);",
    how === "crash" ? "  abort();" : `  return ${status};`,
    "}", "",
  ].join("\n"));
  const r = spawnSync("cc", ["-O2", source, "-o", binary], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc failed: ${r.stderr}`);
  return binary;
}

/** `intercom pack PAYLOAD OUT --version V` (the board name and kind read from the ELF): the image's octets. */
export async function packed(payload: string, version: string): Promise<Buffer> {
  const out = path.join(work, `${path.basename(payload)}-${version}.img`);
  const r = await cli(["pack", payload, out, "--version", version]);
  if (r.code !== 0) throw new Error(`intercom pack failed: ${r.stderr}`);
  return readFileSync(out);
}

export type Line = Record<string, unknown>;

export interface Running {
  child: ChildProcess;
  lines: Line[];
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves once a line matches (rejects after `ms`). */
  until: (match: (l: Line) => boolean, what: string, ms?: number) => Promise<Line>;
}

export class SlotsDir extends SlotDirectory {
  private block = "";
  port = 0;

  /** `supervisor`: the board binary run with --slots (the board of build/firmware.wasm by default); `settings`: more of the block's configuration. */
  constructor(readonly supervisor = BINARY, private readonly settings: Record<string, unknown> = {}) {
    super(mkdtempSync(path.join(tmpdir(), "native-slots-")));
  }

  /** The supervisor on this directory, its board on a free loopback port (a block with no registrar); `extra` options for the board. */
  async start(extra: string[] = []): Promise<Running> {
    if (!this.block) {
      this.port = await freePort();
      this.block = path.join(this.dir, "block.bin");
      // Any free RTP pair (media.rtpPort 0): another station on this machine may hold 4000, and its warning
      // line would stand among the boot lines the tests compare.
      writeFileSync(this.block, blockOf({ user: "door", domain: "example.com", media: { rtpPort: 0 }, ...this.settings }, this.port));
    }
    const child = spawn(this.supervisor, ["--slots", this.dir, "--config-block", this.block, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: Line[] = [];
    const waiters: (() => void)[] = [];
    let out = "", err = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const parts = out.split("\n");
      out = parts.pop()!;
      for (const l of parts) if (l) lines.push(JSON.parse(l) as Line);
      for (const w of waiters) w();
    });
    child.stderr!.on("data", (d) => (err += d));
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const until = (match: (l: Line) => boolean, what: string, ms = 15_000) => new Promise<Line>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; lines: ${JSON.stringify(lines)} stderr: ${err}`)), ms);
      const check = () => {
        const l = lines.find(match);
        if (l) {
          clearTimeout(timer);
          resolve(l);
        }
      };
      waiters.push(check);
      check();
    });
    return { child, lines, stderr: () => err, exit, until };
  }
}

/** The record after B's activation (docs/serial-protocol.md "Trial boot"): B on trial, not tried (sequence 1), over A confirmed (sequence 0). */
export const B_ON_TRIAL: BootRecordCopy[] = [{ sequence: 1, active: "B", trial: true, tried: false }, { sequence: 0, active: "A", trial: false, tried: false }];

/** A state directory with `a` in slot A and `b` in slot B, B on trial (`supervisor` as SlotsDir's). */
export function trialDir(a: Buffer, b: Buffer, supervisor = BINARY): SlotsDir {
  const d = new SlotsDir(supervisor);
  d.slot("A", a);
  d.slot("B", b);
  d.writeRecord(B_ON_TRIAL);
  return d;
}

/** Stops a running supervisor (SIGTERM, passed on to its board) and waits for it. */
export async function stop(r: Running): Promise<number | null> {
  r.child.kill("SIGTERM");
  return r.exit;
}

export const listening = (l: Line) => l.event === "listening";
export const booted = (slot: string) => (l: Line) => l.event === "boot" && l.slot === slot;
