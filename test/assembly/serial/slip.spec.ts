// SLIP (RFC 1055) as the serial link uses it (assembly/serial/slip.ts): the
// decoder fed octet by octet or in runs into a buffer of the caller's, and the
// encoder in chunks.
import {
  SlipDecoder, SlipEncoder, slipDecoderInit, slipDecode, slipDecodeOctet, slipEncodeStart, slipEncodeNext,
  SLIP_MORE, SLIP_OVERFLOW,
} from "../../../assembly/serial/slip";
import { END, ESC, ESC_END, ESC_ESC, input, read, rx } from "./support";

const DECODER: usize = memory.data(<i32>offsetof<SlipDecoder>(), 8);
const ENCODER: usize = memory.data(<i32>offsetof<SlipEncoder>(), 8);
const OUT: usize = memory.data(256, 8);

function decoder(capacity: i32 = 32): SlipDecoder {
  const d = changetype<SlipDecoder>(DECODER);
  slipDecoderInit(d, rx(), capacity);
  return d;
}

/** The packets `octets` hold, fed in runs of `run` octets; an overflow shows as the packet [0xEE, 0xEE]. */
function packets(d: SlipDecoder, octets: u8[], run: i32): u8[][] {
  const found: u8[][] = [];
  const at = input(octets);
  let i = 0;
  while (i < octets.length) {
    const r = slipDecode(d, at + <usize>i, min(run, octets.length - i));
    i += d.taken;
    if (r == SLIP_OVERFLOW) found.push([0xee, 0xee]);
    else if (r > 0) found.push(read(rx(), r));
  }
  return found;
}

/** What the encoder writes for `octets`, in chunks of `chunk` octets. */
function encoded(octets: u8[], chunk: i32): u8[] {
  const e = changetype<SlipEncoder>(ENCODER);
  slipEncodeStart(e, input(octets), octets.length);
  let n = 0, k = 0;
  while ((k = slipEncodeNext(e, OUT + <usize>n, chunk)) > 0) n += k;
  return read(OUT, n);
}

describe("SLIP decoder", () => {
  it("turns ESC ESC_END into a data END", () => {
    expect(packets(decoder(), [END, 1, ESC, ESC_END, 2, END], 64)).toStrictEqual([[1, END, 2]]);
  });

  it("turns ESC ESC_ESC into a data ESC", () => {
    expect(packets(decoder(), [END, 1, ESC, ESC_ESC, 2, END], 64)).toStrictEqual([[1, ESC, 2]]);
  });

  it("skips the empty packet of the END before a packet and takes the packet at the END after it", () => {
    expect(packets(decoder(), [END, END, 5, 6, END, END], 64)).toStrictEqual([[5, 6]]);
  });

  it("hands noise between two packets over as a packet of its own", () => {
    expect(packets(decoder(), [END, 1, 2, END, 0x55, END, 3, 4, END], 64)).toStrictEqual([[1, 2], [0x55], [3, 4]]);
  });

  it("takes a packet fed one octet at a time", () => {
    const d = decoder();
    const octets: u8[] = [END, 1, ESC, ESC_END, 2, ESC, ESC_ESC, 3, END];
    let last = SLIP_MORE;
    for (let i = 0; i < octets.length; i++) {
      last = slipDecodeOctet(d, octets[i]);
      if (i < octets.length - 1) expect(last).toBe(SLIP_MORE);
    }
    expect(last).toBe(5);
    expect(read(rx(), 5)).toStrictEqual([1, END, 2, ESC, 3]);
  });

  it("takes a packet split over runs of 2 octets, whatever falls between the runs", () => {
    expect(packets(decoder(), [END, 1, ESC, ESC_END, 2, ESC, ESC_ESC, 3, END], 2)).toStrictEqual([[1, END, 2, ESC, 3]]);
  });

  it("completes an ESC at the end of a run with the first octet of the next run", () => {
    const d = decoder();
    expect(slipDecode(d, input([END, 7, ESC]), 3)).toBe(SLIP_MORE);
    expect(slipDecode(d, input([ESC_END, END]), 2)).toBe(2);
    expect(read(rx(), 2)).toStrictEqual([7, END]);
  });

  it("stops a run right after the END of a packet and says how many octets it took", () => {
    const d = decoder();
    expect(slipDecode(d, input([END, 1, END, 2, END]), 5)).toBe(1);
    expect(d.taken).toBe(3);
  });

  it("ends the packet so far at an invalid escape and begins the next one with the octet after the ESC (as serialport does)", () => {
    expect(packets(decoder(), [END, 1, 2, ESC, 0x41, 3, END], 64)).toStrictEqual([[1, 2], [0x41, 3]]);
  });

  it("takes ESC END as an invalid escape: the END is a data octet of the next packet", () => {
    expect(packets(decoder(), [END, 1, ESC, END, 2, END], 64)).toStrictEqual([[1], [END, 2]]);
  });

  it("drops a run longer than the buffer once, skips it to its END and takes the next packet", () => {
    const d = decoder(8);
    const run: u8[] = [END, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, END, 0x21, 0x22, END];
    expect(packets(d, run, 64)).toStrictEqual([[0xee, 0xee], [0x21, 0x22]]);
    expect(d.overflows).toBe(1);
  });

  it("takes a packet of exactly the buffer's size", () => {
    expect(packets(decoder(4), [END, 1, 2, 3, 4, END], 64)).toStrictEqual([[1, 2, 3, 4]]);
  });
});

describe("SLIP encoder", () => {
  it("writes an END before the packet (RFC 1055: flush the noise) and one after it", () => {
    expect(encoded([1, 2, 3], 64)).toStrictEqual([END, 1, 2, 3, END]);
  });

  it("writes a data END as ESC ESC_END and a data ESC as ESC ESC_ESC", () => {
    expect(encoded([END, ESC], 64)).toStrictEqual([END, ESC, ESC_END, ESC, ESC_ESC, END]);
  });

  it("writes the same octets in chunks of one octet, an escape pair cut between two chunks", () => {
    expect(encoded([9, END, ESC, 8], 1)).toStrictEqual([END, 9, ESC, ESC_END, ESC, ESC_ESC, 8, END]);
  });

  it("writes the same octets in chunks of three", () => {
    expect(encoded([END, END, END, 4], 3)).toStrictEqual([END, ESC, ESC_END, ESC, ESC_END, ESC, ESC_END, 4, END]);
  });

  it("writes nothing more once the packet is out", () => {
    const e = changetype<SlipEncoder>(ENCODER);
    slipEncodeStart(e, input([1]), 1);
    expect(slipEncodeNext(e, OUT, 64)).toBe(3);
    expect(slipEncodeNext(e, OUT, 64)).toBe(0);
  });
});
