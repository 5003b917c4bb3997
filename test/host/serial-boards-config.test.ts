// Provisioning every board over its serial port (docs/serial-protocol.md "Provisioning";
// docs/serial-agent.md "The configuration"): the firmware validates each block itself and keeps
// the old one when it refuses a new one; a change keeps the other fields and the secrets across
// a power cut; secrets are write-only on every path. Each rule once, run on the simulated,
// native and QEMU Cortex-M4 boards (support/boards-under-test.ts); skipped where a board's tools
// are missing (mandatory in CI).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "../../host/serial/client.js";
import { BoardRefused } from "../../host/serial/link.js";
import { Cmd, type Frame } from "../../host/serial/frame.js";
import { eventLine } from "../../host/serial/codec/events.js";
import { encodeConfig, validateConfig, type Config } from "../../host/config.js";
import { forEachBoard, type BoardUnderTest } from "./support/boards-under-test.js";
import { cli, jsonOf, tempDir } from "./support/serial-board.js";
import { withoutTimesAndPorts } from "./support/secrets.js";
import { assertNoSecret, everyCommand, writeSecrets } from "./support/secrets-scan.js";

const PASSWORD = "pw-Very-Secret-42";
const CONFIG = {
  user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: ["4321"] }], accessCodes: [{ code: "9876", relay: 0 }], lockout: { tries: 4 },
};
/** Generous: a board reboots on each configuration, QEMU's through its boot stage. */
const CLIENT = { timeoutMs: 1000, retries: 10 };

async function provision(b: BoardUnderTest): Promise<void> {
  const f = path.join(tempDir("cfg"), "station.json");
  writeFileSync(f, JSON.stringify(CONFIG));
  const r = await cli(["provision", b.port, f]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config loaded/);
}

async function get(port: string, key: string): Promise<unknown> {
  const r = await cli(["config", "get", port, key, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return jsonOf(r).value;
}

/** CONFIG as the host would encode it, changed by `change` past the validator: what only the firmware's check can refuse. */
function unvalidatedBlock(change: (c: Config) => void): Uint8Array {
  const v = validateConfig(CONFIG);
  assert.ok(v.ok);
  change(v.config);
  return encodeConfig(v.config);
}

/** ConfigWrite of `block` straight from a client: refused, the field named as `field`. */
async function refusedWrite(port: string, block: Uint8Array, field: string, message: RegExp): Promise<void> {
  const c = await Client.open(port, CLIENT);
  try {
    await assert.rejects(c.request(Cmd.ConfigWrite, block), (err: unknown) => {
      assert.ok(err instanceof BoardRefused, String(err));
      assert.equal(err.field, field);
      assert.match(err.message, message);
      return true;
    });
  } finally {
    await c.close();
  }
}

forEachBoard("provisioning", (withBoard) => {
  withBoard("a block naming a missing relay is refused by the firmware naming the field; the old configuration stays loaded", {}, async (b) => {
    await provision(b);
    await refusedWrite(b.port, unvalidatedBlock((config) => (config.accessCodes[0].relay = 3)), "accessCodes[].relay",
      /configuration refused: accessCodes\[\]\.relay: access code names a missing relay/);
    assert.equal(await get(b.port, "accessCodes[0].relay"), 0);
    assert.equal(jsonOf(await cli(["status", b.port, "--json"])).config, "loaded");
  });

  withBoard("a field the CLI's check would refuse, sent past it, is refused by the firmware naming the field; the old value stays", {}, async (b) => {
    await provision(b);
    await refusedWrite(b.port, unvalidatedBlock((config) => (config.domain = "bad domain!")), "domain", /configuration refused: domain: /);
    assert.equal(await get(b.port, "domain"), "example.com");
  });

  withBoard("changing one field keeps the others and the password, across a power cut", {}, async (b) => {
    await provision(b);
    const r = await cli(["config", "set", b.port, "displayName", "Front door"]);
    assert.equal(r.code, 0, r.stderr);
    await b.kill();
    await b.restart();
    assert.equal(await get(b.port, "displayName"), "Front door");
    assert.equal(await get(b.port, "lockout.tries"), 4);
    assert.equal(await get(b.port, "password"), "set");
  });

  withBoard("secrets are write-only: config get says set, and no octet of any answer, refusal, piece, event, log line or output holds one", { line: true }, async (b) => {
    const c = await Client.open(b.port, CLIENT);
    const events: Record<string, unknown>[] = [];
    c.link.events.on("event", (f: Frame) => f.cmd === Cmd.Event && events.push(eventLine(f.payload)));
    try {
      await writeSecrets(c);
      assert.equal((await c.status()).config, "loaded", "the firmware runs on the configuration");
      await everyCommand(c);
      assert.ok(events.some((e) => e.event === "relay" && e.on === true), `the access code typed over the link opened the relay: ${JSON.stringify(events)}`);
    } finally {
      await c.close();
    }
    assert.equal(await get(b.port, "password"), "set");
    assert.deepEqual(await get(b.port, "relays[0].doorCodes"), ["set", "set"]);
    assert.equal(await get(b.port, "accessCodes[0].code"), "set");
    const text = await cli(["config", "get", b.port]);
    const status = await cli(["status", b.port, "--json"]);
    const monitor = await cli(["monitor", b.port, "--for", "1", "--json"]);
    const sent = Buffer.concat(b.line!.fromRight);
    assert.notEqual(sent.indexOf(Buffer.from("sip:flat-7-")), -1, "the scan covers ConfigGet's last piece: the configuration's other fields went out");
    assertNoSecret(sent, "the board's octets");
    for (const [where, out] of [["config get", text.stdout + text.stderr], ["status", status.stdout], ["monitor", monitor.stdout], ["the board's output", b.output()]]) {
      assertNoSecret(Buffer.from(withoutTimesAndPorts(out), "latin1"), where);
    }
  });
});
