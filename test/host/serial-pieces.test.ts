// Long payloads over a real serial line (docs/serial-protocol.md, "Long
// payloads"; docs/serial-agent.md): a valid configuration whose block is
// longer than one of the firmware's frames (maxPayload 1028) is provisioned
// (PieceIn) and read back (PieceOut) in pieces; a request longer than the
// board assembles (maxTransfer 4096) is refused before it is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./support/tools.js";
import { cli, jsonOf, tempDir, directBench } from "./support/serial-board.js";
import { Client } from "../../host/serial/client.js";
import { BoardRefused, TooLong } from "../../host/serial/link.js";
import { Cmd, PIECE_HEAD, Status } from "../../host/serial/frame.js";
import { encodeConfig, validateConfig } from "../../host/config.js";

const skip = missingTool("socat", "socat") ?? false;
/** The firmware agent's frame and the most it assembles from pieces (Hello's maxPayload and maxTransfer). */
const MAX_PAYLOAD = 1028;
const MAX_TRANSFER = 4096;

function withTargets(length: number): Record<string, unknown> {
  const buttons = Array.from({ length: 8 }, (_, b) => ({
    mode: "parallel", targets: Array.from({ length: 4 }, (_, t) => `sip:flat-${b}${t}-${"x".repeat(length)}@example.com`),
  }));
  return { user: "door", password: "pw-Very-Secret-42", domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0, buttons };
}

/** The valid configuration with the longest targets: its block just fits the firmware's 4096 octets. */
function largest(): Record<string, unknown> {
  let n = 1;
  while (validateConfig(withTargets(n + 1)).ok) n++;
  const config = withTargets(n);
  const v = validateConfig(config);
  assert.ok(v.ok && encodeConfig(v.config).length > 4000, "the block nearly fills 4096 octets");
  assert.ok(encodeConfig(v.config).length > 3 * MAX_PAYLOAD, "its block takes several frames");
  return config;
}

async function provisioned(name: string, config: Record<string, unknown>) {
  const bench = await directBench(name);
  const file = path.join(tempDir("cfg"), "station.json");
  writeFileSync(file, JSON.stringify(config));
  const r = await cli(["provision", bench.port, file]);
  return { bench, r };
}

test("a valid configuration longer than one frame provisions: it is sent in pieces", { skip }, async () => {
  const config = largest();
  const { bench, r } = await provisioned("long-write", config);
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /config loaded/);
    const last = await cli(["config", "get", bench.port, "buttons[7].targets[3]", "--json"]);
    assert.equal(jsonOf(last).value, (config.buttons as { targets: string[] }[])[7].targets[3]);
  } finally {
    await bench.close();
  }
});

test("a configuration longer than one frame reads back whole: the answer arrives in pieces", { skip }, async () => {
  const config = largest();
  const { bench, r } = await provisioned("long-read", config);
  try {
    assert.equal(r.code, 0, r.stderr);
    const whole = await cli(["config", "get", bench.port, "--json"]);
    assert.equal(whole.code, 0, whole.stderr);
    const got = jsonOf(whole).config as Record<string, unknown>;
    assert.deepEqual(got.buttons, (config.buttons as object[]).map((b) => ({ ...b, ringTimeout: 30 })));
    assert.equal(got.password, "set");
  } finally {
    await bench.close();
  }
});

test("a request longer than the board takes in pieces is refused before it is sent, naming the limit", { skip }, async () => {
  const bench = await directBench("too-long");
  const c = await Client.open(bench.port);
  try {
    const sent = c.link.counters.requests;
    await assert.rejects(c.request(Cmd.ConfigWrite, Buffer.alloc(MAX_TRANSFER + 1)), (err: unknown) => {
      assert.ok(err instanceof TooLong);
      assert.match(err.message, new RegExp(`more than the ${MAX_TRANSFER} bytes the board takes in pieces`));
      return true;
    });
    assert.equal(c.link.counters.requests, sent, "no frame was sent");
  } finally {
    await c.close();
    await bench.close();
  }
});

test("a piece that does not follow the ones received is refused: the request starts again from offset 0", { skip }, async () => {
  const bench = await directBench("piece-order");
  const c = await Client.open(bench.port);
  try {
    const head = Buffer.alloc(PIECE_HEAD);
    head[0] = Cmd.ConfigWrite;
    head.writeUInt32LE(3000, 1);
    head.writeUInt32LE(2000, 5);
    await assert.rejects(c.link.request(Cmd.PieceIn, Buffer.concat([head, Buffer.alloc(100)])), (err: unknown) =>
      err instanceof BoardRefused && err.status === Status.BadRequest);
  } finally {
    await c.close();
    await bench.close();
  }
});
