// A call's media in a ladder diagram (host/sim/ladder.ts): thousands of RTP
// datagrams cannot be one arrow each, so each RTP stream (one direction, one
// SSRC, one payload type) becomes one dashed line at the moment it began,
// saying what it carries and how (codec and payload type, packets per second,
// packet time, count), and each direction's RTCP one line counting its
// reports. What the call is for stays visible: every RFC 4733 telephone-event
// is a marked arrow at its first packet, and the door opening (the relay's
// output) a mark on the door's lane at the moment it happened.
import type { Arrow } from "./ladder.js";
import type { IntercomEvent } from "../intercom.js";
import { Ev } from "../vocabulary.js";
import { eventName, readRtcp, readRtp, readTelephoneEvent, type RtpPacket } from "../rtp-packets.js";

/** A datagram of the media sockets as one party saw it. */
export interface MediaWire {
  /** Milliseconds since the run started (the SIP arrows' clock). */
  t: number;
  dir: "in" | "out";
  /** The other end's UDP port. */
  peer: number;
  /** 0 RTP, 1 RTCP (the board ABI's channels). */
  channel: number;
  data: Uint8Array;
}

export interface Encoding {
  name: string;
  /** The RTP clock rate (Hz). */
  rate: number;
}

/** RFC 3551 §6, Table 4: the static audio payload types a door is likely to meet. */
const STATIC: ReadonlyMap<number, Encoding> = new Map([
  [0, { name: "PCMU", rate: 8000 }], [3, { name: "GSM", rate: 8000 }], [8, { name: "PCMA", rate: 8000 }],
  [9, { name: "G722", rate: 8000 }], [13, { name: "CN", rate: 8000 }], [18, { name: "G729", rate: 8000 }],
]);

/**
 * The payload types the SDP bodies of `messages` map (RFC 8866 §6.6 a=rtpmap:<pt> <name>/<rate>), over the
 * static ones. RFC 3264 §5.1: an SDP's numbers are those its author receives, so the numbers of a direction
 * come from its receiver's SDP.
 */
export function payloadTypes(messages: string[]): Map<number, Encoding> {
  const types = new Map(STATIC);
  for (const m of messages) {
    for (const [, pt, name, rate] of m.matchAll(/^a=rtpmap:(\d{1,3}) ([^/\s]+)\/(\d+)/gm)) types.set(Number(pt), { name, rate: Number(rate) });
  }
  return types;
}

export interface MediaLadder {
  /** The party whose datagrams these are ("door"). */
  self: string;
  /** The lane of the party at a UDP port. */
  lane: (port: number) => string;
  media: MediaWire[];
  /** Payload types of what `self` sends (the peers' SDP) and of what it receives (its own SDP). */
  sent: Map<number, Encoding>;
  received: Map<number, Encoding>;
}

interface Timed<T> {
  t: number;
  value: T;
}

/** Consecutive datagrams of one group, in arrival order, with their ends. */
class Group<T> {
  readonly items: Timed<T>[] = [];
  constructor(readonly from: string, readonly to: string) {}
  get first(): number {
    return this.items[0].t;
  }
  get last(): number {
    return this.items[this.items.length - 1].t;
  }
}

function groupOf<T>(groups: Map<string, Group<T>>, key: string, from: string, to: string): Group<T> {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = new Group<T>(from, to)));
  return g;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

/** The most frequent timestamp step between packets in sequence, in ms (the packet time, RFC 3551 §4.5), or null. */
function packetTime(packets: RtpPacket[], rate: number): number | null {
  const steps = new Map<number, number>();
  for (let i = 1; i < packets.length; i++) {
    if (((packets[i].sequence - packets[i - 1].sequence) & 0xffff) !== 1) continue;
    const step = (packets[i].timestamp - packets[i - 1].timestamp) >>> 0;
    if (step > 0 && step < rate) steps.set(step, (steps.get(step) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const [step, n] of steps) if (!best || n > best[1]) best = [step, n];
  return best ? Math.round((best[0] * 1000) / rate) : null;
}

/** One RTP stream's line, and a mark for each of its telephone-events. */
function streamArrows(g: Group<RtpPacket>, enc: Encoding | undefined): Arrow[] {
  const packets = g.items.map((i) => i.value);
  const pt = packets[0].payloadType;
  const span = `SSRC ${hex(packets[0].ssrc)} · ${seconds(g.first)} to ${seconds(g.last)}`;
  if (enc && /^telephone-event$/i.test(enc.name)) {
    const marks = eventMarks(g, enc.rate);
    const line = `RTP telephone-event pt ${pt}, ${marks.length} event${marks.length === 1 ? "" : "s"}, ${packets.length} packets`;
    return [{ t: g.first, from: g.from, to: g.to, label: line, note: span, style: "media" }, ...marks];
  }
  const parts = [`RTP ${enc?.name ?? "unknown payload"} pt ${pt}`];
  if (packets.length > 1 && g.last > g.first) parts.push(`${Math.round(((packets.length - 1) * 1000) / (g.last - g.first))} pkt/s`);
  const ptime = enc ? packetTime(packets, enc.rate) : null;
  if (ptime !== null) parts.push(`${ptime} ms`);
  parts.push(`${packets.length} packet${packets.length === 1 ? "" : "s"}`);
  return [{ t: g.first, from: g.from, to: g.to, label: parts.join(", "), note: span, style: "media" }];
}

/**
 * A mark per telephone-event at its first packet. RFC 4733 §2.5.1.3: the packets of one event share its
 * timestamp (the start), so a new timestamp or a new code is a new event, however many updates and
 * repeated end packets (§2.5.1.4) follow.
 */
function eventMarks(g: Group<RtpPacket>, rate: number): Arrow[] {
  const events: { t: number; ts: number; code: number; ends: number; duration: number }[] = [];
  for (const { t, value } of g.items) {
    const e = readTelephoneEvent(value.payload);
    if (!e.ok) continue;
    let ev = events.find((x) => x.ts === value.timestamp && x.code === e.value.event);
    if (!ev) events.push((ev = { t, ts: value.timestamp, code: e.value.event, ends: 0, duration: 0 }));
    if (e.value.end) ev.ends++;
    ev.duration = Math.max(ev.duration, e.value.duration);
  }
  return events.map((ev) => ({
    t: ev.t, from: g.from, to: g.to, style: "mark" as const,
    label: ev.code <= 15 ? `DTMF ${eventName(ev.code)} (RFC 4733)` : `${eventName(ev.code)} (RFC 4733)`,
    note: `${Math.round((ev.duration * 1000) / rate)} ms · ${ev.ends ? `${ev.ends} end packet${ev.ends === 1 ? "" : "s"}` : "no end seen"}`,
  }));
}

/** A direction's RTCP line: its reports counted by type (RFC 3550 §6.4), and its BYE (§6.6). */
function rtcpArrow(g: Group<string[]>): Arrow {
  const all = g.items.flatMap((i) => i.value);
  const n = (type: string) => all.filter((x) => x === type).length;
  const label = `RTCP ${n("SR")} SR, ${n("RR")} RR${n("BYE") ? ", BYE" : ""}`;
  const packets = `${g.items.length} compound packet${g.items.length === 1 ? "" : "s"}`;
  return { t: g.first, from: g.from, to: g.to, label, note: `${packets} · ${seconds(g.first)} to ${seconds(g.last)}`, style: "media" };
}

/** The media datagrams of a run as summary lines and marks, in order of time. */
export function mediaArrows(o: MediaLadder): Arrow[] {
  const streams = new Map<string, Group<RtpPacket>>();
  const rtcp = new Map<string, Group<string[]>>();
  const unreadable = new Map<string, Group<string>>();
  for (const d of o.media) {
    const peer = o.lane(d.peer);
    const [from, to] = d.dir === "out" ? [o.self, peer] : [peer, o.self];
    const where = `${d.dir} ${peer}`;
    if (d.channel === 0) {
      const p = readRtp(d.data);
      if (p.ok) groupOf(streams, `${where} ${p.value.ssrc} ${p.value.payloadType}`, from, to).items.push({ t: d.t, value: p.value });
      else groupOf(unreadable, `${where} RTP`, from, to).items.push({ t: d.t, value: p.error });
    } else {
      const r = readRtcp(d.data);
      if (r.ok) groupOf(rtcp, where, from, to).items.push({ t: d.t, value: r.value.map((p) => p.type) });
      else groupOf(unreadable, `${where} RTCP`, from, to).items.push({ t: d.t, value: r.error });
    }
  }
  const arrows: Arrow[] = [];
  for (const [key, g] of streams) arrows.push(...streamArrows(g, (key.startsWith("out") ? o.sent : o.received).get(g.items[0].value.payloadType)));
  for (const g of rtcp.values()) arrows.push(rtcpArrow(g));
  for (const [key, g] of unreadable) {
    const what = key.endsWith("RTCP") ? "RTCP" : "RTP";
    arrows.push({ t: g.first, from: g.from, to: g.to, label: `${g.items.length} unreadable ${what} datagram${g.items.length === 1 ? "" : "s"}`, note: g.items[0].value, style: "media" });
  }
  return arrows.sort((a, b) => a.t - b.t);
}

/** The door opening: a mark on `self`'s lane each time a relay closed its contact (event `relay`, b = 1). */
export function doorOpenings(events: (IntercomEvent & { t: number })[], self: string): Arrow[] {
  return events.filter((e) => e.kind === Ev.Relay && e.b === 1).map((e) => ({ t: e.t, from: self, to: self, label: `relay ${e.a} opens the door`, style: "mark" as const }));
}

/** Arrows of several kinds in one order of time; at the same moment, earlier lists first (SIP before its media). */
export function byTime(...lists: Arrow[][]): Arrow[] {
  return lists.flat().map((a, i) => ({ a, i })).sort((x, y) => x.a.t - y.a.t || x.i - y.i).map((x) => x.a);
}
