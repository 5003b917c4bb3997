// Message corpora for the host suites: the torture messages of
// test/conformance (RFC 4475, RFC 5118) and a set of everyday intercom
// messages built here.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The project root: the first folder above this file (test/host/support, or
 * build/js/test/host/support once compiled) that holds package.json and
 * asconfig.json. The working directory plays no part. */
export function projectRoot(): string {
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "asconfig.json"))) return dir;
  }
  throw new Error(`cannot find the project root (package.json and asconfig.json) above ${here}`);
}

/** test/conformance in the project, with rfc4475/ and rfc5118/; a clear error when it is missing. */
export function conformanceDir(): string {
  const dir = path.join(projectRoot(), "test", "conformance");
  for (const sub of ["rfc4475", "rfc5118"]) {
    if (!existsSync(path.join(dir, sub))) throw new Error(`conformance messages are missing: ${path.join(dir, sub)} not found`);
  }
  return dir;
}

export function tortureMessages(): Buffer[] {
  const out: Buffer[] = [];
  for (const sub of ["rfc4475", "rfc5118"]) {
    const dir = path.join(conformanceDir(), sub);
    for (const f of readdirSync(dir).sort()) {
      if (f === "VERDICTS.tsv" || f.endsWith(".md")) continue;
      out.push(readFileSync(path.join(dir, f)));
    }
  }
  return out;
}

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join("\r\n"), "latin1");

/** Everyday traffic of a door station: a call with DTMF, registration with auth, keepalive. */
export function intercomMessages(): Buffer[] {
  const sdp = "v=0\r\no=door 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
  const dtmf = "Signal=5\r\nDuration=160\r\n";
  const common = (method: string, cseq: number, extra: string[] = []): string[] => [
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
    "Max-Forwards: 70",
    "From: \"Door\" <sip:door@example.com>;tag=1928301774",
    "To: <sip:flat12@example.com>",
    "Call-ID: a84b4c76e66710@192.0.2.10",
    `CSeq: ${cseq} ${method}`,
    ...extra,
  ];
  return [
    crlf(["INVITE sip:flat12@example.com SIP/2.0", ...common("INVITE", 1, ["Contact: <sip:door@192.0.2.10:5060>", "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE", "Supported: 100rel", "Content-Type: application/sdp", `Content-Length: ${sdp.length}`]), "", sdp]),
    crlf(["SIP/2.0 180 Ringing", ...common("INVITE", 1, ["Contact: <sip:flat12@192.0.2.20>", "Content-Length: 0"]), "", ""]),
    crlf(["INFO sip:flat12@192.0.2.20 SIP/2.0", ...common("INFO", 2, ["Content-Type: application/dtmf-relay", `Content-Length: ${dtmf.length}`]), "", dtmf]),
    crlf(["REGISTER sip:example.com SIP/2.0", ...common("REGISTER", 3, ["Contact: <sip:door@192.0.2.10>;expires=600", "Authorization: Digest username=\"door\", realm=\"example.com\", nonce=\"4f1a\", uri=\"sip:example.com\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\"", "Content-Length: 0"]), "", ""]),
    crlf(["SIP/2.0 401 Unauthorized", ...common("REGISTER", 3, ["WWW-Authenticate: Digest realm=\"example.com\", nonce=\"4f1a\", qop=\"auth\", algorithm=MD5", "Content-Length: 0"]), "", ""]),
    crlf(["OPTIONS sip:example.com SIP/2.0", ...common("OPTIONS", 4, ["Accept: application/sdp", "Content-Length: 0"]), "", ""]),
    crlf(["BYE sip:flat12@192.0.2.20 SIP/2.0", ...common("BYE", 5, ["Content-Length: 0"]), "", ""]),
  ];
}
