// FlashVerify and FlashActivate (docs/serial-agent.md "Flashing"): Verify
// needs every chunk and reads the slot back (the header and trailer Begin
// carried, the whole image's SHA-256, the trailer's record, then the board's
// own check); Activate takes only the slot Verify passed.
import { flashSessionReset } from "../../../../assembly/app/serial/flash-commands";
import { takeRebootRequest } from "../../../../assembly/app/serial/reply";
import {
  IMAGE, mockReset, mockSetSlot, mockActivated, setCheckReason, status, refusal, useImage, begin, data, verify, activate, writeAll,
} from "./flash-support";

const CHUNK = 64;
let size = 0;

describe("FlashVerify", () => {
  beforeEach(() => { mockReset(); flashSessionReset(); takeRebootRequest(); size = useImage(150, CHUNK); });

  it("is refused while a chunk is missing: chunk, status 4", () => {
    begin();
    data(0);
    const r = verify();
    expect(status(r)).toBe(4);
    expect(refusal(r)).toBe("chunk: not all written");
  });

  it("refuses a slot with one payload octet changed after it was written: sha256", () => {
    begin();
    writeAll();
    store<u8>(IMAGE + 40, load<u8>(IMAGE + 40) ^ 1);
    mockSetSlot(1, IMAGE, size);
    const r = verify();
    expect(status(r)).toBe(3);
    expect(refusal(r)).toBe("sha256: not FlashBegin's");
  });

  it("refuses a long image changed in its last payload octet, read back in several pieces: sha256", () => {
    size = useImage(3001, CHUNK);
    begin();
    writeAll();
    store<u8>(IMAGE + 32 + 3000, load<u8>(IMAGE + 32 + 3000) ^ 1);
    mockSetSlot(1, IMAGE, size);
    expect(refusal(verify())).toBe("sha256: not FlashBegin's");
  });

  it("refuses a slot whose header differs from the one Begin carried: header", () => {
    begin();
    writeAll();
    store<u8>(IMAGE + 17, 9); // version 1.9.3: still a header that reads
    mockSetSlot(1, IMAGE, size);
    expect(refusal(verify())).toBe("header: not FlashBegin's");
  });

  it("refuses an image whose record is not the hash of its header and payload, though Begin's sha256 matches: sha256", () => {
    const record = IMAGE + <usize>(size - 1);
    store<u8>(record, load<u8>(record) ^ 0x80); // the last octet of the SHA-256 record; Begin carries this trailer
    begin();
    writeAll();
    expect(refusal(verify())).toBe("sha256: not the record's");
  });

  it("passes the board's own reason on, after \"image: \"", () => {
    setCheckReason("no export boardStart");
    begin();
    writeAll();
    const r = verify();
    expect(status(r)).toBe(3);
    expect(refusal(r)).toBe("image: no export boardStart");
  });

  it("shows an octet of the board's reason outside printable ASCII as '?'", () => {
    setCheckReason("bad\nstart");
    begin();
    writeAll();
    expect(refusal(verify())).toBe("image: bad?start");
  });
});

describe("FlashActivate", () => {
  beforeEach(() => { mockReset(); flashSessionReset(); takeRebootRequest(); size = useImage(150, CHUNK); });

  it("is refused without a Verify: slot, status 4, nothing activated, no reboot", () => {
    begin();
    writeAll();
    const r = activate(1);
    expect(status(r)).toBe(4);
    expect(refusal(r)).toBe("slot: not verified");
    expect(mockActivated()).toBe(-1);
    expect(takeRebootRequest()).toBe(false);
  });

  it("is refused for the slot the board runs, not the verified one: slot", () => {
    begin();
    writeAll();
    verify();
    const r = activate(0);
    expect(status(r)).toBe(3);
    expect(refusal(r)).toBe("slot: not verified");
  });

  it("is refused after a chunk is written again past the Verify: slot, status 4", () => {
    begin();
    writeAll();
    verify();
    data(0);
    expect(status(activate(1))).toBe(4);
  });

  it("is refused after a Hello forgot the flash (flashSessionReset): slot, status 4", () => {
    begin();
    writeAll();
    verify();
    flashSessionReset();
    expect(status(activate(1))).toBe(4);
  });

  it("is refused when the verified image failed the board's check", () => {
    setCheckReason("no memory export");
    begin();
    writeAll();
    verify();
    expect(status(activate(1))).toBe(4);
  });
});
