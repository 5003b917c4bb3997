// The door calls the flat, and the flat is SIPp at its own address: no PBX
// in the path (the button's target is sip:flat@127.0.0.1:<SIPp's port>).
// One run: SIPp starts on a free port with its scenario, the station starts
// with the button calling it, the button is pressed, and the run waits for
// the end of the call and of SIPp (SIPp's verdict must be 0). `check` then
// looks at what happened; both sides' messages (and the station's events)
// are printed whatever happened, and the ladder is kept for the gallery.
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { Ev, Key, CallState } from "../../../host/intercom.js";
import { freePort } from "./interop.js";
import { startStation, runSipp, sippFailure, type SippResult, type TestStation } from "./interop-sipp.js";
import { keepLadder } from "./interop-ladder.js";
import type { DoorOptions, StationKind } from "./interop-station.js";

export interface DoorCallsSipp {
  /** A scenario of test/interop, or the absolute path of one the test wrote. */
  scenario: string;
  /** The door's configuration beyond the call button (which this sets). */
  config: Record<string, unknown>;
  kind?: StationKind;
  /** SIPp's media port (-mp): the door's RTP goes there. */
  media?: boolean;
  /** More SIPp options (e.g. -rtp_echo). */
  args?: string[];
  audio?: Pick<DoorOptions, "mic" | "speaker">;
  /** The button's target for SIPp at `flatPort` (default: SIPp itself), e.g. a relay in front of it. */
  target?: (flatPort: number) => Promise<string>;
}

export async function doorCallsSipp(t: TestContext, o: DoorCallsSipp, check: (st: TestStation, sipp: SippResult, flatPort: number) => void | Promise<void>): Promise<void> {
  const flatPort = await freePort();
  const target = o.target ? await o.target(flatPort) : `sip:flat@127.0.0.1:${flatPort}`;
  const mediaPort = o.media ? (await freePort()) & ~1 : 0;
  const media = o.media ? ["-mp", String(mediaPort)] : [];
  // In the ladder SIPp's RTP and RTCP ports are the flat's too (RFC 3550 §11: RTCP at the next port).
  const lanes = new Map([[flatPort, "flat (SIPp)"]]);
  if (o.media) lanes.set(mediaPort, "flat (SIPp)").set(mediaPort + 1, "flat (SIPp)");
  const flat = runSipp(o.scenario, flatPort, [...media, ...(o.args ?? [])]);
  let sipp: SippResult | undefined;
  void flat.done.then((r) => (sipp = r));
  const st = await startStation(0, {
    buttons: [{ mode: "sequential", ringTimeout: 20, targets: [target] }],
    ...o.config,
  }, o.kind ?? "simulator", o.audio).catch((err) => {
    flat.proc.kill();
    throw err;
  });
  try {
    st.s.press(Key.button(0));
    const ended = () => st.of(Ev.Call).some((e) => e.a === CallState.Ended || e.a === CallState.Failed);
    await st.until(() => (ended() && sipp !== undefined) || (sipp !== undefined && sipp.code !== 0), 20_000, "the end of the call and of SIPp");
    assert.equal(sipp!.code, 0, sippFailure(sipp!));
    await check(st, sipp!, flatPort);
  } finally {
    if (flat.proc.exitCode === null && flat.proc.signalCode === null) flat.proc.kill();
    const r = await flat.done;
    for (const line of [...st.log(), ...r.trace]) t.diagnostic(line);
    for (const e of st.events) t.diagnostic(`event ${e.kind} ${e.a} ${e.b} at ${e.t}`);
    keepLadder(t, st, lanes);
    st.close();
  }
}
