// Provisioning the Cortex-M4 under QEMU over its provisioning UART (protocol
// 4's ConfigWrite, docs/serial-agent.md "The configuration"): the firmware
// validates the block, stores it through the port's hal_config_write
// (boards/cortex-m/qemu-mps2-an386/slots.c: config.new renamed over
// config.bin) and the board reboots through the boot stage on it.
// Needs QEMU, the Arm toolchain and wasm2c (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BoardState, bootSkip, slotImage } from "./support/qemu-boot.js";
import { QemuSerialBoard } from "./support/qemu-serial.js";
import { decodeStatusAnswer } from "../../host/serial/codec/status.js";
import { BASE, block } from "./support/intercom-fixture.js";

let skip: string | null = null;
before(() => {
  skip = bootSkip();
});

/** Status's config (docs/serial-agent.md "Status record"): 0 loaded, 1 none, 2 refused. */
async function configState(board: QemuSerialBoard): Promise<number> {
  const r = await board.request(Cmd.Status);
  assert.equal(r.status, Status.Ok);
  return decodeStatusAnswer(r.payload).status.config;
}

test("ConfigWrite stores the block as config.bin whole (no spare left) and the board reboots through the boot stage on it: Status then says loaded", async (t) => {
  if (skip) return t.skip(skip);
  const state = new BoardState();
  state.slot("A", slotImage([1, 0, 0]));
  const board = await QemuSerialBoard.start(state);
  try {
    await board.waitFor(/^end B$/, 0, 20_000);
    assert.equal(await configState(board), 1, "no configuration stored yet");
    const config = Buffer.from(block(BASE));
    const mark = board.lines.length;
    await board.quiet(); // no record half-read across the reset
    const r = await board.request(Cmd.ConfigWrite, config);
    assert.equal(r.status, Status.Ok, r.payload.subarray(2).toString("latin1"));
    assert.deepEqual([...r.payload], [1]);
    await board.waitFor(/^reboot$/, mark, 10_000);
    assert.deepEqual(readFileSync(state.file("config.bin")), config);
    assert.equal(existsSync(state.file("config.new")), false);
    await board.waitFor(/^end B$/, mark, 20_000);
    assert.equal(await configState(board), 0, "loaded at the boot after the write");
  } finally {
    await board.kill();
  }
});
