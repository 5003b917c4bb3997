// What the Cortex-M4's boot stage chose reaches Hello over the provisioning
// UART (board ABI 4's BootInfo, docs/serial-agent.md): the boot stage hands
// the started slot, its trial and how the choice went to the image
// (boards/cortex-m/qemu-mps2-an386/boot/handoff.h), and the port's slots.c
// gives them to the firmware. Each boot is a real restart of QEMU on the same
// semihosted slots and boot record (support/qemu-boot.ts, qemu-serial.ts).
// Needs QEMU, the Arm toolchain and wasm2c (skipped without them, mandatory in CI).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Cmd, Status } from "../../host/serial/frame.js";
import { BoardState, bootSkip, slotImage } from "./support/qemu-boot.js";
import { QemuSerialBoard } from "./support/qemu-serial.js";
import { decodeHello, type HelloRecord } from "../../host/serial/codec/hello.js";

let skip: string | null = null;
before(() => {
  skip = bootSkip();
});

/** QEMU started on the state, Hello once the image booted, QEMU killed. */
async function helloAfterBoot(state: BoardState, o: { ticks?: boolean } = {}): Promise<{ hello: HelloRecord; boot: string[] }> {
  const board = await QemuSerialBoard.start(state, o);
  try {
    await board.waitFor(/^end B$/, 0, 20_000);
    const r = await board.request(Cmd.Hello, Buffer.from([0, 0, 0, 0]));
    assert.equal(r.status, Status.Ok);
    return { hello: decodeHello(r.payload), boot: board.lines.filter((l) => l.startsWith("boot: ")) };
  } finally {
    await board.kill();
  }
}

/** Slot A 1.0.0 confirmed, slot B 2.0.0 (or `b`) activated on trial and not yet tried. */
function trialOfB(b = slotImage([2, 0, 0])): BoardState {
  const state = new BoardState();
  state.slot("A", slotImage([1, 0, 0]));
  state.slot("B", b);
  state.writeRecord([{ sequence: 1, active: "A", trial: false, tried: false }, { sequence: 2, active: "B", trial: true, tried: false }]);
  return state;
}

test("an image the boot stage started on trial says so in Hello: running slot B, trial 1, last boot as chosen", async (t) => {
  if (skip) return t.skip(skip);
  const { hello, boot } = await helloAfterBoot(trialOfB(), { ticks: false });
  assert.deepEqual(boot, ["boot: slot B on trial", "boot: slot B: starting version 2.0.0"]);
  assert.deepEqual([hello.running, hello.trial, hello.lastBoot], [1, 1, 0]);
});

test("a trial that never confirmed falls back at the next boot, and Hello says last boot 1 (fell back: never confirmed) from slot A", async (t) => {
  if (skip) return t.skip(skip);
  const state = trialOfB();
  await helloAfterBoot(state, { ticks: false }); // no tick: the trial image never confirms, then the power goes
  const { hello, boot } = await helloAfterBoot(state);
  assert.deepEqual(boot, ["boot: slot B never confirmed, back to A", "boot: slot A: starting version 1.0.0"]);
  assert.deepEqual([hello.running, hello.trial, hello.lastBoot], [0, 0, 1]);
});

test("a damaged trial image is given up at boot, and Hello says last boot 2 (fell back: damaged) from slot A", async (t) => {
  if (skip) return t.skip(skip);
  const damaged = slotImage([2, 0, 0]);
  damaged[32 + 1000] ^= 0x01;
  const { hello, boot } = await helloAfterBoot(trialOfB(damaged));
  assert.deepEqual(boot, ["boot: slot B on trial", "boot: slot B refused: hash mismatch", "boot: slot B trial given up, back to A", "boot: slot A: starting version 1.0.0"]);
  assert.deepEqual([hello.running, hello.trial, hello.lastBoot], [0, 0, 2]);
});
