// The host's greeting in protocol 4 (docs/serial-agent.md): a board of an
// older protocol, which answers Hello in JSON, is refused with a message
// saying what to do; a protocol 4 board's refusals reach the caller as
// {error, field}. The board here is a scripted one on an in-process stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Duplex } from "node:stream";
import { SlipDecoder, SlipEncoder } from "serialport";
import { Client } from "../../host/serial/client.js";
import { BoardRefused } from "../../host/serial/link.js";
import { Cmd, Kind, Status, decodeFrame, encodeFrame, type Frame } from "../../host/serial/frame.js";
import { encodeHello, type HelloRecord } from "../../host/serial/codec/hello.js";
import { encodeRefusal } from "../../host/serial/codec/refusal.js";

/** A board that answers each request with `answer(request)`, framed and SLIP-encoded. */
class ScriptedBoard extends Duplex {
  isOpen = true;
  private readonly decoder = new SlipDecoder();
  private readonly encoder = new SlipEncoder({ bluetoothQuirk: true });
  constructor(answer: (f: Frame) => { status: number; payload: Buffer }) {
    super();
    this.encoder.on("data", (b: Buffer) => this.push(b));
    this.decoder.on("data", (packet: Buffer) => {
      const f = decodeFrame(packet);
      if (typeof f === "string") return;
      const a = answer(f);
      this.encoder.write(encodeFrame({ kind: Kind.Response, seq: f.seq, cmd: f.cmd, status: a.status, payload: a.payload }));
    });
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.decoder.write(chunk);
    done();
  }
  close(cb: () => void): void {
    this.isOpen = false;
    cb();
  }
}

const empty = { state: 0, version: { major: 0, minor: 0, revision: 0, build: 0 }, size: 0, sha256: new Uint8Array(32) };
const HELLO: HelloRecord = {
  protocol: 4, features: 0x1f, maxPayload: 1028, maxTransfer: 4096, running: 0, trial: 0, lastBoot: 0, kind: 1,
  slotCapacity: 1 << 20, memoryBytes: 1 << 17, board: "simulator", slots: [empty, empty],
};

const refusedForProtocol = (err: unknown) => {
  assert.ok(err instanceof BoardRefused, String(err));
  assert.equal(err.field, "protocol");
  assert.match(err.message, /the board speaks serial protocol 3 \(JSON payloads\); this intercom speaks protocol 4/);
  return true;
};

test("a board of protocol 3 answering Hello in JSON is refused at the greeting, naming both protocols", async () => {
  const board = new ScriptedBoard(() => ({ status: Status.Ok, payload: Buffer.from(JSON.stringify({ protocol: 3, board: "simulator" })) }));
  await assert.rejects(Client.over("scripted", board, { timeoutMs: 50, retries: 1 }), refusedForProtocol);
  assert.equal(board.isOpen, false, "the port is closed again");
});

test("a board of protocol 3 that refuses protocol 4's binary Hello in JSON is refused the same way", async () => {
  const board = new ScriptedBoard(() => ({ status: Status.BadRequest, payload: Buffer.from(JSON.stringify({ error: "payload must be a JSON object" })) }));
  await assert.rejects(Client.over("scripted", board, { timeoutMs: 50, retries: 1 }), (err: unknown) =>
    err instanceof BoardRefused && err.field === "protocol" && /protocol 3 or older/.test(err.message));
});

test("a Hello record naming a protocol below 4 is refused", async () => {
  const board = new ScriptedBoard(() => ({ status: Status.Ok, payload: encodeHello({ ...HELLO, protocol: 3 }) }));
  await assert.rejects(Client.over("scripted", board, { timeoutMs: 50, retries: 1 }), refusedForProtocol);
});

test("the link keeps to the frame size the board announced in Hello", async () => {
  const board = new ScriptedBoard(() => ({ status: Status.Ok, payload: encodeHello(HELLO) }));
  const c = await Client.over("scripted", board, { timeoutMs: 50, retries: 1 });
  assert.deepEqual([c.link.maxPayload, c.link.maxTransfer], [1028, 4096]);
  assert.equal(c.info.board, "simulator");
});

test("a refusal reaches the caller with the field of its FIELD: text", async () => {
  const board = new ScriptedBoard((f) => (f.cmd === Cmd.Hello ? { status: Status.Ok, payload: encodeHello(HELLO) } : { status: Status.NotReady, payload: encodeRefusal(0, 0, "trial: slot A runs on trial") }));
  const c = await Client.over("scripted", board, { timeoutMs: 50, retries: 1 });
  await assert.rejects(c.request(Cmd.FlashBegin, Buffer.alloc(80)), (err: unknown) =>
    err instanceof BoardRefused && err.status === Status.NotReady && err.field === "trial" && err.message === "trial: slot A runs on trial");
});

test("a refused configuration reaches the caller naming the JSON field of the tag at fault", async () => {
  const board = new ScriptedBoard((f) => (f.cmd === Cmd.Hello ? { status: Status.Ok, payload: encodeHello(HELLO) } : { status: Status.Refused, payload: encodeRefusal(15, 0x62, "") }));
  const c = await Client.over("scripted", board, { timeoutMs: 50, retries: 1 });
  await assert.rejects(c.request(Cmd.ConfigWrite, Buffer.alloc(20)), (err: unknown) =>
    err instanceof BoardRefused && err.field === "accessCodes[].relay" && /access code names a missing relay/.test(err.message));
});
