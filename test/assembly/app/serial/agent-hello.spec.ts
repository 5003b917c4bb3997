// Hello (docs/serial-agent.md, "Hello record"): the board as BootInfo says,
// and each slot summed up from its image's header and trailer (docs/images.md).
import { freshStation, ask, frame, slip, ascii, le32, mockSetBoot, mockSetCapacity, mockSlot } from "./agent-support";

const HELLO: u8 = 0x01;

/** An image of kind 1 for `simulator`, version 1.2.3+45, a payload of 5 octets: 96 octets in all. */
function image(): u8[] {
  const header: u8[] = [0x49, 0x43, 0x49, 0x4d, 1, 0, 32, 0, 5, 0, 0, 0, 1, 0, 0, 0, 1, 2, 3, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const payload: u8[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0]; // padded to 8
  const trailer: u8[] = [0x49, 0x54, 56, 0, 0x01, 0, 9, 0];
  const name = ascii("simulator");
  for (let i = 0; i < name.length; i++) trailer.push(name[i]);
  trailer.push(0); trailer.push(0); trailer.push(0); // the record padded to 4
  trailer.push(0x02); trailer.push(0); trailer.push(32); trailer.push(0);
  for (let i = 0; i < 32; i++) trailer.push(<u8>(0xa0 + i));
  return header.concat(payload).concat(trailer);
}

/** Slot summary of image(): state 1, the header's version octets, the size 96, the hash record. */
function summary(): u8[] {
  const s: u8[] = [1, 1, 2, 3, 0, 45, 0, 0, 0];
  const size = le32(96);
  for (let i = 0; i < 4; i++) s.push(size[i]);
  for (let i = 0; i < 32; i++) s.push(<u8>(0xa0 + i));
  return s;
}

function empty(): u8[] { const s = new Array<u8>(45); for (let i = 0; i < 45; i++) s[i] = 0; return s; }

/** Protocol 4, features press+input and monitor, maxPayload 1028, maxTransfer 4096. */
const HEAD: u8[] = [4, 0x0c, 0x04, 0x04, 0x00, 0x10];

describe("serial agent: Hello", () => {
  it("answers the Hello record octet for octet: limits, BootInfo, the board name, slot A's image, slot B empty", () => {
    freshStation([], 1000);
    mockSetBoot(1, 1, 2, 1);
    mockSetCapacity(65536);
    mockSlot(0, image());
    const record = HEAD.concat([1, 1, 2, 1]).concat(le32(65536)).concat(le32(131072)).concat([9]).concat(ascii("simulator"))
      .concat(summary()).concat(empty());
    expect(ask(5, HELLO, [1, 2, 3, 4], 1000)).toStrictEqual(slip(frame(0x02, 5, HELLO, 0, record)));
  });

  it("sums up a slot whose trailer is cut off as empty: state 0 and zeros", () => {
    freshStation([], 1000);
    mockSetCapacity(65536);
    const cut = image().slice(0, 90);
    mockSlot(1, cut);
    const record = HEAD.concat([0, 0, 0, 1]).concat(le32(65536)).concat(le32(131072)).concat([9]).concat(ascii("simulator"))
      .concat(empty()).concat(empty());
    expect(ask(6, HELLO, [0, 0, 0, 0], 1000)).toStrictEqual(slip(frame(0x02, 6, HELLO, 0, record)));
  });

  it("sums up a slot that holds no image (another magic) as empty", () => {
    freshStation([], 1000);
    const other = image();
    other[0] = 0x00;
    mockSlot(0, other);
    const answer = ask(7, HELLO, [0, 0, 0, 0], 1000);
    // the first slot summary's state: after 4 + 6 + 12 header octets, the str8 name (1 + 9) and the frame's 4-octet header
    expect(answer[1 + 4 + 18 + 1 + 9]).toBe(0);
  });
});
