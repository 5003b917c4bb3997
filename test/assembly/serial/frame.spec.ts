// Frame validation (docs/serial-protocol.md, "Framing"): a packet shorter than
// 8 octets, longer than the buffer, with a wrong CRC or of an unknown kind is
// no frame; the sealed frame carries its CRC-32 least significant octet first.
import { frameCheck, frameSeal, frameCapacity, FRAME_OK, DROP_SHORT, DROP_LONG, DROP_CRC, DROP_KIND } from "../../../assembly/serial/frame";
import { crc32 } from "../../../assembly/serial/crc32";
import { frame, input, read, request } from "./support";

const CAPACITY = frameCapacity(16);

describe("frame validation", () => {
  it("takes a request, a response and an event with a good CRC", () => {
    for (let kind: u8 = 1; kind <= 3; kind++) {
      const f = frame(kind, 7, 0x32, 0, [0x7b, 0x7d]);
      expect(frameCheck(input(f), f.length, CAPACITY)).toBe(FRAME_OK);
    }
  });

  it("drops a frame of kind 0x04 as an unknown kind", () => {
    const f = frame(0x04, 7, 0x32, 0, []);
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_KIND);
  });

  it("drops a frame of kind 0x00 as an unknown kind", () => {
    const f = frame(0x00, 7, 0x32, 0, []);
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_KIND);
  });

  it("drops a packet of 7 octets as short: a frame has at least a header and a CRC", () => {
    const f = request(1, 0x01, []);
    expect(frameCheck(input(f), 7, CAPACITY)).toBe(DROP_SHORT);
  });

  it("takes the shortest frame, 8 octets and no payload", () => {
    const f = request(1, 0x01, []);
    expect(f.length).toBe(8);
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(FRAME_OK);
  });

  it("drops a packet longer than the buffer, CRC good or not", () => {
    const f = request(1, 0x01, new Array<u8>(17));
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_LONG);
  });

  it("takes a payload of exactly maxPayload octets", () => {
    const f = request(1, 0x01, new Array<u8>(16));
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(FRAME_OK);
  });

  it("drops a frame with one bit of its payload flipped for its CRC", () => {
    const f = request(1, 0x30, [0x35]);
    f[4] ^= 0x01;
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_CRC);
  });

  it("drops a frame with one bit of its CRC flipped", () => {
    const f = request(1, 0x30, [0x35]);
    f[8] ^= 0x80;
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_CRC);
  });

  it("checks the CRC before the kind, as the host does: a damaged frame of an unknown kind is a CRC drop", () => {
    const f = frame(0x09, 1, 0x01, 0, []);
    f[1] ^= 0x01;
    expect(frameCheck(input(f), f.length, CAPACITY)).toBe(DROP_CRC);
  });

  it("seals a frame: header, then the CRC-32 of header and payload, least significant octet first", () => {
    const at = input([0, 0, 0, 0, 0x61, 0x62]);
    const n = frameSeal(at, 0x02, 9, 0x32, 3, 2);
    expect(n).toBe(10);
    const crc = crc32(at, 6);
    expect(read(at, 10)).toStrictEqual([0x02, 9, 0x32, 3, 0x61, 0x62, <u8>crc, <u8>(crc >>> 8), <u8>(crc >>> 16), <u8>(crc >>> 24)]);
  });
});
