// WAV files for the station's microphone and speaker (--mic FILE.wav,
// --speaker FILE.wav): RIFF/WAVE with one PCM format chunk, as the station's
// audio is (16-bit linear PCM, mono, 8000 Hz: the G.711 rate, ITU-T G.711).
// A file in another format is refused with the field that differs and the
// command that converts it; a damaged file is refused with what is damaged.
import { closeSync, openSync, writeSync } from "node:fs";

export const AUDIO_RATE = 8000;
export const FRAME_SAMPLES = 160; // 20 ms at 8000 Hz (RFC 3551 §4.5: G.711's default packet time)

export class WavError extends Error {}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const HEADER_BYTES = 44;

function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

const CONVERT = "convert it with: sox IN.wav -r 8000 -c 1 -b 16 -e signed-integer OUT.wav";

/** The samples of a 16-bit mono 8 kHz PCM WAV file's bytes; `name` names the file in errors. */
export function readWav(bytes: Uint8Array, name: string): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || tag(bytes, 0) !== "RIFF" || tag(bytes, 8) !== "WAVE") {
    throw new WavError(`${name}: not a WAV file (no RIFF/WAVE header); ${CONVERT}`);
  }
  let format: { code: number; channels: number; rate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new WavError(`${name}: the fmt chunk is ${size} bytes, shorter than 16; the file is damaged`);
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes say PCM (1) or not.
      if (code === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) code = view.getUint16(body + 24, true);
      format = { code, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === "data") {
      if (!format) throw new WavError(`${name}: the data chunk comes before any fmt chunk; the file is damaged`);
      if (format.code !== WAVE_FORMAT_PCM) throw new WavError(`${name}: format ${format.code} is not linear PCM (1); ${CONVERT}`);
      if (format.channels !== 1) throw new WavError(`${name}: ${format.channels} channels; the station's audio is mono: ${CONVERT}`);
      if (format.rate !== AUDIO_RATE) throw new WavError(`${name}: ${format.rate} Hz; the station's audio is 8000 Hz: ${CONVERT}`);
      if (format.bits !== 16) throw new WavError(`${name}: ${format.bits} bits per sample; the station's audio is 16-bit: ${CONVERT}`);
      // A writer that was cut off leaves the size of a longer file (or 0xFFFFFFFF while streaming): take what is there, whole samples only.
      const available = Math.min(size, bytes.length - body);
      const samples = new Int16Array(available >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return samples;
    }
    at = body + size + (size & 1); // chunks are padded to an even size (RIFF)
  }
  throw new WavError(`${name}: no data chunk; the file is damaged or empty`);
}

function header(samples: number): Uint8Array {
  const h = new Uint8Array(HEADER_BYTES);
  const view = new DataView(h.buffer);
  const ascii = (at: number, s: string) => { for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i); };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, AUDIO_RATE, true);
  view.setUint32(28, AUDIO_RATE * 2, true); // bytes per second
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples * 2, true);
  return h;
}

function pcmBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(2 * i, samples[i], true);
  return out;
}

/** A whole 16-bit mono 8 kHz WAV file. */
export function wavBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + samples.length * 2);
  out.set(header(samples.length));
  out.set(pcmBytes(samples), HEADER_BYTES);
  return out;
}

/**
 * A WAV file written as the audio comes (--speaker): the header's sizes are
 * rewritten after every frame, so a station stopped at any moment leaves a
 * file every player reads to its last whole frame.
 */
export class WavWriter {
  private fd: number;
  private samples = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, header(0), 0, HEADER_BYTES, 0);
  }

  write(frame: Int16Array): void {
    if (this.fd < 0) return;
    const bytes = pcmBytes(frame);
    writeSync(this.fd, bytes, 0, bytes.length, HEADER_BYTES + this.samples * 2);
    this.samples += frame.length;
    writeSync(this.fd, header(this.samples), 0, HEADER_BYTES, 0);
  }

  get sampleCount(): number {
    return this.samples;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
