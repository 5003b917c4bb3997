// Digest with SHA-256 (RFC 7616): the hash the challenge's algorithm names,
// the choice among several challenges in the server's order (RFC 7616 §3.7,
// RFC 8760 §2.4), and the refusal of algorithms the station does not speak.
import * as C from "../../../assembly/sip/auth/challenge";
import { digestA1, digestA2, digestResponse, responsePtr, responseLength, credentialsReset } from "../../../assembly/sip/auth/credentials";
import { parse, text, txValues } from "../msg/rx";
import { response, challenge401, answer, input } from "./challenges";

// RFC 7616 §3.9.1: the two challenges of the example, SHA-256 first.
const REALM = "http-auth@example.org";
const NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
function example(algorithm: string): string {
  return "Digest realm=\"" + REALM + "\", qop=\"auth, auth-int\", algorithm=" + algorithm +
    ", nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"";
}

/** Parses a 401 with one WWW-Authenticate line per challenge, in the order given; parseChallenge()'s result. */
function challenges(values: string[]): i32 {
  let lines = "";
  for (let i = 0; i < values.length; i++) lines += "WWW-Authenticate: " + values[i] + "\r\n";
  expect(parse(response("401 Unauthorized", lines))).toBe(0);
  return C.parseChallenge();
}

/** The response of RFC 7616 §3.9.1's request (GET /dir/index.html, qop=auth, nc=00000001, its cnonce) under `sha`. */
function exampleResponse(sha: bool): string {
  const cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  digestA1(sha, input("Mufasa"), 6, input(REALM), REALM.length, input("Circle of Life"), 14);
  digestA2(sha, input("GET"), 3, input("/dir/index.html"), 15);
  digestResponse(sha, input(NONCE), NONCE.length, input("00000001"), input(cnonce), cnonce.length);
  return text(responsePtr(), responsePtr() + <usize>responseLength());
}

describe("the example of RFC 7616 §3.9.1 (Mufasa, Circle of Life)", () => {
  it("with SHA-256 the response is 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", () => {
    expect(exampleResponse(true)).toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  });

  it("with MD5 the response is 8ca523f5e9506fed4657c9700eebdbec", () => {
    expect(exampleResponse(false)).toBe("8ca523f5e9506fed4657c9700eebdbec");
  });
});

describe("the Authorization answering SHA-256 (RFC 7616 §3.4)", () => {
  beforeEach(() => { credentialsReset(); });

  // Expected value derived with Python: h = lambda s: hashlib.sha256(s.encode()).hexdigest();
  // h(h("Mufasa:http-auth@example.org:Circle Of Life") + ":" + NONCE + ":00000001:0a4f113b:auth:" + h("GET:/dir/index.html"))
  it("names algorithm=SHA-256 and carries a response of 64 lower-case hex digits", () => {
    expect(challenge401(example("SHA-256"))).toBe(C.AUTH_OK);
    expect(answer()).toBe(true);
    expect(txValues("Authorization")).toBe("Digest username=\"Mufasa\", realm=\"" + REALM + "\", nonce=\"" + NONCE +
      "\", uri=\"/dir/index.html\", response=\"58b06fa43882dcb6ede0502b91ae8a36d351df8ccaa5b8c95e391aea3dce3777\", " +
      "algorithm=SHA-256, cnonce=\"0a4f113b\", opaque=\"" + OPAQUE + "\", qop=auth, nc=00000001");
  });

  it("an MD5 answer after a SHA-256 one is 32 digits again", () => {
    challenge401(example("SHA-256"));
    answer();
    challenge401(example("MD5"));
    expect(answer()).toBe(true);
    expect(responseLength()).toBe(32);
    expect(txValues("Authorization").includes("algorithm=MD5")).toBe(true);
  });
});

describe("the challenge answered among several (RFC 7616 §3.7, RFC 8760 §2.4)", () => {
  it("SHA-256 sent first is taken before MD5", () => {
    expect(challenges([example("SHA-256"), example("MD5")])).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_SHA256);
  });

  it("MD5 sent first is taken before SHA-256", () => {
    expect(challenges([example("MD5"), example("SHA-256")])).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_MD5);
  });

  it("an algorithm the station does not speak is passed over for the next challenge", () => {
    expect(challenges([example("SHA-512-256"), example("SHA-256-sess"), example("SHA-256")])).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_SHA256);
  });

  it("the algorithm's name is compared without case", () => {
    expect(challenge401(example("sha-256"))).toBe(C.AUTH_OK);
    expect(C.CHALLENGE.algorithm).toBe(C.ALGORITHM_SHA256);
  });

  it("SHA-512-256 alone is refused as an unsupported algorithm", () => {
    expect(challenge401(example("SHA-512-256"))).toBe(C.AUTH_UNSUPPORTED_ALGORITHM);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("SHA-256-sess alone is refused as an unsupported algorithm", () => {
    expect(challenge401(example("SHA-256-sess"))).toBe(C.AUTH_UNSUPPORTED_ALGORITHM);
  });
});

// The message parser checks the auth-param syntax of WWW-Authenticate (RFC 3261 §25.1): a broken value
// makes the whole response malformed (a 400 verdict), so no challenge of it is answered.
function malformed(lines: string): i32 {
  expect(parse(response("401 Unauthorized", lines))).toBe(400);
  return C.parseChallenge();
}

describe("a malformed algorithm value (RFC 7616 §3.3: algorithm = token)", () => {
  it("an empty algorithm makes the challenge malformed", () => {
    expect(malformed("WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=\r\n")).toBe(C.AUTH_MALFORMED);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("two names where one belongs make the challenge malformed", () => {
    expect(malformed("WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256 MD5\r\n")).toBe(C.AUTH_MALFORMED);
  });

  it("a malformed SHA-256 challenge makes a well-formed MD5 one after it unusable too (the response is malformed)", () => {
    const lines = "WWW-Authenticate: Digest realm=\"bad\", nonce=\"n1\", algorithm=SHA-256 MD5\r\n" +
      "WWW-Authenticate: " + example("MD5") + "\r\n";
    expect(malformed(lines)).toBe(C.AUTH_MALFORMED);
    expect(C.CHALLENGE.valid).toBe(false);
  });

  it("a token the station does not know as an algorithm is refused as unsupported, not malformed", () => {
    expect(challenge401("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256x")).toBe(C.AUTH_UNSUPPORTED_ALGORITHM);
  });
});
