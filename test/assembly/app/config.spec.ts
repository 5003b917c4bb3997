// The configuration block on the firmware side (docs/config.md): configLoad
// validates a whole block before changing anything; a valid block becomes the
// active configuration, any fault is refused with the tag at fault and a
// message naming the field, and the previous configuration stays in force.
import * as C from "../../../assembly/app/config/access";
import * as E from "../../../assembly/app/config/message";
import { crc32 } from "../../../assembly/app/config/crc";
import { MAGIC } from "../../../assembly/app/config/layout";

// The FULL config of test/host/config.test.ts, as host/config.ts encodeConfig wrote it (352 octets). Made with:
//   npx tsc -p tsconfig.json && node -e 'import("./build/js/host/config.js").then(m => console.log(
//     [...m.encodeConfig(m.validateConfig(FULL).config)].join(", ")))'   (FULL pasted from the host test)
const FULL_LEN = 352;
const FULL = memory.data<u8>([
  0x44, 0x49, 0x43, 0x31, 0x01, 0x00, 0x52, 0x01, 0x00, 0x00, 0x27, 0x71, 0x18, 0x1b, 0x01, 0x04,
  0x00, 0x64, 0x6f, 0x6f, 0x72, 0x02, 0x09, 0x00, 0x64, 0x6f, 0x6f, 0x72, 0x2d, 0x61, 0x75, 0x74,
  0x68, 0x03, 0x06, 0x00, 0x73, 0x33, 0x63, 0x72, 0x65, 0x74, 0x04, 0x0b, 0x00, 0x65, 0x78, 0x61,
  0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x05, 0x0a, 0x00, 0x46, 0x72, 0x6f, 0x6e, 0x74,
  0x20, 0x64, 0x6f, 0x6f, 0x72, 0x10, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x09, 0x11, 0x02, 0x00, 0xc4,
  0x13, 0x12, 0x04, 0x00, 0xc0, 0x00, 0x02, 0x0a, 0x13, 0x02, 0x00, 0xce, 0x13, 0x14, 0x02, 0x00,
  0xc6, 0x13, 0x15, 0x04, 0x00, 0x84, 0x03, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00, 0x17, 0x01,
  0x00, 0x05, 0x18, 0x01, 0x00, 0x23, 0x19, 0x02, 0x00, 0xa0, 0x0f, 0x1a, 0x01, 0x00, 0x05, 0x1b,
  0x02, 0x00, 0x78, 0x00, 0x1c, 0x01, 0x00, 0x02, 0x1d, 0x02, 0x00, 0xe6, 0x01, 0x1e, 0x01, 0x00,
  0x01, 0x1f, 0x02, 0x00, 0x2c, 0x01, 0x20, 0x01, 0x00, 0x01, 0x21, 0x02, 0x00, 0x3c, 0x00, 0x40,
  0x00, 0x00, 0x41, 0x01, 0x00, 0x01, 0x42, 0x02, 0x00, 0x2d, 0x00, 0x43, 0x16, 0x00, 0x73, 0x69,
  0x70, 0x3a, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x32, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
  0x2e, 0x63, 0x6f, 0x6d, 0x43, 0x18, 0x00, 0x73, 0x69, 0x70, 0x73, 0x3a, 0x66, 0x6c, 0x61, 0x74,
  0x31, 0x32, 0x62, 0x40, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x40,
  0x00, 0x00, 0x41, 0x01, 0x00, 0x00, 0x42, 0x02, 0x00, 0x1e, 0x00, 0x43, 0x18, 0x00, 0x73, 0x69,
  0x70, 0x3a, 0x63, 0x6f, 0x6e, 0x63, 0x69, 0x65, 0x72, 0x67, 0x65, 0x40, 0x31, 0x39, 0x32, 0x2e,
  0x30, 0x2e, 0x32, 0x2e, 0x32, 0x30, 0x50, 0x00, 0x00, 0x51, 0x02, 0x00, 0xc4, 0x09, 0x52, 0x04,
  0x00, 0x31, 0x32, 0x33, 0x34, 0x52, 0x03, 0x00, 0x39, 0x2a, 0x39, 0x53, 0x02, 0x00, 0x00, 0x00,
  0x50, 0x00, 0x00, 0x51, 0x02, 0x00, 0xb8, 0x0b, 0x53, 0x02, 0x00, 0xd0, 0x07, 0x60, 0x00, 0x00,
  0x61, 0x04, 0x00, 0x34, 0x37, 0x31, 0x31, 0x62, 0x01, 0x00, 0x01, 0x70, 0x19, 0x00, 0x73, 0x69,
  0x70, 0x3a, 0x63, 0x6f, 0x6e, 0x63, 0x69, 0x65, 0x72, 0x67, 0x65, 0x40, 0x65, 0x78, 0x61, 0x6d,
  0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x70, 0x06, 0x00, 0x66, 0x6c, 0x61, 0x74, 0x31, 0x32
]);

// ---- A block builder over a static buffer: records after a 14-octet header sealed by `load` ----
const BUF: usize = memory.data(8192);
let n = 14;
function put(b: u32): void { if (n < 8192) store<u8>(BUF + <usize>n, <u8>b); n++; }
function rec(tag: u32, width: i32, v: u32): void {
  put(tag); put(width & 255); put(width >> 8);
  for (let k = 0; k < width; k++) put(k < 4 ? (v >> (<u32>k * 8)) & 255 : 0);
}
function txt(tag: u32, s: string): void {
  put(tag); put(s.length & 255); put(s.length >> 8);
  for (let k = 0; k < s.length; k++) put(<u32>s.charCodeAt(k));
}
function begin(tag: u32): void { rec(tag, 0, 0); }
function identity(): void { txt(0x01, "door"); txt(0x04, "example.com"); }
function seal(): i32 {
  store<u32>(BUF, MAGIC); store<u16>(BUF + 4, 1); store<u32>(BUF + 6, n - 14); store<u32>(BUF + 10, crc32(BUF + 14, n - 14));
  return n;
}
function loadBlock(): i32 { return C.configLoad(BUF, seal()); }
function loadFull(): i32 { return C.configLoad(FULL, FULL_LEN); }
function text(p: usize, len: i32): string { return String.UTF8.decodeUnsafe(p, <usize>len); }
function message(): string { return text(C.configErrorText(), C.configErrorTextLength()); }
const PEER: usize = memory.data(18);
function fresh(): void { C.configDefaults(); n = 14; loadFull(); }
/** The FULL configuration is still the active one. */
function fullStill(): void {
  expect(text(C.configUser(), C.configUserLength())).toBe("door");
  expect(C.configButtonCount()).toBe(2);
  expect(C.configRelayPulseMs(0)).toBe(2500);
}

describe("a valid block becomes the active configuration", () => {
  beforeEach(fresh);

  it("the block the host encoder produced loads", () => {
    expect(loadFull()).toBe(0);
    expect(C.configErrorTag()).toBe(0);
    expect(C.configErrorTextLength()).toBe(0);
  });

  it("identity texts read back as (address, length)", () => {
    expect(text(C.configUser(), C.configUserLength())).toBe("door");
    expect(text(C.configAuthUser(), C.configAuthUserLength())).toBe("door-auth");
    expect(text(C.configDomain(), C.configDomainLength())).toBe("example.com");
    expect(text(C.configDisplayName(), C.configDisplayNameLength())).toBe("Front door");
  });

  it("the password reaches the UA only through configPasswordForUa; configPasswordSet says it is there", () => {
    expect(C.configPasswordSet()).toBe(true);
    expect(text(C.configPasswordForUa(), C.configPasswordForUaLength())).toBe("s3cret");
  });

  it("registrars read as IPv4 u32 (a<<24|b<<16|c<<8|d), port and presence; a missing port is 5060", () => {
    expect(C.configRegistrarPresent()).toBe(true);
    expect(C.configRegistrarAddress()).toBe(0xc0000209);
    expect(C.configRegistrarPort()).toBe(5060);
    expect(C.configBackupRegistrarPresent()).toBe(true);
    expect(C.configBackupRegistrarAddress()).toBe(0xc000020a);
    expect(C.configBackupRegistrarPort()).toBe(5070);
  });

  it("a registrar of 16 octets is IPv6: configRegistrarPeer writes its octets and the port (18-octet form)", () => {
    C.configDefaults(); n = 14;
    identity();
    put(0x10); put(16); put(0);
    for (let k = 0; k < 16; k++) put(k == 0 ? 0x20 : k == 1 ? 0x01 : k == 2 ? 0x0d : k == 3 ? 0xb8 : k == 15 ? 9 : 0); // 2001:db8::9
    rec(0x11, 2, 5070);
    expect(loadBlock()).toBe(0);
    expect(C.configRegistrarIsIPv6(0x10)).toBe(true);
    expect(C.configRegistrarPeer(0x10, PEER, <u32>C.configRegistrarPort())).toBe(true);
    expect(load<u32>(PEER)).toBe(0xb80d0120);
    expect(load<u64>(PEER + 4)).toBe(0);
    expect(load<u32>(PEER + 12)).toBe(0x09000000);
    expect(load<u16>(PEER + 16)).toBe(0xce13); // 5070 big-endian
    expect(C.configRegistrarPeer(0x12, PEER, 5060)).toBe(false); // no backup
  });

  it("numbers read back as given", () => {
    expect(C.configLocalPort()).toBe(5062);
    expect(C.configRegisterExpiry()).toBe(900);
    expect(C.configKeepaliveInterval()).toBe(0);
    expect(C.configKeepaliveFailures()).toBe(5);
    expect(C.configConfirmKey()).toBe(0x23);
    expect(C.configInterDigitTimeoutMs()).toBe(4000);
    expect(C.configLockoutTries()).toBe(5);
    expect(C.configLockoutSeconds()).toBe(120);
    expect(C.configIncomingMode()).toBe(2);
    expect(C.configRefuseCode()).toBe(486);
    expect(C.configDtmf()).toBe(1);
    expect(C.configMaxCallSeconds()).toBe(300);
    expect(C.configDoorSensorEnabled()).toBe(true);
    expect(C.configDoorSensorHeldOpenSeconds()).toBe(60);
  });

  it("buttons: mode, ring timeout (default 30), targets in order", () => {
    expect(C.configButtonCount()).toBe(2);
    expect(C.configButtonMode(0)).toBe(1);
    expect(C.configButtonRingTimeout(0)).toBe(45);
    expect(C.configButtonTargetCount(0)).toBe(2);
    expect(text(C.configButtonTarget(0, 1), C.configButtonTargetLength(0, 1))).toBe("sips:flat12b@example.com");
    expect(C.configButtonMode(1)).toBe(0);
    expect(C.configButtonRingTimeout(1)).toBe(30);
    expect(text(C.configButtonTarget(1, 0), C.configButtonTargetLength(1, 0))).toBe("sip:concierge@192.0.2.20");
  });

  it("relays: pulse (default 3000), door codes, hang-up after open", () => {
    expect(C.configRelayCount()).toBe(2);
    expect(C.configRelayPulseMs(0)).toBe(2500);
    expect(C.configRelayDoorCodeCount(0)).toBe(2);
    expect(text(C.configRelayDoorCode(0, 1), C.configRelayDoorCodeLength(0, 1))).toBe("9*9");
    expect(C.configRelayHangupAfterOpenMs(0)).toBe(0);
    expect(C.configRelayPulseMs(1)).toBe(3000);
    expect(C.configRelayDoorCodeCount(1)).toBe(0);
    expect(C.configRelayHangupAfterOpenMs(1)).toBe(2000);
  });

  it("access codes and allowed callers, a bare user part told from a URI", () => {
    expect(C.configAccessCodeCount()).toBe(1);
    expect(text(C.configAccessCode(0), C.configAccessCodeLength(0))).toBe("4711");
    expect(C.configAccessCodeRelay(0)).toBe(1);
    expect(C.configAllowedCount()).toBe(2);
    expect(text(C.configAllowed(0), C.configAllowedLength(0))).toBe("sip:concierge@example.com");
    expect(C.configAllowedIsUser(0)).toBe(false);
    expect(C.configAllowedIsUser(1)).toBe(true);
  });

  it("a list item that does not exist reads as -1, or address 0 and length 0", () => {
    expect(C.configButtonMode(2)).toBe(-1);
    expect(C.configButtonTargetLength(0, 2)).toBe(0);
    expect(C.configButtonTarget(-1, 0)).toBe(0);
    expect(C.configRelayPulseMs(4)).toBe(-1);
    expect(C.configAccessCodeRelay(1)).toBe(-1);
    expect(C.configAllowedLength(8)).toBe(0);
  });

  it("authUser absent means the user", () => {
    identity();
    expect(loadBlock()).toBe(0);
    expect(text(C.configAuthUser(), C.configAuthUserLength())).toBe("door");
  });

  it("the kept copy is independent of the buffer it was loaded from", () => {
    identity();
    loadBlock();
    store<u8>(BUF + 17, 0x78);
    expect(text(C.configUser(), C.configUserLength())).toBe("door");
  });
});

describe("the safe defaults", () => {
  beforeEach(fresh);

  it("configDefaults: no identity, no registrar, no lists, incoming reject, numbers at their defaults", () => {
    C.configDefaults();
    expect(C.configIsDefault()).toBe(true);
    expect(C.configUserLength()).toBe(0);
    expect(C.configPasswordSet()).toBe(false);
    expect(C.configRegistrarPresent()).toBe(false);
    expect(C.configButtonCount() + C.configRelayCount() + C.configAccessCodeCount() + C.configAllowedCount()).toBe(0);
    expect(C.configIncomingMode()).toBe(0);
    expect(C.configLocalPort()).toBe(5060);
    expect(C.configRegisterExpiry()).toBe(600);
    expect(C.configKeepaliveInterval()).toBe(30);
    expect(C.configConfirmKey()).toBe(0x23);
    expect(C.configRefuseCode()).toBe(603);
    expect(C.configMaxCallSeconds()).toBe(120);
  });

  it("codeEntry.interDigitTimeoutMs is 32000 ms by default: Timer F, 64*T1 (RFC 3261 §17.1.2.2), the span of a lost INFO's retransmissions", () => {
    C.configDefaults();
    expect(C.configInterDigitTimeoutMs()).toBe(32000);
  });

  it("codeEntry.keypadInterDigitTimeoutMs is 10000 ms by default: at the door's own keypad no retransmission is waited for", () => {
    C.configDefaults();
    expect(C.configKeypadInterDigitTimeoutMs()).toBe(10000);
  });

  it("a loaded configuration is not the default one", () => {
    expect(C.configIsDefault()).toBe(false);
  });

  it("an empty body loads as the defaults", () => {
    expect(loadBlock()).toBe(0);
    expect(C.configIsDefault()).toBe(true);
  });
});

/** The last load was refused with `code`, at `tag`, with message `text`, and FULL is still in force. */
function refused(result: i32, code: i32, tag: i32, text: string): void {
  expect(result).toBe(code);
  expect(C.configErrorTag()).toBe(tag);
  expect(message()).toBe(text);
  fullStill();
}

describe("a faulty block is refused and the previous configuration stays", () => {
  beforeEach(fresh);

  it("bad magic", () => {
    seal();
    store<u8>(BUF, 0x58);
    refused(C.configLoad(BUF, n), E.E_MAGIC, 0, "header: bad magic; a configuration block starts with DIC1");
  });

  it("unknown version", () => {
    seal();
    store<u16>(BUF + 4, 2);
    refused(C.configLoad(BUF, n), E.E_VERSION, 0, "header: version 2 unknown; this firmware reads version 1");
  });

  it("a buffer shorter than the header", () => {
    refused(C.configLoad(FULL, 13), E.E_SHORT, 0, "header: the block is shorter than its 14-octet header; write the whole block");
  });

  it("a body length past the buffer", () => {
    refused(C.configLoad(FULL, FULL_LEN - 1), E.E_LENGTH, 0, "header: body length 338 runs past the buffer; write the whole block");
  });

  it("a block longer than 4096 octets", () => {
    for (let k = 0; k < 1400; k++) begin(0x50);
    refused(loadBlock(), E.E_LENGTH, 0, "header: block longer than 4096 octets; shorten the configuration");
  });

  it("a CRC mismatch", () => {
    identity();
    seal();
    store<u8>(BUF + 17, 0x78);
    refused(C.configLoad(BUF, n), E.E_CRC, 0, "body: CRC-32 mismatch, the block is damaged; write it again");
  });

  it("an unknown tag", () => {
    identity();
    rec(0x99, 1, 0);
    refused(loadBlock(), E.E_TAG, 0x99, "tag 0x99 at offset 35: unknown tag; write the block with a provisioning tool for version 1");
  });

  it("a number of the wrong width", () => {
    rec(0x15, 2, 600);
    refused(loadBlock(), E.E_WIDTH, 0x15, "registerExpiry: wrong width 2, expected 4");
  });

  it("relays[1].pulseMs out of range", () => {
    begin(0x50); begin(0x50); rec(0x51, 2, 50);
    refused(loadBlock(), E.E_RANGE, 0x51, "relays[1].pulseMs: out of range 100..60000, got 50");
  });

  it("registerExpiry out of range", () => {
    rec(0x15, 4, 86401);
    refused(loadBlock(), E.E_RANGE, 0x15, "registerExpiry: out of range 60..86400, got 86401");
  });

  it("codeEntry.interDigitTimeoutMs past 64000 (two Timer F spans: an INFO's answer and the next INFO)", () => {
    rec(0x19, 2, 64001);
    refused(loadBlock(), E.E_RANGE, 0x19, "codeEntry.interDigitTimeoutMs: out of range 500..64000, got 64001");
  });

  it("codeEntry.interDigitTimeoutMs of 64000 loads", () => {
    rec(0x19, 2, 64000);
    expect(loadBlock()).toBe(0);
    expect(C.configInterDigitTimeoutMs()).toBe(64000);
  });

  it("codeEntry.keypadInterDigitTimeoutMs (tag 0x25) loads apart from the in-call pause", () => {
    rec(0x25, 2, 2500);
    expect(loadBlock()).toBe(0);
    expect(C.configKeypadInterDigitTimeoutMs()).toBe(2500);
    expect(C.configInterDigitTimeoutMs()).toBe(32000);
  });

  it("codeEntry.keypadInterDigitTimeoutMs below 500", () => {
    rec(0x25, 2, 499);
    refused(loadBlock(), E.E_RANGE, 0x25, "codeEntry.keypadInterDigitTimeoutMs: out of range 500..64000, got 499");
  });

  it("keepaliveInterval between 1 and 4", () => {
    rec(0x16, 2, 4);
    refused(loadBlock(), E.E_RANGE, 0x16, "keepaliveInterval: must be 0 (off) or 5..3600, got 4");
  });

  it("a confirm key other than #, * or none", () => {
    rec(0x18, 1, 0x30);
    refused(loadBlock(), E.E_RANGE, 0x18, "codeEntry.confirmKey: must be 0x23 (#), 0x2a (*) or 0 (none), got 48");
  });

  it("a registrar at :: (16 zero octets: no IPv6 destination, RFC 4291 §2.5.2)", () => {
    identity();
    rec(0x10, 16, 0);
    refused(loadBlock(), E.E_RANGE, 0x10, "registrar.host: IPv4 not in 0.0.0.0/8, or IPv6 not ::, got 0");
  });

  it("a backup registrar in 0.0.0.0/8 (RFC 1122 §3.2.1.3: a source, never a destination)", () => {
    identity();
    rec(0x10, 4, 0x090200c0);
    rec(0x12, 4, 0x03020100); // 0.1.2.3
    refused(loadBlock(), E.E_RANGE, 0x12, "backupRegistrar.host: IPv4 not in 0.0.0.0/8, or IPv6 not ::, got 66051");
  });

  it("a registrar address of neither 4 nor 16 octets", () => {
    identity();
    rec(0x10, 6, 0x090200c0);
    refused(loadBlock(), E.E_WIDTH, 0x10, "registrar.host: wrong width 6, expected 4");
  });

  it("a registrar at 0.0.0.0", () => {
    identity();
    rec(0x10, 4, 0);
    refused(loadBlock(), E.E_RANGE, 0x10, "registrar.host: IPv4 not in 0.0.0.0/8, or IPv6 not ::, got 0");
  });

  it("a text too long", () => {
    txt(0x01, "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd");
    refused(loadBlock(), E.E_RANGE, 0x01, "user: length must be 1..63, got 64");
  });

  it("a door code with a bad character", () => {
    begin(0x50); txt(0x52, "12"); txt(0x52, "1#2");
    refused(loadBlock(), E.E_CHARSET, 0x52, "relays[0].doorCodes[1]: bad character; use only 0-9 and *");
  });

  it("too many buttons", () => {
    for (let k = 0; k < 9; k++) { begin(0x40); rec(0x41, 1, 0); txt(0x43, "sip:a@b"); }
    refused(loadBlock(), E.E_COUNT, 0x40, "buttons: more than 8; remove some");
  });

  it("too many targets in a button", () => {
    begin(0x40); rec(0x41, 1, 0);
    for (let k = 0; k < 5; k++) txt(0x43, "sip:" + k.toString());
    refused(loadBlock(), E.E_COUNT, 0x43, "buttons[0].targets: more than 4; remove some");
  });

  it("a target without sip:", () => {
    begin(0x40); rec(0x41, 1, 1); txt(0x43, "flat12@example.com");
    refused(loadBlock(), E.E_CHARSET, 0x43, "buttons[0].targets[0]: bad character; give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\");
  });

  it("a button without a mode", () => {
    begin(0x40); txt(0x43, "sip:a@b");
    refused(loadBlock(), E.E_MISSING, 0x41, "buttons[0].mode: missing; give sequential or parallel");
  });

  it("a button field outside a button", () => {
    rec(0x42, 2, 30);
    refused(loadBlock(), E.E_ORDER, 0x42, "buttons: ringTimeout record outside an entry; put it after the entry's begin record");
  });

  it("an access code naming a missing relay", () => {
    begin(0x50); begin(0x60); txt(0x61, "4711"); rec(0x62, 1, 2);
    refused(loadBlock(), E.E_REFERENCE, 0x62, "accessCodes[0].relay: relay 2 does not exist; define relays[2] or name an existing relay");
  });

  it("a top-level field given twice", () => {
    rec(0x14, 2, 5060); rec(0x14, 2, 5061);
    refused(loadBlock(), E.E_DUPLICATE, 0x14, "localPort: given twice; keep one");
  });

  it("the same door code on two relays", () => {
    begin(0x50); txt(0x52, "12"); begin(0x50); txt(0x52, "12");
    refused(loadBlock(), E.E_DUPLICATE, 0x52, "relays[1].doorCodes[0]: same code as another door code; door codes must differ");
  });

  it("a door code holding the confirm key *", () => {
    rec(0x18, 1, 0x2a); begin(0x50); txt(0x52, "1*2");
    refused(loadBlock(), E.E_CONFLICT, 0x52, "relays[0].doorCodes[0]: contains the confirm key *; remove it or change codeEntry.confirmKey");
  });

  it("a user without a domain", () => {
    txt(0x01, "door");
    refused(loadBlock(), E.E_MISSING, 0x04, "domain: missing; give the SIP domain of user");
  });

  it("a record whose length runs past the body", () => {
    identity();
    put(0x01); put(10); put(0); put(0x61);
    refused(loadBlock(), E.E_TRUNCATED, 0x01, "user: record at offset 35 runs past the end of the body; write the block again");
  });

  it("a record header cut short", () => {
    identity();
    put(0x14); put(2);
    refused(loadBlock(), E.E_TRUNCATED, 0x14, "localPort: record at offset 35 runs past the end of the body; write the block again");
  });
});

// ---- Never a trap: seeded random input ----
let state: u32 = 0x9e3779b9;
function random(): u32 {
  state ^= state << 13; state ^= state >> 17; state ^= state << 5;
  return state;
}
/** A refused load always leaves a message; an accepted one none. */
function coherent(result: i32): void {
  if (result == 0) expect(C.configErrorTextLength()).toBe(0);
  else expect(C.configErrorTextLength()).toBeGreaterThan(0);
}

describe("no input traps", () => {
  beforeEach(fresh);

  it("3000 random buffers with a valid header and CRC are refused or loaded, never a trap", () => {
    for (let k = 0; k < 3000; k++) {
      n = 14;
      const len = <i32>(random() % 300);
      for (let i = 0; i < len; i++) put(random() & 255);
      coherent(loadBlock());
    }
  });

  it("3000 mutations of the valid block (CRC fixed up) are refused or loaded, never a trap", () => {
    for (let k = 0; k < 3000; k++) {
      for (let i: usize = 0; i < <usize>FULL_LEN; i++) store<u8>(BUF + i, load<u8>(FULL + i));
      const flips: u32 = 1 + random() % 4;
      for (let m: u32 = 0; m < flips; m++) store<u8>(BUF + 14 + <usize>(random() % <u32>(FULL_LEN - 14)), <u8>random());
      n = FULL_LEN;
      coherent(loadBlock());
    }
  });

  it("every truncation of the valid block is refused, and FULL stays", () => {
    for (let len = 0; len < FULL_LEN; len++) {
      expect(C.configLoad(FULL, len)).toBeGreaterThan(0);
      fullStill();
    }
  });

  it("raw random bytes (no header fix-up) are refused", () => {
    for (let k = 0; k < 2000; k++) {
      for (let i: usize = 0; i < 64; i++) store<u8>(BUF + i, <u8>random());
      expect(C.configLoad(BUF, 64)).toBeGreaterThan(0);
    }
    fullStill();
  });
});
