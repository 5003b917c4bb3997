// The Cortex-M4 under QEMU speaks protocol 4 on its provisioning UART (board
// ABI 4, docs/serial-agent.md): UART1 of the MPS2 AN386 as a pty
// (support/qemu-serial.ts), the image started by the boot stage from a packed
// slot image (support/qemu-boot.ts). The firmware answers Hello with the
// board's BootInfo (qemu-mps2-an386, kind 3, the running slot), Status with
// the station's state, Press with the keys taken. Needs QEMU, the Arm
// toolchain and wasm2c (skipped without them, mandatory in CI).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BoardState, bootSkip, slotImage } from "./support/qemu-boot.js";
import { QemuSerialBoard } from "./support/qemu-serial.js";
import { decodeHello } from "../../host/serial/codec/hello.js";
import { decodeStatusAnswer } from "../../host/serial/codec/status.js";
import { versionText } from "../../host/image/format.js";

let skip: string | null = null;
let board: QemuSerialBoard | null = null;
before(async () => {
  skip = bootSkip();
  if (skip) return;
  const state = new BoardState();
  state.slot("A", slotImage([1, 2, 3]));
  board = await QemuSerialBoard.start(state);
  await board.waitFor(/^end B$/, 0, 20_000);
});
after(async () => {
  await board?.kill();
});

test("Hello is answered with protocol 4 and the board's BootInfo: qemu-mps2-an386, kind 3, slot A running, not on trial", async (t) => {
  if (skip) return t.skip(skip);
  const r = await board!.request(Cmd.Hello, Buffer.from([1, 0, 0, 0]));
  assert.equal(r.status, Status.Ok);
  const hello = decodeHello(r.payload);
  assert.equal(hello.protocol, 4);
  assert.equal(hello.board, "qemu-mps2-an386");
  assert.deepEqual([hello.kind, hello.running, hello.trial, hello.lastBoot], [3, 0, 0, 0]);
  assert.equal(hello.memoryBytes, 131072);
  assert.equal(hello.slotCapacity, 0x400000 - 0x10000, "the application area after the 64 KiB boot stage");
});

test("Hello reads slot A's image from its file (version 1.2.3) and slot B as empty", async (t) => {
  if (skip) return t.skip(skip);
  const hello = decodeHello((await board!.request(Cmd.Hello, Buffer.from([2, 0, 0, 0]))).payload);
  assert.deepEqual(hello.slots.map((s) => [s.state, versionText(s.version)]), [[1, "1.2.3"], [0, "0.0.0"]]);
  assert.equal(hello.slots[0].size, slotImage([1, 2, 3]).length);
});

test("Status is the Hello record then the station's state: no configuration stored (config 1), uptime from boardStart", async (t) => {
  if (skip) return t.skip(skip);
  await board!.waitFor(/^end T$/, 0, 10_000); // a tick's time after intercom_boot's: the `now` of the serial calls
  const r = await board!.request(Cmd.Status);
  assert.equal(r.status, Status.Ok);
  const { hello, status } = decodeStatusAnswer(r.payload);
  assert.equal(hello.board, "qemu-mps2-an386");
  assert.equal(status.config, 1, "config: none stored (there is no config.bin)");
  assert.ok(status.uptimeMs > 0, `uptime ${status.uptimeMs} ms: the last tick's time since intercom_boot`);
});

test("Press takes keypad keys and answers how many", async (t) => {
  if (skip) return t.skip(skip);
  const r = await board!.request(Cmd.Press, Buffer.from("9876#"));
  assert.equal(r.status, Status.Ok);
  assert.deepEqual([...r.payload], [5]);
});

test("Press refuses what is not a key, naming the field", async (t) => {
  if (skip) return t.skip(skip);
  const r = await board!.request(Cmd.Press, Buffer.from("doorbell"));
  assert.equal(r.status, Status.BadRequest);
  assert.match(r.payload.subarray(2).toString("latin1"), /^key: /);
});
