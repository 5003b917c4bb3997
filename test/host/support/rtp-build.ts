// Media packets written by hand for the tests of the host's packet reader
// and of the ladder's media lines: RTP with its fixed header (RFC 3550 §5.1),
// RTCP packets with a right length field (§6.4.1), RFC 4733 event payloads.

/** An RTP packet: V=2, the flag bits of its first octet in `first`, then marker+PT, sequence, timestamp, SSRC and the rest. */
export function rtp(o: { first?: number; marker?: boolean; pt?: number; seq?: number; ts?: number; ssrc?: number; rest?: number[] }): Buffer {
  const b = Buffer.alloc(12);
  b[0] = 0x80 | (o.first ?? 0);
  b[1] = (o.marker ? 0x80 : 0) | (o.pt ?? 0);
  b.writeUInt16BE(o.seq ?? 0, 2);
  b.writeUInt32BE(o.ts ?? 0, 4);
  b.writeUInt32BE(o.ssrc ?? 0, 8);
  return Buffer.concat([b, Buffer.from(o.rest ?? [])]);
}

/** An RTCP packet of `type` with `count` in its first octet and `words` after the header; the length field is right. */
export function rtcp(type: number, count: number, words: number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * words.length);
  b[0] = 0x80 | count;
  b[1] = type;
  b.writeUInt16BE(words.length, 2);
  words.forEach((w, i) => b.writeUInt32BE(w >>> 0, 4 + 4 * i));
  return b;
}

/** A report block (§6.4.1): SSRC, fraction lost and 24-bit cumulative lost, highest sequence, jitter, LSR, DLSR. */
export const block = (ssrc: number, fraction: number, lost: number, highest: number, jitter: number) => [ssrc, (fraction << 24) | (lost & 0xffffff), highest, jitter, 0, 0];

/** An RFC 4733 §2.3 payload: event, E bit and volume, duration. */
export const eventPayload = (event: number, end: boolean, duration: number, volume = 10) => [event, (end ? 0x80 : 0) | volume, duration >> 8, duration & 0xff];
