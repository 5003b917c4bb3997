// A call's media in the ladder diagrams (issue 16: "the gallery shows a call
// with media"): host/sim/media-ladder.ts sums each RTP stream and each
// direction's RTCP up in one line, marks each RFC 4733 telephone-event and
// the door opening; the interop gallery shows it for SIPp keying the door
// code as events (docs/interop-gallery.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { byTime, doorOpenings, mediaArrows, payloadTypes, type MediaWire } from "../../host/sim/media-ladder.js";
import { ladderSvg, sipArrow, type Arrow } from "../../host/sim/ladder.js";
import { Ev } from "../../host/vocabulary.js";
import { block, eventPayload, rtcp, rtp } from "./support/rtp-build.js";
import { ladderRows, rfc4733StoryProblems } from "./support/ladder-rows.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const FLAT = 6000;
const lane = (port: number) => (port === FLAT || port === FLAT + 1 ? "flat" : `port ${port}`);
const OFFER = "v=0\r\nm=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
const ANSWER = "v=0\r\nm=audio 6000 RTP/AVP 0 96\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000\r\n";

/** `n` 20 ms PCMU packets (160 samples each, RFC 3551 §4.5) from `t0`, one direction. */
function pcmu(dir: "in" | "out", t0: number, n: number, ssrc = 0xabc, pt = 0): MediaWire[] {
  return Array.from({ length: n }, (_, i) => ({ t: t0 + 20 * i, dir, peer: FLAT, channel: 0, data: rtp({ pt, seq: 100 + i, ts: 160 * i, ssrc, rest: [0xff] }) }));
}

/** One key as a phone sends it (RFC 4733 §2.5): a marked start, updates every 20 ms, three end packets. */
function key(code: number, t0: number, ts: number, seq: number, pt = 101, dir: "in" | "out" = "in"): MediaWire[] {
  const packets = [0, 160, 320, 480, 640, 640, 640].map((d, i) => ({ marker: i === 0, end: i >= 4, d }));
  return packets.map((p, i) => ({ t: t0 + 20 * Math.min(i, 4), dir, peer: FLAT, channel: 0, data: rtp({ marker: p.marker, pt, seq: seq + i, ts, ssrc: 0x77, rest: eventPayload(code, p.end, p.d) }) }));
}

const media = (m: MediaWire[], sent = [ANSWER], received = [OFFER]) => mediaArrows({ self: "door", lane, media: m, sent: payloadTypes(sent), received: payloadTypes(received) });
const labels = (arrows: Arrow[]) => arrows.map((a) => `${a.from}>${a.to} ${a.label}`);

test("RFC 3551 §6 and RFC 8866 §6.6: the static PCMU and PCMA, and what an SDP's rtpmap lines name", () => {
  const types = payloadTypes([OFFER]);
  assert.deepEqual([types.get(0), types.get(8), types.get(101)], [{ name: "PCMU", rate: 8000 }, { name: "PCMA", rate: 8000 }, { name: "telephone-event", rate: 8000 }]);
  assert.equal(types.get(96), undefined);
});

test("one line per RTP stream direction, at its first packet: codec, payload type, packets per second, packet time, count", () => {
  const arrows = media([...pcmu("out", 1000, 50), ...pcmu("in", 1010, 25, 0xdef)]);
  assert.deepEqual(labels(arrows), ["door>flat RTP PCMU pt 0, 50 pkt/s, 20 ms, 50 packets", "flat>door RTP PCMU pt 0, 50 pkt/s, 20 ms, 25 packets"]);
  assert.deepEqual(arrows.map((a) => [a.t, a.style]), [[1000, "media"], [1010, "media"]]);
  assert.equal(arrows[0].note, "SSRC 0x00000abc · 1.000 s to 1.980 s");
});

test("RFC 3264 §5.1: a direction's payload types are its receiver's (the door sends 96 as the answer's telephone-event)", () => {
  const arrows = media(key(1, 500, 8000, 1, 96, "out"));
  assert.deepEqual(labels(arrows), ["door>flat RTP telephone-event pt 96, 1 event, 7 packets", "door>flat DTMF 1 (RFC 4733)"]);
  assert.deepEqual(labels(media(pcmu("in", 0, 2, 1, 96))), ["flat>door RTP unknown payload pt 96, 50 pkt/s, 2 packets"], "96 means nothing in the door's own offer");
});

test("RFC 4733 §2.5.1.3: each event is marked once, at its start, however many updates and end packets follow", () => {
  const arrows = media([...key(1, 1000, 8000, 10), ...key(11, 1400, 16000, 17)]);
  assert.deepEqual(labels(arrows), ["flat>door RTP telephone-event pt 101, 2 events, 14 packets", "flat>door DTMF 1 (RFC 4733)", "flat>door DTMF # (RFC 4733)"]);
  assert.deepEqual(arrows.slice(1).map((a) => [a.t, a.style, a.note]), [[1000, "mark", "80 ms · 3 end packets"], [1400, "mark", "80 ms · 3 end packets"]]);
});

test("RFC 4733 §2.5.1.3: an event whose start was lost is marked at its first packet seen; one without an end says so", () => {
  const late = key(5, 1000, 8000, 10).slice(2);
  const cut = key(6, 2000, 16000, 20).slice(0, 3);
  const marks = media([...late, ...cut]).filter((a) => a.style === "mark");
  assert.deepEqual(marks.map((a) => [a.label, a.t, a.note]), [["DTMF 5 (RFC 4733)", 1040, "80 ms · 3 end packets"], ["DTMF 6 (RFC 4733)", 2000, "40 ms · no end seen"]]);
});

test("RTCP §6.4: one line per direction counting its sender and receiver reports, and its BYE (§6.6)", () => {
  const sr = rtcp(200, 0, [0xabc, 1, 2, 3, 4, 5]);
  const rr = rtcp(201, 1, [0xdef, ...block(0xabc, 0, 0, 10, 0)]);
  const arrows = media([
    { t: 3000, dir: "out", peer: FLAT + 1, channel: 1, data: sr },
    { t: 3500, dir: "in", peer: FLAT + 1, channel: 1, data: rr },
    { t: 8000, dir: "out", peer: FLAT + 1, channel: 1, data: sr },
    { t: 9000, dir: "out", peer: FLAT + 1, channel: 1, data: Buffer.concat([sr, rtcp(203, 1, [0xabc])]) },
  ]);
  assert.deepEqual(labels(arrows), ["door>flat RTCP 3 SR, 0 RR, BYE", "flat>door RTCP 0 SR, 1 RR"]);
  assert.deepEqual(arrows.map((a) => a.note), ["3 compound packets · 3.000 s to 9.000 s", "1 compound packet · 3.500 s to 3.500 s"]);
});

test("datagrams that are not RTP or RTCP are counted on their own line with the first one's fault, never hidden", () => {
  const arrows = media([
    { t: 10, dir: "in", peer: 7777, channel: 0, data: Buffer.from("hello") },
    { t: 20, dir: "in", peer: 7777, channel: 0, data: Buffer.alloc(12) },
    { t: 30, dir: "in", peer: 7777, channel: 1, data: rtcp(203, 1, [1]) },
  ]);
  assert.deepEqual(labels(arrows), ["port 7777>door 2 unreadable RTP datagrams", "port 7777>door 1 unreadable RTCP datagram"]);
  assert.match(arrows[0].note!, /5 octets, shorter than the 12-octet fixed header/);
  assert.match(arrows[1].note!, /begins with BYE, not SR or RR/);
});

test("the door opening: a mark on the door's lane each time a relay closes, none when it opens again", () => {
  const ev = (a: number, b: number, t: number) => ({ kind: Ev.Relay, a, b, t });
  const arrows = doorOpenings([ev(0, 1, 3150), ev(0, 0, 4150), { kind: Ev.Call, a: 1, b: 0, t: 10 }, ev(1, 1, 5000)], "door");
  assert.deepEqual(arrows.map((a) => [a.t, a.from, a.to, a.label, a.style]), [[3150, "door", "door", "relay 0 opens the door", "mark"], [5000, "door", "door", "relay 1 opens the door", "mark"]]);
});

test("byTime: one order of time; at the same moment the SIP arrow comes before its media", () => {
  const sip = [sipArrow(0, "door", "flat", "INVITE sip:x SIP/2.0\r\n\r\n"), sipArrow(20, "flat", "door", "SIP/2.0 200 OK\r\n\r\n")];
  const m: Arrow[] = [{ t: 20, from: "door", to: "flat", label: "RTP", style: "media" }, { t: 5, from: "door", to: "door", label: "relay 0 opens the door", style: "mark" }];
  assert.deepEqual(byTime(sip, m).map((a) => a.label), ["INVITE", "relay 0 opens the door", "200 OK", "RTP"]);
});

test("ladder: media lines dashed and marks bold, in classes of their own (a count of SIP arrows leaves them out); SIP alone draws no media markers", () => {
  const arrows = byTime([sipArrow(0, "door", "flat", "ACK sip:x SIP/2.0\r\n\r\n")], media([...pcmu("out", 40, 3), ...key(4, 100, 8000, 1)]), doorOpenings([{ kind: Ev.Relay, a: 0, b: 1, t: 900 }], "door"));
  const svg = ladderSvg(arrows, ["door", "flat"]);
  assert.equal(svg.split('class="arrow"').length - 1, 1);
  assert.equal(svg.split('class="media"').length - 1, 2);
  assert.match(svg, /class="media" [^>]*stroke-dasharray/);
  assert.equal(svg.split('class="mark"').length - 1, 2);
  assert.deepEqual(ladderRows(svg).map((r) => `${r.cls}: ${r.text}`), [
    "label: ACK", "media-label: RTP PCMU pt 0, 50 pkt/s, 20 ms, 3 packets", "media-label: RTP telephone-event pt 101, 1 event, 7 packets",
    "mark-label: DTMF 4 (RFC 4733)", "mark-label: relay 0 opens the door",
  ]);
  assert.doesNotMatch(ladderSvg(arrows.slice(0, 1), ["door", "flat"]), /head-media|head-mark/);
});

test("the story check fails a picture whose door opens before the last key, or that misses a key", () => {
  const rows = (texts: [string, string][]) => texts.map(([cls, text], y) => ({ y, cls: cls as "label", text }));
  const lines: [string, string][] = [["media-label", "RTP PCMU pt 0, 50 pkt/s, 20 ms, 9 packets"], ["media-label", "RTP telephone-event pt 101, 2 events, 14 packets"], ["media-label", "RTCP 1 SR, 0 RR"]];
  const good = rows([...lines, ["mark-label", "DTMF 1 (RFC 4733)"], ["mark-label", "DTMF 2 (RFC 4733)"], ["mark-label", "relay 0 opens the door"]]);
  assert.deepEqual(rfc4733StoryProblems(good, ["1", "2"]), []);
  const early = rows([...lines, ["mark-label", "DTMF 1 (RFC 4733)"], ["mark-label", "relay 0 opens the door"], ["mark-label", "DTMF 2 (RFC 4733)"]]);
  assert.deepEqual(rfc4733StoryProblems(early, ["1", "2"]), ["the door opening is marked before the last key"]);
  assert.match(rfc4733StoryProblems(good, ["1", "2", "3"]).join("\n"), /of 3 events[\s\S]*marks \["DTMF 1/);
});

const MEDIA_FLOW = /\]\(interop\/(sipp-plays-debian-s-rfc-4733-events[^)]*\.svg)\)/;

test("docs/interop-gallery.md shows a call with media: SIPp keys 1 2 3 4 as RFC 4733 events, RTP and RTCP summed up, each key marked, the door opening after the last", () => {
  const md = readFileSync(path.join(root, "docs/interop-gallery.md"), "utf8");
  const flow = MEDIA_FLOW.exec(md);
  assert.ok(flow, "no RFC 4733 flow in docs/interop-gallery.md (npm run gallery:interop draws it)");
  const svg = readFileSync(path.join(root, "docs/interop", flow[1]), "utf8");
  assert.deepEqual(rfc4733StoryProblems(ladderRows(svg), ["1", "2", "3", "4"]), []);
});
