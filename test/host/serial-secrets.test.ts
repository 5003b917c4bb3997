// Secrets written once stay on the simulated board when a later configuration
// does not give them (docs/serial-agent.md "The configuration": KEEP records),
// read from the board's store itself. That no octet of any answer, refusal,
// piece, event or log line holds a secret is checked on every board in
// serial-boards-config.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blockRecords } from "../../host/serial/codec/config.js";
import { blockToWrite, readBoardConfig, writeBoardConfig } from "../../host/serial/config-board.js";
import { setPath } from "../../host/serial/config-access.js";
import { Tag } from "../../host/config.js";
import { loopBoard } from "./support/loop-board.js";
import { SECRETS, writeSecrets } from "./support/secrets-scan.js";

test("the secrets written once stay on the board after a change that did not give them (KEEP records)", async () => {
  const t = await loopBoard("secrets-kept");
  try {
    await writeSecrets(t.client);
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
