// Differential check of two firmware images: every observable result of
// parse() must be the same, message by message. Used when the parser is
// optimised: "validates exactly as much as before" is checked, not assumed.
//
//   node build/js/test/bench/differential.js --reference OLD.wasm [--image NEW.wasm]
//        [--seed N] [--mutations N]
//
// Inputs: both bench corpora, every file of ../shared/conformance (RFC 4475
// and RFC 5118, valid and invalid), each of them truncated at every length,
// and N seeded mutations of the corpora (test/host/support/mutator.ts).
// Compared after each parse: the verdict, the reason phrase, all fields, the
// numbers, the header table and the stateless response respond(400) writes.
// Exit 0 when nothing differs, 1 with the first differences otherwise.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { Firmware, type FirmwareExports } from "../../host/firmware.js";
import { mutations } from "../host/support/mutator.js";
import { loadCorpora } from "./corpus.js";
import { IMAGE, ROOT } from "./settings.js";

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
  out.push(ex.statusCode(), ex.methodId(), ex.cseqNumber(), ex.contentLength(), String((ex.expires as () => bigint)()), ex.maxForwards());
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
    const dir = path.resolve(ROOT, "../shared/conformance", sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".dat")) out.push(new Uint8Array(readFileSync(path.join(dir, f))));
  }
  return out;
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
  console.log(`differential: ${checked} datagrams (${fixed.length} messages with every truncation, ${count} mutations, seed ${seed}): ${differing} differ`);
  return differing === 0 ? 0 : 1;
}

process.exitCode = await main();
