// The secrets of protocol 4's write-only rule (docs/serial-agent.md "Errors" and "The
// configuration") and every request a host can make after they were written: the suites scan
// all the octets a board sent while they ran (serial-secrets.test.ts, serial-boards-config.test.ts).
import assert from "node:assert/strict";
import { Client } from "../../../host/serial/client.js";
import { Cmd } from "../../../host/serial/frame.js";
import { encodeInput, encodeMonitor, encodePress } from "../../../host/serial/codec/drive.js";
import { beginFor, encodeBegin, encodeSlot } from "../../../host/serial/codec/flash.js";
import { blockOf, blockRecords, encodeKeep } from "../../../host/serial/codec/config.js";
import { blockToWrite, readBoardConfig, writeBoardConfig } from "../../../host/serial/config-board.js";
import { setPath } from "../../../host/serial/config-access.js";
import { encodeConfig, validateConfig, Tag } from "../../../host/config.js";
import { factoryImage } from "../../../host/serial/factory.js";

/** A password, two door codes, an access code and a caller's secret. */
export const SECRETS = ["pw-Sekret-Alpha-9", "24681357", "86420975", "97531864", "desk-Sekret-Beta-3"];
export const SECRET_CONFIG = {
  user: "door", password: SECRETS[0], domain: "example.com", registrar: { host: "127.0.0.1", port: 9 }, keepaliveInterval: 0,
  relays: [{ pulseMs: 300, doorCodes: [SECRETS[1], SECRETS[2]] }], accessCodes: [{ code: SECRETS[3], relay: 0 }],
  incoming: { mode: "ring", direct: true, allowed: [{ caller: "sip:desk@example.com", secret: SECRETS[4] }] },
  // long enough that ConfigGet answers in pieces (PieceOut)
  buttons: Array.from({ length: 8 }, (_, b) => ({ mode: "sequential", targets: [`sip:flat-${b}-${"x".repeat(90)}@example.com`] })),
};

/** SECRET_CONFIG written to the board (it reboots on it). */
export async function writeSecrets(c: Client): Promise<void> {
  const first = blockToWrite(SECRET_CONFIG);
  assert.ok("block" in first);
  await writeBoardConfig(c, first.block);
}

/** Every request a host can make, each answered (or refused) by the agent. */
export async function everyCommand(c: Client): Promise<void> {
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
  const v = validateConfig({ ...SECRET_CONFIG, lockout: { tries: 3 } });
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

/** Fails naming the secret's length (never the secret) when `sent` holds one of SECRETS. */
export function assertNoSecret(sent: Buffer, where: string): void {
  for (const secret of SECRETS) assert.equal(sent.indexOf(Buffer.from(secret, "latin1")), -1, `${where}: the octets of a secret (${secret.length} long) were sent`);
}
