// Results go into records their callers own (issue 15): a scan called in
// between cannot overwrite what an earlier scan found. Each spec interleaves
// calls and then reads the first call's result from its own record.
import { parseUri, scanUri, UriParts, URI_SIP, URI_SIPS } from "../../../assembly/sip/msg/uri";
import { scanAddress, AddressParts } from "../../../assembly/sip/msg/address";
import { H_FROM } from "../../../assembly/sip/msg/header-names";
import { FAIL } from "../../../assembly/sip/msg/scan";
import { ascii } from "./scratch";
import { text } from "./rx";

const FIRST = changetype<UriParts>(memory.data(<i32>offsetof<UriParts>(), 4));
const SECOND = changetype<UriParts>(memory.data(<i32>offsetof<UriParts>(), 4));
const ADDRESS = changetype<AddressParts>(memory.data(<i32>offsetof<AddressParts>(), 4));

// Three texts side by side in one scratch string, so that all stay readable.
const TEXTS = "sip:alice@atlanta.example.com:5061 sips:bob@192.0.2.9 \"Carol\" <sip:carol@chicago.example.com:5070>";
const A_END = 34;
const B_START = 35;
const B_END = 53;
const C_START = 54;

describe("URI parts live in the caller's record (RFC 3261 §19.1.1 parts)", () => {
  it("a second URI parsed into another record leaves the first record's parts", () => {
    const p = ascii(TEXTS);
    expect(parseUri(p, p + A_END, FIRST)).toBeTruthy();
    expect(parseUri(p + B_START, p + B_END, SECOND)).toBeTruthy();
    expect(<i32>FIRST.kind).toBe(URI_SIP);
    expect(text(FIRST.user, FIRST.userEnd)).toBe("alice");
    expect(text(FIRST.host, FIRST.hostEnd)).toBe("atlanta.example.com");
    expect(text(FIRST.port, FIRST.portEnd)).toBe("5061");
    expect(<i32>SECOND.kind).toBe(URI_SIPS);
    expect(text(SECOND.host, SECOND.hostEnd)).toBe("192.0.2.9");
    expect(SECOND.portEnd).toBe(0);
  });

  it("a failed parse into another record leaves the first record's parts", () => {
    const p = ascii(TEXTS);
    expect(parseUri(p, p + A_END, FIRST)).toBeTruthy();
    expect(scanUri(p + A_END, p + B_START, SECOND)).toBe(FAIL); // " " starts no URI
    expect(text(FIRST.host, FIRST.hostEnd)).toBe("atlanta.example.com");
    expect(text(FIRST.port, FIRST.portEnd)).toBe("5061");
  });

  it("an address scanned in between leaves the URI record's parts, and keeps its own", () => {
    const p = ascii(TEXTS);
    const end = p + <usize>TEXTS.length;
    expect(parseUri(p + B_START, p + B_END, FIRST)).toBeTruthy();
    expect(scanAddress(p + C_START, end, H_FROM, false, false, ADDRESS)).toBe(end);
    expect(text(FIRST.user, FIRST.userEnd)).toBe("bob");
    expect(text(FIRST.host, FIRST.hostEnd)).toBe("192.0.2.9");
    expect(text(ADDRESS.display, ADDRESS.displayEnd)).toBe("\"Carol\"");
    expect(text(ADDRESS.uri, ADDRESS.uriEnd)).toBe("sip:carol@chicago.example.com:5070");
    expect(text(ADDRESS.host, ADDRESS.hostEnd)).toBe("chicago.example.com");
  });
});
