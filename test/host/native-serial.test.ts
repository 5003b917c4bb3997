// The native board speaking protocol 4 (docs/serial-agent.md) on --serial:
// the firmware's own serial agent, run by the board of build/firmware.wasm
// under its supervisor (--slots), on one end of a socat pseudo-terminal pair;
// the test speaks frames on the other (support/agent-line.ts). Needs wasm2c,
// cc and socat (skipped without them, mandatory in CI).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Cmd, Status } from "../../host/serial/frame.js";
import { Ev } from "../../host/vocabulary.js";
import { BINARY } from "../../host/tools/build-native.js";
import { AgentLine, helloRecord, statusRecord } from "./support/agent-line.js";
import { packed } from "./support/native-slots.js";
import { agentBoard, closeAll } from "./support/native-serial.js";
import { nativeSkip } from "./support/interop-native.js";
import { missingTool } from "./support/tools.js";

let skip: string | null = null;
let v1: Buffer;
const ACCESS_CODE = "9876";
/** The keys that enter it: the code ended by # (without it the code ends after the 10 s inter-digit pause). */
const KEYS = `${ACCESS_CODE}#`;

before(async () => {
  skip = nativeSkip() ?? missingTool("socat", "socat");
  if (skip) return;
  v1 = await packed(BINARY, "1.0.0");
});

after(closeAll);

/** Slot A holding 1.0.0 with a keypad access code for relay 0. */
const board = () => agentBoard(v1, { relays: [{ pulseMs: 3000 }], accessCodes: [{ code: ACCESS_CODE, relay: 0 }] });

test("Hello is answered with the protocol 4 record: board native-linux, kind 2, running slot A, the slots' images", async (t) => {
  if (skip) return t.skip(skip);
  const { line } = await board();
  const r = await line.request(Cmd.Hello, Buffer.alloc(4));
  assert.equal(r.status, Status.Ok);
  const { slots, end: _, ...hello } = helloRecord(r.payload);
  assert.deepEqual({ ...hello, features: undefined }, {
    protocol: 4, features: undefined, maxPayload: 1028, maxTransfer: 4096, running: 0, trial: 0, lastBoot: 0, kind: 2,
    slotCapacity: 64 << 20, memory: 131072, board: "native-linux",
  });
  assert.deepEqual([slots[0].state, slots[0].version, slots[0].size], [1, "1.0.0", v1.length]);
  assert.equal(slots[1].state, 0, "slot B empty");
});

test("Status answers the Hello record and then the Status record: the configuration loaded, no relay on, the uptime counting", async (t) => {
  if (skip) return t.skip(skip);
  const { line } = await board();
  const first = await line.request(Cmd.Status);
  await new Promise((r) => setTimeout(r, 200));
  const second = await line.request(Cmd.Status);
  assert.equal(first.status, Status.Ok);
  const hello = helloRecord(first.payload);
  assert.equal(hello.board, "native-linux");
  const a = statusRecord(first.payload, hello.end), b = statusRecord(second.payload, hello.end);
  assert.deepEqual([a.config, a.relays, a.call, a.lockout], [0, 0, 0, 0]);
  assert.ok(b.uptime - a.uptime >= 150, `uptime ${a.uptime} then ${b.uptime} ms, 200 ms apart`);
});

test("Press of the keypad access code opens relay 0 (a gpio line, and Status shows it)", async (t) => {
  if (skip) return t.skip(skip);
  const { run, line } = await board();
  const r = await line.request(Cmd.Press, Buffer.from(KEYS, "latin1"));
  assert.deepEqual([r.status, [...r.payload]], [Status.Ok, [KEYS.length]]);
  await run.until((l) => l.event === "output" && l.output === 0 && l.on === true, "relay 0 on");
  const s = await line.request(Cmd.Status);
  assert.equal(statusRecord(s.payload, helloRecord(s.payload).end).relays & 1, 1);
});

test("Monitor on streams the firmware's events as event frames: the relay opened by a Press comes as event 5 [kind][a i32][b i32]", async (t) => {
  if (skip) return t.skip(skip);
  const { line } = await board();
  const on = await line.request(Cmd.Monitor, Buffer.of(1));
  assert.deepEqual([on.status, [...on.payload]], [Status.Ok, [1]]);
  await line.request(Cmd.Press, Buffer.from(KEYS, "latin1"));
  const relayOn = Buffer.from([Ev.Relay, 0, 0, 0, 0, 1, 0, 0, 0]);
  for (let i = 0; i < 40 && !line.events.some((f) => f.payload.equals(relayOn)); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(line.events.some((f) => f.cmd === Cmd.Event && f.payload.equals(relayOn)), JSON.stringify(line.events));
});

test("a request over the serial port adds no event of its own: boardSerial starts with the firmware's event queue empty", async (t) => {
  if (skip) return t.skip(skip);
  const { run, line } = await board();
  const before = run.lines.length;
  await line.request(Cmd.Hello, Buffer.alloc(4));
  await line.request(Cmd.Status);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(run.lines.slice(before), [], "the boot's config event is not printed again");
});

test("Reboot answers, then the board's child ends with status 75 and the supervisor boots slot A again, which answers Hello", async (t) => {
  if (skip) return t.skip(skip);
  const { run, line } = await board();
  const r = await line.request(Cmd.Reboot);
  assert.deepEqual([r.status, r.payload.length], [Status.Ok, 0]);
  const ended = await run.until((l) => l.event === "ended", "the child's end");
  assert.deepEqual([ended.slot, ended.status], ["A", 75]);
  await run.until((l) => l.event === "listening" && run.lines.indexOf(l) > run.lines.indexOf(ended), "the board listening again");
  const hello = await line.request(Cmd.Hello, Buffer.alloc(4));
  assert.equal(helloRecord(hello.payload).running, 0);
});
