// What each kind of payload must look like before it is packed (docs/images.md,
// "What a board checks", 3), and which kind a file is, read from its first
// octets: the WebAssembly magic, the ELF magic, or a Cortex-M vector table.
import { ImageError, Kind, kindWords, type KindNumber } from "./format.js";

/**
 * Where a slot's payload runs on QEMU's MPS2 AN386: the application area after the boot stage's first 64 KiB
 * (boards/cortex-m/qemu-mps2-an386/boot/target.h APP_BASE, boot/slot.ld; host/tools/qemu-build.ts SLOT_LOAD_ADDRESS).
 */
export const QEMU_LOAD_ADDRESS = 0x00010000;
/**
 * A load address is where the vector table lies, which VTOR must point at: VTOR keeps bits 31..7 (ARMv7-M ARM
 * B3.2.5) and the table's alignment rounds its size up to a power of two, 256 octets for the AN386's 48 vectors
 * (docs/images.md, "Header").
 */
export const LOAD_ALIGNMENT = 256;
export interface Range { start: number; end: number }
/** ARMv7-M ARM B3.1, "The system address map": the SRAM region, where a stack lives. */
export const ARMV7M_SRAM: Range = { start: 0x20000000, end: 0x40000000 };

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm" (WebAssembly core spec 5.5.16, "Modules")
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46]; // "\x7fELF" (System V ABI, "ELF Header", e_ident)
const ELFCLASS64 = 2, ELFDATA2LSB = 1, ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62, EM_ARM = 40;

const startsWith = (b: Uint8Array, magic: number[]): boolean => b.length >= magic.length && magic.every((m, i) => b[i] === m);
const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, "0")}`;

/** Why `payload` is not a WebAssembly module (validated, not compiled); null when it is. */
export function wasmProblem(payload: Uint8Array): string | null {
  if (!startsWith(payload, WASM_MAGIC)) return "it does not start with the WebAssembly magic 00 61 73 6d";
  return WebAssembly.validate(payload as Uint8Array<ArrayBuffer>) ? null : "it has the WebAssembly magic but is not a valid module";
}

/** Why `payload` is not an x86-64 executable the native board can run; null when it is. */
export function elfProblem(payload: Uint8Array): string | null {
  if (!startsWith(payload, ELF_MAGIC)) return "it does not start with the ELF magic 7f 45 4c 46";
  if (payload.length < 20) return "its ELF header is cut short";
  // e_machine sits at offset 18 in both classes: an ARM ELF is told what to do before its class is judged.
  if (u16(payload, 18) === EM_ARM) return "it is an ARM ELF (e_machine 40): for the Cortex-M board convert it to a raw binary (arm-none-eabi-objcopy -O binary) and pack that with --kind cortex-m";
  if (payload[4] !== ELFCLASS64) return `it is a ${payload[4] === 1 ? "32-bit" : "unknown-class"} ELF (EI_CLASS ${payload[4]}); the native board runs 64-bit x86-64 executables`;
  if (payload[5] !== ELFDATA2LSB) return `it is a big-endian ELF (EI_DATA ${payload[5]}); x86-64 is little-endian`;
  const machine = u16(payload, 18);
  if (machine !== EM_X86_64) return `its e_machine is ${machine}, not x86-64 (62)`;
  const type = u16(payload, 16);
  if (type !== ET_EXEC && type !== ET_DYN) return `its e_type is ${type}, not an executable (2, or 3 for a position-independent one)`;
  return null;
}

/**
 * Why `payload` is not a plausible Cortex-M binary loaded at `load`; null when it is. Its first two words are
 * the vector table's initial stack pointer and reset vector (ARMv7-M ARM B1.5.3, "The vector table"): the stack
 * pointer word-aligned in `ram` (a full-descending stack may start at its very top), the reset vector a Thumb
 * address (bit 0 set) inside the payload's own range, past those two words.
 */
export function cortexMProblem(payload: Uint8Array, load: number, ram: Range = ARMV7M_SRAM): string | null {
  if (payload.length < 8) return `it has ${payload.length} octets, fewer than the vector table's first two words`;
  const sp = u32(payload, 0), reset = u32(payload, 4);
  if (sp % 4 !== 0 || sp <= ram.start || sp > ram.end) return `its initial stack pointer ${hex(sp)} is not a word-aligned address in RAM (${hex(ram.start)}..${hex(ram.end)})`;
  if ((reset & 1) === 0) return `its reset vector ${hex(reset)} is not a Thumb address (bit 0 clear)`;
  const entry = reset - 1;
  if (entry < load + 8 || entry >= load + payload.length) return `its reset vector ${hex(reset)} lies outside the payload (${hex(load + 8)}..${hex(load + payload.length - 1)} loaded at ${hex(load)}); check --load-address`;
  return null;
}

/** The kind a file's first octets show, or null when they show none. */
export function inferKind(payload: Uint8Array, load = QEMU_LOAD_ADDRESS): KindNumber | null {
  if (startsWith(payload, WASM_MAGIC)) return Kind.Wasm;
  if (startsWith(payload, ELF_MAGIC)) return Kind.Linux;
  return cortexMProblem(payload, load) === null ? Kind.CortexM : null;
}

/** Checks that `payload` is what `kind` says; throws ImageError naming `option` (the CLI's --kind) when not. */
export function checkPayload(payload: Uint8Array, kind: KindNumber, load: number, option = "kind"): void {
  const seen = startsWith(payload, WASM_MAGIC) ? Kind.Wasm : startsWith(payload, ELF_MAGIC) ? Kind.Linux : null;
  if (seen !== null && seen !== kind) throw new ImageError(option, `the input is ${kindWords(seen)}, not ${kindWords(kind)}: give the matching file or --kind`);
  const problem = kind === Kind.Wasm ? wasmProblem(payload)
    : kind === Kind.Linux ? elfProblem(payload) : cortexMProblem(payload, load);
  if (problem) throw new ImageError(option, `the input is not ${kindWords(kind)}: ${problem}`);
}
