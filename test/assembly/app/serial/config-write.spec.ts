// ConfigWrite (docs/serial-agent.md, "The configuration"): a block checked as
// start-up loads it, and only then stored, answered [1] and rebooted on; a
// refused one leaves the stored and the active configuration as they were.
// KEEP records (tag 0x7E, [secret tag][entry][item]) stand for the active
// configuration's secrets, which the host cannot read back.
import { configGet, configWrite } from "../../../../assembly/app/serial/config-commands";
import { T_KEEP } from "../../../../assembly/app/serial/config-keep";
import { describe as describeTag, FieldInfo } from "../../../../assembly/app/config/schema.generated";
import { STATUS_OK, STATUS_REFUSED, takeRebootRequest } from "../../../../assembly/app/serial/reply";
import * as E from "../../../../assembly/app/config/message";
import * as C from "../../../../assembly/app/config/access";
import { SECRETS, SECRETS_LEN, SECRETS_MASKED, SECRETS_MASKED_LEN } from "./config-blocks";
import { boot, call, status, length, refusal, text, same, storedIs, withKeeps, start, txt, begin, keepRec, u8rec, sealed,
  mockConfigLength, mockSetFailWrites, REQ, OUT, KEEPS, BUILT } from "./config-support";

/** ConfigWrite of the `len` octets at `block` in one frame. */
function write(block: usize, len: i32): void {
  memory.copy(REQ, block, <usize>len);
  call(configWrite, len);
}

/** The write was refused as a configuration, with `code` and `tag`; nothing stored, no reboot asked. */
function refusedWith(code: i32, tag: i32): void {
  expect(status()).toBe(STATUS_REFUSED);
  expect(refusal()).toBe((code << 8) | tag);
  expect(length()).toBe(2, "no text: nothing of the block is echoed");
  expect(mockConfigLength()).toBe(SECRETS_LEN, "the stored block is untouched");
  expect(takeRebootRequest()).toBe(false, "no reboot");
}

describe("a valid block is stored, answered [1] and rebooted on", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("a block without KEEP is stored as sent", () => {
    write(SECRETS, SECRETS_LEN);
    expect(status()).toBe(STATUS_OK);
    expect(length()).toBe(1);
    expect(load<u8>(OUT)).toBe(1);
    expect(takeRebootRequest()).toBe(true);
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("the masked block ConfigGet answered, every secret written back as KEEP, stores the original octet for octet", () => {
    call(configGet, 0);
    write(KEEPS, withKeeps(OUT, length(), 0));
    expect(status()).toBe(STATUS_OK);
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("KEEP of the password (0x03) keeps the password", () => {
    write(KEEPS, withKeeps(SECRETS, SECRETS_LEN, 0x03));
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("KEEP of each door code (0x52, relay and position) keeps each door code in its place", () => {
    write(KEEPS, withKeeps(SECRETS, SECRETS_LEN, 0x52));
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("KEEP of each access code (0x61) keeps each access code", () => {
    write(KEEPS, withKeeps(SECRETS, SECRETS_LEN, 0x61));
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("KEEP of an allowed caller's secret (0x71) keeps that secret", () => {
    write(KEEPS, withKeeps(SECRETS, SECRETS_LEN, 0x71));
    storedIs(SECRETS, SECRETS_LEN);
  });

  it("a stored write leaves the active configuration as it was until the reboot", () => {
    call(configGet, 0);
    write(KEEPS, withKeeps(OUT, length(), 0));
    call(configGet, 0);
    expect(same(OUT, SECRETS_MASKED, SECRETS_MASKED_LEN)).toBe(true);
  });
});

describe("a KEEP that names no secret of the active configuration is refused, naming tag 0x7E", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("0x7E is no field's tag (host/config.schema.json): the tag at fault names the KEEP and nothing else", () => {
    expect(describeTag(T_KEEP, changetype<FieldInfo>(memory.data(32)))).toBe(false);
  });

  it("a door code of a relay that does not exist (relays[2])", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); keepRec(0x52, 2, 0);
    write(BUILT, sealed());
    refusedWith(E.E_REFERENCE, 0x7e);
  });

  it("a door code past the relay's codes (relays[1].doorCodes[1])", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); keepRec(0x52, 1, 1);
    write(BUILT, sealed());
    refusedWith(E.E_REFERENCE, 0x7e);
  });

  it("a door code past the 4 a relay holds (relays[0].doorCodes[4]): nothing is read beyond the entry", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); keepRec(0x52, 0, 4);
    write(BUILT, sealed());
    refusedWith(E.E_REFERENCE, 0x7e);
  });

  it("an allowed caller without a secret (incoming.allowed[0])", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); txt(0x70, "flat12"); keepRec(0x71, 0, 0);
    write(BUILT, sealed());
    refusedWith(E.E_REFERENCE, 0x7e);
  });

  it("a tag that is no secret (0x01 user): a KEEP never reads out a field the host may read", () => {
    start(); keepRec(0x01, 0, 0); txt(0x04, "example.com");
    write(BUILT, sealed());
    refusedWith(E.E_REFERENCE, 0x7e);
  });

  it("the password when the active configuration has none", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com");
    expect(C.configLoad(BUILT, sealed())).toBe(0, "now active: a configuration without a password");
    start(); txt(0x01, "door"); keepRec(0x03, 0, 0); txt(0x04, "example.com");
    write(BUILT, sealed());
    expect(refusal()).toBe((E.E_REFERENCE << 8) | 0x7e);
  });

  it("a KEEP whose length is not 3", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); txt(0x7e, "\x03\x00\x00\x00");
    write(BUILT, sealed());
    refusedWith(E.E_WIDTH, 0x7e);
  });
});

describe("a kept secret is checked where it stands, as its own record would be", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("the password kept inside a relay entry is refused as the password's own record there", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); txt(0x03, "s3cret"); txt(0x52, "1234");
    write(BUILT, sealed());
    const raw = refusal();
    expect(raw).toBe((E.E_ORDER << 8) | 0x52, "a door code after the password has left the relay entry");
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); keepRec(0x03, 0, 0); txt(0x52, "1234");
    write(BUILT, sealed());
    refusedWith(raw >> 8, raw & 0xff);
  });

  it("the password kept last in a relay entry closes the entry and is the password, as its own record would be", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); txt(0x52, "1234"); txt(0x03, "s3cret");
    const raw = sealed();
    memory.copy(KEEPS, BUILT, <usize>raw);
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); txt(0x52, "1234"); keepRec(0x03, 0, 0);
    write(BUILT, sealed());
    expect(status()).toBe(STATUS_OK);
    storedIs(KEEPS, raw);
  });

  it("a door code kept outside any relay entry is refused (E_ORDER, tag 0x52)", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); keepRec(0x52, 0, 0);
    write(BUILT, sealed());
    refusedWith(E.E_ORDER, 0x52);
  });

  it("a door code kept beside the same code is refused as a duplicate (E_DUPLICATE, tag 0x52)", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); begin(0x50); keepRec(0x52, 0, 0); keepRec(0x52, 0, 0);
    write(BUILT, sealed());
    refusedWith(E.E_DUPLICATE, 0x52);
  });
});

describe("an invalid block is refused with the loader's error and tag, and nothing changes", () => {
  beforeEach(() => boot(SECRETS, SECRETS_LEN));

  it("a number of the wrong width: E_WIDTH naming keepaliveInterval (0x16, 2 octets)", () => {
    start(); txt(0x01, "door"); txt(0x04, "example.com"); u8rec(0x16, 4);
    write(BUILT, sealed());
    refusedWith(E.E_WIDTH, 0x16);
  });

  it("a damaged block: E_CRC, tag 0", () => {
    memory.copy(BUILT, SECRETS, SECRETS_LEN);
    store<u8>(BUILT + 20, load<u8>(BUILT + 20) ^ 1);
    write(BUILT, SECRETS_LEN);
    refusedWith(E.E_CRC, 0);
  });

  it("a refused block leaves the active configuration: ConfigGet still answers it", () => {
    start(); txt(0x01, "door");
    write(BUILT, sealed());
    refusedWith(E.E_MISSING, 0x04);
    call(configGet, 0);
    expect(same(OUT, SECRETS_MASKED, SECRETS_MASKED_LEN)).toBe(true);
  });

  it("a refused block leaves the start-up load's error code and tag (what a Status reports)", () => {
    expect(C.configErrorCode()).toBe(0, "start-up loaded its block");
    start(); txt(0x01, "door");
    write(BUILT, sealed());
    expect(refusal()).toBe((E.E_MISSING << 8) | 0x04);
    expect(C.configErrorCode()).toBe(0);
    expect(C.configErrorTag()).toBe(0);
  });
});

describe("a block the board cannot store", () => {
  it("is refused (status 3) with no reboot asked", () => {
    boot(SECRETS, SECRETS_LEN);
    mockSetFailWrites(1);
    write(SECRETS, SECRETS_LEN);
    mockSetFailWrites(0);
    expect(status()).toBe(STATUS_REFUSED);
    expect(text()).toBe("store: failed");
    expect(takeRebootRequest()).toBe(false);
    expect(mockConfigLength()).toBe(SECRETS_LEN);
  });
});
