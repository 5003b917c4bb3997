// FlashBegin's refusals (docs/serial-agent.md "Flashing", docs/images.md
// "What a board checks", 1): each names its field with its status, and the
// slot the board would write keeps what it held (nothing is erased).
import { flashBegin, flashSessionReset } from "../../../../assembly/app/serial/flash-commands";
import {
  IMAGE, REQ, OUT, mockReset, mockSetBoot, mockSetCapacity, mockSetSlot, mockSlotLength,
  setBoardName, buildImage, beginRequest, status, refusal,
} from "./flash-support";

const OLD: usize = memory.data(5, 8); // what slot B holds before the Begin
let size = 0;

/** Begins with the request at REQ (`len` octets): the reply. */
function beginWith(len: i32): i32 { return flashBegin(REQ, len, OUT, 0); }

/** Asserts the reply `r` is a refusal with `status` and `text`, and slot B was not erased. */
function refusedUntouched(r: i32, expectedStatus: i32, text: string): void {
  expect(status(r)).toBe(expectedStatus);
  expect(refusal(r)).toBe(text);
  expect(mockSlotLength(1)).toBe(5);
}

describe("FlashBegin refuses before it erases", () => {
  beforeEach(() => {
    mockReset();
    flashSessionReset();
    mockSetSlot(1, OLD, 5);
    size = buildImage(61);
  });

  it("a header it cannot read: magic", () => {
    store<u8>(IMAGE, 0x00);
    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "magic: not ICIM");
  });

  it("a header of an unknown kind: kind", () => {
    size = buildImage(61, 7);
    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "kind: not 1 to 3");
  });

  it("a trailer that does not read: trailer magic", () => {
    const len = beginRequest(size, 64);
    store<u16>(REQ + 70, 0x1234);
    refusedUntouched(beginWith(len), 3, "trailer magic: not IT");
  });

  it("an image of another kind than the board boots: kind", () => {
    size = buildImage(61, 2);
    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "kind: not this board's");
  });

  it("a trailer whose board records do not name the board: board", () => {
    size = buildImage(61, 1, "native-linux");
    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "board: not this board");
  });

  it("a board name that only starts like the board's: board", () => {
    setBoardName("simulator-2");
    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "board: not this board");
  });

  it("a size other than header, payload padded to 4 and trailer: size", () => {
    refusedUntouched(beginWith(beginRequest(size, 64, size + 4)), 3, "size: not the image's");
  });

  it("an image larger than the slot: size, status 5", () => {
    mockSetCapacity(size - 1);
    refusedUntouched(beginWith(beginRequest(size, 64)), 5, "size: over the slot");
  });

  it("a chunk size of 0: chunkSize", () => {
    refusedUntouched(beginWith(beginRequest(size, 0)), 3, "chunkSize: not 1 to 1024");
  });

  it("a chunk size over maxPayload − 4 (1025): chunkSize", () => {
    refusedUntouched(beginWith(beginRequest(size, 1025)), 3, "chunkSize: not 1 to 1024");
  });

  it("a board running outside its slots: slot, status 4", () => {
    mockSetBoot(0xff, 0, 0, 1);
    refusedUntouched(beginWith(beginRequest(size, 64)), 4, "slot: outside slots");
  });

  it("a board on trial, whose other slot is its fallback: trial, status 4", () => {
    mockSetBoot(0, 1, 0, 1);
    refusedUntouched(beginWith(beginRequest(size, 64)), 4, "trial: confirm first");
  });

  it("a trailer longer than the 688 octets Verify reads back: trailer length", () => {
    size = buildImage(61, 1, "simulator", 19); // 19 more records of 36 octets: a trailer of 740

    refusedUntouched(beginWith(beginRequest(size, 64)), 3, "trailer length: over 688");
  });

  it("a request too short to hold a header: header, status 1", () => {
    refusedUntouched(beginWith(69), 1, "header: missing");
  });
});

describe("FlashBegin erases the slot the board does not run", () => {
  beforeEach(() => { mockReset(); flashSessionReset(); size = buildImage(61); });

  it("slot B when the board runs slot A", () => {
    mockSetSlot(1, OLD, 5);
    expect(status(beginWith(beginRequest(size, 1024)))).toBe(0);
    expect(load<u8>(OUT)).toBe(1);
    expect(mockSlotLength(1)).toBe(0);
  });

  it("slot A when the board runs slot B", () => {
    mockSetBoot(1, 0, 0, 1);
    mockSetSlot(0, OLD, 5);
    expect(status(beginWith(beginRequest(size, 1024)))).toBe(0);
    expect(load<u8>(OUT)).toBe(0);
    expect(mockSlotLength(0)).toBe(0);
  });

  it("takes an image for the board among several boards' records", () => {
    setBoardName("esp32-ethernet");
    size = buildImage(61, 1, "esp32-ethernet");
    expect(status(beginWith(beginRequest(size, 64)))).toBe(0);
  });
});
