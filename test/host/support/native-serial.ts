// The native board with the firmware's serial agent for the tests: the board
// of build/firmware.wasm under its supervisor (--slots, slot A holding
// `image`), --serial on one end of a socat pseudo-terminal pair, --gpio, and an
// AgentLine (agent-line.ts) on the other end.
import { readFileSync } from "node:fs";
import { BINARY } from "../../../host/tools/build-native.js";
import { AgentLine } from "./agent-line.js";
import { SlotsDir, listening, stop, type Running } from "./native-slots.js";
import { ptyPair, type PtyPair } from "./serial-line.js";

export interface AgentBoard { d: SlotsDir; run: Running; pty: PtyPair; line: AgentLine }

const runs: Running[] = [];
const closers: (() => Promise<void> | void)[] = [];

/** Slot A holding `image`, the block's configuration with `settings` too; started, its board listening. */
export async function agentBoard(image: Buffer, settings: Record<string, unknown> = {}): Promise<AgentBoard> {
  const d = new SlotsDir(BINARY, settings);
  d.slot("A", image);
  const pty = await ptyPair(d.dir, "uart");
  const line = await AgentLine.open(pty.b);
  closers.push(() => line.close(), () => pty.close());
  return { d, pty, line, run: await restart(d, pty) };
}

/** The supervisor started (again) on the board's directory and pseudo-terminal; its board listening. */
export async function restart(d: SlotsDir, pty: PtyPair): Promise<Running> {
  const run = await d.start(["--serial", pty.a, "--gpio"]);
  runs.push(run);
  await run.until(listening, "the board listening");
  return run;
}

/** A power cut: SIGKILL to the supervisor's board (its child) and to the supervisor. */
export async function powerCut(run: Running): Promise<void> {
  const pid = run.child.pid!;
  for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean)) process.kill(Number(child), "SIGKILL");
  run.child.kill("SIGKILL");
  await run.exit;
}

/** Stops every board and closes every line the tests opened. */
export async function closeAll(): Promise<void> {
  for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) await stop(r);
  for (const c of closers) await c();
}
