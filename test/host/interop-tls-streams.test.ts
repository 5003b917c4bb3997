// The simulator's TLS streams (host/sim/streams.ts) against a real TLS
// server: Kamailio's tls module with a certificate of the test PKI
// (support/kamailio-tls.ts, support/pki.ts). The board's check of the server
// (RFC 5922 §7.2) holds with a real peer: the right CA and name open
// (status 0, and Kamailio answers SIP over it), a name the certificate does
// not carry is refused (status 3).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { StreamStatus } from "../../host/sim/streams.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { kamailioTls, kamailioTlsSkip } from "./support/kamailio-tls.js";
import { makePki, pkiSkip, type Pki } from "./support/pki.js";
import { streamHarness, is } from "./support/stream-harness.js";

const skip = interopSkip() ?? pkiSkip() ?? kamailioTlsSkip();
const dir = mkdtempSync(path.join(tmpdir(), "streams-kamailio-tls-"));
let pki: Pki;
let kamailio: Kamailio;
let tlsPort = 0;

before(async () => {
  if (skip) return;
  pki = makePki(dir);
  const udp = await freePort();
  tlsPort = await freePort();
  kamailio = new Kamailio(udp, await freePort(), "door-secret-1", 3600, kamailioTls(dir, tlsPort, pki.server, pki.ca));
  await kamailio.start();
});

after(async () => {
  await kamailio?.stop();
});

test("Kamailio's TLS port, its certificate from the given CA for the name: status 0, and it answers an OPTIONS over the stream", { skip: skip ?? false }, async () => {
  const h = await streamHarness(dir, { ca: pki.ca });
  try {
    const handle = h.open({ host: "127.0.0.1", port: tlsPort }, true, pki.name);
    assert.equal((await h.until(is.opened(handle))).status, StreamStatus.Open, kamailio.log);
    const options = [`OPTIONS sip:${pki.name} SIP/2.0`, "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-streams-1", "Max-Forwards: 70",
      `To: <sip:${pki.name}>`, "From: <sip:door@example.com>;tag=t1", "Call-ID: streams-tls-1", "CSeq: 1 OPTIONS", "Content-Length: 0", "", ""].join("\r\n");
    assert.equal(h.send(handle, options), options.length);
    // The module takes lines: the status line of Kamailio's answer is the first it is offered.
    const answer = await h.until((c): c is Extract<typeof c, { kind: "data" }> => c.kind === "data" && c.handle === handle && c.took > 0);
    assert.match(answer.text, /^SIP\/2\.0 \d{3} /);
  } finally {
    h.close();
  }
});

test("Kamailio's TLS port asked for another name: status 3 (the certificate does not match)", { skip: skip ?? false }, async () => {
  const h = await streamHarness(dir, { ca: pki.ca });
  try {
    const handle = h.open({ host: "127.0.0.1", port: tlsPort }, true, `other.${pki.name}`);
    assert.equal((await h.until(is.opened(handle))).status, StreamStatus.WrongName);
  } finally {
    h.close();
  }
});
