// Pictures of SIP (issue): the simulator writes a run's traffic as a pcap
// that Wireshark opens, draws it as a ladder diagram (SVG), and docs/gallery
// holds one diagram per flow, generated from real firmware traffic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SipEngine, UaEvent, type Identity } from "../../host/sip-engine.js";
import { PcapWriter, internetChecksum, ipv4Udp } from "../../host/sim/pcap.js";
import { ladderSvg, sipLabel, type Arrow } from "../../host/sim/ladder.js";
import { Net } from "./support/net.js";
import { missingTool, which } from "./support/tools.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const js = (p: string) => path.join(root, "build/js", p);
const tmp = () => mkdtempSync(path.join(tmpdir(), "pictures-"));

/** tshark's stdout alone (it warns on stderr when run as root). */
function tshark(args: string[]): string[] {
  const r = spawnSync("tshark", args, { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter((l) => l !== "");
}

/** What tshark says each frame is: the method of a request, the code of a response; "" when it is not SIP. */
const decoded = (file: string) => tshark(["-r", file, "-Y", "sip", "-T", "fields", "-e", "sip.Method", "-e", "sip.Status-Code"]).map((l) => l.trim());
const frames = (file: string) => tshark(["-r", file, "-T", "fields", "-e", "frame.number"]).length;
/** What we sent, the same way: "INVITE", "180" ... */
const methodOrCode = (d: Uint8Array) => sipLabel(d).split(" ")[0];

test("the IPv4 header of each record carries its checksum (RFC 791, RFC 1071): summing it over again gives 0", () => {
  const p = ipv4Udp({ host: "192.0.2.1", port: 5060 }, { host: "192.0.2.2", port: 5062 }, Buffer.from("OPTIONS sip:x SIP/2.0\r\n\r\n"), 7);
  assert.equal(p[0], 0x45);
  assert.equal(p.readUInt16BE(2), p.length);
  assert.equal(p.readUInt16BE(24), p.length - 20);
  assert.equal(internetChecksum(p.subarray(0, 20)), 0);
});

test("pcap: a call between two firmware instances, read back by tshark: every datagram decodes as SIP, methods and codes as sent, checksums good", async (t) => {
  const why = missingTool("tshark", "tshark");
  if (why) return t.skip(why);
  const sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
  const id = (user: string, host: string): Identity => ({ user, domain: "example.com", localHost: host, localPort: 5060, sdp });
  const net = new Net(1);
  const a = net.add("door", { host: "192.0.2.1", port: 5060 }, await SipEngine.create(id("door", "192.0.2.1"), 1));
  const b = net.add("flat", { host: "192.0.2.2", port: 5060 }, await SipEngine.create(id("flat", "192.0.2.2"), 1001));
  const file = path.join(tmp(), "call.pcap");
  const pcap = new PcapWriter(file);
  const sent: string[] = [];
  net.onDeliver = (from, to, data) => { pcap.add(from, to, data, net.now); sent.push(methodOrCode(data)); };
  b.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Incoming) return;
    b.engine.ring(ev.call, net.now); net.collect(b);
    net.at(net.now + 500, () => { b.engine.answer(ev.call, net.now); net.collect(b); });
  };
  const call = a.engine.call("sip:flat@192.0.2.2", b.address, net.now);
  net.collect(a);
  net.at(2000, () => { a.engine.info(call, "Signal=5\r\nDuration=160\r\n", net.now); net.collect(a); });
  net.at(3000, () => { a.engine.hangup(call, net.now); net.collect(a); });
  net.run(10_000);
  pcap.close();
  assert.deepEqual(sent, ["INVITE", "100", "180", "200", "ACK", "INFO", "200", "BYE", "200"]);
  assert.equal(frames(file), sent.length);
  assert.deepEqual(decoded(file), sent);
  const checks = tshark(["-r", file, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e", "ip.checksum.status", "-e", "udp.checksum.status"]);
  assert.deepEqual(checks, sent.map(() => "1\t1"), "1 is Good for both checksums");
});

test("npm start -- --demo --pcap F --ladder F: the live run on loopback as a capture tshark decodes and a ladder with a lane per party", async (t) => {
  const why = missingTool("tshark", "tshark");
  if (why) return t.skip(why);
  const dir = tmp();
  const [pcap, svg] = [path.join(dir, "demo.pcap"), path.join(dir, "demo.svg")];
  const r = spawnSync(process.execPath, [js("host/start.js"), "--demo", "--quiet", "--pcap", pcap, "--ladder", svg], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const sip = decoded(pcap);
  assert.equal(sip.length, frames(pcap), "a frame that is not SIP");
  const requests = [...new Set(sip.filter((m) => /^[A-Z]+$/.test(m)))];
  assert.deepEqual(requests, ["REGISTER", "INVITE", "ACK", "INFO", "BYE"]);
  const picture = readFileSync(svg, "utf8");
  assert.deepEqual(texts(picture, "lane-name"), ["door", "pbx", "apartment"]);
  assert.equal(count(picture, 'class="arrow"'), sip.length, "one arrow per datagram in the capture");
});

const count = (s: string, needle: string) => s.split(needle).length - 1;
const texts = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)<`, "g"))].map((m) => m[1]);

/** Well-formed enough for a browser: every tag closed in order, one root, only the five entities. */
function wellFormed(xml: string): string | null {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]);
    else if (stack.pop() !== m[2]) return `</${m[2]}> closes nothing open`;
  }
  if (stack.length) return `<${stack.join("><")}> left open`;
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(body)) return "a bare &";
  return body.startsWith("<svg") && body.trimEnd().endsWith("</svg>") ? null : "the root is not one <svg>";
}

const SMALL: Arrow[] = [
  { t: 0, from: "door", to: "flat", label: "INVITE", note: "CSeq 1 INVITE · SDP" },
  { t: 20, from: "flat", to: "door", label: "180 Ringing" },
  { t: 1520, from: "flat", to: "door", label: "200 OK" },
  { t: 1540, from: "door", to: "flat", label: "ACK" },
  { t: 2000, from: "door", to: "flat", label: "INFO <DTMF> & \"more\"" },
];

test("ladder: a lane per party with its name, an arrow per message with its label in order, text escaped, well-formed XML", () => {
  const svg = ladderSvg(SMALL, ["door", "flat"], { title: "a <small> call" });
  assert.equal(count(svg, 'class="lane"'), 2);
  assert.deepEqual(texts(svg, "lane-name"), ["door", "flat"]);
  assert.equal(count(svg, 'class="arrow"'), SMALL.length);
  assert.deepEqual(texts(svg, "label"), ["INVITE", "180 Ringing", "200 OK", "ACK", "INFO &lt;DTMF&gt; &amp; &quot;more&quot;"]);
  assert.deepEqual(texts(svg, "time"), ["0.000 s", "0.020 s", "1.520 s", "1.540 s", "2.000 s"]);
  assert.match(svg, /a &lt;small&gt; call/);
  assert.equal(wellFormed(svg), null);
  const [w, h] = [/width="(\d+)"/.exec(svg)![1], /height="(\d+)"/.exec(svg)![1]].map(Number);
  assert.ok(w >= 300 && w <= 1200 && h >= 200 && h <= 1000, `size ${w}x${h}`);
  if (which("xmllint")) {
    const file = path.join(tmp(), "small.svg");
    writeFileSync(file, svg);
    const r = spawnSync("xmllint", ["--noout", file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  }
});

test("ladder: the same input gives the same bytes; an arrow to a party without a lane is refused", () => {
  assert.equal(ladderSvg(SMALL, ["door", "flat"]), ladderSvg(SMALL.map((a) => ({ ...a })), ["door", "flat"]));
  assert.throws(() => ladderSvg([{ t: 0, from: "door", to: "pbx", label: "INVITE" }], ["door", "flat"]), /"pbx" is not a lane/);
});

test("labels: the method for a request, DTMF INFO marked, code and reason for a response", () => {
  assert.equal(sipLabel("INVITE sip:flat@example.com SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n"), "INVITE");
  assert.equal(sipLabel("INFO sip:door@x SIP/2.0\r\nContent-Type: application/dtmf-relay\r\n\r\nSignal=1\r\n"), "INFO (DTMF)");
  assert.equal(sipLabel("INFO sip:door@x SIP/2.0\r\nContent-Type: text/plain\r\n\r\nhello"), "INFO");
  assert.equal(sipLabel("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n"), "200 OK");
  assert.equal(sipLabel(Buffer.from("SIP/2.0 491 Request Pending\r\n\r\n")), "491 Request Pending");
});

test("docs/gallery is up to date: regenerating it from the firmware's traffic gives the same bytes", () => {
  const dir = tmp();
  const r = spawnSync(process.execPath, [js("host/tools/gallery.js"), dir], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const docs = path.join(root, "docs");
  const svgs = (d: string) => readdirSync(path.join(d, "gallery")).filter((f) => f.endsWith(".svg")).sort();
  assert.deepEqual(svgs(docs), svgs(dir), "the gallery's files (npm run gallery writes them)");
  for (const f of [...svgs(dir).map((s) => `gallery/${s}`), "gallery.md"]) {
    assert.ok(readFileSync(path.join(docs, f)).equals(readFileSync(path.join(dir, f))), `docs/${f} differs from what the firmware does today: npm run gallery`);
  }
  const md = readFileSync(path.join(docs, "gallery.md"), "utf8");
  for (const f of svgs(docs)) assert.ok(md.includes(`](gallery/${f})`), `gallery.md does not show ${f}`);
});

test("docs/interop-gallery.md shows the interop runs: each diagram once, and together every method the station speaks with SIPp and Kamailio", () => {
  const docs = path.join(root, "docs");
  const md = readFileSync(path.join(docs, "interop-gallery.md"), "utf8");
  const shown = [...md.matchAll(/\]\(interop\/([^)]+\.svg)\)/g)].map((m) => m[1]);
  assert.deepEqual([...shown].sort(), readdirSync(path.join(docs, "interop")).filter((f) => f.endsWith(".svg")).sort(), "every diagram in docs/interop shown once (npm run gallery:interop writes both)");
  const labels = new Set<string>();
  for (const f of shown) {
    const svg = readFileSync(path.join(docs, "interop", f), "utf8");
    assert.match(svg, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, f);
    for (const m of svg.matchAll(/class="label"[^>]*>([^<]+)</g)) labels.add(m[1].split(" ")[0]);
  }
  const methods = ["REGISTER", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "PRACK", "UPDATE", "SUBSCRIBE", "NOTIFY", "BENOTIFY", "MESSAGE", "REFER", "SERVICE", "PUBLISH"];
  assert.deepEqual(methods.filter((m) => !labels.has(m)), [], "methods missing from the interop diagrams");
  for (const code of ["401", "407", "412", "423", "200", "180", "183", "202", "403", "487", "501"]) assert.ok(labels.has(code), `no ${code} in the interop diagrams`);
});
