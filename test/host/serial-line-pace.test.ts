// The test line's pacing (support/serial-line.ts): with `baud` set, the
// FaultyLine delivers no faster than the line rate of 8N1 framing (a start
// bit, 8 data bits, a stop bit: 10 bits an octet) in each direction, at the
// rates the flash bench measures (test/bench/flash-bench.ts), and not much
// slower. Octets written on one end of the line are timed until the last one
// is read on the other.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SerialPort } from "serialport";
import { FaultyLine, ptyPair, type PtyPair } from "./support/serial-line.js";
import { tempDir } from "./support/serial-board.js";
import { missingTool } from "./support/tools.js";

const skip = missingTool("socat", "socat");
const pairs: PtyPair[] = [];
let left: PtyPair, right: PtyPair;

before(async () => {
  if (skip) return;
  const dir = tempDir("pace");
  left = await ptyPair(dir, "left");
  right = await ptyPair(dir, "right");
  pairs.push(left, right);
});

after(() => pairs.forEach((p) => p.close()));

function open(p: string): Promise<SerialPort> {
  return new Promise((ok, no) => {
    const port = new SerialPort({ path: p, baudRate: 115200, autoOpen: false });
    port.open((err) => (err ? no(err) : ok(port)));
  });
}

/** Seconds from writing `octets` octets into `from` until all of them came out of `to`. */
async function timed(from: SerialPort, to: SerialPort, octets: number): Promise<number> {
  let got = 0;
  const done = new Promise<void>((r) => to.on("data", (d: Buffer) => (got += d.length) >= octets && r()));
  const t0 = performance.now();
  // Written in 256-octet pieces, as a sender paced by its own UART would hand them over.
  for (let at = 0; at < octets; at += 256) from.write(Buffer.alloc(Math.min(256, octets - at), 0x55));
  await done;
  return (performance.now() - t0) / 1000;
}

for (const baud of [115200, 921600]) {
  test(`a line paced at ${baud} baud carries 10 bits an octet in each direction, no faster`, { skip: skip ?? false }, async () => {
    const line = await FaultyLine.join(left.b, right.a, { corrupt: 0, drop: 0, seed: 1, baud });
    const host = await open(left.a), board = await open(right.b);
    try {
      const octets = baud / 10 / 2; // half a second of the line
      for (const [from, to, name] of [[host, board, "host to board"], [board, host, "board to host"]] as const) {
        const seconds = await timed(from, to, octets);
        assert.ok(seconds >= 0.5 * 0.98, `${name}: ${octets} octets in ${seconds.toFixed(3)} s, faster than ${baud} baud`);
        assert.ok(seconds < 0.5 * 2, `${name}: ${octets} octets in ${seconds.toFixed(3)} s, under half the line rate`);
      }
    } finally {
      await new Promise<void>((r) => host.close(() => r()));
      await new Promise<void>((r) => board.close(() => r()));
      await line.close();
    }
  });
}
