// The auth-param walk lives in a record its caller owns (issue 15): two
// walks interleaved each keep their own position and current auth-param
// (RFC 3261 §25.1: challenge / credentials = "Digest" LWS 1#auth-param).
import { digestParamsBegin, digestParamsNext, DigestParams } from "../../../assembly/sip/auth/params";
import { ascii } from "../msg/scratch";
import { text } from "../msg/rx";

const FIRST = changetype<DigestParams>(memory.data(<i32>offsetof<DigestParams>(), 4));
const SECOND = changetype<DigestParams>(memory.data(<i32>offsetof<DigestParams>(), 4));

// A challenge and credentials side by side, so that both stay readable.
const CHALLENGE = "Digest realm=\"atlanta.example.com\", nonce=\"84a4cc6f\"";
const CREDENTIALS = "Digest username=\"bob\", uri=\"sip:bob@biloxi.example.com\"";

function name(walk: DigestParams): string { return text(walk.name, walk.name + <usize>walk.nameLength); }
function value(walk: DigestParams): string { return text(walk.value, walk.valueEnd); }

describe("auth-param walks in the caller's records", () => {
  it("a second walk begun and stepped in between leaves the first walk's auth-param", () => {
    const p = ascii(CHALLENGE + CREDENTIALS);
    const q = p + <usize>CHALLENGE.length;
    const end = q + <usize>CREDENTIALS.length;
    expect(digestParamsBegin(p, q, FIRST)).toBe(0);
    expect(digestParamsNext(FIRST)).toBe(1);
    expect(digestParamsBegin(q, end, SECOND)).toBe(0);
    expect(digestParamsNext(SECOND)).toBe(1);
    expect(name(FIRST)).toBe("realm");
    expect(value(FIRST)).toBe("atlanta.example.com");
    expect(FIRST.quoted).toBe(true);
    expect(name(SECOND)).toBe("username");
    expect(value(SECOND)).toBe("bob");
  });

  it("each walk goes on from its own position", () => {
    const p = ascii(CHALLENGE + CREDENTIALS);
    const q = p + <usize>CHALLENGE.length;
    const end = q + <usize>CREDENTIALS.length;
    digestParamsBegin(p, q, FIRST);
    digestParamsBegin(q, end, SECOND);
    digestParamsNext(FIRST);
    digestParamsNext(SECOND);
    expect(digestParamsNext(FIRST)).toBe(1);
    expect(name(FIRST)).toBe("nonce");
    expect(value(FIRST)).toBe("84a4cc6f");
    expect(digestParamsNext(FIRST)).toBe(0); // the challenge ends at q, not at the credentials after it
    expect(digestParamsNext(SECOND)).toBe(1);
    expect(name(SECOND)).toBe("uri");
    expect(value(SECOND)).toBe("sip:bob@biloxi.example.com");
  });
});
