// Differential check of two firmware images: every observable result of
// parse() must be the same, message by message. Used when the parser is
// optimised: "validates exactly as much as before" is checked, not assumed.
//
//   node build/js/test/bench/differential.js --reference OLD.wasm [--image NEW.wasm]
//        [--seed N] [--mutations N]
//
// Inputs: both bench corpora, every message of test/conformance (RFC 4475
// and RFC 5118, valid and invalid), each of them truncated at every length,
// N seeded mutations of the corpora (test/host/support/mutator.ts), and N
// requests whose URIs, hosts, parameters and names are random strings over
// the bytes that matter to those grammars.
// Compared after each parse: the verdict, the reason phrase, all fields, the
// numbers, the header table and the stateless response respond(400) writes.
// Exit 0 when nothing differs, 1 with the first differences otherwise.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { Firmware, type FirmwareExports } from "../../host/firmware.js";
import { mutations, Rng } from "../host/support/mutator.js";
import { loadCorpora } from "./corpus.js";
import { CONFORMANCE_DIR, IMAGE } from "./settings.js";

const FIELDS = 30;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Everything parse() leaves behind for the layers above, as one string. */
function observe(ex: FirmwareExports, mem: () => Uint8Array, d: Uint8Array): string {
  const rx = ex.rxBuffer(), cap = ex.rxCapacity();
  const m = mem();
  // Bytes past the datagram are set to a fixed pattern, so both images see the same buffer.
  m.fill(0x41, rx, rx + cap);
  const n = Math.min(d.length, cap);
  m.set(d.subarray(0, n), rx);
  const v = ex.parse(d.length > cap ? cap + 1 : n);
  const out: (string | number)[] = [v];
  out.push(Buffer.from(mem().subarray(ex.reasonStart(), ex.reasonStart() + ex.reasonLength())).toString("latin1"));
  for (let f = 0; f < FIELDS; f++) out.push(ex.fieldStart(f), ex.fieldLength(f));
  // String(): a reference image from before expires() became i32 returns a BigInt there.
  out.push(ex.statusCode(), ex.methodId(), ex.cseqNumber(), ex.contentLength(), String(ex.expires()), ex.maxForwards());
  const h = ex.headerCount();
  out.push(h);
  for (let i = 0; i < h; i++) {
    out.push(ex.headerId(i), ex.headerNameStart(i), ex.headerNameLength(i), ex.headerValueStart(i), ex.headerValueLength(i));
  }
  const len = ex.respond(400);
  out.push(len);
  if (len > 0) out.push(Buffer.from(mem().subarray(ex.txBuffer(), ex.txBuffer() + len)).toString("latin1"));
  return out.join("|");
}

function conformanceMessages(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const sub of ["rfc4475", "rfc5118"]) {
    const dir = path.join(CONFORMANCE_DIR, sub);
    if (!existsSync(dir)) throw new Error(`conformance messages are missing: ${dir} not found`);
    for (const f of readdirSync(dir).sort()) if (f !== "VERDICTS.tsv") out.push(new Uint8Array(readFileSync(path.join(dir, f))));
  }
  return out;
}

const PIECES = ["a", "Z", "9", "0", "1", "25", "255", "256", ".", "-", ":", "@", "%", "%4", "%41", ";", "=", "?", "&", "[", "]",
  "::", "sip:", "SIPS:", "tel:", "+", "\"", "\\", " ", "\t", ",", "<", ">", "/", "_", "~", "*", "lr", "tag", "branch", "rport",
  "received", "maddr", "ttl", "q", "expires", "transport", "user", "192.0.2.1", "example.com", "v", "Via", "From", "Call-ID"];

function randomPiece(rng: Rng): string {
  let s = "";
  const n = rng.below(7);
  for (let i = 0; i < n; i++) s += PIECES[rng.below(PIECES.length)];
  return s;
}

/**
 * A request in which one or two of the places where URIs, hosts, ports,
 * parameters and header names go hold random strings (the others their usual
 * values), so that every place's grammar is reached.
 */
function* grammarCases(seed: number, count: number): Generator<Uint8Array> {
  const rng = new Rng(seed ^ 0x9e3779b9);
  const usual = ["alice", "192.0.2.1", "192.0.2.2", "5060", "77a", "rport", "", "door", "192.0.2.3", "8c2f", "From",
    "\"Door\"", "sip", "bob", "lr", "door@192.0.2.4", ";transport=udp", "q", "0.5", "c1", "h"];
  for (let i = 0; i < count; i++) {
    const v = usual.slice();
    const k = 1 + rng.below(2);
    for (let j = 0; j < k; j++) v[rng.below(v.length)] = randomPiece(rng);
    const text = `INVITE sip:${v[0]}@${v[1]} SIP/2.0\r\n`
      + `Via: SIP/2.0/UDP ${v[2]}:${v[3]};branch=z9hG4bK${v[4]};${v[5]}${v[6]}\r\n`
      + `${v[10]}: ${v[11]} <sip:${v[7]}@${v[8]}>;tag=${v[9]}\r\n`
      + `To: <${v[12]}:${v[13]}@${v[1]}>;${v[14]}\r\n`
      + `Contact: <sip:${v[15]}${v[16]}>;${v[17]}=${v[18]}\r\n`
      + `Call-ID: ${v[19]}@${v[20]}\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    yield new Uint8Array(Buffer.from(text, "latin1"));
  }
}

async function main(): Promise<number> {
  const reference = arg("--reference", "");
  if (!reference) {
    console.error("usage: differential.js --reference OLD.wasm [--image NEW.wasm] [--seed N] [--mutations N]");
    return 2;
  }
  const image = path.resolve(arg("--image", IMAGE));
  const seed = Number(arg("--seed", "0x5eed2026"));
  const count = Number(arg("--mutations", "300000"));
  const a = await Firmware.load(readFileSync(path.resolve(reference)));
  const b = await Firmware.load(readFileSync(image));
  const memA = (): Uint8Array => new Uint8Array(a.exports.memory.buffer);
  const memB = (): Uint8Array => new Uint8Array(b.exports.memory.buffer);
  const c = loadCorpora();
  const base = [...c.intercom, ...c.torture].map((m) => m.bytes);
  const fixed = [...base, ...conformanceMessages()];
  let checked = 0, differing = 0;
  const compare = (d: Uint8Array): void => {
    checked++;
    const x = observe(a.exports, memA, d), y = observe(b.exports, memB, d);
    if (x === y) return;
    differing++;
    if (differing <= 5) {
      console.log(`DIFFERS: ${JSON.stringify(Buffer.from(d).toString("latin1").slice(0, 400))}`);
      console.log(`  reference: ${x.slice(0, 300)}`);
      console.log(`  image:     ${y.slice(0, 300)}`);
    }
  };
  for (const d of fixed) {
    compare(d);
    for (let n = 0; n < d.length; n++) compare(d.subarray(0, n));
  }
  for (const d of mutations(base, seed, count)) compare(d);
  // How deep the grammar cases reach: their verdicts and reasons in the reference image.
  const reached = new Map<string, number>();
  for (const d of grammarCases(seed, count)) {
    compare(d);
    const seen = observe(a.exports, memA, d).split("|");
    const key = `${seen[0]} ${seen[1]}`;
    reached.set(key, (reached.get(key) ?? 0) + 1);
  }
  const top = [...reached].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, n]) => `${n} x ${k || "0"}`);
  console.log(`grammar cases reached: ${top.join("; ")}`);
  console.log(`differential: ${checked} datagrams (${fixed.length} messages with every truncation, ${count} mutations and ${count} grammar cases, seed ${seed}): ${differing} differ`);
  return differing === 0 ? 0 : 1;
}

process.exitCode = await main();
