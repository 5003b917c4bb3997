// The firmware's SHA-256 (assembly/crypto/sha256.ts) gives node:crypto's
// digest (OpenSSL's FIPS 180-4 SHA-256) on random messages of 0 to 3,000
// octets fed in random piece sizes, and sha256Copy forks a hash at any point:
// the copy ends the prefix, the original the whole message. The firmware's
// side is a probe module built from sha256.ts with the firmware's runtime.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { compileWithFirmwareRuntime } from "./support/asc.js";

const PROBE = `
import { Sha256State, SHA256_STATE_SIZE, sha256Init, sha256Update, sha256Final, sha256Copy } from "../../assembly/crypto/sha256";
const A = changetype<Sha256State>(memory.data(SHA256_STATE_SIZE, 8));
const B = changetype<Sha256State>(memory.data(SHA256_STATE_SIZE, 8));
const MESSAGE: usize = memory.data(4096, 8);
const DIGESTS: usize = memory.data(64, 8);
export function message(): usize { return MESSAGE; }
export function digests(): usize { return DIGESTS; }
/** Hashes the len octets at MESSAGE in pieces of \`piece\` octets; at \`fork\` the hash is copied and the copy ended. */
export function hash(len: i32, piece: i32, fork: i32): void {
  sha256Init(A);
  if (fork == 0) { sha256Copy(B, A); sha256Final(B, DIGESTS + 32); }
  for (let at = 0; at < len;) {
    let n = min(piece, len - at);
    if (at < fork && at + n > fork) n = fork - at;
    sha256Update(A, MESSAGE + <usize>at, n);
    at += n;
    if (at == fork) { sha256Copy(B, A); sha256Final(B, DIGESTS + 32); }
  }
  sha256Final(A, DIGESTS);
}
`;

interface Probe {
  memory: WebAssembly.Memory;
  message(): number;
  digests(): number;
  hash(len: number, piece: number, fork: number): void;
}
let probe: Probe;

before(async () => {
  const bytes = await compileWithFirmwareRuntime(PROBE);
  const { instance } = await WebAssembly.instantiate(bytes, { board: { fault() { throw new Error("the probe faulted"); } } });
  probe = instance.exports as unknown as Probe;
});

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const hex = (at: number) => Buffer.from(probe.memory.buffer, at, 32).toString("hex");

/** The firmware's digests of `message` (whole, and of its first `fork` octets), fed `piece` octets at a time. */
function firmware(message: Uint8Array, piece: number, fork: number): { whole: string; prefix: string } {
  new Uint8Array(probe.memory.buffer).set(message, probe.message());
  probe.hash(message.length, piece, fork);
  return { whole: hex(probe.digests()), prefix: hex(probe.digests() + 32) };
}

test("random messages fed in random piece sizes hash as node:crypto hashes them", () => {
  const input = fc.record({ message: fc.uint8Array({ maxLength: 3000 }), piece: fc.integer({ min: 1, max: 200 }) });
  fc.assert(fc.property(input, ({ message, piece }) => {
    assert.equal(firmware(message, piece, message.length).whole, sha256(message));
  }), { numRuns: 300, seed: 180 });
});

test("every message length from 0 to 130 octets (the padding's edges at 55, 56 and 64) hashes as node:crypto hashes it", () => {
  for (let len = 0; len <= 130; len++) {
    const message = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
    assert.equal(firmware(message, 64, len).whole, sha256(message), `${len} octets`);
  }
});

test("a hash copied at a random point ends as the prefix's digest while the original goes on to the whole message's", () => {
  const input = fc.uint8Array({ maxLength: 1500 }).chain((message) => fc.record({
    message: fc.constant(message), fork: fc.nat(message.length), piece: fc.integer({ min: 1, max: 100 }),
  }));
  fc.assert(fc.property(input, ({ message, fork, piece }) => {
    const got = firmware(message, piece, fork);
    assert.equal(got.prefix, sha256(message.subarray(0, fork)));
    assert.equal(got.whole, sha256(message));
  }), { numRuns: 200, seed: 1804 });
});
