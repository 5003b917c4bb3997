// Digest authentication of the UAC (RFC 3261 §22; RFC 2617; RFC 7616):
// reading the challenge of a 401/407, computing the response and writing the
// (Proxy-)Authorization header line.
import * as C from "../../../assembly/sip/auth/challenge";
import { computeResponse, responsePtr, credentialsReset, nonceCount } from "../../../assembly/sip/auth/credentials";
import { parse, text, txValues, txText } from "../msg/rx";
import * as H from "../../../assembly/sip/msg/header-names";
import {
  KAMAILIO, KAMAILIO_FULL, RFC2617, RFC2617_NO_QOP, response, challenge401, challenge407,
  realm, nonce, opaque, answer, INPUT,
} from "./challenges";

function responseText(): string { return text(responsePtr(), responsePtr() + 32); }
function authorization(): string { return txValues("Authorization"); }

describe("response (RFC 2617 §3.2.2, worked example of §3.5)", () => {
  beforeEach(() => { credentialsReset(); });

  it("with qop=auth, nc=00000001 and cnonce 0a4f113b the response is 6629fae49393a05397450978507c4ef1", () => {
    expect(challenge401(RFC2617)).toBe(C.AUTH_OK);
    expect(answer()).toBe(true);
    expect(responseText()).toBe("6629fae49393a05397450978507c4ef1");
  });

  // Expected value derived with Node: h = s => crypto.createHash("md5").update(s).digest("hex");
  // h(h("Mufasa:testrealm@host.com:Circle Of Life") + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + h("GET:/dir/index.html"))
  it("without qop the response is MD5(HA1:nonce:HA2) (§3.2.2.1)", () => {
    expect(challenge401(RFC2617_NO_QOP)).toBe(C.AUTH_OK);
    expect(answer()).toBe(true);
    expect(responseText()).toBe("670fd8c2df070c60b045671b8b24ff02");
  });

  it("the Authorization line carries every directive in order, qop/nc/cnonce with qop", () => {
    challenge401(RFC2617);
    answer();
    expect(authorization()).toBe("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", " +
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", " +
      "response=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", " +
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, nc=00000001");
  });

  it("without qop the line has no qop, nc or cnonce", () => {
    challenge401(RFC2617_NO_QOP);
    answer();
    expect(authorization()).toBe("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", " +
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", " +
      "response=\"670fd8c2df070c60b045671b8b24ff02\"");
  });

  it("a 407 is answered with Proxy-Authorization (RFC 3261 §22.3)", () => {
    expect(challenge407(KAMAILIO)).toBe(C.AUTH_OK);
    answer();
    expect(authorization()).toBe("<absent>");
    expect(txValues("Proxy-Authorization").startsWith("Digest username=\"Mufasa\", realm=\"example.com\"")).toBe(true);
  });
});

describe("echoed directives (RFC 7616 §3.4)", () => {
  beforeEach(() => { credentialsReset(); });

  it("opaque is echoed when the challenge had one", () => {
    challenge401(KAMAILIO_FULL);
    answer();
    expect(authorization().includes(", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")).toBe(true);
  });

  it("opaque is left out when the challenge had none", () => {
    challenge401(KAMAILIO);
    answer();
    expect(authorization().includes("opaque")).toBe(false);
  });

  it("an empty opaque is echoed empty", () => {
    challenge401(KAMAILIO + ", opaque=\"\"");
    answer();
    expect(authorization().includes(", opaque=\"\"")).toBe(true);
  });

  it("algorithm=MD5 is echoed when the challenge named it", () => {
    challenge401(KAMAILIO_FULL);
    answer();
    expect(authorization().includes(", algorithm=MD5, ")).toBe(true);
  });

  it("algorithm is left out when the challenge did not name it", () => {
    challenge401(KAMAILIO);
    answer();
    expect(authorization().includes("algorithm")).toBe(false);
  });

  it("a quote or backslash in a value is written back as a quoted-pair", () => {
    challenge401("Digest realm=\"a\\\"b\\\\c\", nonce=\"n\"");
    answer("x\"y");
    expect(authorization().startsWith("Digest username=\"x\\\"y\", realm=\"a\\\"b\\\\c\", nonce=\"n\"")).toBe(true);
  });
});

describe("nonce count (RFC 7616 §3.4: nc)", () => {
  beforeEach(() => { credentialsReset(); });

  it("nc increments on each use of the same nonce", () => {
    challenge401(KAMAILIO);
    answer();
    answer();
    expect(nonceCount()).toBe(2);
    expect(authorization().endsWith(", qop=auth, nc=00000002")).toBe(true);
  });

  it("nc starts again at 00000001 for a new nonce", () => {
    challenge401(KAMAILIO);
    answer();
    answer();
    challenge401("Digest realm=\"example.com\", nonce=\"fresh\", qop=\"auth\"");
    answer();
    expect(authorization().endsWith(", nc=00000001")).toBe(true);
  });

  it("the Authorization and Proxy-Authorization nonces count apart", () => {
    challenge401(KAMAILIO);
    answer();
    challenge407(KAMAILIO);
    answer();
    challenge401(KAMAILIO);
    answer();
    expect(nonceCount()).toBe(2);
  });
});

describe("challenge parsing (RFC 2617 §3.2.1, RFC 7616 §3.3)", () => {
  it("Kamailio's challenge gives realm, nonce and qop=auth, no opaque, no algorithm, not stale", () => {
    expect(challenge401(KAMAILIO)).toBe(C.AUTH_OK);
    expect(realm()).toBe("example.com");
    expect(nonce()).toBe("Y2Hk3WNh4rEbXpdTzLpk8gQu4uTQ3mJt");
    expect(C.CHALLENGE.qopAuth).toBe(true);
    expect(C.CHALLENGE.hasOpaque).toBe(false);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_ABSENT);
    expect(C.CHALLENGE.stale).toBe(false);
  });

  it("algorithm=MD5, opaque and stale=true are recorded", () => {
    expect(challenge401(KAMAILIO_FULL)).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_MD5);
    expect(C.CHALLENGE.hasOpaque).toBe(true);
    expect(opaque()).toBe("5ccc069c403ebaf9f0171e9517f40e41");
    expect(C.CHALLENGE.stale).toBe(true);
  });

  it("a 401 records WWW-Authenticate as source and Authorization as answer", () => {
    challenge401(KAMAILIO);
    expect(<i32>C.CHALLENGE.source).toBe(H.H_WWW_AUTHENTICATE);
    expect(<i32>C.CHALLENGE.answer).toBe(H.H_AUTHORIZATION);
  });

  it("a 407 records Proxy-Authenticate as source and Proxy-Authorization as answer", () => {
    challenge407(KAMAILIO);
    expect(<i32>C.CHALLENGE.source).toBe(H.H_PROXY_AUTHENTICATE);
    expect(<i32>C.CHALLENGE.answer).toBe(H.H_PROXY_AUTHORIZATION);
  });

  it("quoted-pairs are resolved in the stored value", () => {
    challenge401("Digest realm=\"a\\\"b\\\\c\", nonce=\"n\"");
    expect(realm()).toBe("a\"b\\c");
  });

  it("scheme, directive names and the algorithm are case-insensitive", () => {
    expect(challenge401("digest REALM=\"r\", Nonce=\"n\", ALGORITHM=md5, QOP=\"AUTH\", Stale=TRUE")).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm == C.ALGORITHM_MD5 && C.CHALLENGE.qopAuth && C.CHALLENGE.stale).toBe(true);
  });

  it("qop=auth is chosen from a list that also offers auth-int", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int, auth\"")).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.qopAuth).toBe(true);
  });

  it("a qop of auth-int alone is refused", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")).toBe(C.AUTH_UNSUPPORTED_QOP);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("MD5-sess is refused", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess")).toBe(C.AUTH_UNSUPPORTED_ALGORITHM);
  });

  it("a non-Digest scheme is not taken", () => {
    expect(challenge401("Basic realm=\"example.com\"")).toBe(C.AUTH_NOT_DIGEST);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("a Digest challenge after a Basic one is taken", () => {
    const lines = "WWW-Authenticate: Basic realm=\"basic\"\r\nWWW-Authenticate: " + KAMAILIO + "\r\n";
    expect(parse(response("401 Unauthorized", lines))).toBe(0);
    expect(C.parseChallenge()).toBe(C.AUTH_OK);
    expect(realm()).toBe("example.com");
  });

  it("the first Digest challenge with a supported algorithm is taken (SHA-512-256 skipped)", () => {
    const lines = "WWW-Authenticate: Digest realm=\"sha\", nonce=\"n1\", algorithm=SHA-512-256\r\n" +
      "WWW-Authenticate: Digest realm=\"md5\", nonce=\"n2\", algorithm=MD5\r\n";
    expect(parse(response("401 Unauthorized", lines))).toBe(0);
    expect(C.parseChallenge()).toBe(C.AUTH_OK);
    expect(realm()).toBe("md5");
    expect(nonce()).toBe("n2");
  });

  it("a nonce of NONCE_CAPACITY bytes is accepted", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"" + "n".repeat(C.NONCE_CAPACITY) + "\"")).toBe(C.AUTH_OK);
    expect(<i32>C.CHALLENGE.nonceLength).toBe(C.NONCE_CAPACITY);
  });

  it("a nonce one byte too long is rejected, not truncated", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"" + "n".repeat(C.NONCE_CAPACITY + 1) + "\"")).toBe(C.AUTH_TOO_LONG);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("a challenge without nonce is malformed", () => {
    expect(challenge401("Digest realm=\"r\", qop=\"auth\"")).toBe(C.AUTH_MALFORMED);
  });

  it("a 401 without WWW-Authenticate has no challenge", () => {
    expect(parse(response("401 Unauthorized", ""))).toBe(0);
    expect(C.parseChallenge()).toBe(C.AUTH_NO_CHALLENGE);
  });

  it("a 200 has no challenge", () => {
    expect(parse(response("200 OK", "WWW-Authenticate: " + KAMAILIO + "\r\n"))).toBe(0);
    expect(C.parseChallenge()).toBe(C.AUTH_NO_CHALLENGE);
  });
});

describe("caller inputs", () => {
  beforeEach(() => { credentialsReset(); });

  it("nothing is written without a valid challenge", () => {
    challenge401("Basic realm=\"r\"");
    expect(answer()).toBe(false);
    expect(txText()).toBe("");
  });

  it("a username with CR or LF is refused (no header injection)", () => {
    challenge401(KAMAILIO);
    expect(answer("bob\r\nX: y")).toBe(false);
    expect(txText()).toBe("");
  });

  it("with qop a cnonce of no bytes is refused", () => {
    challenge401(KAMAILIO);
    expect(answer("Mufasa", "GET", "/dir/index.html", 0)).toBe(false);
  });

  it("without qop the cnonce is not needed", () => {
    challenge401(RFC2617_NO_QOP);
    expect(computeResponse(INPUT, 1, INPUT, 1, INPUT, 1, INPUT, 1, 0, 0)).toBe(true);
  });
});
