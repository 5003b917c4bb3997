// Addresses in header fields (RFC 3261 §20.10, §25.1):
//   ( name-addr / addr-spec ) *( SEMI params )
//   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
//   display-name = *(token LWS) / quoted-string
import { scanAddress, AddressParts } from "../../../assembly/sip/msg/address";
import { resetFields, hasField, F_FROM_TAG, F_TO_TAG } from "../../../assembly/sip/msg/message";
import { H_FROM, H_TO, H_CONTACT, H_ROUTE } from "../../../assembly/sip/msg/header-names";
import { RX } from "../../../assembly/sip/msg/buffers";
import { ascii } from "./scratch";
import { loadRx, text, fieldText } from "./rx";

/** The record these specs' scans fill. */
const OUT = changetype<AddressParts>(memory.data(<i32>offsetof<AddressParts>(), 4));

/** Whether s is one address of header `header` with nothing left over. */
function address(s: string, header: i32, nameAddrOnly: bool = false): bool {
  const p = ascii(s);
  return scanAddress(p, p + <usize>s.length, header, nameAddrOnly, false, OUT) == p + <usize>s.length;
}

/** How many bytes scanAddress consumed from s, or -1 on failure. */
function consumed(s: string, header: i32): i32 {
  const p = ascii(s);
  const e = scanAddress(p, p + <usize>s.length, header, false, false, OUT);
  return e == 0 ? -1 : <i32>(e - p);
}

function display(): string { return OUT.display == 0 ? "<absent>" : text(OUT.display, OUT.displayEnd); }
function uri(): string { return text(OUT.uri, OUT.uriEnd); }

describe("name-addr with a quoted display name", () => {
  it("accepts a quoted-string display name and records it with its quotes", () => {
    expect(address("\"Alice Liddell\" <sip:alice@atlanta.example.com>", H_FROM)).toBeTruthy();
    expect(display()).toBe("\"Alice Liddell\"");
    expect(uri()).toBe("sip:alice@atlanta.example.com");
  });

  it("accepts escaped quotes inside the display name (quoted-pair)", () => {
    expect(address("\"Alice \\\"the Great\\\"\" <sip:alice@example.com>", H_FROM)).toBeTruthy();
    expect(display()).toBe("\"Alice \\\"the Great\\\"\"");
  });

  it("accepts no LWS between a quoted display name and \"<\"", () => {
    expect(address("\"Alice\"<sip:alice@example.com>", H_FROM)).toBeTruthy();
  });

  it("rejects an unterminated quoted display name (RFC 4475 §3.1.2.6)", () => {
    expect(address("\"Mr. J. User <sip:j.user@example.com>", H_TO)).toBeFalsy();
  });

  it("rejects a quoted display name that is not followed by \"<\"", () => {
    expect(address("\"Alice\" sip:alice@example.com", H_FROM)).toBeFalsy();
  });
});

describe("name-addr with a token display name", () => {
  it("accepts a display name of several tokens and records it", () => {
    expect(address("Alice Liddell <sip:alice@example.com>", H_FROM)).toBeTruthy();
    expect(display()).toBe("Alice Liddell");
  });

  it("accepts no LWS between a token display name and \"<\" (RFC 4475 §3.1.1.6)", () => {
    expect(address("caller<sip:caller@example.com>;tag=323", H_FROM)).toBeTruthy();
    expect(display()).toBe("caller");
    expect(uri()).toBe("sip:caller@example.com");
  });

  it("rejects non-token characters in an unquoted display name (RFC 4475 §3.1.2.15)", () => {
    expect(address("Bell, Alexander <sip:a.g.bell@example.com>;tag=43", H_FROM)).toBeFalsy();
  });

  it("a name-addr without display name records none", () => {
    expect(address("<sip:bob@biloxi.example.com>", H_TO)).toBeTruthy();
    expect(display()).toBe("<absent>");
  });
});

describe("LAQUOT addr-spec RAQUOT", () => {
  it("rejects LWS before the URI inside <> (RFC 4475 §3.1.2.14)", () => {
    expect(address("\"Watson, Thomas\" < sip:t.watson@example.org >", H_TO)).toBeFalsy();
  });

  it("rejects LWS after the URI inside <> (RFC 4475 §3.1.2.14)", () => {
    expect(address("\"Bell, Alexander\" <sip:a.g.bell@example.com >;tag=43", H_FROM)).toBeFalsy();
  });

  it("rejects a missing \">\"", () => {
    expect(address("<sip:bob@biloxi.example.com", H_TO)).toBeFalsy();
  });

  it("rejects an invalid URI inside <>", () => {
    expect(address("<bob@biloxi.example.com>", H_TO)).toBeFalsy();
  });

  it("keeps URI parameters and headers inside <> with the URI", () => {
    expect(address("<sip:bob@biloxi.example.com;transport=tcp?subject=x>;tag=1", H_TO)).toBeTruthy();
    expect(uri()).toBe("sip:bob@biloxi.example.com;transport=tcp?subject=x");
  });
});

describe("addr-spec without brackets (§20.10)", () => {
  it("accepts a bare URI", () => {
    expect(address("sip:bob@biloxi.example.com", H_TO)).toBeTruthy();
    expect(uri()).toBe("sip:bob@biloxi.example.com");
  });

  it("parameters after a bare URI are header parameters, not URI parameters", () => {
    expect(address("sip:alice@example.com;tag=88sja8x", H_FROM)).toBeTruthy();
    expect(uri()).toBe("sip:alice@example.com");
  });

  it("rejects a \"?\" in a bare URI: it must be enclosed in <> (RFC 4475 §3.1.2.13)", () => {
    expect(address("sip:user@example.com?Route=%3Csip:sip.example.com%3E", H_CONTACT)).toBeFalsy();
  });

  it("stops at the comma that ends one element of a list", () => {
    expect(consumed("sip:a@example.com, sip:b@example.com", H_CONTACT)).toBe(17);
    expect(consumed("<sip:a@example.com>;q=0.7, <sip:b@example.com>", H_CONTACT)).toBe(25);
  });
});

describe("address parameters", () => {
  it("accepts parameters with LWS around SEMI and EQUAL", () => {
    expect(address("<sip:alice@example.com> ; tag = 1928301774", H_FROM)).toBeTruthy();
  });

  it("rejects a parameter without a name", () => {
    expect(address("<sip:alice@example.com>;=1928301774", H_FROM)).toBeFalsy();
  });

  it("records the From tag when the caller asks it to record", () => {
    resetFields();
    const s = "Alice <sip:alice@example.com>;tag=1928301774";
    const n = loadRx(s);
    const e = scanAddress(RX, RX + <usize>n, H_FROM, false, true, OUT);
    expect(e).toBe(RX + <usize>n);
    expect(fieldText(F_FROM_TAG)).toBe("1928301774");
  });

  it("records the To tag of a To header", () => {
    resetFields();
    const s = "<sip:bob@biloxi.example.com>;tag=a6c85cf";
    const n = loadRx(s);
    scanAddress(RX, RX + <usize>n, H_TO, false, true, OUT);
    expect(fieldText(F_TO_TAG)).toBe("a6c85cf");
    expect(hasField(F_FROM_TAG)).toBeFalsy();
  });

  it("records no tag when the caller does not ask it to", () => {
    resetFields();
    const s = "Alice <sip:alice@example.com>;tag=1928301774";
    const n = loadRx(s);
    expect(scanAddress(RX, RX + <usize>n, H_FROM, false, false, OUT)).toBe(RX + <usize>n);
    expect(hasField(F_FROM_TAG)).toBeFalsy();
  });
});

describe("Route and Record-Route: name-addr only (§20.30, §20.34)", () => {
  it("accepts a name-addr", () => {
    expect(address("<sip:proxy.example.com;lr>", H_ROUTE, true)).toBeTruthy();
  });

  it("rejects a bare addr-spec", () => {
    expect(address("sip:proxy.example.com;lr", H_ROUTE, true)).toBeFalsy();
  });

  it("rejects a token sequence not followed by \"<\"", () => {
    expect(address("proxy example", H_ROUTE, true)).toBeFalsy();
  });
});
