// Flashing through the serial agent's handlers (assembly/app/serial/
// flash-commands.ts, docs/serial-agent.md "Flashing") on the mock board: a
// whole flash, then each rule of Data, Verify and Activate.
import { flashBegin, flashData, flashSessionReset } from "../../../../assembly/app/serial/flash-commands";
import { takeRebootRequest, replyLength } from "../../../../assembly/app/serial/reply";
import {
  IMAGE, REQ, OUT, mockReset, mockSlotLength, mockActivated, mockReboots, mockSetFailWrites, buildImage, beginRequest, dataRequest,
  sha256To, status, refusal, useImage, chunks, begin, data, verify, activate, writeAll,
} from "./flash-support";

const PAYLOAD = 301; // three chunks of 128 and a last one of 12: header, payload, 3 octets of padding, trailer
const CHUNK = 128;
const EXPECTED: usize = memory.data(32, 8);
let size = 0;


describe("a whole flash", () => {
  beforeEach(() => { mockReset(); flashSessionReset(); takeRebootRequest(); size = useImage(PAYLOAD, CHUNK); });

  it("Begin answers the slot the board does not run, the chunk size and the number of chunks", () => {
    const r = begin();
    expect(status(r)).toBe(0);
    expect(replyLength(r)).toBe(7);
    expect(load<u8>(OUT)).toBe(1);
    expect(load<u16>(OUT, 1)).toBe(<u16>CHUNK);
    expect(load<u32>(OUT, 3)).toBe(<u32>chunks());
  });

  it("Data answers each chunk's number and writes it at n × chunkSize", () => {
    begin();
    for (let n = 0; n < chunks(); n++) {
      expect(status(data(n))).toBe(0);
      expect(load<u32>(OUT)).toBe(<u32>n);
    }
    expect(mockSlotLength(1)).toBe(size);
  });

  it("Verify answers the slot, the image's version and its own SHA-256 record", () => {
    begin();
    expect(writeAll()).toBe(true);
    const r = verify();
    expect(status(r)).toBe(0);
    expect(replyLength(r)).toBe(41);
    expect(load<u8>(OUT)).toBe(1);
    expect(load<u8>(OUT, 1)).toBe(1);
    expect(load<u8>(OUT, 2)).toBe(2);
    expect(load<u16>(OUT, 3)).toBe(3);
    expect(load<u32>(OUT, 5)).toBe(4);
    sha256To(IMAGE, 32 + PAYLOAD, EXPECTED);
    for (let i: usize = 0; i < 32; i++) expect(load<u8>(OUT + 9 + i)).toBe(load<u8>(EXPECTED + i));
  });

  it("Activate puts the verified slot on trial and asks for one reboot after its answer", () => {
    begin();
    writeAll();
    verify();
    const r = activate(1);
    expect(status(r)).toBe(0);
    expect(load<u8>(OUT)).toBe(1);
    expect(mockActivated()).toBe(1);
    expect(takeRebootRequest()).toBe(true);
    expect(takeRebootRequest()).toBe(false);
    expect(mockReboots()).toBe(0); // the agent reboots once the answer is on the line
  });

  it("an image longer than Verify's read-back buffer (688 octets) verifies, read in pieces", () => {
    useImage(3001, 1024);
    expect(status(begin())).toBe(0);
    expect(writeAll()).toBe(true);
    expect(status(verify())).toBe(0);
  });

  it("an image exactly one chunk long flashes in one Data", () => {
    size = buildImage(20);
    expect(status(flashBegin(REQ, beginRequest(size, size), OUT, 0))).toBe(0);
    expect(load<u32>(OUT, 3)).toBe(1);
    expect(status(flashData(REQ, dataRequest(0, size, size), OUT, 0))).toBe(0);
    expect(status(verify())).toBe(0);
  });
});

describe("FlashData", () => {
  beforeEach(() => { mockReset(); flashSessionReset(); size = useImage(PAYLOAD, CHUNK); });

  it("is refused before any FlashBegin: chunk, status 4", () => {
    const r = data(0);
    expect(status(r)).toBe(4);
    expect(refusal(r)).toBe("chunk: no FlashBegin");
  });

  it("refuses a chunk past the next expected one: chunk", () => {
    begin();
    data(0);
    const r = data(2);
    expect(status(r)).toBe(3);
    expect(refusal(r)).toBe("chunk: not the next");
  });

  it("refuses a chunk number past the last chunk: chunk", () => {
    begin();
    writeAll();
    const r = flashData(REQ, dataRequest(chunks(), CHUNK, 4), OUT, 0);
    expect(refusal(r)).toBe("chunk: not the next");
  });

  it("refuses a chunk of another length than chunkSize: chunk", () => {
    begin();
    const r = flashData(REQ, dataRequest(0, CHUNK, CHUNK - 1), OUT, 0);
    expect(status(r)).toBe(3);
    expect(refusal(r)).toBe("chunk: wrong length");
  });

  it("refuses a last chunk longer than the rest of the image: chunk", () => {
    begin();
    for (let n = 0; n < chunks() - 1; n++) data(n);
    const r = flashData(REQ, dataRequest(chunks() - 1, CHUNK, CHUNK), OUT, 0);
    expect(refusal(r)).toBe("chunk: wrong length");
  });

  it("takes a repeated chunk and writes it again: the flash still verifies", () => {
    begin();
    data(0);
    data(1);
    expect(status(data(1))).toBe(0);
    expect(load<u32>(OUT)).toBe(1);
    for (let n = 2; n < chunks(); n++) data(n);
    expect(status(verify())).toBe(0);
  });

  it("refuses a chunk the board cannot write: slot", () => {
    begin();
    mockSetFailWrites(1);
    expect(refusal(data(0))).toBe("slot: write failed");
  });

  it("refuses a request without its chunk number: chunk, status 1", () => {
    begin();
    const r = flashData(REQ, 3, OUT, 0);
    expect(status(r)).toBe(1);
    expect(refusal(r)).toBe("chunk: missing");
  });
});
