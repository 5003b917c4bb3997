// The door station against real SIP software under stress (issue: interop,
// loss and load). Loss: the call through Kamailio with a loopback relay that
// drops a seeded 30% of datagrams each way still ends right, by
// retransmission. Load: SIPp floods the station directly with OPTIONS and
// INVITEs from a source it does not know while a legitimate call runs; the
// call completes, the door code works, the station keeps answering: the
// stranger's INVITEs get 403 at once and hold no slot, so none is ever turned away 503.
// Each test prints the SIP messages it saw (and the figures) as diagnostics.
// Both run against the simulator and against the native board (the same
// module through wasm2c), with the same expectations; the loss test also
// against the Cortex-M4 build under QEMU.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { Clock } from "../../host/sim/udp.js";
import { Ev, Key, CallState, type IntercomEvent } from "../../host/intercom.js";
import type { Address } from "../../host/sip-engine.js";
import { Kamailio, sipp, freePort, interopSkip } from "./support/interop.js";
import { LossyRelay } from "./support/lossy-relay.js";
import { STATION_KINDS, kindSkip, startDoor, titled, type StationKind } from "./support/interop-station.js";

const PASSWORD = "door-interop-7";
/**
 * Seeds of the relay, one call each: each drops some of the first datagrams each way (REGISTER with credentials, its 200s).
 * Twelve: a door code lost one call in three would still pass all of them with (2/3)^12 < 1%.
 */
const LOSS_SEEDS = [3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610];
const LOSS = 0.3;
/** Calls in flight at once: each has its own Kamailio, relay, SIPp and station, and spends most of its time waiting on retransmission timers. */
const LOSS_PARALLEL = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The station as in interop-kamailio.test.ts; `tap` sees every datagram it sends (at its clock), `quiet` ports stay out of the wire log. */
async function station(kind: StationKind, registrar: number, tap?: (to: Address, data: Buffer, t: number) => void, quiet: number[] = []) {
  const events: (IntercomEvent & { t: number })[] = [];
  const wire: string[] = [];
  const onSend = (to: Address, data: Buffer, t: number) => {
    tap?.(to, data, t);
    if (!quiet.includes(to.port)) wire.push(`${t} door -> ${to.port}: ${data.toString("latin1").split("\r\n", 1)[0]}`);
  };
  const s = await startDoor(kind, {
    config: {
      user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: registrar }, keepaliveInterval: 5,
      buttons: [{ mode: "sequential", ringTimeout: 20, targets: ["sip:flat@example.com"] }],
      relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 1500 }],
    },
    onSend,
    onEvent: (e, t) => events.push({ ...e, t }),
  });
  const until = async (pred: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; events: ${JSON.stringify(events)}`);
      await sleep(50);
    }
  };
  const calls = () => events.filter((e) => e.kind === Ev.Call).map((e) => e.a);
  const relays = () => events.filter((e) => e.kind === Ev.Relay).map((e) => e.b);
  return { s, events, wire, until, calls, relays };
}

/** A SIPp run's figures from its final screens: messages sent, the cumulative call rate, the seconds it ran, responses it discarded. */
function sippFigures(out: string, method: string) {
  const num = (re: RegExp) => Number((re.exec(out) ?? [0, "0"])[1]);
  return {
    sent: num(new RegExp(`${method} -+>\\s+(\\d+)`)),
    cps: num(/Call Rate\s*\|[^|]*\|\s*([\d.]+) cps/),
    seconds: num(/\/[\d.]+s\s+\d+\s+([\d.]+) s/),
    discarded: num(/(\d+) dead call msg/) + num(/(\d+) out-of-call msg/),
  };
}

/** Sends one OPTIONS from a fresh socket to the station; the status line of its answer, or null after `ms`. */
async function probe(to: Address, ms: number): Promise<string | null> {
  const sock = dgram.createSocket("udp4");
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  const port = sock.address().port;
  const req = [
    `OPTIONS sip:door@127.0.0.1:${to.port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKprobe${Date.now()};rport`,
    "Max-Forwards: 70", `From: <sip:probe@127.0.0.1:${port}>;tag=probe1`, `To: <sip:door@127.0.0.1:${to.port}>`,
    `Call-ID: probe-${Date.now()}@127.0.0.1`, "CSeq: 1 OPTIONS", "Content-Length: 0", "", "",
  ].join("\r\n");
  const answer = new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    sock.on("message", (m) => { clearTimeout(timer); resolve(m.toString("latin1").split("\r\n", 1)[0]); });
  });
  sock.send(req, to.port, to.host);
  const line = await answer;
  sock.close();
  return line;
}

/** `f` of every item, at most `n` at a time; the results in the items' order. */
async function pooled<T, R>(items: readonly T[], n: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}

/** One call over a relay dropping 30% each way with `seed`: null when all went right, else what went wrong. */
async function lossyCall(t: TestContext, kind: StationKind, seed: number): Promise<string | null> {
  const started = Date.now();
  const flatPort = await freePort();
  const k = new Kamailio(await freePort(), flatPort, PASSWORD);
  await k.start();
  const clock = new Clock();
  const relay = new LossyRelay({ upstream: { host: "127.0.0.1", port: k.port }, loss: LOSS, seed, now: () => clock.now() });
  const front = await relay.start();
  // SIPp retransmits its 200 and INFOs (retrans="500"); -timeout bounds a run that loss would stall.
  const apartment = sipp("apartment-answers.xml", flatPort, ["-timeout", "60s"]);
  const st = await station(kind, front.port);
  try {
    await st.until(() => st.events.some((e) => e.kind === Ev.Registered), 20_000, "registration through the lossy relay");
    st.s.press(Key.button(0));
    await st.until(() => st.calls().some((c) => c === CallState.Ended || c === CallState.Failed), 50_000, "the end of the call");
    const result = await Promise.race([apartment.done, sleep(10_000).then(() => ({ code: -2, out: "SIPp still running 10 s after the call ended" }))]);
    t.diagnostic(`--- seed ${seed}: wall time ${Date.now() - started} ms; call states ${JSON.stringify(st.calls())}; relay outputs ${JSON.stringify(st.relays())}; ${relay.summary()}`);
    if (!(relay.up.dropped > 0 && relay.down.dropped > 0)) return `the seed must drop some datagrams each way: ${relay.summary()}`;
    if (st.calls()[0] !== CallState.Dialing || !st.calls().includes(CallState.Connected)) return `not answered: ${JSON.stringify(st.calls())}`;
    if (st.calls().at(-1) !== CallState.Ended) return "the call failed";
    if (st.relays()[0] !== 1) return "the door code did not open the relay";
    if (result.code !== 0) return `SIPp failed:\n${result.out}`;
    return null;
  } catch (err) {
    return String(err);
  } finally {
    for (const line of [...st.wire, "--- the relay", ...relay.log]) t.diagnostic(line);
    apartment.proc.kill();
    st.s.close();
    relay.close();
    await k.stop();
  }
}

for (const kind of STATION_KINDS) {
  test(titled(kind, `loss: through a relay dropping a seeded 30% each way, ${LOSS_SEEDS.length} calls (one per seed, ${LOSS_PARALLEL} at a time): each time the station registers with digest auth and the call to the SIPp apartment opens the door by its INFO code and ends`), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    // One call per seed: a door code lost one call in three (a 3 s pause: 39% at 30% loss, docs/config.md) fails here but for (2/3)^12, 0.8%.
    const verdicts = await pooled(LOSS_SEEDS, LOSS_PARALLEL, (seed) => lossyCall(t, kind, seed));
    const failed = verdicts.flatMap((why, i) => (why ? [`seed ${LOSS_SEEDS[i]}: ${why}`] : []));
    assert.deepEqual(failed, [], `${failed.length} of ${LOSS_SEEDS.length} calls went wrong`);
  });

  // Not on the Cortex-M4 under QEMU: its bridge carries each datagram and the
  // trace through an emulated UART, about 60 datagrams a second, against the
  // 600 a second this flood offers, so it would measure the bridge, not the
  // firmware (which is the very module the two other kinds run).
  if (kind === "cortex-m4") continue;
  test(titled(kind, "load: an OPTIONS and INVITE flood from an unknown source while a call runs: the call completes, the door opens, the station answers every request of the flood"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const started = Date.now();
    const OPTIONS_RATE = 500, OPTIONS_COUNT = 5000, INVITE_RATE = 100, INVITE_COUNT = 1000;
    const flatPort = await freePort();
    const optPort = await freePort();
    const invPort = await freePort();
    const k = new Kamailio(await freePort(), flatPort, PASSWORD);
    await k.start();
    const apartment = sipp("apartment-answers.xml", flatPort, ["-timeout", "30s"]);
    // What the station sent back to each flood source: counts by status, 503s without Retry-After, when.
    const answered = { [optPort]: new Map<string, number>(), [invPort]: new Map<string, number>() } as Record<number, Map<string, number>>;
    let no503RetryAfter = 0;
    const times: number[] = []; // when each answer to the flood left, ms on the station's clock
    const tap = (to: Address, data: Buffer, now: number) => {
      const counts = answered[to.port];
      if (!counts) return;
      const text = data.toString("latin1");
      const code = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? "request";
      counts.set(code, (counts.get(code) ?? 0) + 1);
      if (code === "503" && !/\r\nRetry-After:\s*\d+/i.test(text)) no503RetryAfter++;
      times.push(now);
    };
    const st = await station(kind, k.port, tap, [optPort, invPort]);
    const target = `127.0.0.1:${st.s.wire.address.port}`;
    let options: ReturnType<typeof sipp> | undefined, invites: ReturnType<typeof sipp> | undefined;
    try {
      await st.until(() => st.events.some((e) => e.kind === Ev.Registered), 5000, "registration");
      // The visitor presses; once the call runs (ringing at the apartment), the flood starts.
      st.s.press(Key.button(0));
      await st.until(() => st.calls().some((c) => c !== CallState.Dialing), 5000, "the call to ring");
      options = sipp("flood-options.xml", optPort, ["-m", String(OPTIONS_COUNT), "-r", String(OPTIONS_RATE), "-timeout", "30s", target]);
      invites = sipp("flood-invite.xml", invPort, ["-m", String(INVITE_COUNT), "-r", String(INVITE_RATE), "-timeout", "30s", target]);
      const floodFrom = st.s.now();
      let floodTo = 0;
      void Promise.all([options.done, invites.done]).then(() => (floodTo = st.s.now()));
      let callError = "";
      await st.until(() => st.calls().some((c) => c === CallState.Ended || c === CallState.Failed), 25_000, "the end of the legitimate call").catch((e: Error) => (callError = e.message));
      const [o, i] = await Promise.all([options.done, invites.done]);
      const busyLegit = st.wire.filter((l) => / 503 /.test(l)).length; // 503s the station sent to Kamailio (the call's own requests)
      const flat = await Promise.race([apartment.done, sleep(5000).then(() => ({ code: -2, out: "SIPp apartment still running 5 s after the flood" }))]);
      const after = await probe(st.s.wire.address, 2000);
      const of = sippFigures(o.out, "OPTIONS"), inf = sippFigures(i.out, "INVITE");
      const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      const responses = total(answered[optPort]) + total(answered[invPort]);
      const during = times.filter((x) => x <= floodTo).length;
      const floodSeconds = Math.max(1, floodTo - floodFrom) / 1000;
      for (const line of [...st.wire,
        `offered: OPTIONS ${of.sent} in ${of.seconds} s (${of.cps} per s, asked ${OPTIONS_RATE}); INVITE ${inf.sent} in ${inf.seconds} s (${inf.cps} per s, asked ${INVITE_RATE})`,
        `answered: ${during} responses while the flood ran (${floodSeconds.toFixed(1)} s, ${(during / floodSeconds).toFixed(0)} per s), ${responses} in all (retransmissions included)`,
        `to OPTIONS: ${JSON.stringify(Object.fromEntries(answered[optPort]))}; to INVITE: ${JSON.stringify(Object.fromEntries(answered[invPort]))}`,
        `503 without Retry-After: ${no503RetryAfter}; responses SIPp received and discarded: OPTIONS ${of.discarded}, INVITE ${inf.discarded}`,
        `legitimate call states ${JSON.stringify(st.calls())}; 503s to Kamailio (in the call) ${busyLegit}; relay outputs ${JSON.stringify(st.relays())}; apartment SIPp exit ${flat.code}${callError ? `; ${callError}` : ""}`,
        `probe after the flood: ${after ?? "no answer in 2 s"}; wall time ${Date.now() - started} ms`,
      ]) t.diagnostic(line);
      assert.notEqual(after, null, "the station still answers after the flood (no crash)");
      assert.ok(of.sent + inf.sent > 16, "more requests arrived than the transaction table holds");
      // The stranger's INVITEs are refused with 403 at once and keep no transaction (sip/ua/admit.ts,
      // txn/server.ts) and an OPTIONS none at all, so the flood never fills the table: none gets a 503.
      const busy = (answered[optPort].get("503") ?? 0) + (answered[invPort].get("503") ?? 0);
      assert.equal(busy, 0, "no request of the flood was turned away busy");
      assert.ok((answered[invPort].get("403") ?? 0) > 0, "the stranger's INVITEs get 403");
      assert.deepEqual([...answered[invPort].keys()].filter((c) => !["100", "403"].includes(c)), [], "nothing else: never rung, never answered");
      assert.equal(no503RetryAfter, 0, "every 503 carries Retry-After");
      assert.equal(callError, "", `the legitimate call ended (503s the station sent in it: ${busyLegit})`);
      assert.equal(st.calls().at(-1), CallState.Ended, `the legitimate call completed: states ${JSON.stringify(st.calls())}`);
      assert.ok(st.calls().includes(CallState.Connected), "the apartment answered the legitimate call");
      assert.deepEqual(st.relays().slice(0, 1), [1], "the apartment's door code opened the relay");
      assert.equal(flat.code, 0, `the apartment's SIPp failed:\n${flat.out}`);
    } finally {
      options?.proc.kill();
      invites?.proc.kill();
      apartment.proc.kill();
      st.s.close();
      await k.stop();
    }
  });
}
