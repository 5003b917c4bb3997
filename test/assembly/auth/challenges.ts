// Test helpers for the auth specs: challenges as servers send them, a 401 or
// 407 around them parsed into RX, the Challenge record read back as strings,
// and the caller's inputs (RFC 2617 §3.5's Mufasa) in a static area.
import * as C from "../../../assembly/sip/auth/challenge";
import { writeAuthorization } from "../../../assembly/sip/auth/credentials";
import { txReset } from "../../../assembly/sip/msg/writer";
import { parse, text } from "../msg/rx";

// ---- messages ----
export const KAMAILIO = "Digest realm=\"example.com\", nonce=\"Y2Hk3WNh4rEbXpdTzLpk8gQu4uTQ3mJt\", qop=\"auth\"";
export const KAMAILIO_FULL = KAMAILIO + ", algorithm=MD5, opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", stale=true";
// RFC 2617 §3.5, without the HTTP line folding.
export const RFC2617 = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", " +
  "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
export const RFC2617_NO_QOP = "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"";

/** A response with status line `status` and the header lines `extra` (each ending in CRLF). */
export function response(status: string, extra: string): string {
  return "SIP/2.0 " + status + "\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9\r\n" +
    "From: <sip:door@example.com>;tag=9fxced76sl\r\nTo: <sip:door@example.com>;tag=1410948204\r\n" +
    "Call-ID: 3848276298220188511@192.0.2.10\r\nCSeq: 1 REGISTER\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

/** Parses a 401 carrying one WWW-Authenticate line with `value`; returns parseChallenge()'s result. */
export function challenge401(value: string): i32 {
  expect(parse(response("401 Unauthorized", "WWW-Authenticate: " + value + "\r\n"))).toBe(0);
  return C.parseChallenge();
}

/** Parses a 407 carrying one Proxy-Authenticate line with `value`. */
export function challenge407(value: string): i32 {
  expect(parse(response("407 Proxy Authentication Required", "Proxy-Authenticate: " + value + "\r\n"))).toBe(0);
  return C.parseChallenge();
}

export function realm(): string { return text(C.realmPtr(), C.realmPtr() + <usize>C.CHALLENGE.realmLength); }
export function nonce(): string { return text(C.noncePtr(), C.noncePtr() + <usize>C.CHALLENGE.nonceLength); }
export function opaque(): string { return text(C.opaquePtr(), C.opaquePtr() + <usize>C.CHALLENGE.opaqueLength); }

// ---- caller inputs, in a static area of their own ----
export const INPUT: usize = memory.data(1024);
let inputUsed: usize = 0;
export function input(s: string): usize {
  const p = INPUT + inputUsed;
  for (let i = 0; i < s.length; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  inputUsed += <usize>s.length;
  return p;
}
export const CNONCE_BYTES: usize = memory.data<u8>([0x0a, 0x4f, 0x11, 0x3b]); // "0a4f113b" in hex

/** Writes the answer for Mufasa (RFC 2617 §3.5) into a fresh TX; returns writeAuthorization()'s result. */
export function answer(user: string = "Mufasa", method: string = "GET", uri: string = "/dir/index.html", cnonceLen: i32 = 4): bool {
  inputUsed = 0;
  const password = "Circle Of Life";
  txReset();
  return writeAuthorization(input(user), user.length, input(password), password.length,
    input(method), method.length, input(uri), uri.length, CNONCE_BYTES, cnonceLen);
}
