// Cortex-M4 instructions per 20 ms frame of a call: the same firmware as the
// boards run it (wasm2c, arm-none-eabi-gcc -mcpu=cortex-m4 -Os, the image of
// QEMU's MPS2 AN386 board: cortex-m4.ts counts the parser the same way), under
// qemu-system-arm -icount shift=0. The call is set up by replaying the
// simulated one: voice-call.ts runs the door in Node with the entropy of
// port.c's hal_random, recording every call into it as a record of the port;
// on QEMU the same records draw the same tags and branches, so the flat's
// answers fit. Then one 'V' record runs the frames between two reads of SysTick
// (each: the flat's RTP packet through intercom_media, a microphone frame
// through intercom_audio), and the same loop's copies alone, which are taken
// off: what is left is the firmware's work, with the station's RTCP reports
// when their interval comes. The flat's own RTCP is not in it (the wasm count
// shows its share: a few instructions a frame).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildQemuImage } from "../../host/tools/qemu-build.js";
import { Rec, runScript } from "../../host/tools/qemu-records.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { FRAME_SAMPLES } from "../../host/audio/wav.js";
import { Ev } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { FLAT_RTP, FRAME_MS, answeredCall, callConfig, rtpPacket, sentPayloads } from "./voice-call.js";
import { OUT_DIR } from "./settings.js";

const CALIBRATION_INSTRUCTIONS = 2_000_000;

export interface CortexFrames {
  frames: number;
  /** Instructions per frame, the copies taken off; and what the copies alone took per frame. */
  perFrame: number;
  copies: number;
  instructionsPerTick: number;
  rtpSent: number;
  rtcpSent: number;
  error?: string;
  method: string;
}

/** port.c's hal_random: x = x * 1103515245 + 12345 (32 bits) from 7, the top octet of each step. */
function portEntropy(): (n: number) => Uint8Array {
  let x = 7;
  return (n) => Uint8Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
}

export async function countCortexFrames(frames: number): Promise<CortexFrames> {
  const method = `QEMU mps2-an386 -icount shift=0: SysTick ticks around ${frames} frames of a call set up by replaying the simulated one `
    + "(port.c record 'V': the flat's RTP packet through intercom_media, a 1 kHz microphone frame through intercom_audio, the sends counted, not traced), "
    + `minus the same loop's copies alone, scaled by a loop of ${CALIBRATION_INSTRUCTIONS.toLocaleString("en-US")} instructions; instructions, not cycles`;
  const empty: CortexFrames = { frames, perFrame: 0, copies: 0, instructionsPerTick: 0, rtpSent: 0, rtcpSent: 0, method };
  let elf: string;
  try {
    elf = buildQemuImage();
  } catch (e) {
    return { ...empty, error: (e as Error).message.split("\n")[0] };
  }
  const records: Buffer[] = [];
  const call = await answeredCall({ entropy: portEntropy(), records });
  // One frame in Node gives the door's own PCMU of the tone: the flat's packet carries it, as an echo would.
  const mic = new Int16Array(FRAME_SAMPLES);
  new ToneMicrophone(1000, -10).next(mic);
  call.door.engine.audio(call.start + FRAME_MS, mic, new Int16Array(FRAME_SAMPLES));
  const payload = sentPayloads(call).rtp[0];
  if (!payload) return { ...empty, error: "the simulated door sent no RTP in its call" };
  const dir = path.join(OUT_DIR, "voice-cortex");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "config.bin"), callConfig());
  const script = [...records, Rec.calibrate(call.start), Rec.voice(call.start + FRAME_MS, frames, FLAT_RTP, rtpPacket(1, payload), mic)];
  const r = runScript(elf, dir, script, ["-icount", "shift=0,align=off"], 300_000);
  if (r.status !== 0) return { ...empty, error: `qemu-system-arm: exit ${r.status} ${r.stderr} ${r.trace.slice(-2).join(" | ")}`.trim() };
  if (!r.trace.includes(`event ${Ev.Media} ${MediaState.On} 0`)) return { ...empty, error: "on QEMU the replayed call's media did not go on (no `event 19 1 0` in the trace)" };
  const ticks = Number(/^calibrate (\d+)$/m.exec(r.trace.join("\n"))?.[1]);
  const voice = /^voice (\d+) (\d+) (\d+) (\d+)$/m.exec(r.trace.join("\n"));
  if (!(ticks > 0) || !voice) return { ...empty, error: `unexpected trace: ${r.trace.slice(-3).join(" | ")}` };
  const perTick = CALIBRATION_INSTRUCTIONS / ticks;
  const [all, copies] = [Number(voice[1]) * perTick, Number(voice[2]) * perTick];
  return {
    frames, perFrame: (all - copies) / frames, copies: copies / frames, instructionsPerTick: perTick,
    rtpSent: Number(voice[3]), rtcpSent: Number(voice[4]), method,
  };
}
