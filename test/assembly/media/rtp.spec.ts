// The RTP fixed header (rtp.ts, RFC 3550 §5.1): what we write, what we read
// back from a received packet, and the hostile packets refused with their
// reason, without a read past the datagram's end.
import {
  RtpPacket, RTP_PACKET_SIZE, parseRtp, writeRtpHeader, RTP_HEADER_SIZE,
  RTP_OK, RTP_SHORT, RTP_BAD_VERSION, RTP_CSRC_PAST_END, RTP_EXTENSION_PAST_END, RTP_BAD_PADDING, RTP_IS_RTCP,
} from "../../../assembly/media/rtp";
import { put, bytes } from "./octets";

const PACKET = changetype<RtpPacket>(memory.data(RTP_PACKET_SIZE, 8));

describe("writing an RTP header (rtp.ts, RFC 3550 §5.1)", () => {
  it("the fixed header is V=2, no padding, extension or CSRC, then M|PT, sequence, timestamp, SSRC in network order", () => {
    const n = writeRtpHeader(bytes(), 172, 0, true, 0xBEEF, 0x01020304, 0xCAFEF00D);
    expect(n).toBe(RTP_HEADER_SIZE);
    const expected: u8[] = [0x80, 0x80, 0xBE, 0xEF, 1, 2, 3, 4, 0xCA, 0xFE, 0xF0, 0x0D];
    for (let i = 0; i < 12; i++) expect(load<u8>(bytes() + <usize>i)).toBe(expected[i]);
  });

  it("without the marker the second octet is the payload type alone (PCMA = 8)", () => {
    writeRtpHeader(bytes(), 12, 8, false, 1, 2, 3);
    expect(load<u8>(bytes() + 1)).toBe(8);
  });

  it("a buffer shorter than 12 octets gets nothing written and -1", () => {
    store<u8>(bytes(), 0x11);
    expect(writeRtpHeader(bytes(), 11, 0, false, 1, 2, 3)).toBe(-1);
    expect(load<u8>(bytes())).toBe(0x11);
  });
});

describe("parsing a received RTP packet (rtp.ts, RFC 3550 §5.1)", () => {
  it("a written header reads back: marker, payload type, sequence, timestamp, SSRC; the payload follows at 12", () => {
    writeRtpHeader(bytes(), 172, 0, true, 65535, 0xFFFFFFF0, 0x12345678);
    expect(parseRtp(bytes(), 172, PACKET)).toBe(RTP_OK);
    expect(PACKET.marker).toBe(1);
    expect(PACKET.payloadType).toBe(0);
    expect(PACKET.sequence).toBe(65535);
    expect(PACKET.timestamp).toBe(0xFFFFFFF0);
    expect(PACKET.ssrc).toBe(0x12345678);
    expect(PACKET.payloadOffset).toBe(12);
    expect(PACKET.payloadLength).toBe(160);
  });

  it("§5.1 CC: the CSRC identifiers are skipped, the payload starts after them", () => {
    put([0x82, 0x08, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 8, 8, 8, 8, 0xAB]);
    expect(parseRtp(bytes(), 21, PACKET)).toBe(RTP_OK);
    expect(PACKET.payloadOffset).toBe(20);
    expect(PACKET.payloadLength).toBe(1);
  });

  it("§5.3.1: a header extension is skipped by its length in 32-bit words", () => {
    put([0x90, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0xAB, 0xCD]);
    expect(parseRtp(bytes(), 26, PACKET)).toBe(RTP_OK);
    expect(PACKET.payloadOffset).toBe(24);
    expect(PACKET.payloadLength).toBe(2);
  });

  it("§5.1 P: the last octet counts the padding, itself included, and the payload ends before it", () => {
    put([0xA0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x11, 0x22, 0, 0, 3]);
    expect(parseRtp(bytes(), 17, PACKET)).toBe(RTP_OK);
    expect(PACKET.payloadLength).toBe(2);
  });

  it("a packet shorter than the fixed header is refused as short (0, 1 and 11 octets)", () => {
    put([0x80, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
    expect(parseRtp(bytes(), 0, PACKET)).toBe(RTP_SHORT);
    expect(parseRtp(bytes(), 1, PACKET)).toBe(RTP_SHORT);
    expect(parseRtp(bytes(), 11, PACKET)).toBe(RTP_SHORT);
    expect(parseRtp(bytes(), -4, PACKET)).toBe(RTP_SHORT);
  });

  it("§5.1 V: versions 0, 1 and 3 are refused", () => {
    for (let v = 0; v < 4; v++) {
      if (v == 2) continue;
      put([<u8>(v << 6), 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
      expect(parseRtp(bytes(), 12, PACKET)).toBe(RTP_BAD_VERSION);
    }
  });

  it("15 CSRCs claimed in a 16-octet packet are refused, not read", () => {
    put([0x8F, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 1, 1, 1]);
    expect(parseRtp(bytes(), 16, PACKET)).toBe(RTP_CSRC_PAST_END);
  });

  it("§5.3.1: an extension whose header or announced length passes the end is refused", () => {
    put([0x90, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE]);
    expect(parseRtp(bytes(), 14, PACKET)).toBe(RTP_EXTENSION_PAST_END);
    put([0x90, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0xFF, 0xFF, 1, 2, 3, 4]);
    expect(parseRtp(bytes(), 20, PACKET)).toBe(RTP_EXTENSION_PAST_END);
  });

  it("§5.1 P: a padding count of 0, or more than what follows the header, is refused", () => {
    put([0xA0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x11, 0]);
    expect(parseRtp(bytes(), 14, PACKET)).toBe(RTP_BAD_PADDING);
    put([0xA0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x11, 3]);
    expect(parseRtp(bytes(), 14, PACKET)).toBe(RTP_BAD_PADDING);
  });

  it("padding that eats the whole payload leaves a payload of length 0", () => {
    put([0xA0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 2]);
    expect(parseRtp(bytes(), 14, PACKET)).toBe(RTP_OK);
    expect(PACKET.payloadLength).toBe(0);
  });

  it("RFC 5761 §4: an RTCP packet on the RTP port (second octet 200..204) is told apart", () => {
    put([0x80, 0xC8, 0, 6, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(parseRtp(bytes(), 12, PACKET)).toBe(RTP_IS_RTCP);
  });

  it("a packet refused past its end does not depend on what follows the datagram", () => {
    put([0x81, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 7, 7, 7, 7]);
    expect(parseRtp(bytes(), 15, PACKET)).toBe(RTP_CSRC_PAST_END);
    expect(parseRtp(bytes(), 16, PACKET)).toBe(RTP_OK);
  });
});
