// The README tells the truth a first-time user relies on: what the station
// does not do yet (no audio, DTMF by SIP INFO only; the media layers are not wired into calls) while its SDP announces
// audio, how many station kinds the interop scenarios run on, commands that
// exist, and figures kept in one table that names the command measuring each.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./support/corpus.js";
import { STATION_KINDS } from "./support/interop-station.js";

const root = projectRoot();
const read = (f: string): string => readFileSync(path.join(root, f), "utf8");
const readme = read("README.md");

/** The text of a README section, from its heading to the next heading of the same level or higher. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.indexOf(" ");
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

test("the README says near the top, and truly: SIP signalling only, no audio yet though the SDP offers it, DTMF door codes by SIP INFO and not RFC 4733", () => {
  const top = readme.slice(0, readme.indexOf("\n## "));
  for (const claim of ["no audio yet", "no RTP", "SIP INFO", "RFC 4733", "telephone-event"]) {
    assert.ok(top.includes(claim), `the README's opening says "${claim}"`);
  }
  // And it holds: the SDP announces audio and telephone-event, and the release module (what boards run)
  // has no audio entry point: the media layers (assembly/media, assembly/sdp) are built and specified but
  // not wired into calls until the board ABI's audio exports exist.
  const settings = read("assembly/app/settings.ts");
  assert.match(settings, /m=audio \d+ RTP\/AVP 0 8 101\\r\\na=rtpmap:101 telephone-event\/8000/);
  const abi = read("assembly/board/abi.ts");
  const rtp = ["boardAudio", "boardMedia", "mediaSend"].filter((name) => abi.includes(name) || read("assembly/board/imports.ts").includes(name));
  assert.deepEqual(rtp, [], "the board ABI carries audio: the README's 'no audio yet' must change with it");
});

test("the Interop section counts the station kinds as the suites run them, and names each suite that leaves the Cortex-M4 out", () => {
  const interop = section("### Interop");
  const words = ["once", "twice", "three times", "four times"];
  assert.ok(interop.includes(`Every scenario runs ${words[STATION_KINDS.length - 1]}`), `it runs ${STATION_KINDS.length} times`);
  for (const other of words.filter((_, i) => i !== STATION_KINDS.length - 1)) {
    assert.ok(!interop.includes(`runs ${other}`), `the Interop section also says "runs ${other}"`);
  }
  const withoutQemu = readdirSync(path.join(root, "test/host")).filter((f) => /^interop-.*\.test\.ts$/.test(f)).filter((f) => {
    const text = read(path.join("test/host", f));
    return /kind === "cortex-m4"\) continue/.test(text) || /const KINDS[^=]*= \[(?![^\]]*cortex-m4)[^\]]*\]/.test(text);
  });
  assert.ok(withoutQemu.length > 0);
  for (const f of withoutQemu) assert.ok(interop.includes(`\`${f.replace(/\.test\.ts$/, "")}\``), `the Interop section names ${f}`);
});

test("every npm script the README names exists in package.json", () => {
  const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);
  const named = [...new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]))];
  assert.ok(named.includes("test:quick") && named.includes("footprint") && named.includes("bench") && named.includes("flood"));
  assert.deepEqual(named.filter((n) => !scripts.includes(n)), []);
});

test("the figures are in one table in Figures, each row naming the command that measures it; the text before gives no module size", () => {
  const figures = section("## Figures");
  const tables = figures.split(/\n\s*\n/).map((b) => b.trim()).filter((block) => block.startsWith("|"));
  assert.equal(tables.length, 1, "one table in Figures");
  const rows = tables[0].split("\n").filter((l) => l.startsWith("|")).slice(2);
  assert.ok(rows.length >= 5);
  for (const row of rows) assert.match(row.split("|")[3], /`(npm run [\w:-]+|node [^`]+)`/, `the row names its command: ${row.slice(0, 60)}`);
  const before = readme.slice(0, readme.indexOf("\n## Figures"));
  assert.doesNotMatch(before, /firmware\.wasm`?,? (of |about )?[\d,.]+ ?(KB|KiB|kB|bytes)/, "a module size typed outside Figures");
});
