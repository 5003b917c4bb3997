// Secrets are write-only on every path of protocol 4 (docs/serial-agent.md,
// "Errors" and "The configuration"): after a configuration with a password,
// door codes, an access code and a caller's secret is written, no octet the
// firmware's agent sends (answers, refusals, pieces, events, log lines)
// holds any of them, whatever the host asks. The board runs in this process
// and every octet of its UART is kept (support/loop-board.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Cmd } from "../../host/serial/frame.js";
import { encodeInput, encodeMonitor, encodePress } from "../../host/serial/codec/drive.js";
import { beginFor, encodeBegin, encodeSlot } from "../../host/serial/codec/flash.js";
import { blockOf, blockRecords, encodeKeep } from "../../host/serial/codec/config.js";
import { blockToWrite, readBoardConfig, writeBoardConfig } from "../../host/serial/config-board.js";
import { setPath } from "../../host/serial/config-access.js";
import { encodeConfig, validateConfig, Tag } from "../../host/config.js";
import { factoryImage } from "../../host/serial/factory.js";
import { loopBoard } from "./support/loop-board.js";

const SECRETS = ["pw-Sekret-Alpha-9", "24681357", "86420975", "97531864", "desk-Sekret-Beta-3"];
const CONFIG = {
  user: "door", password: SECRETS[0], domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: [SECRETS[1], SECRETS[2]] }], accessCodes: [{ code: SECRETS[3], relay: 0 }],
  incoming: { mode: "ring", direct: true, allowed: [{ caller: "sip:desk@example.com", secret: SECRETS[4] }] },
  // long enough that ConfigGet answers in pieces (PieceOut)
  buttons: Array.from({ length: 8 }, (_, b) => ({ mode: "sequential", targets: [`sip:flat-${b}-${"x".repeat(90)}@example.com`] })),
};

/** Every request a host can make, each answered (or refused) by the agent. */
async function everyCommand(t: Awaited<ReturnType<typeof loopBoard>>): Promise<void> {
  const c = t.client;
  const tolerate = (p: Promise<unknown>) => p.catch(() => undefined); // refusals are answers too: their octets are scanned
  await c.hello();
  await c.status();
  await c.monitor(true);
  await c.press(`${SECRETS[3]}#`); // the access code typed: the relay opens, events and log lines follow
  await c.press("1111#");
  await c.input(0, 1);
  await c.status();
  const { json, keeps } = await readBoardConfig(c);
  setPath(json, ["displayName"], "Front door");
  const write = blockToWrite(json, keeps);
  assert.ok("block" in write);
  await writeBoardConfig(c, write.block); // KEEP records for every secret
  await c.monitor(true);
  // refusals: a block whose KEEP names no secret, a block that is not one, a flash of another board, Activate unverified
  const bad = blockOf([...blockRecords(write.block), encodeKeep({ tag: Tag.AccessCode, entry: 5, item: 0 })]);
  await tolerate(c.request(Cmd.ConfigWrite, bad));
  await tolerate(c.request(Cmd.ConfigWrite, Buffer.from("DIC1 not a block")));
  const v = validateConfig({ ...CONFIG, lockout: { tries: 3 } });
  assert.ok(v.ok);
  await tolerate(c.request(Cmd.ConfigWrite, encodeConfig({ ...v.config, domain: "bad domain!" })));
  await tolerate(c.request(Cmd.FlashBegin, encodeBegin(beginFor(factoryImage(), 1024))));
  await tolerate(c.request(Cmd.FlashActivate, encodeSlot(1)));
  await tolerate(c.request(Cmd.Press, encodePress("button9")));
  await tolerate(c.request(Cmd.Input, encodeInput(200, 3)));
  await tolerate(c.request(0x21, Buffer.from(`{"key":"password","value":"${SECRETS[0]}"}`))); // ConfigSet is gone: unknown command
  await c.request(Cmd.Monitor, encodeMonitor(false));
  await readBoardConfig(c);
}

test("no answer, refusal, piece, event or log line of any command holds a password, door code, access code or caller secret", async () => {
  const t = await loopBoard("secrets");
  try {
    const first = blockToWrite(CONFIG);
    assert.ok("block" in first);
    await writeBoardConfig(t.client, first.block);
    assert.ok(t.events.some((e) => e.event === "config" && e.state === "loaded"), "the firmware runs on the configuration");
    await everyCommand(t);
    assert.ok(t.events.some((e) => e.event === "relay" && e.on === true), "the access code typed over the link opened the relay");
    const sent = Buffer.concat(t.wire);
    assert.notEqual(sent.indexOf(Buffer.from("sip:flat-7-")), -1, "the scan covers ConfigGet's last piece: the configuration's other fields went out");
    for (const secret of SECRETS) assert.equal(sent.indexOf(Buffer.from(secret, "latin1")), -1, `the octets of a secret (${secret.length} long) were sent`);
  } finally {
    await t.close();
  }
});

test("the secrets written once stay on the board after a change that did not give them (KEEP records)", async () => {
  const t = await loopBoard("secrets-kept");
  try {
    const first = blockToWrite(CONFIG);
    assert.ok("block" in first);
    await writeBoardConfig(t.client, first.block);
    const { json, keeps } = await readBoardConfig(t.client);
    assert.equal(keeps.size, 5, "password, two door codes, the access code, the caller's secret");
    setPath(json, ["lockout", "tries"], 7);
    const next = blockToWrite(json, keeps);
    assert.ok("block" in next);
    await writeBoardConfig(t.client, next.block);
    const stored = blockRecords(t.board.store.configBlock()!);
    const text = (tag: number) => stored.filter((r) => r.tag === tag).map((r) => Buffer.from(r.value).toString("latin1"));
    assert.deepEqual([text(Tag.Password), text(Tag.RelayDoorCode), text(Tag.AccessCode), text(Tag.AllowedSecret)],
      [[SECRETS[0]], [SECRETS[1], SECRETS[2]], [SECRETS[3]], [SECRETS[4]]]);
    assert.deepEqual(text(Tag.LockoutTries).map((s) => s.charCodeAt(0)), [7]);
  } finally {
    await t.close();
  }
});
