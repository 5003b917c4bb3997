// The project stands alone: a fresh clone, with nothing beside it, has all
// that its build and tests read. The conformance messages (RFC 4475, RFC
// 5118) are in test/conformance, byte for byte, and no file of the project
// points at a folder next to the project root (the "shared" folder these
// messages once came from).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { conformanceDir, projectRoot } from "./support/corpus.js";

const root = projectRoot();

/** Folders that are not the project's own text: installed, built, git's, and the messages (data). */
const NOT_SCANNED = new Set(["node_modules", "build", ".git", path.join("test", "conformance")]);

/** Every file of the project, relative to its root, except the folders above. */
function projectFiles(dir = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = path.join(dir, name);
    if (NOT_SCANNED.has(rel)) continue;
    const full = path.join(root, rel);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...projectFiles(rel));
    else if (st.isFile()) out.push(rel);
  }
  return out;
}

// Written in pieces, so that this file does not match itself: the parent
// folder, a slash or backslash, then the name; the parent and the name as two
// path.join arguments; and the name followed by one of its subfolders.
const up = String.raw`\.\.`;
const sibling = "shared";
const REFERENCE = new RegExp(
  [
    `${up}[\\\\/]+${sibling}\\b`,
    `["'\`]${up}["'\`]\\s*,\\s*["'\`]${sibling}["'\`]`,
    `\\b${sibling}[\\\\/](?:conformance|seeds|hooks)\\b`,
  ].join("|"),
);

/** The lines of `text` that refer to the folder beside the project. */
function references(text: string): string[] {
  return text.split("\n").map((line, i) => [i + 1, line] as const).filter(([, line]) => REFERENCE.test(line))
    .map(([n, line]) => `${n}: ${line.trim()}`);
}

test("the pattern finds each way of naming the folder beside the project, and not the word alone", () => {
  const dots = "..";
  for (const hit of [`${dots}/${sibling}/conformance`, `"${dots}\\${sibling}"`, `path.join(ROOT, "${dots}", "${sibling}")`,
    `${sibling}/conformance/rfc4475`, `${sibling}/seeds`]) {
    assert.deepEqual(references(`x\n${hit}\n`), [`2: ${hit}`], hit);
  }
  for (const miss of [`the ${sibling} harness`, `${sibling} by the codes of a call`, "test/conformance/rfc4475", `${dots}/${sibling}d/x`]) {
    assert.deepEqual(references(miss), [], miss);
  }
});

test("no file of the project refers to the shared folder beside the project root", () => {
  const files = projectFiles();
  for (const must of ["package.json", "README.md", path.join("test", "run-all.mjs"), path.join("test", "host", "conformance.test.ts"),
    path.join("test", "host", "support", "corpus.ts"), path.join("test", "bench", "settings.ts"), path.join(".ci", "run")]) {
    assert.ok(files.includes(must), `the scan must read ${must}`);
  }
  const found: string[] = [];
  for (const file of files) {
    for (const line of references(readFileSync(path.join(root, file), "latin1"))) found.push(`${file}:${line}`);
  }
  assert.deepEqual(found, [], `the project reads outside itself; a fresh clone has no such folder:\n${found.join("\n")}`);
});

test("the conformance messages are in test/conformance, byte for byte as SHA256SUMS lists them", () => {
  const dir = conformanceDir();
  assert.equal(dir, path.join(root, "test", "conformance"));
  const sums = readFileSync(path.join(dir, "SHA256SUMS"), "latin1").split("\n").filter((l) => l !== "");
  const listed = new Map(sums.map((l) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(l);
    assert.ok(m, `SHA256SUMS line: ${l}`);
    return [m[2], m[1]] as const;
  }));
  const onDisk = ["rfc4475", "rfc5118"].flatMap((sub) => readdirSync(path.join(dir, sub)).sort().map((f) => `${sub}/${f}`));
  assert.deepEqual(onDisk, [...listed.keys()].sort(), "the files on disk are those SHA256SUMS lists");
  assert.equal(onDisk.filter((f) => f.startsWith("rfc4475/") && f.endsWith(".dat")).length, 50, "RFC 4475: 49 messages and test.dat");
  assert.equal(onDisk.filter((f) => f.startsWith("rfc5118/") && f !== "rfc5118/VERDICTS.tsv").length, 12, "RFC 5118: 12 messages");
  const changed = onDisk.filter((f) => createHash("sha256").update(readFileSync(path.join(dir, f))).digest("hex") !== listed.get(f));
  assert.deepEqual(changed, [], `files whose bytes changed (line ends converted?): ${changed.join(", ")}`);
});

test(".gitattributes keeps git from converting the messages' line ends (test/conformance/** -text)", () => {
  const file = path.join(root, ".gitattributes");
  assert.ok(existsSync(file), ".gitattributes is missing");
  const rules = readFileSync(file, "utf8").split("\n").map((l) => l.trim().split(/\s+/));
  const rule = rules.find(([pattern]) => pattern === "test/conformance/**");
  assert.ok(rule, "no rule for test/conformance/**");
  assert.ok(rule.includes("-text") || rule.includes("binary"), `test/conformance/** must be -text or binary: ${rule.join(" ")}`);
});
