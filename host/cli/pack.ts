// `intercom pack IN OUT --version V [--board NAME...] [--kind K] [--load-address A]`:
// wraps a firmware module, a native board executable or a Cortex-M raw binary
// into the image format of docs/images.md. The kind is read from the input's
// first octets unless --kind says; a file that is not what --kind says is
// refused naming the option (exit 2), as is every other bad argument.
import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { ImageError, Kind, KIND_NAMES, kindWords, readImage, versionText, type KindNumber } from "../image/format.js";
import { packImage, parseVersion } from "../image/writer.js";
import { LOAD_ALIGNMENT, QEMU_LOAD_ADDRESS, checkPayload, inferKind } from "../image/payloads.js";
import { listBoards } from "../boards.js";
import { action, print, CliFailure, Exit } from "./common.js";

interface PackOpts {
  version: string;
  board?: string[];
  kind?: string;
  loadAddress?: number;
  json?: boolean;
}

const KIND_BY_NAME = new Map(Object.entries(KIND_NAMES).map(([n, name]) => [name, Number(n) as KindNumber]));

/** The boards an image is for when --board names none: those that run that kind of payload. */
function defaultBoards(kind: KindNumber): string[] {
  if (kind === Kind.Linux) return ["native-linux"];
  if (kind === Kind.CortexM) return ["qemu-mps2-an386"];
  return listBoards();
}

function address(v: string): number {
  const n = /^0x[0-9a-f]{1,8}$/i.test(v) ? parseInt(v.slice(2), 16) : /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 0xffffffff) || n % LOAD_ALIGNMENT !== 0) {
    throw new InvalidArgumentError(`--load-address must be a 32-bit address aligned for VTOR (a multiple of ${LOAD_ALIGNMENT}), e.g. 0x00010000 or 0x08000000`);
  }
  return n;
}

function kindOf(payload: Uint8Array, o: PackOpts): KindNumber {
  if (o.kind) return KIND_BY_NAME.get(o.kind)!;
  const seen = inferKind(payload, o.loadAddress ?? QEMU_LOAD_ADDRESS);
  if (seen === null) {
    throw new CliFailure("--kind: the input is not a WebAssembly module, not an ELF, and its first words are not a Cortex-M vector table; give --kind wasm, linux or cortex-m", Exit.Usage);
  }
  return seen;
}

async function pack(input: string, output: string, o: PackOpts): Promise<void> {
  const version = parseVersion(o.version);
  if (typeof version === "string") throw new CliFailure(`--version: ${version}`, Exit.Usage);
  let payload: Uint8Array;
  try {
    payload = new Uint8Array(readFileSync(input));
  } catch (err) {
    throw new CliFailure(`IMAGE: cannot read ${input}: ${(err as Error).message}`, Exit.Usage);
  }
  const kind = kindOf(payload, o);
  if (o.loadAddress !== undefined && kind !== Kind.CortexM) {
    throw new CliFailure(`--load-address: only a Cortex-M binary has one; the input is ${kindWords(kind)}`, Exit.Usage);
  }
  const loadAddress = kind === Kind.CortexM ? (o.loadAddress ?? QEMU_LOAD_ADDRESS) : 0;
  const boards = o.board ?? defaultBoards(kind);
  let image: Uint8Array;
  try {
    checkPayload(payload, kind, loadAddress, o.kind ? "--kind" : "IMAGE");
    image = packImage(payload, { kind, version, boards, loadAddress });
  } catch (err) {
    if (!(err instanceof ImageError)) throw err;
    const option = err.field === "board" ? "--board" : err.field === "load address" ? "--load-address" : "";
    throw new CliFailure(option ? `${option}: ${err.message.slice(err.field.length + 2)}` : err.message, Exit.Usage);
  }
  try {
    writeFileSync(output, image);
  } catch (err) {
    throw new CliFailure(`OUT: cannot write ${output}: ${(err as Error).message}`, Exit.Usage);
  }
  const packed = readImage(image);
  const text = versionText(version);
  print(o, { out: output, image: input, version: text, kind: KIND_NAMES[kind], boards, bytes: image.length, sha256: Buffer.from(packed.sha256).toString("hex") },
    () => `${output}: ${input} packed as ${text} (${kindWords(kind)}) for ${boards.join(", ")}`);
}

export function packCommand(): Command {
  return new Command("pack")
    .description("wrap a firmware module, a native executable or a Cortex-M binary into an image (docs/images.md): header, payload, board names and SHA-256")
    .argument("<image>", "the payload: build/firmware.wasm, build/native/intercom-native, or a Cortex-M raw binary")
    .argument("<out>", "the image to write")
    .requiredOption("--version <v>", "the image's version: MAJOR.MINOR.REVISION[+BUILD], e.g. 1.2.3")
    .option("--board <name...>", "boards the image is for (default: every board in boards/ for a module, native-linux, or qemu-mps2-an386)")
    .addOption(new Option("--kind <kind>", "the payload's kind (default: read from its first octets)").choices(Object.values(KIND_NAMES)))
    .option("--load-address <addr>", `where a Cortex-M binary runs (default 0x${QEMU_LOAD_ADDRESS.toString(16).padStart(8, "0")}, the application area of the QEMU port's boot stage)`, address)
    .option("--json", "print one JSON object for scripts")
    .action(action(async (input: string, output: string, o: PackOpts) => pack(input, output, o)));
}
