// parseUri: SIP and SIPS URIs (RFC 3261 §19.1, §25.1), tel URIs (RFC 3966)
// and other absoluteURIs by their generic syntax.
import { parseUri, UriParts, URI_SIP, URI_SIPS, URI_TEL, URI_OTHER } from "../../../assembly/sip/msg/uri";
import { ascii } from "./scratch";
import { text } from "./rx";

/** The record these specs' uri() parses into; the interleaving specs own others besides. */
const PARTS = changetype<UriParts>(memory.data(<i32>offsetof<UriParts>(), 4));

function uri(s: string): bool {
  const p = ascii(s);
  return parseUri(p, p + <usize>s.length, PARTS);
}

function user(): string { return PARTS.userEnd > PARTS.user ? text(PARTS.user, PARTS.userEnd) : "<absent>"; }
function host(): string { return PARTS.hostEnd > PARTS.host ? text(PARTS.host, PARTS.hostEnd) : "<absent>"; }
function port(): string { return PARTS.portEnd > PARTS.port ? text(PARTS.port, PARTS.portEnd) : "<absent>"; }
const uriKind = (): i32 => <i32>PARTS.kind;

describe("SIP-URI = \"sip:\" [ userinfo ] hostport uri-parameters [ headers ] (RFC 3261 §25.1)", () => {
  it("accepts a host alone", () => {
    expect(uri("sip:example.com")).toBeTruthy();
    expect(uriKind()).toBe(URI_SIP);
  });

  it("the scheme is case-insensitive (§19.1.4)", () => {
    expect(uri("SIP:alice@example.com")).toBeTruthy();
    expect(uriKind()).toBe(URI_SIP);
  });

  it("a sips: URI is recognised as SIPS (§19.1)", () => {
    expect(uri("sips:bob@example.com")).toBeTruthy();
    expect(uriKind()).toBe(URI_SIPS);
  });

  it("records user, host and port", () => {
    expect(uri("sip:alice@atlanta.example.com:5061;transport=tls")).toBeTruthy();
    expect(user()).toBe("alice");
    expect(host()).toBe("atlanta.example.com");
    expect(port()).toBe("5061");
  });

  it("without userinfo and port, only the host is recorded", () => {
    expect(uri("sip:192.0.2.4")).toBeTruthy();
    expect(user()).toBe("<absent>");
    expect(host()).toBe("192.0.2.4");
    expect(port()).toBe("<absent>");
  });

  it("records a bracketed IPv6 host with its brackets", () => {
    expect(uri("sip:alice@[2001:db8::10]:5070")).toBeTruthy();
    expect(host()).toBe("[2001:db8::10]");
    expect(port()).toBe("5070");
  });

  it("accepts a password after the user; the user alone is recorded", () => {
    expect(uri("sip:alice:secretword@atlanta.com;transport=tcp")).toBeTruthy();
    expect(user()).toBe("alice");
  });

  it("accepts an empty password (password = *( ... ))", () => {
    expect(uri("sip:alice:@atlanta.com")).toBeTruthy();
  });

  it("rejects a password holding a colon", () => {
    expect(uri("sip:alice:pass:word@atlanta.com")).toBeFalsy();
  });

  it("rejects an empty user before \"@\" (user = 1*( ... ))", () => {
    expect(uri("sip:@atlanta.com")).toBeFalsy();
    expect(uri("sip::pw@atlanta.com")).toBeFalsy();
  });

  it("accepts escaped characters in the user (RFC 4475 §3.1.1.3)", () => {
    expect(uri("sip:sips%3Auser%40example.com@example.net")).toBeTruthy();
    expect(user()).toBe("sips%3Auser%40example.com");
  });

  it("accepts user-unreserved characters in the user", () => {
    expect(uri("sip:user;par=u%40example.net@example.com")).toBeTruthy();
    expect(uri("sip:a&b=c+d$e,f;g?h/i@example.com")).toBeTruthy();
    expect(user()).toBe("a&b=c+d$e,f;g?h/i");
  });

  it("accepts a telephone-subscriber as user (§19.1.6)", () => {
    expect(uri("sip:+1-212-555-1212:1234@gateway.com;user=phone")).toBeTruthy();
    expect(user()).toBe("+1-212-555-1212");
  });

  it("rejects a user holding a character that must be escaped", () => {
    expect(uri("sip:al ice@example.com")).toBeFalsy();
    expect(uri("sip:al\"ice@example.com")).toBeFalsy();
  });

  it("rejects an escape with one hex digit", () => {
    expect(uri("sip:al%4@example.com")).toBeFalsy();
    expect(uri("sip:alice%4")).toBeFalsy();
  });

  it("rejects an escape with non-hex digits", () => {
    expect(uri("sip:al%ZZice@example.com")).toBeFalsy();
    expect(uri("sip:example.com;foo=%ZZ")).toBeFalsy();
  });

  it("rejects an escape in the host (host has no escaped form)", () => {
    expect(uri("sip:ex%61mple.com")).toBeFalsy();
  });

  it("rejects a missing or malformed host", () => {
    expect(uri("sip:")).toBeFalsy();
    expect(uri("sip:alice@")).toBeFalsy();
    expect(uri("sip:alice@-example.com")).toBeFalsy();
  });

  it("accepts port 65535", () => {
    expect(uri("sip:example.com:65535")).toBeTruthy();
  });

  it("rejects port 65536", () => {
    expect(uri("sip:example.com:65536")).toBeFalsy();
  });

  it("rejects an empty or non-numeric port", () => {
    expect(uri("sip:example.com:")).toBeFalsy();
    expect(uri("sip:example.com:50x")).toBeFalsy();
  });

  it("accepts uri-parameters with and without values", () => {
    expect(uri("sip:proxy.example.com;lr")).toBeTruthy();
    expect(uri("sip:alice@example.com;transport=udp;maddr=[2001:db8::1];ttl=15")).toBeTruthy();
  });

  it("rejects a parameter with an empty name", () => {
    expect(uri("sip:example.com;=udp")).toBeFalsy();
  });

  it("rejects an empty parameter between two semicolons", () => {
    expect(uri("sip:example.com;;lr")).toBeFalsy();
    expect(uri("sip:example.com;lr;")).toBeFalsy();
  });

  it("rejects a parameter with an empty value (pvalue = 1*paramchar)", () => {
    expect(uri("sip:example.com;transport=")).toBeFalsy();
  });

  it("a headers component is accepted and noted in hasHeaders", () => {
    expect(uri("sip:alice@example.com?subject=project%20x&priority=urgent")).toBeTruthy();
    expect(PARTS.hasHeaders).toBeTruthy();
  });

  it("a URI without headers leaves hasHeaders false", () => {
    expect(uri("sip:alice@example.com;lr")).toBeTruthy();
    expect(PARTS.hasHeaders).toBeFalsy();
  });

  it("a header may have an empty value (hvalue = *( ... ))", () => {
    expect(uri("sip:alice@example.com?subject=")).toBeTruthy();
  });

  it("rejects a header without \"=\" or with an empty name", () => {
    expect(uri("sip:alice@example.com?subject")).toBeFalsy();
    expect(uri("sip:alice@example.com?=x")).toBeFalsy();
    expect(uri("sip:alice@example.com?")).toBeFalsy();
  });

  it("rejects a byte after the host that starts no port, parameter or headers", () => {
    expect(uri("sip:alice@example.com>")).toBeFalsy();
    expect(uri("sip:alice@example.com x")).toBeFalsy();
  });
});

describe("tel URIs (RFC 3966 §3)", () => {
  it("accepts a global number with visual separators", () => {
    expect(uri("tel:+1-201-555-0123")).toBeTruthy();
    expect(uriKind()).toBe(URI_TEL);
  });

  it("accepts parameters after the number", () => {
    expect(uri("tel:+1-201-555-0123;ext=1234")).toBeTruthy();
  });

  it("accepts a local number with its phone-context", () => {
    expect(uri("tel:7042;phone-context=example.com")).toBeTruthy();
  });

  it("a local number without phone-context is rejected (§3 local-number, §5.1.5)", () => {
    expect(uri("tel:7042")).toBeFalsy();
  });

  it("rejects an empty number", () => {
    expect(uri("tel:")).toBeFalsy();
    expect(uri("tel:+")).toBeFalsy();
  });

  it("a global number holds at least one digit (global-number-digits = \"+\" *phonedigit DIGIT *phonedigit)", () => {
    expect(uri("tel:+--")).toBeFalsy();
  });

  it("rejects a number with a space", () => {
    expect(uri("tel:+1 201 555 0123")).toBeFalsy();
  });
});

describe("absoluteURI = scheme \":\" ( hier-part / opaque-part ) (RFC 3261 §25.1)", () => {
  it("accepts an opaque URI", () => {
    expect(uri("isbn:2983")).toBeTruthy();
    expect(uriKind()).toBe(URI_OTHER);
  });

  it("accepts a hierarchical URI with path and query", () => {
    expect(uri("http://www.example.com/alice/photo.jpg?size=large")).toBeTruthy();
    expect(uriKind()).toBe(URI_OTHER);
  });

  it("accepts a scheme with \".\" (scheme = ALPHA *( ALPHA / DIGIT / \"+\" / \"-\" / \".\" ))", () => {
    expect(uri("soap.beep://192.0.2.1:8080/x")).toBeTruthy();
  });

  it("rejects an empty part after the scheme", () => {
    expect(uri("mailto:")).toBeFalsy();
  });

  it("rejects a bad escape", () => {
    expect(uri("http://example.com/%4")).toBeFalsy();
  });

  it("rejects a URI without a scheme", () => {
    expect(uri("alice@example.com")).toBeFalsy();
    expect(uri(":alice@example.com")).toBeFalsy();
    expect(uri("")).toBeFalsy();
  });

  it("rejects a scheme that does not start with a letter", () => {
    expect(uri("3sip:alice@example.com")).toBeFalsy();
  });
});
