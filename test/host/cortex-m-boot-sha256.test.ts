// The boot stage's SHA-256 (boards/cortex-m/qemu-mps2-an386/boot/sha256.c,
// FIPS 180-4) on the Cortex-M4 under QEMU: boot/sha256-check.c hashes each
// message fed whole, an octet at a time and in 61-octet pieces. The known
// answers are NIST's examples for SHA-256 (FIPS 180-4's "Examples with
// Intermediate Values", and the one-million-"a" message of the FIPS 180
// validation system); the padding boundaries are checked against Node's
// OpenSSL.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QEMU_MACHINE } from "../../host/tools/qemu-build.js";
import { bootSkip, builtImages } from "./support/qemu-boot.js";

const NIST: { name: string; message: Buffer; digest: string }[] = [
  { name: "one block: \"abc\"", message: Buffer.from("abc"), digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { name: "the empty message", message: Buffer.alloc(0), digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  {
    name: "two blocks: the 448-bit message, whose padding needs a block of its own",
    message: Buffer.from("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  },
  {
    name: "the 896-bit message",
    message: Buffer.from("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
    digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
  },
  { name: "a long message: one million \"a\"", message: Buffer.alloc(1_000_000, "a"), digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
];

/** Lengths around the padding's edges (FIPS 180-4 §5.1.1: the length field needs 9 octets after the message). */
const BOUNDARIES = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000];
const boundary = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff));

let skip: string | null = null;
/** Three digests per message, in the order of NIST then BOUNDARIES. */
let digests: string[][] = [];

before(() => {
  skip = bootSkip();
  if (skip) return;
  const messages = [...NIST.map((v) => v.message), ...BOUNDARIES.map(boundary)];
  const dir = mkdtempSync(path.join(tmpdir(), "cortex-m-sha256-"));
  writeFileSync(path.join(dir, "messages.bin"), Buffer.concat(messages.flatMap((m) => {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(m.length);
    return [len, m];
  })));
  const r = spawnSync("qemu-system-arm", [...QEMU_MACHINE, "-serial", "stdio", "-kernel", builtImages().sha256Check], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `sha256-check ended with ${r.status}: ${r.stderr}`);
  const lines = r.stdout.split("\n").filter(Boolean);
  assert.equal(lines.length, 3 * messages.length, "three digests per message");
  digests = messages.map((_, i) => lines.slice(3 * i, 3 * i + 3));
});

NIST.forEach((v, i) => {
  test(`SHA-256 (FIPS 180-4) on the Cortex-M4: NIST's ${v.name}, whole, an octet at a time and in 61-octet pieces`, (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(digests[i], [v.digest, v.digest, v.digest]);
  });
});

test("SHA-256 on the Cortex-M4: messages of 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000 octets hash as OpenSSL hashes them", (t) => {
  if (skip) return t.skip(skip);
  BOUNDARIES.forEach((n, j) => {
    const expected = createHash("sha256").update(boundary(n)).digest("hex");
    assert.deepEqual(digests[NIST.length + j], [expected, expected, expected], `${n} octets`);
  });
});
