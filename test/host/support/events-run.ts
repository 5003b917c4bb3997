// The event-family interop tests' runs (interop-events, -alarms, -presence):
// a door station of either kind (the simulator or the native board), the
// SIPp parties around it (each scenario from test/interop, run once),
// optionally Kamailio in between; waiting gives up as soon as a SIPp party
// failed, and closing prints both sides of the wire.
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { Kamailio, freePort } from "./interop.js";
import { PASSWORD, startStation, runSipp, sippFailure, type TestStation, type SippResult } from "./interop-sipp.js";
import { keepLadder } from "./interop-ladder.js";
import type { StationKind } from "./interop-station.js";

interface Party {
  name: string;
  port: number;
  run: ReturnType<typeof runSipp>;
  result?: SippResult;
}

export class EventsRun {
  parties: Party[] = [];
  st!: TestStation;
  k?: Kamailio;
  /** A registrar port where nothing listens (direct runs). */
  nobody?: number;

  /** Starts SIPp `scenario` as `name` on `port` (extra arguments: a UAC's remote address, -s). */
  sipp(name: string, scenario: string, port: number, args: string[] = [], timeoutS = 30): void {
    const party: Party = { name, port, run: runSipp(scenario, port, args, timeoutS) };
    void party.run.done.then((r) => (party.result = r));
    this.parties.push(party);
  }

  private failed(): Party | undefined {
    return this.parties.find((p) => p.result !== undefined && p.result.code !== 0);
  }

  /** Waits for pred(); fails at once, with SIPp's errors, when a party failed. */
  async until(pred: () => boolean, ms: number, what: string): Promise<void> {
    await this.st.until(() => pred() || this.failed() !== undefined, ms, what);
    const bad = this.failed();
    if (bad) assert.fail(`waiting for ${what}: ${bad.name}: ${sippFailure(bad.result!)}`);
  }

  /** Every party's SIPp exits 0 (each step of its scenario passed). */
  async allPassed(): Promise<void> {
    for (const p of this.parties) {
      const r = await p.run.done;
      assert.equal(r.code, 0, `${p.name}: ${sippFailure(r)}`);
    }
  }

  /** The parties the door talks to, by port (a SIPp party on port 0 talks through Kamailio only). */
  private names(): Map<number, string> {
    const names = new Map<number, string>(this.parties.filter((p) => p.port !== 0).map((p) => [p.port, p.name]));
    if (this.k) names.set(this.k.port, "kamailio");
    if (this.nobody) names.set(this.nobody, "no registrar");
    return names;
  }

  /**
   * Starts the door station (startStation: `registrar`, `extra`, `kind`) as
   * this run's; when it cannot start, the SIPp parties and Kamailio already
   * started are stopped before the error is thrown.
   */
  async station(registrar: number, extra: Record<string, unknown>, kind: StationKind = "simulator"): Promise<TestStation> {
    try {
      this.st = await startStation(registrar, extra, kind);
    } catch (err) {
      await this.abandon();
      throw err;
    }
    return this.st;
  }

  private stopParties(): void {
    for (const p of this.parties) {
      const proc = p.run.proc;
      if (proc.exitCode === null && proc.signalCode === null) proc.kill();
    }
  }

  /** Stops what this run started, for a run that failed to set up (before a test's try). */
  async abandon(): Promise<void> {
    this.stopParties();
    this.st?.close();
    await this.k?.stop();
  }

  async close(t: TestContext): Promise<void> {
    this.stopParties();
    for (const line of this.st?.log() ?? []) t.diagnostic(line);
    for (const p of this.parties) {
      const r = await p.run.done;
      for (const line of r.trace) t.diagnostic(`${p.name}: ${line}`);
      if (r.code !== 0) for (const line of r.errors.split("\n").filter(Boolean)) t.diagnostic(`${p.name} error: ${line}`);
    }
    if (this.st) keepLadder(t, this.st, this.names());
    this.st?.close();
    await this.k?.stop();
  }
}

/** Kamailio routing "flat" to a SIPp party running `flatScenario`, and the station (config `extra`, of `kind`) registered there. */
export async function viaKamailio(flatScenario: string, extra: Record<string, unknown>, kind: StationKind = "simulator"): Promise<EventsRun> {
  const run = new EventsRun();
  const flatPort = await freePort();
  run.k = new Kamailio(await freePort(), flatPort, PASSWORD);
  await run.k.start();
  run.sipp("flat", flatScenario, flatPort);
  await run.station(run.k.port, extra, kind);
  await run.until(() => run.st.of(1).length > 0, 5000, "registration with Kamailio").catch(async (err) => {
    await run.abandon();
    throw err;
  });
  return run;
}

/** The station (of `kind`) alone (its registrar an unused port), for SIPp parties talking to it directly. */
export async function direct(extra: Record<string, unknown>, kind: StationKind = "simulator"): Promise<EventsRun> {
  const run = new EventsRun();
  run.nobody = await freePort(); // the registrar: nothing listens there
  await run.station(run.nobody, extra, kind);
  return run;
}
