// The board under test: one face over the three boards that speak the serial
// protocol (docs/serial-agent.md), so that a CLI-level suite runs once per
// board. Each is started by its own launcher, not a copy of it:
//   sim     `intercom sim --serial --state` (serial-board.ts SimBoardProcess)
//   native  the supervisor on a slots directory (native-slots.ts, native-serial.ts)
//   qemu    the boot stage under QEMU MPS2 AN386, UART1 a pty (qemu-boot.ts, qemu-serial.ts)
// `port` is the pty the CLI opens. With `faults` (or `line: true`) a
// FaultyLine stands between the CLI and the board; QEMU always has one, since
// its pty is named anew at each start and drops what it sends while no one
// holds it open: the line holds it, and follows it across restart().
// kill() is a power cut; restart() boots the same state (slots, boot record,
// configuration). A board whose tools are missing gives boardSkip()'s reason.
import { describe, test, before } from "node:test";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultImagePath } from "../../../host/firmware.js";
import { BINARY } from "../../../host/tools/build-native.js";
import { SlotsDir, stop, type Running } from "./native-slots.js";
import { powerCut, restart as restartNative } from "./native-serial.js";
import { nativeSkip } from "./interop-native.js";
import { BoardState, bootSkip, builtImages } from "./qemu-boot.js";
import { QemuSerialBoard } from "./qemu-serial.js";
import { FaultyLine, ptyPair, type Faults, type PtyPair } from "./serial-line.js";
import { SimBoardProcess, tempDir } from "./serial-board.js";
import { packed } from "./serial-images.js";
import { missingTool } from "./tools.js";

export type BoardKind = "sim" | "native" | "qemu";
export const BOARD_KINDS: readonly BoardKind[] = ["sim", "native", "qemu"];

export interface BoardOptions {
  /** A FaultyLine between the CLI and the board, damaging bytes so. */
  faults?: Faults;
  /** A FaultyLine even without faults (to cut it, or count what passed). */
  line?: boolean;
}

export interface BoardUnderTest {
  readonly kind: BoardKind;
  /** The board name images carry (docs/images.md "Trailer"). */
  readonly boardName: string;
  /** The image kind this board runs (host/image/format.ts KIND_NAMES). */
  readonly imageKind: "wasm" | "linux" | "cortex-m";
  /** The version running when the board starts. */
  readonly firstVersion: string;
  /** The pty the CLI opens. */
  readonly port: string;
  /** The line between the CLI and the board, when there is one. */
  readonly line: FaultyLine | null;
  /** Where the board keeps its slots, boot record and configuration. */
  readonly stateDir: string;
  /** This board's firmware packed by `intercom pack` as `version` (for `boards`: the kind's default when none); the file's path. */
  image(version: string, boards?: string[]): Promise<string>;
  /** Everything the board has printed since it was first started (events, log and trace lines). */
  output(): string;
  /** Waits for a line of output matching `re` (`ms` generous: the CI machine is loaded). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** A power cut: the board's processes killed at once. */
  kill(): Promise<void>;
  /** The board started again on the same state; resolves once it answers. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Why `kind` cannot run here ('skipped: ...'), or null (its tools present, its binaries built); a missing tool
 * throws in CI. INTERCOM_TEST_BOARDS (e.g. "sim", as `npm run test:quick` sets it) names the boards to run.
 */
export function boardSkip(kind: BoardKind): string | null {
  const chosen = process.env.INTERCOM_TEST_BOARDS?.split(",").map((k) => k.trim());
  if (chosen && !chosen.includes(kind)) return `skipped: INTERCOM_TEST_BOARDS=${chosen.join(",")} leaves the ${kind} board out`;
  const socat = missingTool("socat", "socat");
  if (socat) return socat;
  if (kind === "native") return nativeSkip();
  if (kind === "qemu") return bootSkip();
  return null;
}

export type BoardTest = (name: string, o: BoardOptions, body: (b: BoardUnderTest) => Promise<void>) => void;

/**
 * A describe per board, `${what} the ${kind} board`: `tests` declares its tests with `boardTest`, each on a
 * board of its own (started, `ready` run on it, then the body; closed after), skipped where the board cannot run.
 */
export function forEachBoard(what: string, tests: (boardTest: BoardTest) => void, ready?: (b: BoardUnderTest) => Promise<void>): void {
  for (const kind of BOARD_KINDS) {
    describe(`${what} the ${kind} board`, { timeout: 600_000 }, () => {
      let skip: string | null = null;
      before(() => {
        skip = boardSkip(kind);
      });
      tests((name, o, body) => test(name, { timeout: 300_000 }, async (t) => {
        if (skip) return t.skip(skip);
        const b = await startBoard(kind, o);
        try {
          await ready?.(b);
          await body(b);
        } finally {
          await b.close();
        }
      }));
    });
  }
}

const FIRST_VERSION = { sim: "0.1.0", native: "1.0.0", qemu: "1.0.0" } as const;

/** One board, its state in a new directory, started and answering. */
export async function startBoard(kind: BoardKind, o: BoardOptions = {}): Promise<BoardUnderTest> {
  const dir = tempDir(`board-${kind}`);
  const wantLine = kind === "qemu" || o.line === true || o.faults !== undefined;
  const host: PtyPair | null = wantLine ? await ptyPair(dir, "host") : null;
  const driver = kind === "sim" ? await simDriver(dir) : kind === "native" ? await nativeDriver(dir) : await qemuDriver(dir);
  const line = host ? await FaultyLine.join(host.b, driver.device, o.faults) : null;
  if (line) driver.relayedBy(line);
  const output = () => driver.output();
  return {
    kind,
    boardName: { sim: "simulator", native: "native-linux", qemu: "qemu-mps2-an386" }[kind],
    imageKind: ({ sim: "wasm", native: "linux", qemu: "cortex-m" } as const)[kind],
    firstVersion: FIRST_VERSION[kind],
    port: host ? host.a : driver.cliEnd!,
    line,
    stateDir: driver.stateDir,
    image: (version, boards = []) => packed(dir, version, boards, driver.payload),
    output,
    waitFor: async (re, ms = 20_000) => {
      for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const hit = output().split("\n").find((l) => re.test(l));
        if (hit !== undefined) return hit;
      }
      throw new Error(`${kind} board: no line ${re} within ${ms} ms; output:\n${output().slice(-3000)}`);
    },
    kill: () => driver.kill(),
    restart: async () => {
      await driver.restart();
      if (line && kind === "qemu") await line.reconnect(driver.device);
    },
    close: async () => {
      await driver.close();
      await line?.close();
      host?.close();
    },
  };
}

/** What each launcher gives: the board's end of its line, the CLI's end when no line stands between. */
interface Driver {
  device: string;
  cliEnd: string | null;
  stateDir: string;
  /** The file `intercom pack` wraps into this board's images. */
  payload: string;
  output(): string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
  /** The line that carries the board's port from now on. */
  relayedBy(line: FaultyLine): void;
}

async function simDriver(dir: string): Promise<Driver> {
  const pair = await ptyPair(dir, "dev");
  const board = await new SimBoardProcess(pair.b, path.join(dir, "state")).start();
  let before = "";
  return {
    device: pair.a,
    cliEnd: pair.a,
    stateDir: board.state,
    payload: defaultImagePath(),
    output: () => before + board.out,
    kill: () => board.kill(),
    restart: async () => {
      before += board.out;
      await board.start();
    },
    close: async () => {
      await board.kill("SIGTERM");
      pair.close();
    },
    relayedBy: () => {},
  };
}

async function nativeDriver(dir: string): Promise<Driver> {
  const d = new SlotsDir(BINARY);
  d.slot("A", readFileSync(await packed(dir, FIRST_VERSION.native, [], BINARY)));
  const pair = await ptyPair(d.dir, "uart");
  let run: Running = await restartNative(d, pair);
  let before = "";
  const text = (r: Running) => `${r.lines.map((l) => JSON.stringify(l)).join("\n")}\n${r.stderr()}`;
  return {
    device: pair.b,
    cliEnd: pair.b,
    stateDir: d.dir,
    payload: BINARY,
    output: () => before + text(run),
    kill: () => powerCut(run),
    restart: async () => {
      before += text(run);
      run = await restartNative(d, pair);
    },
    close: async () => {
      if (run.child.exitCode === null && run.child.signalCode === null) await stop(run);
      pair.close();
    },
    relayedBy: () => {},
  };
}

async function qemuDriver(dir: string): Promise<Driver> {
  const state = new BoardState();
  const payload = path.join(dir, "intercom-mps2-an386-slot.bin");
  writeFileSync(payload, builtImages().payload);
  state.slot("A", readFileSync(await packed(dir, FIRST_VERSION.qemu, [], payload)));
  let line: FaultyLine | null = null;
  const boot = async () => {
    const b = await QemuSerialBoard.start(state, { open: false });
    b.clockGate = () => (line ? clockMayTick(line) : true);
    await b.waitFor(/^end B$/, 0, 30_000); // the image booted and took its first record: it serves UART1
    return b;
  };
  let board = await boot();
  let before = "";
  return {
    get device() {
      return board.pty;
    },
    cliEnd: null,
    stateDir: state.dir,
    payload,
    output: () => before + board.lines.join("\n"),
    kill: async () => {
      await board.kill();
    },
    restart: async () => {
      before += `${board.lines.join("\n")}\n`;
      board = await boot();
    },
    close: async () => {
      await board.kill();
    },
    relayedBy: (l) => {
      line = l;
      // A request goes to UART1 only once the clock record in flight was taken whole (port.c reads UART1
      // between records): a reset it asks for then finds no record half-read on UART0.
      l.holdRight = () => board.settled();
    },
  };
}

/**
 * Whether the QEMU board's clock may send a tick: not while a request is on its way (octets went to the board
 * and none came back, for up to 1.5 s), nor just after an answer (a reboot follows its answer at once).
 */
function clockMayTick(line: FaultyLine): boolean {
  const now = Date.now();
  const asking = line.lastToRight > line.lastFromRight && now - line.lastToRight < 1500;
  return !asking && now - line.lastFromRight > 150;
}
