// The host's side of boards/cortex-m/qemu-mps2-an386/port.c: its records
// (one entry-point call each, little-endian; port.c's header lists them) and
// a run of a script of them under qemu-system-arm. Used by the test that
// replays a day of the station, the interop bridge and the bench.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { QEMU_MACHINE } from "./qemu-build.js";
import { ipv4Octets } from "../address.js";

const u16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
const octets = (host: string, field: string) => Buffer.from(ipv4Octets(host, field));
const head = (type: string, now: number) => Buffer.concat([Buffer.from(type), u32(now)]);

/** A microphone frame: 160 samples, 16-bit little-endian. */
const frame = (mic: Int16Array) => Buffer.from(Array.from(mic.subarray(0, 160), (v) => [v & 0xff, (v >> 8) & 0xff]).flat());

export interface Peer { host: string; port: number }

export const Rec = {
  /** intercom_boot at the board's IPv4 address. */
  boot: (now: number, host: string) => Buffer.concat([head("B", now), octets(host, "boot: host").reverse()]),
  datagram: (now: number, from: Peer, data: Uint8Array) =>
    Buffer.concat([head("D", now), octets(from.host, "datagram: from.host"), u16(from.port), u16(data.length), Buffer.from(data)]),
  tick: (now: number) => head("T", now),
  /** intercom_next_deadline: answered by a "deadline d" line. */
  deadline: (now: number) => head("N", now),
  key: (now: number, code: number, down: boolean) => Buffer.concat([head("K", now), u16(code), Buffer.from([down ? 1 : 0])]),
  input: (now: number, input: number, level: number) => Buffer.concat([head("I", now), Buffer.from([input, level])]),
  shutdown: (now: number) => head("S", now),
  /** intercom_shutdown_pending: answered by a "pending p" line. */
  pending: (now: number) => head("P", now),
  quit: (now: number) => head("Q", now),
  /** intercom_media: a datagram on the RTP (0) or RTCP (1) socket (board ABI 3). */
  media: (now: number, channel: number, from: Peer, data: Uint8Array) =>
    Buffer.concat([head("R", now), Buffer.from([channel]), octets(from.host, "media: from.host"), u16(from.port), u16(data.length), Buffer.from(data)]),
  /** intercom_audio with this microphone frame (160 samples): answered by "audio r" and, when r is 1, "speaker hex". */
  audio: (now: number, mic: Int16Array) => Buffer.concat([head("A", now), frame(mic)]),
  /** intercom_media_port: answered by "mediaport p". */
  mediaPort: (now: number) => head("E", now),
  /** intercom_set_media_port: answered by "setmediaport r". */
  setMediaPort: (now: number, port: number) => Buffer.concat([head("F", now), u16(port)]),
  /** A loop of 2,000,000 instructions: answered by "calibrate ticks". */
  calibrate: (now: number) => head("C", now),
  /**
   * `frames` 20 ms frames of a call: the RTP packet `rtp` (sequence number and timestamp advanced by frame) into
   * intercom_media and `mic` into intercom_audio, the sends counted, not traced; then the copies alone.
   * Answered by "voice ticks copyticks rtp rtcp" (the bench's, test/bench/voice-cortex.ts).
   */
  voice: (now: number, frames: number, from: Peer, rtp: Uint8Array, mic: Int16Array) =>
    Buffer.concat([head("V", now), u16(frames), octets(from.host, "voice: from.host"), u16(from.port), u16(rtp.length), Buffer.from(rtp),
      frame(mic)]),
  /** intercom_parse `reps` times on `data`: answered by "measure verdict ticks". */
  measure: (now: number, reps: number, data: Uint8Array) => Buffer.concat([head("M", now), u16(reps), u16(data.length), Buffer.from(data)]),
};

/** Runs the image `elf` on `records` as script.bin in `dir` (config.bin there, if any, is its block): exit status, stderr and trace lines. */
export function runScript(elf: string, dir: string, records: Buffer[], qemuArgs: string[] = [], timeout = 120_000): { status: number | null; stderr: string; trace: string[] } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "script.bin"), Buffer.concat(records));
  const r = spawnSync("qemu-system-arm", [...QEMU_MACHINE, ...qemuArgs, "-kernel", elf], { cwd: dir, encoding: "utf8", timeout });
  let trace: string[] = [];
  try {
    trace = readFileSync(path.join(dir, "trace.txt"), "utf8").split("\n").filter(Boolean);
  } catch { /* no trace: the status and stderr say why */ }
  return { status: r.status, stderr: `${r.error?.message ?? ""}${r.stderr ?? ""}`, trace };
}
