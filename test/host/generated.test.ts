// Property: any request built from the RFC 3261 grammar, with its header
// names in any case or compact form, in any order, folded anywhere LWS is
// allowed, parses as valid with exactly the fields it was built from.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Firmware, Field } from "../../host/firmware.js";

let fw: Firmware;
before(async () => {
  fw = await Firmware.load();
});

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const tokenChars = `${alnum}-.!%*_+\`'~`;
const wordChars = `${tokenChars}()<>:\\"/[]?{}`;
const fromChars = (chars: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...chars.split("")), { minLength: min, maxLength: max }).map((a) => a.join(""));

const token = fromChars(tokenChars, 1, 16);
const label = fc.tuple(fromChars(alnum.slice(0, 26), 1, 1), fromChars(alnum, 0, 8)).map(([a, b]) => a + b);
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join("."));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => `[${g.map((x) => x.toString(16)).join(":")}]`);
const host = fc.oneof(hostname, ipv4, ipv6);
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const user = fromChars(`${alnum}-_.!~*'()&=+$,;?/`, 1, 12);
const method = fc.constantFrom("INVITE", "BYE", "CANCEL", "REGISTER", "OPTIONS", "INFO", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER", "UPDATE", "SERVICE", "BENOTIFY", "X-DOOR");
const display = fc.oneof(
  fc.constant(""),
  token,
  fromChars(`${alnum} ,;:<>@\\"`, 0, 12).map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`),
);
const lws = fc.constantFrom(" ", "  ", "\t", "\r\n ", " \r\n\t");

const message = fc.record({
  method,
  user,
  host,
  port,
  callId: fc.tuple(fromChars(wordChars, 1, 24), fc.option(fromChars(wordChars, 1, 12), { nil: undefined })).map(([a, b]) => (b ? `${a}@${b}` : a)),
  cseq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  branch: token.map((t) => `z9hG4bK${t}`),
  fromTag: token,
  toTag: fc.option(token, { nil: undefined }),
  fromDisplay: display,
  viaHost: host,
  body: fc.option(fromChars(`${alnum} =\r\n`, 1, 60), { nil: undefined }),
  compact: fc.boolean(),
  upper: fc.boolean(),
  sep: lws,
  order: fc.array(fc.nat(100), { minLength: 7, maxLength: 7 }),
});

type Msg = typeof message extends fc.Arbitrary<infer T> ? T : never;

function build(m: Msg): string {
  const uri = `sip:${m.user}@${m.host}${m.port ? `:${m.port}` : ""}`;
  const name = (long: string, short: string) => (m.compact ? short : m.upper ? long.toUpperCase() : long);
  const headers = [
    `${name("Via", "v")}:${m.sep}SIP/2.0/UDP${m.sep}${m.viaHost};branch=${m.branch}`,
    `${name("From", "f")}: ${m.fromDisplay}${m.fromDisplay ? " " : ""}<sip:door@example.com>${m.sep};tag=${m.fromTag}`,
    `${name("To", "t")}: <${uri}>${m.toTag ? `;tag=${m.toTag}` : ""}`,
    `${name("Call-ID", "i")}: ${m.callId}`,
    `${name("CSeq", "CSeq")}: ${m.cseq}${m.sep}${m.method}`,
    `${name("Max-Forwards", "Max-Forwards")}: 70`,
    `${name("Content-Type", "c")}: text/plain`,
  ];
  const order = headers.map((h, i) => [m.order[i], i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const body = m.body ?? "";
  const lines = [`${m.method} ${uri} SIP/2.0`, ...order.map(([, i]) => headers[i]), `${name("Content-Length", "l")}: ${body.length}`];
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

test("generated valid requests parse with verdict 0 and exactly their fields", () => {
  fc.assert(
    fc.property(message, (m) => {
      const text = build(m);
      const v = fw.parse(Buffer.from(text, "latin1"));
      assert.equal(v, 0, `${fw.reason()} in ${JSON.stringify(text)}`);
      assert.equal(fw.text(Field.Method), m.method);
      assert.equal(fw.text(Field.RequestUri), `sip:${m.user}@${m.host}${m.port ? `:${m.port}` : ""}`);
      assert.equal(fw.text(Field.CallId), m.callId);
      assert.equal(fw.text(Field.CSeqNumber), String(m.cseq));
      assert.equal(fw.text(Field.CSeqMethod), m.method);
      assert.equal(fw.text(Field.ViaBranch), m.branch);
      assert.equal(fw.text(Field.FromTag), m.fromTag);
      assert.equal(fw.text(Field.ToTag), m.toTag ?? null);
      assert.equal(fw.text(Field.Body), m.body ?? null);
    }),
    { numRuns: 3000, seed: 3261 },
  );
});

test("a generated valid request with one byte of its CSeq number replaced by a letter is rejected naming CSeq", () => {
  fc.assert(
    fc.property(message, (m) => {
      const text = build(m).replace(/(CSeq:\s*)(\d)/i, "$1x");
      const v = fw.parse(Buffer.from(text, "latin1"));
      assert.equal(v, 400);
      assert.match(fw.reason(), /CSeq/);
    }),
    { numRuns: 500, seed: 5118 },
  );
});
