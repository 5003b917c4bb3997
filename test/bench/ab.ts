// Interleaved timing of two firmware images in one process: the way to tell
// whether a parser change is faster on a machine whose load changes from
// second to second (section 1 of the bench times one image per child
// process, minutes apart from a rebuilt one).
//
//   node build/js/test/bench/ab.js --reference OLD.wasm [--image NEW.wasm]
//        [--group intercom|torture|overall] [--rounds N] [--round-ms MS]
//
// Both images are loaded side by side and warmed up; then rounds alternate
// A, B, A, B ... each timing whole passes over the group, with the copy into
// the receive buffer, as a host does it (as section 1 does). Prints the best
// and the median msgs/s of each and the ratios B/A. The verdicts of both
// images must agree on every message of the group, or the script refuses.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Firmware } from "../../host/firmware.js";
import { loadCorpora } from "./corpus.js";
import { IMAGE } from "./settings.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

type Pass = () => number;

/** One pass over the messages through an image: the sum of the verdicts (kept so that no call is dead). */
async function passOf(image: string, messages: Uint8Array[]): Promise<{ pass: Pass; verdicts: number[] }> {
  const fw = await Firmware.load(new Uint8Array(readFileSync(image)));
  const ex = fw.exports;
  const rx = ex.rxBuffer(), cap = ex.rxCapacity();
  const parse = ex.parse;
  const mem = new Uint8Array(ex.memory.buffer);
  const one = (m: Uint8Array): number => {
    if (m.length <= cap) {
      mem.set(m, rx);
      return parse(m.length);
    }
    mem.set(m.subarray(0, cap), rx);
    return parse(cap + 1);
  };
  const pass = (): number => {
    let s = 0;
    for (const m of messages) s += one(m);
    return s;
  };
  return { pass, verdicts: messages.map(one) };
}

/** msgs/s of whole passes for at least `ms` milliseconds. */
function rate(pass: Pass, perPass: number, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    pass();
    pass();
    n += 2;
    t = performance.now();
  }
  return (n * perPass) / ((t - t0) / 1000);
}

async function main(): Promise<void> {
  const reference = arg("--reference", "");
  if (!reference) throw new Error("--reference OLD.wasm is required (the image to compare against)");
  const image = arg("--image", IMAGE);
  const group = arg("--group", "overall");
  const rounds = Number(arg("--rounds", "15"));
  const roundMs = Number(arg("--round-ms", "100"));
  if (!["intercom", "torture", "overall"].includes(group)) throw new Error(`--group ${group}: use intercom, torture or overall`);
  if (!(rounds >= 1) || !(roundMs >= 10)) throw new Error("--rounds must be at least 1 and --round-ms at least 10");
  const c = loadCorpora();
  const list = group === "intercom" ? c.intercom : group === "torture" ? c.torture : [...c.intercom, ...c.torture];
  const messages = list.map((m) => m.bytes);
  const a = await passOf(reference, messages);
  const b = await passOf(image, messages);
  const differ = list.filter((_, i) => a.verdicts[i] !== b.verdicts[i]).map((m) => m.name);
  if (differ.length) throw new Error(`the images disagree on ${differ.join(", ")}: run differential.js first`);
  rate(a.pass, messages.length, 500);
  rate(b.pass, messages.length, 500);
  const ra: number[] = [], rb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(rate(a.pass, messages.length, roundMs));
    rb.push(rate(b.pass, messages.length, roundMs));
  }
  const desc = (x: number[]): number[] => [...x].sort((p, q) => q - p);
  const sa = desc(ra), sb = desc(rb);
  const mid = Math.floor(rounds / 2);
  const m = (x: number): string => (x / 1e6).toFixed(3) + " M";
  console.log(`${group}, ${rounds} alternating rounds of >= ${roundMs} ms`);
  console.log(`  A ${reference}: best ${m(sa[0])}, median ${m(sa[mid])}`);
  console.log(`  B ${image}: best ${m(sb[0])}, median ${m(sb[mid])}`);
  console.log(`  B/A: best ${(sb[0] / sa[0]).toFixed(3)}, median ${(sb[mid] / sa[mid]).toFixed(3)}`);
}

main().catch((e: Error) => {
  console.error(`ab: ${e.message}`);
  process.exit(2);
});
