// Reading RTP, RTCP and RFC 4733 telephone-event packets on the host, for
// pictures and checks of a call's media (the ladder's RTP lines): the fixed
// RTP header (RFC 3550 §5.1), the sender and receiver reports of a compound
// RTCP packet (§6.4), and the event payload (RFC 4733 §2.3). Every reader
// takes untrusted bytes: a packet too short, of another version, or whose
// lengths run past its end is refused with a message naming the field,
// never read past its length.

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  /** The payload, without header, extension or padding (a view into the packet). */
  payload: Uint8Array;
}

export interface TelephoneEvent {
  /** The event code (RFC 4733 §3.2: 0-9, 10 "*", 11 "#", 12-15 A-D for DTMF). */
  event: number;
  end: boolean;
  /** -dBm0, 0-63. */
  volume: number;
  /** In timestamp units since the event began. */
  duration: number;
}

/** One report block of an SR or RR (RFC 3550 §6.4.1). */
export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  /** Signed 24 bits: duplicates can make it negative. */
  cumulativeLost: number;
  highestSequence: number;
  jitter: number;
}

export type RtcpPacket =
  | { type: "SR"; ssrc: number; ntp: bigint; rtpTimestamp: number; packets: number; octets: number; reports: ReportBlock[] }
  | { type: "RR"; ssrc: number; reports: ReportBlock[] }
  | { type: "SDES" | "BYE" | "APP" | "other"; packetType: number };

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const RTP_HEADER = 12; // RFC 3550 §5.1: V P X CC M PT, sequence, timestamp, SSRC
const RTCP_HEADER = 4;
const REPORT_BLOCK = 24; // RFC 3550 §6.4.1
const SENDER_INFO = 20; // NTP (8), RTP timestamp, packet count, octet count
const EVENT_PAYLOAD = 4; // RFC 4733 §2.3
const RTCP_TYPES: Record<number, "SR" | "RR" | "SDES" | "BYE" | "APP"> = { 200: "SR", 201: "RR", 202: "SDES", 203: "BYE", 204: "APP" };

const fail = <T>(error: string): Read<T> => ({ ok: false, error });
const u32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

/** The RTP packet in `b` (RFC 3550 §5.1; the extension §5.3.1 and padding skipped). */
export function readRtp(b: Uint8Array): Read<RtpPacket> {
  if (b.length < RTP_HEADER) return fail(`RTP: ${b.length} octets, shorter than the 12-octet fixed header (RFC 3550 §5.1)`);
  const version = b[0] >> 6;
  if (version !== 2) return fail(`RTP: version ${version}, not 2 (RFC 3550 §5.1)`);
  const csrcCount = b[0] & 0x0f;
  let at = RTP_HEADER + 4 * csrcCount;
  if (at > b.length) return fail(`RTP: CSRC count ${csrcCount} runs past the packet's ${b.length} octets`);
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(u32(b, RTP_HEADER + 4 * i));
  if (b[0] & 0x10) {
    // §5.3.1: a 16-bit profile word and a length in 32-bit words, then the extension.
    if (at + 4 > b.length) return fail("RTP: the header extension's length runs past the packet");
    at += 4 + 4 * u16(b, at + 2);
    if (at > b.length) return fail("RTP: the header extension runs past the packet");
  }
  let end = b.length;
  if (b[0] & 0x20) {
    // §5.1 P: the last octet counts the padding, itself included.
    const padding = b[b.length - 1];
    if (padding === 0 || end - padding < at) return fail(`RTP: padding of ${padding} octets does not fit the packet`);
    end -= padding;
  }
  return {
    ok: true,
    value: { marker: (b[1] & 0x80) !== 0, payloadType: b[1] & 0x7f, sequence: u16(b, 2), timestamp: u32(b, 4), ssrc: u32(b, 8), csrcs, payload: b.subarray(at, end) },
  };
}

/** A telephone-event payload (RFC 4733 §2.3: event, E R volume, duration); more than one event in a packet is refused. */
export function readTelephoneEvent(p: Uint8Array): Read<TelephoneEvent> {
  if (p.length < EVENT_PAYLOAD) return fail(`telephone-event: ${p.length} octets, shorter than the 4-octet payload (RFC 4733 §2.3)`);
  return { ok: true, value: { event: p[0], end: (p[1] & 0x80) !== 0, volume: p[1] & 0x3f, duration: u16(p, 2) } };
}

function reportBlocks(b: Uint8Array, at: number, count: number, end: number): ReportBlock[] | null {
  if (at + count * REPORT_BLOCK > end) return null;
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < count; i++, at += REPORT_BLOCK) {
    const lost = (b[at + 5] << 16) | (b[at + 6] << 8) | b[at + 7];
    blocks.push({ ssrc: u32(b, at), fractionLost: b[at + 4], cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost, highestSequence: u32(b, at + 8), jitter: u32(b, at + 12) });
  }
  return blocks;
}

/** Every packet of a compound RTCP packet (RFC 3550 §6.1), SR and RR read whole (§6.4.1, §6.4.2). */
export function readRtcp(b: Uint8Array): Read<RtcpPacket[]> {
  if (b.length < RTCP_HEADER) return fail(`RTCP: ${b.length} octets, shorter than a 4-octet header (RFC 3550 §6.1)`);
  const packets: RtcpPacket[] = [];
  for (let at = 0; at < b.length; ) {
    if (at + RTCP_HEADER > b.length) return fail(`RTCP: ${b.length - at} octets left at ${at}, shorter than a header`);
    const version = b[at] >> 6;
    if (version !== 2) return fail(`RTCP: version ${version} at octet ${at}, not 2 (RFC 3550 §6.4.1)`);
    const count = b[at] & 0x1f;
    const packetType = b[at + 1];
    const end = at + 4 * (u16(b, at + 2) + 1); // §6.4.1 length: 32-bit words minus one
    if (end > b.length) return fail(`RTCP: the length of the packet at octet ${at} runs past the ${b.length} octets`);
    const type = RTCP_TYPES[packetType];
    if (type === "SR" || type === "RR") {
      const first = at + 8 + (type === "SR" ? SENDER_INFO : 0);
      if (first > end) return fail(`RTCP: ${type} at octet ${at} too short for its sender SSRC${type === "SR" ? " and sender info" : ""}`);
      const reports = reportBlocks(b, first, count, end);
      if (!reports) return fail(`RTCP: ${type} at octet ${at} says ${count} report blocks, more than its length holds`);
      const ssrc = u32(b, at + 4);
      if (type === "RR") packets.push({ type, ssrc, reports });
      else {
        const ntp = (BigInt(u32(b, at + 8)) << 32n) | BigInt(u32(b, at + 12));
        packets.push({ type, ssrc, ntp, rtpTimestamp: u32(b, at + 16), packets: u32(b, at + 20), octets: u32(b, at + 24), reports });
      }
    } else packets.push({ type: type ?? "other", packetType });
    at = end;
  }
  // §6.1: the first packet of a compound packet MUST be a report (an empty RR at least, even before a BYE).
  if (packets[0].type !== "SR" && packets[0].type !== "RR") return fail(`RTCP: the compound packet begins with ${packets[0].type}, not SR or RR (RFC 3550 §6.1)`);
  return { ok: true, value: packets };
}

/** What an event code names (RFC 4733 §3.2, Table 3): "1", "*", "#", "A", or "event 16". */
export function eventName(code: number): string {
  if (code <= 9) return String(code);
  return ["*", "#", "A", "B", "C", "D"][code - 10] ?? `event ${code}`;
}
