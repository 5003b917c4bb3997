// The flood of issue 13 (item 2) against a door station of any kind, with
// real SIP software around it: Kamailio is the registrar and proxy (it grants
// 60 s, so the station refreshes its registration during the flood), SIPp is
// the apartment (it answers each call and sends the door code 1234#). A
// neighbour floods the station from 100 ports (support/flood-worker.ts, its
// own process) while a visitor presses the call button every 10 s. Returns
// the figures; test/host/interop-flood.test.ts asserts on them and
// test/bench/flood.ts prints them (`npm run flood`).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ev, Key, CallState, type IntercomEvent } from "../../../host/intercom.js";
import { Kamailio, sipp, freePort } from "./interop.js";
import { startDoor, type StationKind } from "./interop-station.js";
import { sleep } from "./hostile.js";

export interface FloodOptions {
  rate: number; // datagrams a second
  seconds: number; // how long the flood lasts
  sockets: number; // source ports
  callEveryMs: number;
  seed: number;
}

export const ISSUE_FLOOD: FloodOptions = { rate: 1500, seconds: 55, sockets: 100, callEveryMs: 10_000, seed: 13 };

export interface FloodFigures {
  kind: StationKind;
  offered: { sent: number; seconds: number; perSecond: number };
  answers: Record<string, number>;
  calls: number; // visitor presses
  connected: number;
  opened: number; // calls whose door code pulsed the relay
  refreshes: number; // registrations granted after the flood began
  maxTransactions: number; // the most slots in use at one look (every 250 ms)
  drainMs: number; // from the flood's end until the table was empty (-1: not within 64*T1 + 10 s)
  dropped: number; // requests the station dropped (no answer could be built or sent)
  apartmentExit: number;
}

const PASSWORD = "door-flood-13";
const T1 = 500;
const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), "flood-worker.js");

/** Runs the flood against a station of `kind`; the figures. */
export async function runFlood(kind: StationKind, o: FloodOptions = ISSUE_FLOOD): Promise<FloodFigures> {
  const flatPort = await freePort();
  const k = new Kamailio(await freePort(), flatPort, PASSWORD, 60);
  await k.start();
  const calls = Math.ceil((o.seconds * 1000) / o.callEveryMs);
  const apartment = sipp("apartment-answers.xml", flatPort, ["-m", String(calls), "-timeout", `${o.seconds + 60}s`]);
  const events: (IntercomEvent & { t: number })[] = [];
  const door = await startDoor(kind, {
    config: {
      user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: k.port },
      registerExpiry: 60, keepaliveInterval: 0,
      buttons: [{ mode: "sequential", ringTimeout: 8, targets: ["sip:flat@example.com"] }],
      relays: [{ pulseMs: 500, doorCodes: ["1234"], hangupAfterOpenMs: 800 }],
    },
    onEvent: (e, t) => events.push({ ...e, t }),
  });
  const stats = () => door.stats!();
  try {
    const end = Date.now() + 5000;
    while (!events.some((e) => e.kind === Ev.Registered) && Date.now() < end) await sleep(50);
    if (!events.some((e) => e.kind === Ev.Registered)) throw new Error(`the station did not register: ${JSON.stringify(events)}`);
    const floodFrom = events.length;
    const addr = door.wire.address;
    const args = JSON.stringify({ host: addr.host, port: addr.port, rate: o.rate, seconds: o.seconds, sockets: o.sockets, seed: o.seed, rxCapacity: 8192 });
    const child = spawn(process.execPath, [worker, args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const flooded = new Promise<void>((r) => child.on("exit", () => r()));
    let maxTransactions = 0;
    let pressed = 0;
    const started = Date.now();
    let running = true;
    void flooded.then(() => (running = false));
    let nextCall = started + 500;
    while (running) {
      if (Date.now() >= nextCall && pressed < calls) {
        door.press(Key.button(0));
        pressed++;
        nextCall += o.callEveryMs;
      }
      maxTransactions = Math.max(maxTransactions, (await stats()).transactions);
      await sleep(250);
    }
    const floodEnd = Date.now();
    let drainMs = -1;
    while (Date.now() - floodEnd < 64 * T1 + 10_000) {
      if ((await stats()).transactions === 0) {
        drainMs = Date.now() - floodEnd;
        break;
      }
      await sleep(250);
    }
    const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { sent: number; seconds: number; answers: Record<string, number> };
    const during = events.slice(floodFrom);
    const callStates = during.filter((e) => e.kind === Ev.Call).map((e) => e.a);
    const flat = await Promise.race([apartment.done, sleep(5000).then(() => ({ code: -2, out: "" }))]);
    return {
      kind,
      offered: { sent: result.sent, seconds: result.seconds, perSecond: Math.round(result.sent / result.seconds) },
      answers: result.answers,
      calls: pressed,
      connected: callStates.filter((s) => s === CallState.Connected).length,
      opened: during.filter((e) => e.kind === Ev.Relay && e.b === 1).length,
      refreshes: during.filter((e) => e.kind === Ev.Registered).length,
      maxTransactions,
      drainMs,
      dropped: (await stats()).dropped,
      apartmentExit: flat.code,
    };
  } finally {
    apartment.proc.kill();
    door.close();
    await k.stop();
  }
}
