// One ABI (docs/board-abi.md): the release module, which boards run, exports
// the board ABI and the parser's own small ABI and nothing else, so a board
// drives the station one way only. The SIP engine's exports, which drive the
// same state another way, are in the test build (build/engine.wasm) only.
// No export passes an i64: expires() reads the Expires header as an i32.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { defaultImagePath, engineImagePath, Firmware } from "../../host/firmware.js";
import { checkModule, RELEASE_EXPORTS } from "../../host/serial/board/image-check.js";
import { loadBoard } from "../../host/boards.js";
import { ENGINE_EXPORTS } from "../../host/sip-engine.js";
import { exportedSignatures } from "./support/export-types.js";

const release = new Uint8Array(readFileSync(defaultImagePath()));
const testBuild = new Uint8Array(readFileSync(engineImagePath()));
const exportNames = (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name).sort();

/** An OPTIONS request, with an Expires header of that value when one is given. */
function options(expires?: string): Buffer {
  return Buffer.from([
    "OPTIONS sip:door@example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-exp",
    "Max-Forwards: 70",
    "From: <sip:desk@example.com>;tag=1",
    "To: <sip:door@example.com>",
    "Call-ID: expires-1",
    "CSeq: 1 OPTIONS",
    ...(expires === undefined ? [] : [`Expires: ${expires}`]),
    "Content-Length: 0",
    "", "",
  ].join("\r\n"), "latin1");
}

/** What expires() says of a request with that Expires value (or none). */
async function expiresOf(value?: string): Promise<unknown> {
  const fw = await Firmware.load();
  assert.equal(fw.parse(options(value)), 0, fw.reason());
  return fw.exports.expires();
}

test("the release module exports exactly the board ABI and the parser's ABI", () => {
  assert.deepEqual(exportNames(release), [...RELEASE_EXPORTS].sort());
});

test("a board cannot call sipReceive, nor any other SIP engine export, on the release module", async () => {
  const fw = await Firmware.load();
  assert.equal(fw.exports.sipReceive, undefined);
  assert.deepEqual(ENGINE_EXPORTS.filter((name) => name in fw.exports), []);
});

test("the test build exports the release module's exports and the SIP engine's, nothing else", () => {
  assert.deepEqual(exportNames(testBuild), [...RELEASE_EXPORTS, ...ENGINE_EXPORTS].sort());
});

test("a board's image check refuses the test build: its engine exports would drive the station beside the board ABI", async () => {
  const verdict = await checkModule(testBuild, loadBoard("simulator"));
  assert.match(String(verdict), /^image is a test build: it exports the SIP engine \(sipReceive, sipTick, sipNextDeadline, \.\.\.\)/);
});

test("the same image check accepts the release module (control)", async () => {
  assert.equal(await checkModule(release, loadBoard("simulator")), null);
});

test("no function the release module exports takes or returns an i64", () => {
  const signatures = exportedSignatures(release);
  assert.ok(signatures.size > 0);
  const wide = [...signatures].filter(([, s]) => [...s.params, ...s.results].includes("i64")).map(([name]) => name);
  assert.deepEqual(wide, []);
});

test("expires() is an i32 export of no parameter", () => {
  assert.deepEqual(exportedSignatures(release).get("expires"), { params: [], results: ["i32"] });
});

test("expires() is -1 when the message has no Expires header", async () => {
  assert.equal(await expiresOf(), -1);
});

test("expires() is the Expires header's delta-seconds (RFC 3261 §20.19)", async () => {
  assert.equal(await expiresOf("0"), 0);
  assert.equal(await expiresOf("3600"), 3600);
  assert.equal(await expiresOf("2147483647"), 2147483647);
});

test("expires() reads a value past 2^31-1 as 2147483647, the parser's clamp at 2^32-1 included", async () => {
  assert.equal(await expiresOf("2147483648"), 2147483647);
  assert.equal(await expiresOf("4294967295"), 2147483647);
  assert.equal(await expiresOf("99999999999"), 2147483647);
});
