// The host's reader of media packets (host/rtp-packets.ts), which the
// ladder's RTP lines rest on: RTP's fixed header (RFC 3550 §5.1), RTCP's
// sender and receiver reports (§6.4), RFC 4733's event payload (§2.3); and
// hostile input refused by name, never read past its end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { eventName, readRtcp, readRtp, readTelephoneEvent, type RtcpPacket } from "../../host/rtp-packets.js";
import { block, rtcp, rtp } from "./support/rtp-build.js";

const errorOf = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => (r.ok ? "read without error" : r.error);

test("RTP §5.1: the fixed header's marker, payload type, sequence, timestamp and SSRC, and the payload after it", () => {
  const r = readRtp(rtp({ marker: true, pt: 8, seq: 0xfffe, ts: 0x89abcdef, ssrc: 0x0e05384e, rest: [0xd5, 0xd5] }));
  assert.ok(r.ok);
  assert.deepEqual({ ...r.value, payload: [...r.value.payload] }, { marker: true, payloadType: 8, sequence: 0xfffe, timestamp: 0x89abcdef, ssrc: 0x0e05384e, csrcs: [], payload: [0xd5, 0xd5] });
});

test("RTP §5.1 CC: the CSRC list is read and the payload starts after it", () => {
  const r = readRtp(rtp({ first: 2, rest: [0, 0, 0, 7, 0, 0, 0, 9, 0xaa] }));
  assert.ok(r.ok);
  assert.deepEqual(r.value.csrcs, [7, 9]);
  assert.deepEqual([...r.value.payload], [0xaa]);
});

test("RTP §5.3.1 X: a header extension (profile word, length in words) is skipped", () => {
  const r = readRtp(rtp({ first: 0x10, rest: [0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0xaa, 0xbb] }));
  assert.ok(r.ok);
  assert.deepEqual([...r.value.payload], [0xaa, 0xbb]);
});

test("RTP §5.1 P: the padding, counted by the last octet (itself included), is not payload", () => {
  const r = readRtp(rtp({ first: 0x20, rest: [0xaa, 0, 0, 3] }));
  assert.ok(r.ok);
  assert.deepEqual([...r.value.payload], [0xaa]);
});

test("RTP refused: shorter than the 12-octet fixed header", () => {
  assert.match(errorOf(readRtp(Buffer.alloc(11, 0x80))), /11 octets, shorter than the 12-octet fixed header/);
  assert.match(errorOf(readRtp(Buffer.alloc(0))), /0 octets/);
});

test("RTP refused: a version other than 2 (RFC 3550 §5.1)", () => {
  const b = rtp({});
  b[0] = 0x40;
  assert.match(errorOf(readRtp(b)), /version 1, not 2/);
});

test("RTP refused: a CSRC count, an extension or a padding that runs past the packet", () => {
  assert.match(errorOf(readRtp(rtp({ first: 15, rest: [1, 2, 3, 4] }))), /CSRC count 15 runs past/);
  assert.match(errorOf(readRtp(rtp({ first: 0x10, rest: [0xbe, 0xde] }))), /extension's length runs past/);
  assert.match(errorOf(readRtp(rtp({ first: 0x10, rest: [0xbe, 0xde, 0xff, 0xff] }))), /extension runs past/);
  assert.match(errorOf(readRtp(rtp({ first: 0x20, rest: [0xaa, 200] }))), /padding of 200 octets does not fit/);
  assert.match(errorOf(readRtp(rtp({ first: 0x20, rest: [0xaa, 0] }))), /padding of 0 octets/);
});

test("RFC 4733 §2.3: the event code, the E bit, the volume and the duration", () => {
  assert.deepEqual(readTelephoneEvent(Buffer.from([1, 0x0a, 0x01, 0x40])), { ok: true, value: { event: 1, end: false, volume: 10, duration: 320 } });
  assert.deepEqual(readTelephoneEvent(Buffer.from([11, 0x8a, 0x08, 0xc0])), { ok: true, value: { event: 11, end: true, volume: 10, duration: 2240 } });
});

test("RFC 4733 §2.3 refused: a payload shorter than its 4 octets", () => {
  assert.match(errorOf(readTelephoneEvent(Buffer.from([1, 0x0a, 0]))), /3 octets, shorter than the 4-octet payload/);
});

test("RFC 4733 §3.2: event codes name the keys 0-9, *, #, A-D; others by number", () => {
  assert.deepEqual([0, 9, 10, 11, 12, 15, 16, 255].map(eventName), ["0", "9", "*", "#", "A", "D", "event 16", "event 255"]);
});

test("RTCP §6.4.1 SR: the sender's SSRC, NTP and RTP timestamps, counts, and each report block, cumulative loss signed", () => {
  const r = readRtcp(rtcp(200, 1, [0x1234, 0x83aa7e80, 0x80000000, 160, 50, 8000, ...block(0x0e05384e, 64, -2, 0x10005, 33)]));
  assert.ok(r.ok);
  assert.deepEqual(r.value, [{
    type: "SR", ssrc: 0x1234, ntp: (0x83aa7e80n << 32n) | 0x80000000n, rtpTimestamp: 160, packets: 50, octets: 8000,
    reports: [{ ssrc: 0x0e05384e, fractionLost: 64, cumulativeLost: -2, highestSequence: 0x10005, jitter: 33 }],
  }] satisfies RtcpPacket[]);
});

test("RTCP §6.4.2 RR: the reporter's SSRC and as many report blocks as its count", () => {
  const r = readRtcp(rtcp(201, 2, [7, ...block(1, 0, 0, 10, 0), ...block(2, 255, 0x7fffff, 20, 5)]));
  assert.ok(r.ok);
  assert.equal(r.value[0].type, "RR");
  assert.deepEqual(r.value[0].type === "RR" && r.value[0].reports.map((b) => [b.ssrc, b.fractionLost, b.cumulativeLost]), [[1, 0, 0], [2, 255, 0x7fffff]]);
});

test("RTCP §6.1: a compound packet is read packet by packet (RR, SDES, BYE)", () => {
  const r = readRtcp(Buffer.concat([rtcp(201, 0, [7]), rtcp(202, 1, [7, 0x01036162, 0x63000000]), rtcp(203, 1, [7])]));
  assert.ok(r.ok);
  assert.deepEqual(r.value.map((p) => p.type), ["RR", "SDES", "BYE"]);
});

test("RTCP refused: shorter than a header, or a version other than 2", () => {
  assert.match(errorOf(readRtcp(Buffer.from([0x80, 201, 0]))), /3 octets, shorter than a 4-octet header/);
  const b = rtcp(201, 0, [7]);
  b[0] = 0xc0;
  assert.match(errorOf(readRtcp(b)), /version 3 at octet 0, not 2/);
});

test("RTCP refused: a length that runs past the datagram, and a trailing fragment", () => {
  const b = rtcp(201, 0, [7]);
  b.writeUInt16BE(40, 2);
  assert.match(errorOf(readRtcp(b)), /length of the packet at octet 0 runs past the 8 octets/);
  assert.match(errorOf(readRtcp(Buffer.concat([rtcp(201, 0, [7]), Buffer.from([0x80, 203])]))), /2 octets left at 8/);
});

test("RTCP refused: more report blocks than the packet's length holds (a huge count)", () => {
  assert.match(errorOf(readRtcp(rtcp(201, 31, [7, ...block(1, 0, 0, 10, 0)]))), /RR at octet 0 says 31 report blocks, more than its length holds/);
  assert.match(errorOf(readRtcp(rtcp(200, 0, [7, 1, 2]))), /SR at octet 0 too short for its sender SSRC and sender info/);
});

test("RTCP §6.1 refused: a compound packet that does not begin with SR or RR", () => {
  assert.match(errorOf(readRtcp(rtcp(203, 1, [7]))), /begins with BYE, not SR or RR/);
  assert.match(errorOf(readRtcp(rtcp(99, 0, []))), /begins with other/);
});

/** The UDP payloads of a libpcap file with Ethernet frames carrying IPv4 (the Debian recordings). */
function udpPayloads(file: string): Buffer[] {
  const b = readFileSync(file);
  const out: Buffer[] = [];
  for (let at = 24; at + 16 <= b.length; ) {
    const size = b.readUInt32LE(at + 8);
    const frame = b.subarray(at + 16, at + 16 + size);
    const ip = 14;
    const udp = ip + 4 * (frame[ip] & 0x0f);
    out.push(frame.subarray(udp + 8, udp + frame.readUInt16BE(udp + 4)));
    at += 16 + size;
  }
  return out;
}

const DEBIAN_EVENT = "/usr/share/sip-tester/dtmf_2833_1.pcap";

test("Debian's recorded key 1 (sip-tester's dtmf_2833_1.pcap) reads as one RFC 4733 event: a marked start, updates, three end packets (§2.5.1.4)", (t) => {
  if (!existsSync(DEBIAN_EVENT)) {
    const why = `skipped: ${DEBIAN_EVENT} is missing (Debian package sip-tester ships it; .ci/run installs it)`;
    if (process.env.CI === "true") throw new Error(why);
    return t.skip(why);
  }
  const packets = udpPayloads(DEBIAN_EVENT).map((d) => readRtp(d));
  assert.ok(packets.every((p) => p.ok), "every datagram is RTP");
  const rtps = packets.flatMap((p) => (p.ok ? [p.value] : []));
  assert.deepEqual(new Set(rtps.map((p) => `${p.payloadType} ${p.ssrc} ${p.timestamp}`)).size, 1, "one payload type, one SSRC, one timestamp: one event");
  assert.deepEqual(rtps.map((p) => p.marker), rtps.map((_, i) => i === 0), "the marker on the first packet only (§2.5.1.3)");
  const events = rtps.map((p) => readTelephoneEvent(p.payload)).flatMap((e) => (e.ok ? [e.value] : []));
  assert.equal(events.length, rtps.length);
  assert.ok(events.every((e) => e.event === 1));
  assert.deepEqual(events.filter((e) => e.end).map((e) => e.duration), [2240, 2240, 2240]);
});
