// ConfigGet and PieceOut (docs/serial-agent.md, "The configuration"): the
// active block with each secret record kept with length 0 and everything
// else octet for octet, the body length and CRC-32 recomputed; longer than
// one frame, status 6 and the length, the octets read with PieceOut.
import { configGet, pieceOut } from "../../../../assembly/app/serial/config-commands";
import { OUT_CAPACITY, STATUS_OK, STATUS_BAD_REQUEST, STATUS_IN_PIECES } from "../../../../assembly/app/serial/reply";
import { crc32 } from "../../../../assembly/serial/crc32";
import { SECRETS, SECRETS_LEN, SECRETS_MASKED, SECRETS_MASKED_LEN } from "./config-blocks";
import { LONG, LONG_LEN, LONG_MASKED, LONG_MASKED_LEN } from "./config-long-block";
import { boot, call, status, length, same, REQ, OUT } from "./config-support";

/** The records of tag `tag` in the response (count << 16 | the greatest length among them). */
function records(tag: u32): i32 {
  let count = 0, longest = 0;
  for (let at = 14; at < length();) {
    const t = <u32>load<u8>(OUT + <usize>at), size = <i32>load<u16>(OUT + <usize>at + 1);
    if (t == tag) { count++; if (size > longest) longest = size; }
    at += 3 + size;
  }
  return (count << 16) | longest;
}

function get(): void { call(configGet, 0); }

describe("ConfigGet answers the active block with its secrets masked", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("the masked block: each secret record kept with length 0, every other record octet for octet", () => {
    get();
    expect(status()).toBe(STATUS_OK);
    expect(length()).toBe(SECRETS_MASKED_LEN);
    expect(same(OUT, SECRETS_MASKED, SECRETS_MASKED_LEN)).toBe(true);
  });

  it("the header's body length and CRC-32 are those of the masked body", () => {
    get();
    expect(load<u32>(OUT + 6)).toBe(<u32>(length() - 14));
    expect(load<u32>(OUT + 10)).toBe(crc32(OUT + 14, length() - 14));
  });

  it("the password (0x03) reads as set: its record is there, with length 0", () => {
    get();
    expect(records(0x03)).toBe(1 << 16);
  });

  it("each door code (0x52) reads as set: three records, each with length 0", () => {
    get();
    expect(records(0x52)).toBe(3 << 16);
  });

  it("each access code (0x61) reads as set: two records, each with length 0", () => {
    get();
    expect(records(0x61)).toBe(2 << 16);
  });

  it("an allowed caller's secret (0x71) reads as set: one record, with length 0", () => {
    get();
    expect(records(0x71)).toBe(1 << 16);
  });

  it("a request with a payload is refused (ConfigGet takes none)", () => {
    store<u8>(REQ, 0);
    call(configGet, 1);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });
});

describe("with no configuration stored (the safe defaults)", () => {
  it("ConfigGet answers an empty payload", () => {
    boot(0, 0);
    get();
    expect(status()).toBe(STATUS_OK);
    expect(length()).toBe(0);
  });
});

describe("a masked block longer than one frame is read in pieces", () => {
  beforeEach(() => boot(LONG, LONG_LEN));

  it("ConfigGet answers status 6 with the masked block's length (u32)", () => {
    get();
    expect(status()).toBe(STATUS_IN_PIECES);
    expect(length()).toBe(4);
    expect(load<u32>(OUT)).toBe(<u32>LONG_MASKED_LEN);
  });

  it("PieceOut from offset 0, then from where each piece ended, reassembles the masked block", () => {
    get();
    const whole = memory.data(4096);
    let at = 0;
    while (at < LONG_MASKED_LEN) {
      store<u32>(REQ, <u32>at);
      call(pieceOut, 4);
      expect(status()).toBe(STATUS_OK);
      expect(length()).toBeGreaterThan(0, "every piece before the end carries octets");
      expect(length()).toBeLessThanOrEqual(OUT_CAPACITY);
      memory.copy(whole + <usize>at, OUT, <usize>length());
      at += length();
    }
    expect(at).toBe(LONG_MASKED_LEN);
    expect(same(whole, LONG_MASKED, LONG_MASKED_LEN)).toBe(true);
  });

  it("PieceOut from an offset inside the block serves the octets from there", () => {
    store<u32>(REQ, 1000);
    call(pieceOut, 4);
    expect(length()).toBe(LONG_MASKED_LEN - 1000);
    expect(same(OUT, LONG_MASKED + 1000, LONG_MASKED_LEN - 1000)).toBe(true);
  });

  it("PieceOut at the end answers no octets", () => {
    store<u32>(REQ, <u32>LONG_MASKED_LEN);
    call(pieceOut, 4);
    expect(status()).toBe(STATUS_OK);
    expect(length()).toBe(0);
  });

  it("PieceOut past the end is refused, naming the offset", () => {
    store<u32>(REQ, <u32>LONG_MASKED_LEN + 1);
    call(pieceOut, 4);
    expect(status()).toBe(STATUS_BAD_REQUEST);
    expect(String.UTF8.decodeUnsafe(OUT + 2, <usize>(length() - 2))).toBe("offset: wrong");
  });

  it("PieceOut with an offset far past any block (2^32 - 1) is refused", () => {
    store<u32>(REQ, 0xffffffff);
    call(pieceOut, 4);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("PieceOut whose offset is not 4 octets is refused", () => {
    call(pieceOut, 3);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });
});
