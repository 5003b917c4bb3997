// PieceIn (docs/serial-agent.md, "Protocol 4"): a ConfigWrite longer than one
// frame, `[command u8][total u32][offset u32][octets]`, assembled in order in
// the load buffer; each piece is answered with the octets received so far and
// the last with ConfigWrite's answer. A piece that does not follow is refused
// and the assembly starts again from offset 0.
import { pieceIn, configWrite, configPiecesReset } from "../../../../assembly/app/serial/config-commands";
import { STATUS_OK, STATUS_BAD_REQUEST, STATUS_REFUSED, STATUS_TOO_LARGE, takeRebootRequest } from "../../../../assembly/app/serial/reply";
import * as E from "../../../../assembly/app/config/message";
import { SECRETS, SECRETS_LEN } from "./config-blocks";
import { LONG, LONG_LEN } from "./config-long-block";
import { boot, call, status, length, refusal, text, piece, sendInPieces, storedIs, withKeeps, start, txt, keepRec, filler, sealed,
  mockConfigLength, OUT, KEEPS, BUILT } from "./config-support";

const SIZE = 1019; // a host's piece: maxPayload 1028 less the 9-octet header

/** The piece of LONG from `offset` (SIZE octets, fewer at the end). */
function longPiece(offset: i32): void {
  const n = LONG_LEN - offset < SIZE ? LONG_LEN - offset : SIZE;
  call(pieceIn, piece(LONG, LONG_LEN, offset, n));
}

describe("a block in pieces is assembled, then written as ConfigWrite writes it", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("each piece is answered with the octets received; the last one stores the block and asks the reboot", () => {
    sendInPieces(LONG, LONG_LEN, SIZE);
    expect(status()).toBe(STATUS_OK);
    expect(length()).toBe(1);
    expect(load<u8>(OUT)).toBe(1);
    expect(takeRebootRequest()).toBe(true);
    storedIs(LONG, LONG_LEN);
  });

  it("KEEP records in a block sent in pieces are expanded like those of one frame", () => {
    boot(LONG, LONG_LEN);
    const n = withKeeps(LONG, LONG_LEN, 0);
    sendInPieces(KEEPS, n, SIZE);
    expect(status()).toBe(STATUS_OK);
    storedIs(LONG, LONG_LEN);
  });

  it("a block in pieces is checked before it is stored: a refused one leaves the stored block", () => {
    start(); txt(0x01, "door"); filler(0x05, 2000);
    sendInPieces(BUILT, sealed(), SIZE);
    expect(status()).toBe(STATUS_REFUSED);
    expect(refusal()).toBe((E.E_RANGE << 8) | 0x05, "displayName is at most 63 octets");
    expect(mockConfigLength()).toBe(SECRETS_LEN);
    expect(takeRebootRequest()).toBe(false);
  });
});

describe("pieces out of order are refused and the assembly restarts", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("a piece that skips ahead is refused", () => {
    longPiece(0);
    call(pieceIn, piece(LONG, LONG_LEN, SIZE + 100, LONG_LEN - SIZE - 100));
    expect(status()).toBe(STATUS_BAD_REQUEST);
    expect(text()).toBe("offset: wrong");
  });

  it("after a refused piece, the piece that would have followed is refused too: the assembly restarted", () => {
    longPiece(0);
    call(pieceIn, piece(LONG, LONG_LEN, 5, 10));
    longPiece(SIZE);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("after a refused piece, the block sent again from offset 0 is stored whole", () => {
    longPiece(0);
    call(pieceIn, piece(LONG, LONG_LEN, 5, 10));
    sendInPieces(LONG, LONG_LEN, SIZE);
    expect(status()).toBe(STATUS_OK);
    storedIs(LONG, LONG_LEN);
  });

  it("a first piece at an offset other than 0 is refused", () => {
    longPiece(SIZE);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("a piece with another total than its assembly's is refused", () => {
    longPiece(0);
    call(pieceIn, piece(LONG, LONG_LEN + 1, SIZE, 10));
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("Hello (configPiecesReset) drops a half-assembled block", () => {
    longPiece(0);
    configPiecesReset();
    longPiece(SIZE);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("a ConfigWrite in one frame drops a half-assembled block (it takes the load buffer)", () => {
    longPiece(0);
    call(configWrite, 0); // an empty block: refused (E_SHORT), and the assembly is gone all the same
    longPiece(SIZE);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });
});

describe("PieceIn's own fields", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("a total over 4096 octets is refused as too large (status 5)", () => {
    call(pieceIn, piece(LONG, 4097, 0, 10));
    expect(status()).toBe(STATUS_TOO_LARGE);
  });

  it("a command other than ConfigWrite (0x22) is refused", () => {
    call(pieceIn, piece(LONG, LONG_LEN, 0, 10, 0x21));
    expect(status()).toBe(STATUS_BAD_REQUEST);
    expect(text()).toBe("command: wrong");
  });

  it("a piece that runs past its total is refused", () => {
    call(pieceIn, piece(LONG, 100, 0, 101));
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });

  it("a request shorter than the 9-octet piece header is refused", () => {
    call(pieceIn, 8);
    expect(status()).toBe(STATUS_BAD_REQUEST);
  });
});

describe("a KEEP may not grow a block past 4096 octets", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("a 4094-octet block whose KEEP of the 6-octet password would make it 4097 is refused (E_LENGTH, tag 0x7E)", () => {
    start(); keepRec(0x03, 0, 0); filler(0x05, 4094 - 14 - 6 - 3);
    sendInPieces(BUILT, sealed(), SIZE);
    expect(refusal()).toBe((E.E_LENGTH << 8) | 0x7e);
    expect(mockConfigLength()).toBe(SECRETS_LEN);
  });

  it("the same KEEP in a block that ends at 4096 octets once expanded goes on to the loader's checks", () => {
    start(); keepRec(0x03, 0, 0); filler(0x05, 4093 - 14 - 6 - 3);
    sendInPieces(BUILT, sealed(), SIZE);
    expect(refusal()).toBe((E.E_RANGE << 8) | 0x05, "refused for its displayName, not for its length");
  });
});
