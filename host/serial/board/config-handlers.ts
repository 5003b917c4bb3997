// Provisioning on the board (docs/serial-protocol.md, "Provisioning"): the
// configuration read whole or by key (keys checked against the schema) with
// the schema's secrets masked, written whole or by
// key. A change is validated by the same rules as host/config.ts, stored, and
// the firmware restarted on it; when the firmware's own check refuses the
// block on boot the old block is put back.
import { Cmd, Status } from "../frame.js";
import { encodeConfig, validateConfig } from "../../config.js";
import { blockJson, configKey, readKey, setPath, type ConfigKey } from "../config-access.js";
import { keyOf, maskSecrets } from "../../config-schema.js";
import { parseJsonBody } from "./payload.js";
import { ok, Refusal, type Handler } from "./responder.js";
import type { SimBoard } from "./sim-board.js";

function current(board: SimBoard): Record<string, unknown> {
  try {
    return blockJson(board.store.configBlock());
  } catch (err) {
    throw new Refusal(Status.Refused, `the stored configuration is damaged (${(err as Error).message}); write a whole one with provision`);
  }
}

/** The request's key, checked against the schema; refused naming it and the fix. */
function key(k: unknown): ConfigKey {
  if (typeof k !== "string") throw new Refusal(Status.BadRequest, "key: must be a string", { field: "key" });
  try {
    return configKey(k);
  } catch (err) {
    throw new Refusal(Status.BadRequest, (err as Error).message, { field: k });
  }
}

/** Validates, stores, restarts the firmware on the new block; puts the old one back if the firmware refuses it. */
async function store(board: SimBoard, json: unknown): Promise<void> {
  const v = validateConfig(json);
  if (!v.ok) {
    throw new Refusal(Status.Refused, `configuration refused:\n${v.errors.map((e) => e.message).join("\n")}`, { field: v.errors[0].path, fields: v.errors.map((e) => e.path) });
  }
  const old = board.store.configBlock();
  board.store.saveConfigBlock(encodeConfig(v.config));
  await board.reboot();
  if (board.running && board.state.config !== "loaded") {
    board.store.saveConfigBlock(old);
    await board.reboot();
    throw new Refusal(Status.Refused, `the firmware refused the configuration on boot (${board.state.config}); the previous one is kept`);
  }
}

export function configHandlers(board: SimBoard): Map<number, Handler> {
  const get: Handler = (p) => {
    const body = parseJsonBody(p);
    const config = current(board);
    if (body.key === undefined) return ok({ config: maskSecrets(config) });
    return ok({ key: body.key, value: readKey(config, key(body.key)) });
  };

  const set: Handler = async (p) => {
    const body = parseJsonBody(p);
    const k = key(body.key);
    if (k.secret && k.secret.length < k.path.length) {
      const whole = keyOf(k.secret);
      throw new Refusal(Status.BadRequest, `${body.key}: ${whole} is a secret and is written whole; set ${whole} instead`, { field: body.key });
    }
    if (!("value" in body)) throw new Refusal(Status.BadRequest, "value: missing (null removes the key)", { field: "value" });
    const config = current(board);
    setPath(config, k.path, body.value === null ? undefined : body.value);
    await store(board, config);
    return ok({ key: body.key, stored: true });
  };

  const write: Handler = async (p) => {
    const body = parseJsonBody(p);
    if (typeof body.config !== "object" || body.config === null) throw new Refusal(Status.BadRequest, "config: must be the JSON configuration", { field: "config" });
    await store(board, body.config);
    return ok({ stored: true });
  };

  return new Map([[Cmd.ConfigGet, get], [Cmd.ConfigSet, set], [Cmd.ConfigWrite, write]]);
}
