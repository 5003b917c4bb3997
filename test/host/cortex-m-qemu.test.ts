// The Cortex-M4 build runs: the objects `npm run footprint` measures (wasm2c's
// translation of build/firmware.wasm, the shim, its static runtime, compiled
// by arm-none-eabi-gcc -mcpu=cortex-m4 -Os) linked into an image for QEMU's
// MPS2 AN386 board (boards/cortex-m/qemu-mps2-an386, host/tools/qemu-build.ts)
// and run under qemu-system-arm. A door station's day is played on the
// simulated network first (registration with digest auth and keepalives, the
// keypad's access code, an apartment calling in and opening the door by
// DTMF), with every call into the station recorded; QEMU then replays those
// calls on the Cortex-M4 and must do exactly what the simulator did: the same
// datagrams byte for byte, outputs, log lines, events, verdicts and timers.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Intercom, Key, type IntercomEvent } from "../../host/intercom.js";
import { SipEngine, UaEvent, type Address, type Datagram } from "../../host/sip-engine.js";
import { buildQemuImage } from "../../host/tools/qemu-build.js";
import { ToneMicrophone } from "../../host/audio/mic.js";
import { Rec, runScript } from "../../host/tools/qemu-records.js";
import { Net, type Station } from "./support/net.js";
import { BASE, DOOR, FLAT1, REGISTRAR, Registrar, block, flatSdp } from "./support/intercom-fixture.js";
import { missingTool } from "./support/tools.js";
import { trappingModule } from "./support/trapping-module.js";
import { QemuStation } from "./support/interop-qemu.js";
import { PresenceServer, publishingConfig } from "./support/presence-server.js";
import { header } from "../../host/sim/sip-text.js";

const dir = mkdtempSync(path.join(tmpdir(), "cortex-m-qemu-"));
let skip: string | null = null;
let image = "";
let trapping = "";

before(() => {
  skip = missingTool("qemu-system-arm", "qemu-system-arm") ?? missingTool("arm-none-eabi-gcc", "gcc-arm-none-eabi") ?? missingTool("wasm2c", "wabt") ?? missingTool("wat2wasm", "wabt");
  if (!skip) image = buildQemuImage();
});


/**
 * The door station for the network, recording each call into the firmware as
 * a record of boards/cortex-m/qemu-mps2-an386/port.c's script, and what the
 * firmware did in it as the trace lines port.c writes.
 */
class Recorder implements Station<IntercomEvent> {
  records: Buffer[] = [];
  trace: string[] = [];
  private pending: Datagram[] = [];
  private last: IntercomEvent[] = [];
  private logged = 0;
  constructor(private door: Intercom) {}

  start(now: number): void {
    this.records.push(Rec.boot(now, DOOR.host));
    this.door.start(now);
    this.done("B");
  }
  receive(data: Uint8Array, from: Address, now: number): number {
    this.records.push(Rec.datagram(now, from, data));
    const verdict = this.door.receive(data, from, now);
    this.trace.push(`verdict ${verdict}`);
    this.done("D");
    return verdict;
  }
  tick(now: number): void {
    this.records.push(Rec.tick(now));
    this.door.tick(now);
    this.done("T");
  }
  nextDeadline(now: number): number {
    this.records.push(Rec.deadline(now));
    const d = this.door.nextDeadline(now);
    this.trace.push(`deadline ${d}`, "end N");
    return d;
  }
  key(code: number, down: boolean, now: number): void {
    this.records.push(Rec.key(now, code, down));
    this.door.key(code, down, now);
    this.done("K");
  }
  /** One tick of the audio clock with this microphone frame: port.c answers "audio r" and, when 1, the speaker's frame. */
  audio(now: number, mic: Int16Array): void {
    this.records.push(Rec.audio(now, mic));
    const speaker = new Int16Array(160);
    const on = this.door.audio(now, mic, speaker);
    this.trace.push(`audio ${on}`);
    if (on === 1) this.trace.push(`speaker ${Buffer.from(speaker.buffer).toString("hex")}`);
    this.done("A");
  }
  outbox(): Datagram[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
  events(): IntercomEvent[] {
    return this.last;
  }

  private done(record: string): void {
    for (const d of this.door.outbox()) {
      this.trace.push(`send ${d.to.host}:${d.to.port} ${Buffer.from(d.data).toString("hex")}`);
      this.pending.push(d);
    }
    for (const d of this.door.mediaOutbox()) this.trace.push(`media ${d.channel} ${d.to.host}:${d.to.port} ${Buffer.from(d.data).toString("hex")}`);
    for (const o of this.door.outputs()) this.trace.push(`output ${o.id} ${o.on ? "on" : "off"}`);
    const logs = this.door.logs();
    for (; this.logged < logs.length; this.logged++) this.trace.push(`log ${logs[this.logged].level} ${logs[this.logged].text}`);
    this.last = this.door.events();
    for (const e of this.last) this.trace.push(`event ${e.kind} ${e.a} ${e.b}`);
    this.trace.push(`end ${record}`);
  }
}

// Within one record the firmware's sends, outputs and logs keep their order
// by kind; port.c writes them as they happen and the simulator collects them
// by kind, so both are compared grouped by kind.
const ORDER = ["audio", "speaker", "send", "media", "output", "log", "verdict", "deadline", "event", "end"];
function grouped(lines: string[]): string[][] {
  const records: string[][] = [];
  let current: string[] = [];
  for (const l of lines) {
    current.push(l);
    if (l.startsWith("end ")) {
      const rank = (x: string) => ORDER.indexOf(x.split(" ", 1)[0]);
      records.push(current.map((x, i) => [x, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([x]) => x));
      current = [];
    }
  }
  if (current.length) records.push(current);
  return records;
}

/** The entropy port.c's hal_random gives, for tests: x = x * 1103515245 + 12345 in 32 bits from 7, the top octet of each. */
function lcg(): (n: number) => Uint8Array {
  let x = 7;
  return (n) => Uint8Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
}

const FLAT1_SECRET = "flat1-secret-9";

/** A day of the door station on the simulated network; the recorder holds the calls and the trace. */
async function playDay(): Promise<{ config: Uint8Array; recorder: Recorder; net: Net }> {
  // flat1 calls the door directly (not through the registrar): incoming.direct, and it answers the station's 401 with its secret.
  const incoming = { mode: "auto-answer", direct: true, allowed: [{ caller: "flat1", secret: FLAT1_SECRET }] };
  const config = block({ ...BASE, keepaliveInterval: 30, incoming, relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 0 }] });
  const net = new Net(1);
  net.add("registrar", REGISTRAR, new Registrar());
  const recorder = new Recorder(await Intercom.create(config, DOOR.host, lcg()));
  const door = net.add("door", DOOR, recorder);
  recorder.start(0);
  net.collect(door);
  const flat = net.add("flat1", FLAT1, await SipEngine.create({ user: "flat1", domain: "example.com", localHost: FLAT1.host, localPort: FLAT1.port, sdp: flatSdp(FLAT1), password: FLAT1_SECRET }, 5));
  // The keypad: the access code, then '#'.
  [..."9876#"].forEach((k, i) => {
    net.at(2000 + i * 200, () => { recorder.key(k.charCodeAt(0), true, net.now); net.collect(door); });
    net.at(2050 + i * 200, () => { recorder.key(k.charCodeAt(0), false, net.now); net.collect(door); });
  });
  // The apartment calls the door (challenged, then auto-answered for flat1), sends the door code as DTMF, and hangs up.
  let call = -1;
  net.at(8000, () => { call = flat.engine.call(`sip:door@${DOOR.host}`, DOOR, net.now); net.collect(flat); });
  flat.onEvent = (ev) => {
    if (ev.kind !== UaEvent.Answered) return;
    [..."1234#"].forEach((d, i) => net.at(net.now + 300 + i * 200, () => { flat.engine.info(call, `Signal=${d}\r\nDuration=160\r\n`, net.now); net.collect(flat); }));
    // Two seconds of the audio clock with a 1000 Hz tone at the microphone: the RTP (and the first RTCP) it sends, byte for byte.
    const mic = new ToneMicrophone(1000, -10);
    for (let k = 0; k < 100; k++) {
      net.at(net.now + 100 + 20 * k, () => { const f = new Int16Array(160); mic.next(f); recorder.audio(net.now, f); net.collect(door); });
    }
    net.at(net.now + 4000, () => { flat.engine.hangup(call, net.now); net.collect(flat); });
  };
  // The call button: the INVITE goes to the registrar, which never answers it (Timer A retransmits, Timer B ends it).
  net.at(20_000, () => { recorder.key(Key.button(0), true, net.now); net.collect(door); });
  net.at(20_060, () => { recorder.key(Key.button(0), false, net.now); net.collect(door); });
  net.run(70_000);
  return { config, recorder, net };
}

test("the Cortex-M4 image, run by QEMU (MPS2 AN386), does what the simulator does on a door station's day: every datagram byte for byte, outputs, logs, events, verdicts and timers", async (t) => {
  if (skip) return t.skip(skip);
  const { config, recorder } = await playDay();
  const lines = recorder.trace;
  // The day covered what it is meant to: digest registration, keepalives, the relay from the keypad and from DTMF, a call.
  assert.ok(lines.filter((l) => l.startsWith("send 192.0.2.20:5060 5245474953544552")).length >= 2, "REGISTER sent, then again with credentials");
  assert.ok(lines.some((l) => l.startsWith("send 192.0.2.20:5060 4f5054494f4e53")), "an OPTIONS keepalive");
  assert.ok(lines.filter((l) => l === "output 0 on").length >= 2, "the relay pulsed for the keypad code and for the DTMF code");
  assert.ok(lines.some((l) => l === "event 1 0 600"), "registered for 600 s");
  assert.ok(lines.filter((l) => l.startsWith("media 0 192.0.2.31:4002 80")).length >= 99, "RTP to the flat's SDP port on each audio tick");
  assert.ok(lines.some((l) => /^media 1 192\.0\.2\.31:4003 8[01]c8/.test(l)), "RTCP sender reports to the flat's RTCP port");
  writeFileSync(path.join(dir, "config.bin"), config);
  const r = runScript(image, dir, recorder.records);
  assert.equal(r.status, 0, `qemu-system-arm exited ${r.status}: ${r.stderr}`);
  const [want, got] = [grouped(lines), grouped(r.trace)];
  assert.equal(got.length, want.length, "one trace record per call");
  for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `call ${i + 1} of ${want.length}`);
});

/** The image `elf` on `records` in a fresh directory (no configuration block). */
const runFresh = (elf: string, records: Buffer[]) => runScript(elf, mkdtempSync(path.join(dir, "run-")), records, [], 60_000);

const boot = Rec.boot(0, DOOR.host);
const datagram = (text: string) => Rec.datagram(10, { host: "192.0.2.1", port: 5060 }, Buffer.from(text));

test("on the Cortex-M4 a trap reaches the port's hal_restart with its reason: an access outside the module's memory is caught by wasm2c's bounds check (no guard pages on a microcontroller), an abort by board.fault then unreachable", async (t) => {
  if (skip) return t.skip(skip);
  if (!trapping) trapping = buildQemuImage(trappingModule(dir), path.join(dir, "trapping"));
  const echo = Buffer.from("hello").toString("hex");
  const oob = runFresh(trapping, [boot, datagram("hello"), datagram("O")]);
  assert.equal(oob.status, 1, "hal_restart ends the run as a failure");
  assert.deepEqual(oob.trace, ["event 12 1 0", "end B", `send 192.0.2.1:5060 ${echo}`, "verdict 0", "end D", "trap out-of-bounds memory access"]);
  const fault = runFresh(trapping, [boot, datagram("F")]);
  assert.equal(fault.status, 1);
  assert.deepEqual(fault.trace.slice(2), ["fault boom 7:9", "trap unreachable (a firmware fault)"]);
});

// RFC 3903 §4.5 on the Cortex-M4: a stop while the first PUBLISH is still
// unanswered waits for that answer (intercom_shutdown_pending), then removes
// what it was given, as the simulator and the native board do.
test("on the Cortex-M4, a shutdown while the initial publication is unanswered waits for its late 200, then sends the removal", async (t) => {
  if (skip) return t.skip(skip);
  const server = await PresenceServer.start({ answerFirstAfterMs: 300 });
  const station = await QemuStation.start({ config: publishingConfig(server.port) });
  try {
    await server.until(1, 5000);
    assert.equal(server.publishes.length, 1, "the initial publication");
    await station.shutdown();
    assert.equal(server.publishes.length, 2, "the removal, sent after the late answer and before the end");
    assert.equal(header(server.publishes[1], "Expires"), "0");
    assert.equal(header(server.publishes[1], "SIP-If-Match"), "etag1");
  } finally {
    station.close();
    server.close();
  }
});
