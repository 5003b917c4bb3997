// Board definitions (boards/*.json): which runtime hosts the firmware module
// on a board, how much linear memory and flash it can give the module, and
// which GPIO carries each function of the intercom. validateBoard() names the
// field and the fix in every error; checkFit() compares a build with a board.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export type Level = "high" | "low";
export type Runtime = "node" | "wasm3" | "wamr" | "wasm2c";

export interface OutputPin { gpio: number; activeLevel: Level }
export interface CallButton { gpio: number; activeLevel: Level; debounceMs: number }
export interface Relay { gpio: number; activeLevel: Level; role?: string }
export interface ResetLines { reset: "RTS" | "DTR"; boot: "RTS" | "DTR" | null; note: string }

export interface Board {
  name: string;
  description: string;
  mcu: string;
  runtime: Runtime;
  runtimeNote: string;
  /** Linear memory the runtime can give the module, in bytes. */
  memoryLimitBytes: number;
  /** One firmware image slot (flash partition), in bytes. */
  imageLimitBytes: number;
  /** Flash the host (SDK, network stack, runtime) takes in that slot. */
  hostImageBytes: number;
  /** Flash the module takes per byte of .wasm once the runtime holds it (wasm2c: native code). */
  imageExpansion: number;
  gpioCount: number;
  inputOnlyGpios: number[];
  reservedGpios: { gpio: number; use: string }[];
  pins: {
    keypad: { rows: number[]; columns: number[]; layout: string[][] };
    callButtons: CallButton[];
    relays: Relay[];
    leds: { status: OutputPin; call: OutputPin };
    doorSensor: { gpio: number; openLevel: Level };
  };
  resetLines?: ResetLines | null;
  notes: string[];
}

const RUNTIMES: Runtime[] = ["node", "wasm3", "wamr", "wasm2c"];
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
const FIELDS = [
  "name", "description", "mcu", "runtime", "runtimeNote", "memoryLimitBytes", "imageLimitBytes",
  "hostImageBytes", "imageExpansion", "gpioCount", "inputOnlyGpios", "reservedGpios", "pins",
  "resetLines", "notes",
];
const FOUR_GIB = 2 ** 32;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const quote = (s: string) => JSON.stringify(s);

/** Collects errors while walking a board; each error starts with the field's path. */
class Checker {
  readonly errors: string[] = [];
  readonly uses: { at: string; gpio: number; output: boolean }[] = [];
  gpioCount = 0;

  fail(at: string, fix: string): void {
    this.errors.push(`${at}: ${fix}`);
  }
  object(v: unknown, at: string): Json | null {
    if (isObject(v)) return v;
    this.fail(at, "must be an object");
    return null;
  }
  array(v: unknown, at: string, minLength = 0): unknown[] | null {
    if (!Array.isArray(v)) this.fail(at, "must be an array");
    else if (v.length < minLength) this.fail(at, `must list at least ${minLength} item${minLength > 1 ? "s" : ""}`);
    else return v;
    return null;
  }
  text(v: unknown, at: string): string | null {
    if (typeof v === "string" && v.trim() !== "") return v;
    this.fail(at, "must be a non-empty string");
    return null;
  }
  integer(v: unknown, at: string, min: number, max: number): number | null {
    if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
    this.fail(at, `must be an integer from ${min} to ${max}`);
    return null;
  }
  oneOf<T extends string>(v: unknown, at: string, allowed: readonly T[]): T | null {
    if (allowed.includes(v as T)) return v as T;
    this.fail(at, `must be ${allowed.map(quote).join(" or ")}`);
    return null;
  }
  gpioNumber(v: unknown, at: string): number | null {
    return this.integer(v, at, 0, Math.max(0, this.gpioCount - 1));
  }
  /** A GPIO the intercom uses: checked for range here, for clashes in finish(). */
  gpio(v: unknown, at: string, output: boolean): void {
    const n = this.gpioNumber(v, at);
    if (n !== null) this.uses.push({ at, gpio: n, output });
  }
  pin(v: unknown, at: string, output: boolean, levelField: "activeLevel" | "openLevel"): Json | null {
    const o = this.object(v, at);
    if (o) {
      this.gpio(o.gpio, `${at}.gpio`, output);
      this.oneOf(o[levelField], `${at}.${levelField}`, ["high", "low"]);
    }
    return o;
  }
}

/** Every error in a board definition, as "field: the fix"; empty when the board is valid. */
export function validateBoard(json: unknown, fileName?: string): string[] {
  const c = new Checker();
  const b = c.object(json, "board");
  if (!b) return c.errors;
  for (const key of Object.keys(b)) {
    if (!FIELDS.includes(key)) c.fail(key, `unknown field; remove it or correct its spelling (fields: ${FIELDS.join(", ")})`);
  }
  const name = c.text(b.name, "name");
  if (name !== null && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    c.fail("name", 'must be lower-case letters, digits and single dashes, like "esp32-ethernet"');
  } else if (name !== null && fileName !== undefined && name !== fileName) {
    c.fail("name", `must be ${quote(fileName)}, the name of its file`);
  }
  c.text(b.description, "description");
  c.text(b.mcu, "mcu");
  c.oneOf(b.runtime, "runtime", RUNTIMES);
  c.text(b.runtimeNote, "runtimeNote");
  c.integer(b.memoryLimitBytes, "memoryLimitBytes", 65536, FOUR_GIB);
  const image = c.integer(b.imageLimitBytes, "imageLimitBytes", 1, FOUR_GIB);
  c.integer(b.hostImageBytes, "hostImageBytes", 0, image === null ? FOUR_GIB : image - 1);
  if (typeof b.imageExpansion !== "number" || !(b.imageExpansion >= 1 && b.imageExpansion <= 10)) {
    c.fail("imageExpansion", "must be a number from 1 to 10 (1 when the runtime keeps the .wasm as it is)");
  }
  c.gpioCount = c.integer(b.gpioCount, "gpioCount", 1, 256) ?? 256;

  const inputOnly = new Set<number>();
  c.array(b.inputOnlyGpios, "inputOnlyGpios")?.forEach((v, i) => {
    const n = c.gpioNumber(v, `inputOnlyGpios[${i}]`);
    if (n !== null) inputOnly.add(n);
  });
  const reserved = new Map<number, string>();
  c.array(b.reservedGpios, "reservedGpios")?.forEach((v, i) => {
    const r = c.object(v, `reservedGpios[${i}]`);
    if (!r) return;
    const n = c.gpioNumber(r.gpio, `reservedGpios[${i}].gpio`);
    const use = c.text(r.use, `reservedGpios[${i}].use`);
    if (n !== null && reserved.has(n)) c.fail(`reservedGpios[${i}].gpio`, `GPIO ${n} is listed twice; keep one entry`);
    else if (n !== null) reserved.set(n, use ?? "");
  });

  checkPins(c, b.pins);
  checkResetLines(c, b.resetLines);
  c.array(b.notes, "notes", 1)?.forEach((v, i) => c.text(v, `notes[${i}]`));

  const owner = new Map<number, string>();
  for (const use of c.uses) {
    const first = owner.get(use.gpio);
    if (first !== undefined) c.fail(use.at, `GPIO ${use.gpio} is already ${first}; give each function its own GPIO`);
    else owner.set(use.gpio, use.at);
    if (reserved.has(use.gpio)) c.fail(use.at, `GPIO ${use.gpio} is reserved (${reserved.get(use.gpio)}); pick a free GPIO`);
    if (use.output && inputOnly.has(use.gpio)) {
      c.fail(use.at, `GPIO ${use.gpio} is input-only on this MCU; an output needs a GPIO that can drive`);
    }
  }
  return c.errors;
}

function checkPins(c: Checker, value: unknown): void {
  const pins = c.object(value, "pins");
  if (!pins) return;
  const keypad = c.object(pins.keypad, "pins.keypad");
  if (keypad) {
    const rows = c.array(keypad.rows, "pins.keypad.rows");
    const columns = c.array(keypad.columns, "pins.keypad.columns");
    if (rows && rows.length !== 4) c.fail("pins.keypad.rows", `must list 4 GPIOs (the keypad is 4x3), not ${rows.length}`);
    if (columns && columns.length !== 3) c.fail("pins.keypad.columns", `must list 3 GPIOs (the keypad is 4x3), not ${columns.length}`);
    rows?.forEach((v, i) => c.gpio(v, `pins.keypad.rows[${i}]`, true));
    columns?.forEach((v, i) => c.gpio(v, `pins.keypad.columns[${i}]`, false));
    checkLayout(c, keypad.layout);
  }
  c.array(pins.callButtons, "pins.callButtons", 1)?.forEach((v, i) => {
    const button = c.pin(v, `pins.callButtons[${i}]`, false, "activeLevel");
    if (button) c.integer(button.debounceMs, `pins.callButtons[${i}].debounceMs`, 1, 1000);
  });
  c.array(pins.relays, "pins.relays", 1)?.forEach((v, i) => {
    const relay = c.pin(v, `pins.relays[${i}]`, true, "activeLevel");
    if (relay && relay.role !== undefined) c.text(relay.role, `pins.relays[${i}].role`);
  });
  const leds = c.object(pins.leds, "pins.leds");
  if (leds) {
    c.pin(leds.status, "pins.leds.status", true, "activeLevel");
    c.pin(leds.call, "pins.leds.call", true, "activeLevel");
  }
  c.pin(pins.doorSensor, "pins.doorSensor", false, "openLevel");
}

function checkLayout(c: Checker, value: unknown): void {
  const at = "pins.keypad.layout";
  const rows = c.array(value, at);
  if (!rows) return;
  const shape = rows.length === 4 && rows.every((r) => Array.isArray(r) && r.length === 3);
  if (!shape) return c.fail(at, 'must be 4 rows of 3 keys: [["1","2","3"],["4","5","6"],["7","8","9"],["*","0","#"]]');
  const seen = new Set<string>();
  rows.forEach((row, r) => (row as unknown[]).forEach((key, k) => {
    if (typeof key !== "string" || !KEYS.includes(key)) c.fail(`${at}[${r}][${k}]`, "must be one of 0-9, * or #");
    else if (seen.has(key)) c.fail(`${at}[${r}][${k}]`, `${quote(key)} appears twice; each key appears once`);
    else seen.add(key);
  }));
}

function checkResetLines(c: Checker, value: unknown): void {
  if (value === undefined || value === null) return; // optional: flashing never depends on them
  if (!isObject(value)) return c.fail("resetLines", "must be an object, or null when the board has no DTR/RTS wiring");
  const lines = value;
  const reset = c.oneOf(lines.reset, "resetLines.reset", ["RTS", "DTR"] as const);
  if (lines.boot !== null) {
    const boot = c.oneOf(lines.boot, "resetLines.boot", ["RTS", "DTR"] as const);
    if (boot !== null && boot === reset) c.fail("resetLines.boot", "must differ from resetLines.reset (or be null)");
  }
  c.text(lines.note, "resetLines.note");
}

/** Flash one image of the module takes on the board: the module as the runtime keeps it, plus the host. */
export function flashNeeded(board: Board, imageBytes: number): number {
  return Math.ceil(imageBytes * board.imageExpansion) + board.hostImageBytes;
}

/** What keeps a module (its .wasm size, its declared linear memory) off the board; empty when it fits. */
export function checkFit(board: Board, imageBytes: number, memoryBytes: number): string[] {
  const problems: string[] = [];
  if (memoryBytes > board.memoryLimitBytes) {
    problems.push(`${board.name}: the image needs ${memoryBytes} bytes of linear memory, the board gives ${board.memoryLimitBytes}`);
  }
  const flash = flashNeeded(board, imageBytes);
  if (flash > board.imageLimitBytes) {
    const how = board.imageExpansion === 1 && board.hostImageBytes === 0 ? "" :
      ` (${imageBytes} × ${board.imageExpansion} under ${board.runtime} + ${board.hostImageBytes} for the host)`;
    problems.push(`${board.name}: the image needs ${flash} bytes of flash${how}, the image slot holds ${board.imageLimitBytes}`);
  }
  return problems;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository's boards/, found from both host/ and build/js/host/. */
export function defaultBoardsDir(): string {
  for (const up of ["..", "../../.."]) {
    const candidate = path.resolve(here, up, "boards");
    if (existsSync(path.join(candidate, "simulator.json"))) return candidate;
  }
  throw new Error("boards/ is missing: run from the repository");
}

/** The names of the boards in dir (their file names without .json), sorted. */
export function listBoards(dir = defaultBoardsDir()): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
}

/** Reads and validates dir/name.json; throws with every error when the definition is invalid. */
export function loadBoard(name: string, dir = defaultBoardsDir()): Board {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) throw new Error(`no board ${quote(name)} in ${dir} (boards: ${listBoards(dir).join(", ")})`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${name}.json is not valid JSON: ${(e as Error).message}`);
  }
  const errors = validateBoard(json, name);
  if (errors.length > 0) throw new Error(`${name}.json is invalid:\n  ${errors.join("\n  ")}`);
  return json as Board;
}
