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

test("the README says near the top, and truly: audio over RTP with offer/answer, DTMF door codes by SIP INFO and RFC 4733", () => {
  const top = readme.slice(0, readme.indexOf("\n## "));
  for (const claim of ["RFC 3264", "G.711", "RTP", "RFC 4733", "SIP INFO", "--mic", "--speaker"]) {
    assert.ok(top.includes(claim), `the README's opening says "${claim}"`);
  }
  // And it holds: the board ABI carries audio, and the SDP is negotiated, not a fixed text.
  const abi = read("assembly/board/abi.ts");
  for (const name of ["boardAudio", "boardMedia", "micFrame", "speakerFrame"]) assert.match(abi, new RegExp(`export function ${name}\\b`));
  assert.doesNotMatch(read("assembly/app/settings.ts"), /m=audio/, "no fixed SDP text in the settings");
  assert.match(read("assembly/app/voice/session.ts"), /answerOffer\(/);
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
