// host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1), with the
// IPv6 corrections of RFC 5118.
import { isHostname, isIPv4, isIPv6, scanHost, scanHostRun, isHostValue, hostKind, HOST_NAME, HOST_IPV4, HOST_IPV6 } from "../../../assembly/sip/msg/host";
import { ascii } from "./scratch";

function hostname(s: string): bool {
  const p = ascii(s);
  return isHostname(p, p + <usize>s.length);
}

function ipv4(s: string): bool {
  const p = ascii(s);
  return isIPv4(p, p + <usize>s.length);
}

function ipv6(s: string): bool {
  const p = ascii(s);
  return isIPv6(p, p + <usize>s.length);
}

/** Length of the host scanned at the start of s, or -1 when scanHost fails. */
function hostLength(s: string): i32 {
  const p = ascii(s);
  const e = scanHost(p, p + <usize>s.length);
  return e == 0 ? -1 : <i32>(e - p);
}

/** The kind of the host scanHost finds at the start of s (0 when none). */
function kindOf(s: string): i32 {
  const p = ascii(s);
  const e = scanHost(p, p + <usize>s.length);
  return e == 0 ? 0 : hostKind(p, e);
}

function hostValue(s: string): bool {
  const p = ascii(s);
  return isHostValue(p, p + <usize>s.length);
}

describe("hostname (RFC 3261 §25.1: *( domainlabel \".\" ) toplabel [ \".\" ])", () => {
  it("accepts dotted labels of alphanumerics", () => {
    expect(hostname("example.com")).toBeTruthy();
    expect(hostname("pc33.atlanta.example.com")).toBeTruthy();
  });

  it("accepts a single toplabel of one letter (toplabel = ALPHA)", () => {
    expect(hostname("a")).toBeTruthy();
  });

  it("accepts hyphens inside a label", () => {
    expect(hostname("my-host.ex--ample.com")).toBeTruthy();
  });

  it("rejects a hyphen at the start of a label", () => {
    expect(hostname("-host.example.com")).toBeFalsy();
    expect(hostname("host.-example.com")).toBeFalsy();
  });

  it("rejects a hyphen at the end of a label", () => {
    expect(hostname("host-.example.com")).toBeFalsy();
    expect(hostname("host.example.com-")).toBeFalsy();
  });

  it("a domainlabel may start with a digit", () => {
    expect(hostname("3com.example.com")).toBeTruthy();
  });

  it("the toplabel must start with a letter", () => {
    expect(hostname("example.3com")).toBeFalsy();
    expect(hostname("example.123")).toBeFalsy();
  });

  it("accepts one trailing dot", () => {
    expect(hostname("example.com.")).toBeTruthy();
  });

  it("rejects empty labels: two dots, a leading dot, two trailing dots, a lone dot", () => {
    expect(hostname("example..com")).toBeFalsy();
    expect(hostname(".example.com")).toBeFalsy();
    expect(hostname("example.com..")).toBeFalsy();
    expect(hostname(".")).toBeFalsy();
  });

  it("rejects characters outside alphanum, \"-\" and \".\"", () => {
    expect(hostname("ex_ample.com")).toBeFalsy();
    expect(hostname("ex%61mple.com")).toBeFalsy();
  });
});

describe("IPv4address (RFC 3261 §25.1: 1*3DIGIT \".\" 1*3DIGIT \".\" 1*3DIGIT \".\" 1*3DIGIT)", () => {
  it("accepts four dotted decimal parts", () => {
    expect(ipv4("192.0.2.1")).toBeTruthy();
    expect(ipv4("0.0.0.0")).toBeTruthy();
    expect(ipv4("255.255.255.255")).toBeTruthy();
  });

  it("accepts leading zeros up to three digits", () => {
    expect(ipv4("010.000.002.001")).toBeTruthy();
  });

  it("rejects a part of more than three digits", () => {
    expect(ipv4("1921.0.2.1")).toBeFalsy();
    expect(ipv4("192.0.2.0001")).toBeFalsy();
  });

  it("rejects a part above 255", () => {
    expect(ipv4("256.0.2.1")).toBeFalsy();
    expect(ipv4("192.0.2.999")).toBeFalsy();
  });

  it("rejects fewer or more than four parts and empty parts", () => {
    expect(ipv4("192.0.2")).toBeFalsy();
    expect(ipv4("192.0.2.1.5")).toBeFalsy();
    expect(ipv4("192..2.1")).toBeFalsy();
    expect(ipv4("192.0.2.")).toBeFalsy();
  });
});

describe("IPv6address (RFC 3261 §25.1 hexpart [ \":\" IPv4address ], RFC 5118)", () => {
  it("accepts the full form of eight groups", () => {
    expect(ipv6("2001:db8:0:0:0:0:0:1")).toBeTruthy();
    expect(ipv6("2001:0DB8:AAAA:ffff:0000:1234:abcd:FFFF")).toBeTruthy();
  });

  it("rejects the full form with fewer than eight groups", () => {
    expect(ipv6("2001:db8:0:0:0:0:1")).toBeFalsy();
  });

  it("rejects more than eight groups", () => {
    expect(ipv6("2001:db8:0:0:0:0:0:0:1")).toBeFalsy();
    expect(ipv6("1:2:3:4::5:6:7:8")).toBeFalsy();
  });

  it("rejects a group of more than four hex digits or a non-hex digit", () => {
    expect(ipv6("2001:db8:0:0:0:0:0:12345")).toBeFalsy();
    expect(ipv6("2001:db8::g")).toBeFalsy();
  });

  it("accepts \"::\" compression at the start, middle and end", () => {
    expect(ipv6("::1")).toBeTruthy();
    expect(ipv6("2001:db8::1")).toBeTruthy();
    expect(ipv6("2001:db8::")).toBeTruthy();
  });

  it("accepts \"::\" alone (the unspecified address)", () => {
    expect(ipv6("::")).toBeTruthy();
  });

  it("rejects two \"::\"", () => {
    expect(ipv6("2001::db8::1")).toBeFalsy();
    expect(ipv6("::1::")).toBeFalsy();
  });

  it("rejects a single leading or trailing colon", () => {
    expect(ipv6(":1:2:3:4:5:6:7")).toBeFalsy();
    expect(ipv6("1:2:3:4:5:6:7:")).toBeFalsy();
  });

  it("accepts an embedded IPv4 address as the last 32 bits", () => {
    expect(ipv6("::ffff:192.0.2.1")).toBeTruthy();
    expect(ipv6("2001:db8:0:0:0:0:192.0.2.1")).toBeTruthy();
    expect(ipv6("::192.0.2.1")).toBeTruthy();
  });

  it("rejects an embedded IPv4 address that makes more than 128 bits", () => {
    expect(ipv6("2001:db8:0:0:0:0:0:192.0.2.1")).toBeFalsy();
  });

  it("rejects an embedded IPv4 address that is not the last part or is invalid", () => {
    expect(ipv6("192.0.2.1::1")).toBeFalsy();
    expect(ipv6("::ffff:192.0.2.256")).toBeFalsy();
  });

  it("tolerates the third colon before an embedded IPv4 address (RFC 5118 §4.10)", () => {
    expect(ipv6("2001:db8:::192.0.2.1")).toBeTruthy();
  });

  it("a third colon is not tolerated where no IPv4 address follows (RFC 3261 §25.1 grammar, RFC 5118 §4.10)", () => {
    expect(ipv6("2001:db8:::1")).toBeFalsy();
    expect(ipv6(":::1")).toBeFalsy();
    expect(ipv6("2001:db8:::")).toBeFalsy();
  });
});

describe("scanHost (RFC 3261 §25.1 host)", () => {
  it("a name made of digits and letters is a hostname: the kind follows from the bytes scanned", () => {
    expect(hostLength("1.2.3.a4")).toBe(8);
    expect(kindOf("1.2.3.a4")).toBe(HOST_NAME);
  });

  it("scans a hostname up to the port separator and reports HOST_NAME", () => {
    expect(hostLength("example.com:5060")).toBe(11);
    expect(kindOf("example.com:5060")).toBe(HOST_NAME);
  });

  it("scans an IPv4 address and reports HOST_IPV4", () => {
    expect(hostLength("192.0.2.1;transport=udp")).toBe(9);
    expect(kindOf("192.0.2.1;transport=udp")).toBe(HOST_IPV4);
  });

  it("scans an IPv6reference with its brackets and reports HOST_IPV6", () => {
    expect(hostLength("[2001:db8::10]:5070")).toBe(14);
    expect(kindOf("[2001:db8::10]:5070")).toBe(HOST_IPV6);
  });

  it("an IPv6 address in a host must be bracketed (host = hostname / IPv4address / IPv6reference)", () => {
    expect(hostLength("2001:db8::10")).toBe(-1);
  });

  it("rejects an unterminated or empty bracket and a bracketed IPv4 address", () => {
    expect(hostLength("[2001:db8::10")).toBe(-1);
    expect(hostLength("[]")).toBe(-1);
    expect(hostLength("[192.0.2.1]")).toBe(-1);
  });

  it("rejects a dotted quad out of range, which is no hostname either", () => {
    expect(hostLength("192.0.2.256")).toBe(-1);
  });

  it("rejects an empty host", () => {
    expect(hostLength("")).toBe(-1);
    expect(hostLength(":5060")).toBe(-1);
  });

  it("the short paths (names starting with a letter, dotted quads) decide as the full scan does, on every string of up to 6 bytes over a1925.-:", () => {
    const alphabet = "a1925.-:";
    const p = ascii("");
    let differ = 0;
    for (let len = 0; len <= 6; len++) {
      let total = 1;
      for (let i = 0; i < len; i++) total *= alphabet.length;
      for (let n = 0; n < total; n++) {
        let x = n;
        for (let i = 0; i < len; i++) {
          store<u8>(p + <usize>i, <u8>alphabet.charCodeAt(x % alphabet.length));
          x /= alphabet.length;
        }
        const end = p + <usize>len;
        if (scanHost(p, end) != scanHostRun(p, end)) differ++;
      }
    }
    expect(differ).toBe(0);
  });

  it("the dotted-quad short path decides as the full scan does on every quad-like string of up to 19 bytes, whatever lies past its end", () => {
    // Four octets from a set of digit runs (lengths 0 to 4, values around 255),
    // joined by ".", "-" or "..", then a terminator or none; the bytes past the
    // end are digits and dots, which must not count (a word-wise scan would load them).
    const octets = ["", "0", "7", "25", "99", "100", "255", "256", "099", "1000"];
    const seps = [".", "-", ".."];
    const tails = ["", ":", ".", "a", ";", "0"];
    const p = ascii("");
    let differ = 0;
    let quads = 0;
    for (let a = 0; a < octets.length; a++) for (let b = 0; b < octets.length; b++)
      for (let c = 0; c < octets.length; c++) for (let d = 0; d < octets.length; d++)
        for (let s = 0; s < seps.length * seps.length; s++) for (let t = 0; t < tails.length; t++) {
          const text = octets[a] + seps[s % 3] + octets[b] + "." + octets[c] + seps[s / 3] + octets[d] + tails[t];
          for (let i = 0; i < text.length; i++) store<u8>(p + <usize>i, <u8>text.charCodeAt(i));
          for (let cut = 1; cut <= text.length; cut++) {
            for (let i = cut; i < cut + 16; i++) store<u8>(p + <usize>i, <u8>(i & 1 ? 0x2e : 0x31));
            const end = p + <usize>cut;
            const full = scanHostRun(p, end);
            if (scanHost(p, end) != full) differ++;
            if (full != 0 && hostKind(p, full) == HOST_IPV4) quads++;
            if (cut < text.length) store<u8>(p + <usize>cut, <u8>text.charCodeAt(cut));
          }
          for (let i = text.length; i < text.length + 16; i++) store<u8>(p + <usize>i, 0);
        }
    expect(differ).toBe(0);
    expect(quads).toBeGreaterThan(10000);
  });

  it("the short paths decide as the full scan does on long dotted quads and names", () => {
    const cases = ["192.168.100.200", "255.255.255.255", "256.1.1.1", "1.2.3.4.5", "1.2.3.a4", "01.002.3.4", "1234.1.1.1",
      "a-b.c-d.example", "a.-b", "a-.b", "example.com.", "example..com", "x.1com", "x.c1", "door-1.intercom.local"];
    for (let i = 0; i < cases.length; i++) {
      const p = ascii(cases[i]);
      const end = p + <usize>cases[i].length;
      expect(scanHost(p, end)).toBe(scanHostRun(p, end), cases[i]);
    }
  });
});

describe("isHostValue: received= and maddr= (RFC 3261 §20.42, RFC 5118 §4.5)", () => {
  it("accepts an IPv4 address", () => {
    expect(hostValue("192.0.2.101")).toBeTruthy();
  });

  it("accepts an IPv6 address without brackets (RFC 3261 via-received = IPv6address)", () => {
    expect(hostValue("2001:db8::9:255")).toBeTruthy();
  });

  it("accepts an IPv6 address with brackets (RFC 5118 §4.5)", () => {
    expect(hostValue("[2001:db8::9:255]")).toBeTruthy();
  });

  it("rejects a malformed IPv6 address with or without brackets", () => {
    expect(hostValue("2001:db8::9::255")).toBeFalsy();
    expect(hostValue("[2001:db8::9:255")).toBeFalsy();
    expect(hostValue("[192.0.2.101]")).toBeFalsy();
  });

  it("rejects an empty value", () => {
    expect(hostValue("")).toBeFalsy();
  });
});
