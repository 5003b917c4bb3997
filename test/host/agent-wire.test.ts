// The firmware's serial agent on the Node host (board ABI 4, docs/serial-agent.md):
// build/firmware.wasm loaded through Intercom with a HAL that keeps what the
// module writes to its UART, spoken to with the host's own frames
// (host/serial/frame.ts) and serialport's SLIP (RFC 1055), as a serial port
// would carry them. A board that gives no BootInfo and no slots is answered
// for by the host as one without them: running 0xFF, both slots empty.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SlipDecoder, SlipEncoder } from "serialport";
import { Intercom, Ev } from "../../host/intercom.js";
import { encodeFrame, decodeFrame, Kind, Cmd, Status, type Frame } from "../../host/serial/frame.js";
import { BASE, block } from "./support/intercom-fixture.js";

const ADDRESS = "192.0.2.7";

/** The packets serialport's SLIP stream makes of `data`, in order. */
function slipThrough(stream: SlipEncoder | SlipDecoder, data: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    stream.on("data", (b: Buffer) => out.push(b));
    stream.on("error", reject);
    stream.on("end", () => resolve(out));
    stream.end(data);
  });
}

/** A station whose UART output is kept, started at t = 0 with `config`. */
async function station(config: Uint8Array | null) {
  const uart: Buffer[] = [];
  const door = await Intercom.create(config, ADDRESS, undefined, undefined, undefined, { serialWrite: (b: Buffer) => void uart.push(b) });
  door.start(0);
  /** One request on the UART at `now`: the frames the module wrote back, decoded. */
  const ask = async (seq: number, cmd: number, payload: Buffer, now: number): Promise<Frame[]> => {
    const [onLine] = await slipThrough(new SlipEncoder({ bluetoothQuirk: true }), encodeFrame({ kind: Kind.Request, seq, cmd, status: 0, payload }));
    uart.length = 0;
    door.serial(onLine, now);
    const packets = await slipThrough(new SlipDecoder(), Buffer.concat(uart));
    return packets.map((p) => {
      const f = decodeFrame(p);
      if (typeof f === "string") throw new Error(`the module wrote a damaged frame: ${f}`);
      return f;
    });
  };
  return { door, ask };
}

/** The Hello record's board name and what follows it. */
function afterName(record: Buffer): { name: string; rest: Buffer } {
  const n = record[18];
  return { name: record.subarray(19, 19 + n).toString("latin1"), rest: record.subarray(19 + n) };
}

test("Hello over real frames: protocol 4, maxPayload 1028, maxTransfer 4096, and a board without slots as running 0xFF, named, both slots empty", async () => {
  const { ask } = await station(null);
  const [answer] = await ask(1, Cmd.Hello, Buffer.from([0, 0, 0, 0]), 10);
  assert.equal(answer.kind, Kind.Response);
  assert.equal(answer.seq, 1);
  assert.equal(answer.status, Status.Ok);
  const r = answer.payload;
  assert.deepEqual([r[0], r.readUInt16LE(2), r.readUInt16LE(4), r[6]], [4, 1028, 4096, 0xff]);
  const { name, rest } = afterName(r);
  assert.equal(name, "simulator");
  assert.deepEqual(rest, Buffer.alloc(90)); // slot A and slot B: state 0, all zeros
});

test("Status over real frames decodes: uptime, registration not yet, config loaded, the station's own address and port", async () => {
  const { ask } = await station(block(BASE));
  const [answer] = await ask(2, Cmd.Status, Buffer.alloc(0), 2500);
  assert.equal(answer.status, Status.Ok);
  const s = afterName(answer.payload).rest.subarray(90); // after the two slot summaries
  assert.equal(s.length, 39);
  assert.equal(s.readUInt32LE(0), 2500);
  assert.equal(s[6], 0); // registration: none yet (the registrar never answered)
  assert.equal(s[19], 0); // config: loaded
  assert.deepEqual([...s.subarray(21 + 10, 21 + 16)], [0xff, 0xff, 192, 0, 2, 7]);
  assert.equal(s.readUInt16BE(21 + 16), 5060);
});

test("Monitor on over real frames: a door code pressed over the link comes back as a relay event frame, then the Press answer", async () => {
  const { ask } = await station(block(BASE));
  const [on] = await ask(3, Cmd.Monitor, Buffer.from([1]), 100);
  assert.deepEqual(on.payload, Buffer.from([1]));
  const frames = await ask(4, Cmd.Press, Buffer.from("9876#", "latin1"), 200);
  const relay = frames.find((f) => f.kind === Kind.Event && f.cmd === Cmd.Event && f.payload[0] === Ev.Relay);
  assert.ok(relay, `no relay event among ${frames.map((f) => `${f.kind}/${f.cmd}`).join(", ")}`);
  assert.deepEqual([relay.payload.readInt32LE(1), relay.payload.readInt32LE(5)], [0, 1]);
  const last = frames[frames.length - 1];
  assert.deepEqual([last.kind, last.seq, last.cmd, [...last.payload]], [Kind.Response, 4, Cmd.Press, [5]]);
});

test("a board without a UART (no serialWrite) takes boardSerial without trapping and writes nothing", async () => {
  const door = await Intercom.create(null, ADDRESS);
  door.start(0);
  const [hello] = await slipThrough(new SlipEncoder(), encodeFrame({ kind: Kind.Request, seq: 1, cmd: Cmd.Hello, status: 0, payload: Buffer.alloc(4) }));
  assert.doesNotThrow(() => door.serial(hello, 10));
});
