// Whatever bytes arrive, the parser answers: no trap, no read outside the
// datagram, and a verdict of 0 or a 4xx/5xx status code every time.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Firmware, Field } from "../../host/firmware.js";
import { mutations, Rng } from "./support/mutator.js";
import { tortureMessages, intercomMessages } from "./support/corpus.js";

let fw: Firmware;
before(async () => {
  fw = await Firmware.load();
});

const validVerdict = (v: number) => v === 0 || (v >= 400 && v <= 599);

/** Everything the parser reports about the message in RX. */
function snapshot(): string {
  const e = fw.exports;
  const parts: number[] = [e.statusCode(), e.methodId(), e.cseqNumber(), e.contentLength(), e.headerCount()];
  for (let id = 0; id < 30; id++) parts.push(e.fieldStart(id), e.fieldLength(id));
  for (let i = 0; i < e.headerCount(); i++) parts.push(e.headerId(i), e.headerValueStart(i), e.headerValueLength(i));
  return `${parts.join(",")}|${fw.reason()}`;
}

/** Parses `m` twice, with different bytes after it in the receive buffer: the outcome must not change. */
function parseTwiceWithDifferentTail(m: Uint8Array, rng: Rng): [number, number, string, string] {
  const cap = fw.exports.rxCapacity();
  const rx = fw.exports.rxBuffer();
  const len = Math.min(m.length, cap);
  const mem = fw.memory;
  mem.fill(0x0a, rx + len, rx + cap); // LF everywhere: would end lines or fail differently if read
  const v1 = fw.parse(m);
  const s1 = snapshot();
  for (let i = rx + len; i < rx + cap; i++) mem[i] = 0x30 + rng.below(10); // digits: would lengthen numbers
  const v2 = fw.exports.parse(m.length > cap ? cap + 1 : len);
  return [v1, v2, s1, snapshot()];
}

test("every torture and intercom message: verdict 0 or 4xx/5xx, and nothing past the datagram is read", () => {
  const rng = new Rng(7);
  for (const m of [...tortureMessages(), ...intercomMessages()]) {
    const [v1, v2, s1, s2] = parseTwiceWithDifferentTail(m, rng);
    assert.ok(validVerdict(v1), `verdict ${v1}`);
    assert.equal(v2, v1);
    assert.equal(s2, s1);
  }
});

test("30,000 seeded mutations: never a trap, always 0 or 4xx/5xx, never a read past the datagram", () => {
  const rng = new Rng(99);
  const corpus = [...tortureMessages(), ...intercomMessages()];
  let n = 0;
  for (const m of mutations(corpus, 4475, 30_000)) {
    const [v1, v2, s1, s2] = parseTwiceWithDifferentTail(m, rng);
    if (!validVerdict(v1) || v1 !== v2 || s1 !== s2) {
      assert.fail(`mutation #${n} (${JSON.stringify(Buffer.from(m).toString("latin1"))}): verdicts ${v1}/${v2}`);
    }
    n++;
  }
  assert.equal(n, 30_000);
});

test("truncating a valid message at every length never traps and never reports a body past the cut", () => {
  const [invite] = intercomMessages();
  for (let len = 0; len <= invite.length; len++) {
    const v = fw.parse(invite.subarray(0, len));
    assert.ok(validVerdict(v), `length ${len}: verdict ${v}`);
    const body = fw.exports.fieldStart(Field.Body);
    if (body >= 0) assert.ok(body + fw.exports.fieldLength(Field.Body) <= len);
  }
});

test("random bytes of every length up to the capacity + 1 get a verdict", () => {
  const rng = new Rng(1);
  for (let i = 0; i < 2000; i++) {
    const len = rng.below(fw.exports.rxCapacity() + 2);
    const m = new Uint8Array(len);
    for (let j = 0; j < len; j++) m[j] = rng.below(256);
    assert.ok(validVerdict(fw.parse(m)));
  }
});
