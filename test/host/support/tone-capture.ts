// A test tone as RTP in a capture file, for SIPp's play_pcap_audio: SoX (which
// we did not write) makes the G.711 µ-law octets of a sine, and they are
// packed 160 to a packet (20 ms, payload type 0, RFC 3551 §4.5.14) into an
// Ethernet capture, as SIPp reads it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ipv4Udp, pcapHeader, pcapRecord } from "../../../host/sim/pcap.js";
import { run } from "./tools.js";

const LINKTYPE_ETHERNET = 1;
/** The SSRC of the tone's packets (RFC 3550 §5.1). */
export const TONE_SSRC = 0x5eed1000;
/** The sequence number of the tone's first packet. */
export const TONE_FIRST_SEQ = 1000;

/** The µ-law octets SoX makes of `seconds` of a `hz` tone at `gain` of full scale (0.316: -10 dBFS), in `dir`. */
export function soxUlaw(dir: string, hz: number, seconds: number, gain = 0.316): Buffer {
  const file = path.join(dir, "tone.ul");
  const r = run("sox", ["-n", "-r", "8000", "-c", "1", "-e", "u-law", "-t", "raw", file, "synth", String(seconds), "sine", String(hz), "vol", String(gain)]);
  assert.equal(r.code, 0, r.out);
  return readFileSync(file);
}

/** A capture (Ethernet, as SIPp's play_pcap_audio reads it) of `payload` as RTP, 160 octets every 20 ms. */
export function rtpCapture(payload: Buffer): Buffer {
  const parts = [pcapHeader(LINKTYPE_ETHERNET)];
  const ether = Buffer.from("0000000000020000000000010800", "hex"); // to, from, IPv4
  for (let i = 0; (i + 1) * 160 <= payload.length; i++) {
    const rtp = Buffer.alloc(12 + 160);
    rtp[0] = 0x80;
    rtp[1] = i === 0 ? 0x80 : 0x00; // the first packet starts the talk spurt (RFC 3551 §4.1)
    rtp.writeUInt16BE(TONE_FIRST_SEQ + i, 2);
    rtp.writeUInt32BE(160 * i, 4);
    rtp.writeUInt32BE(TONE_SSRC, 8);
    payload.copy(rtp, 12, i * 160, (i + 1) * 160);
    const ip = ipv4Udp({ host: "10.0.0.1", port: 6000 }, { host: "10.0.0.2", port: 6000 }, rtp, i + 1);
    parts.push(pcapRecord(Buffer.concat([ether, ip]), 20 * i));
  }
  return Buffer.concat(parts);
}
