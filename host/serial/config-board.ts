// The configuration of a board over protocol 4 (docs/serial-agent.md, "The
// configuration"): ConfigGet's masked block read back as the JSON a user
// writes, each hidden secret holding a placeholder (host/serial/codec/
// config.ts); a changed JSON validated by the host's rules and written back
// with ConfigWrite, every secret the user did not give sent as a KEEP record;
// then the board reboots on it and the host greets it again.
import { Cmd } from "./frame.js";
import { encodeConfig, validateConfig, type Validation } from "../config.js";
import { blockJson } from "./config-access.js";
import { unmask, withKeeps, type Keep } from "./codec/config.js";
import type { Client } from "./client.js";

type Json = Record<string, unknown>;

/** The board's configuration as JSON (secrets as placeholders) and which secret each placeholder stands for. */
export interface BoardConfig {
  json: Json;
  keeps: Map<string, Keep>;
}

/** Reads the active configuration (none stored: the empty JSON, safe defaults). */
export async function readBoardConfig(c: Client): Promise<BoardConfig> {
  const masked = await c.request(Cmd.ConfigGet, new Uint8Array(0), { timeoutMs: 2000, retries: 5 });
  const read = unmask(masked);
  if (!read) return { json: {}, keeps: new Map() };
  return { json: blockJson(read.block), keeps: read.keeps };
}

/** The block to write for a JSON configuration, KEEP records in place of the placeholders still in it; or the validator's refusal. */
export function blockToWrite(json: unknown, keeps: Map<string, Keep> = new Map()): { block: Uint8Array } | Extract<Validation, { ok: false }> {
  const v = validateConfig(json);
  if (!v.ok) return v;
  return { block: withKeeps(encodeConfig(v.config), keeps) };
}

/** Writes a block (in pieces when longer than a frame); the board validates it, stores it and reboots: waits until it answers again. */
export async function writeBoardConfig(c: Client, block: Uint8Array): Promise<void> {
  const answer = await c.request(Cmd.ConfigWrite, block, { timeoutMs: 5000, retries: 3 });
  if (answer[0] !== 1) throw new Error(`ConfigWrite: the board answered ${answer.length ? answer[0] : "nothing"} instead of 1 (stored)`);
  await c.hello({ timeoutMs: 500, retries: 20 });
}
