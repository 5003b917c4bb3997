// Where the Cortex-M4 .text of the firmware goes, by source area (for the
// README's comparison with PJSIP's parser, transactions and digest). The
// release module has no function names, so this builds its twin with a name
// section (asc --target release --debug, data packed as build:release does).
// The twin is asc's -O3 output, before build:release's binaryen -O4 step:
// -O4 inlines across areas (MD5 into the user agent, transaction steps into
// their callers), which would credit one area's code to another. It proves
// every other section equal
// to build/firmware.wasm byte for byte, translates the twin with wasm2c and
// compiles it with -fno-inline (each function keeps its own code: -Os alone
// inlines small functions into their callers and blurs the areas), then
// sums `nm -S` sizes per assembly/ directory.
//
//   node build/js/host/tools/footprint-areas.js
import { fixMemorySize } from "./fixed-memory.js";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { NATIVE_DIR, ROOT, translate, wasm2cRuntimeDir } from "./build-native.js";
import { packData } from "./pack-data.js";
import { sections } from "../wasm-binary.js";

/** The sections of a wasm binary other than custom ones (names, source maps), in order. */
export function codeSections(b: Uint8Array): Buffer[] {
  return sections(b).filter((s) => s.id !== 0).map((s) => Buffer.from(s.payload));
}

/** asc's output, before the -O4 step (package.json build:release). */
const ASC_OUTPUT = path.join(ROOT, "build/firmware.asc.wasm");

const AREAS: [RegExp, string][] = [
  [/^w2c_(start_)?assembly_sip_msg_/, "SIP parser and writer (assembly/sip/msg)"],
  [/^w2c_(start_)?assembly_sip_txn_/, "transactions (assembly/sip/txn)"],
  [/^w2c_(start_)?assembly_sip_auth_/, "digest, MD5 (assembly/sip/auth)"],
  [/^w2c_(start_)?assembly_sip_ua_/, "user agent, dialogs (assembly/sip/ua)"],
  [/^w2c_(start_)?assembly_sip_transport_/, "TCP and TLS streams (assembly/sip/transport)"],
  [/^w2c_(start_)?assembly_sip_locate_/, "RFC 3263 locator, DNS answers (assembly/sip/locate)"],
  [/^w2c_(start_)?assembly_sdp_/, "SDP offer/answer (assembly/sdp)"],
  [/^w2c_(start_)?assembly_media_/, "RTP, RTCP, G.711, jitter buffer (assembly/media)"],
  [/^w2c_(start_)?assembly_app_serial_/, "serial agent (assembly/app/serial)"],
  [/^w2c_(start_)?assembly_serial_/, "serial framing: SLIP, CRC-32, link (assembly/serial)"],
  [/^w2c_(start_)?assembly_crypto_/, "SHA-256: images, digest (assembly/crypto)"],
  [/^w2c_(start_)?assembly_app_/, "intercom app, config (assembly/app)"],
  [/^w2c_(start_)?assembly_(index|board|runtime)_|^Z_firmwareZ_|^w2c__lib_|^w2c_(start_)?~lib/, "exports, runtime, AS std"],
  [/^init_memories$|^data_segment_/, "wasm2c: loading the data segments"],
];

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, cwd: ROOT });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export function areas(): { area: string; text: number }[] {
  const dir = path.join(NATIVE_DIR, "..", "footprint", "areas");
  mkdirSync(dir, { recursive: true });
  const twin = path.join(dir, "firmware.named.wasm");
  run(path.join(ROOT, "node_modules/.bin/asc"), ["assembly/index.ts", "--target", "release", "--debug", "--outFile", twin, "--textFile", path.join(dir, "firmware.named.wat")]);
  writeFileSync(twin, packData(readFileSync(twin)).module); // as build:release does
  const a = codeSections(packData(readFileSync(ASC_OUTPUT)).module);
  const b = codeSections(readFileSync(twin));
  if (a.length !== b.length || a.some((s, i) => !s.equals(b[i]))) throw new Error("the named twin differs from build/firmware.asc.wasm beyond its names: rebuild (npm run build:release) and retry");
  const c = translate(twin, path.join(dir, "gen"));
  fixMemorySize(c, readFileSync(twin)); // as the Cortex-M build does (footprint-build.ts)
  const object = path.join(dir, "firmware.o");
  run("arm-none-eabi-gcc", ["-mcpu=cortex-m4", "-mthumb", "-Os", "-fno-inline", "-DNDEBUG", "-DWASM_RT_USE_STACK_DEPTH_COUNT=0", "-ffunction-sections", "-fdata-sections",
    "-I", path.dirname(c), "-I", wasm2cRuntimeDir(), "-c", c, "-o", object]);
  const sums = new Map<string, number>();
  for (const line of run("arm-none-eabi-nm", ["-S", object]).split("\n")) {
    const [, size, kind, name] = line.trim().split(/\s+/);
    if (!name || !/^[tT]$/.test(kind)) continue;
    const area = AREAS.find(([re]) => re.test(name))?.[1] ?? "other";
    sums.set(area, (sums.get(area) ?? 0) + parseInt(size, 16));
  }
  const rodata = run("arm-none-eabi-size", ["-A", object]).split("\n").filter((l) => /^\.rodata/.test(l)).reduce((s, l) => s + Number(l.trim().split(/\s+/)[1]), 0);
  sums.set("data segments and constants (.rodata)", rodata); // code symbols above are t/T only: nothing counted twice
  return [...sums].map(([area, text]) => ({ area, text })).sort((x, y) => y.text - x.text);
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  try {
    const rows = areas();
    for (const r of rows) console.log(`${String(r.text).padStart(7)}  ${r.area}`);
    console.log(`${String(rows.reduce((s, r) => s + r.text, 0)).padStart(7)}  total .text (cortex-m4, -Os -fno-inline)`);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
