// `intercom provision PORT FILE` and `intercom config get|set PORT KEY [VALUE]`:
// the configuration over the link. A file is validated here before anything
// is written; the board validates again. Secrets read back as set/unset.
import { Command } from "commander";
import type { Validation } from "../config.js";
import { readConfigFile, ConfigError } from "../sim/station.js";
import { configKey, isTextPath, readKey, setPath, type ConfigKey } from "../serial/config-access.js";
import { blockToWrite, readBoardConfig, writeBoardConfig } from "../serial/config-board.js";
import { keyOf, maskSecrets } from "../config-schema.js";
import type { Client } from "../serial/client.js";
import { action, linkOptions, withBoard, print, CliFailure, Exit, type LinkOpts } from "./common.js";

async function provision(port: string, file: string, o: LinkOpts): Promise<void> {
  let json: unknown;
  try {
    json = readConfigFile(file);
  } catch (err) {
    throw new CliFailure((err as ConfigError).message, Exit.Usage);
  }
  const block = written(file, blockToWrite(json));
  await withBoard(port, o, async (c) => {
    await writeBoardConfig(c, block);
    const status = await c.status();
    print(o, { board: c.info.board, config: status.config }, () => `Configuration from ${file} written to ${c.info.board}; the firmware restarted on it (config ${status.config}).`);
  });
}

/** The block to write; a configuration the validator found at fault is refused as provision does: every message, the first field, exit 2. */
function written(what: string, v: { block: Uint8Array } | Extract<Validation, { ok: false }>): Uint8Array {
  if ("block" in v) return v.block;
  throw new CliFailure(`${what}: configuration refused, nothing written:\n${v.errors.map((e) => e.message).join("\n")}`, Exit.Usage, v.errors[0].path);
}

/** A key checked against the schema; one that names no field is refused naming it (exit 1, as the board refused it before protocol 4). */
function checkedKey(key: string): ConfigKey {
  try {
    return configKey(key);
  } catch (err) {
    throw new CliFailure((err as Error).message, Exit.Refused, key);
  }
}

/**
 * KEY = VALUE: the board's configuration read (its secrets hidden, each
 * standing in by a placeholder the validator takes), the change made, the
 * whole checked by the validator provision uses, then written back: the
 * secrets the change does not give go as KEEP records, and the board puts its
 * own back (docs/serial-agent.md, "The configuration"). A secret is written
 * whole: a key inside one is refused naming the key.
 */
async function setKey(c: Client, key: string, value: unknown): Promise<void> {
  const k = checkedKey(key);
  if (k.secret && k.secret.length < k.path.length) {
    const whole = keyOf(k.secret);
    throw new CliFailure(`${key}: ${whole} is a secret and is written whole; set ${whole} instead`, Exit.Refused, key);
  }
  const { json, keeps } = await readBoardConfig(c);
  setPath(json, k.path, value === null ? undefined : value);
  await writeBoardConfig(c, written(`config set ${key}`, blockToWrite(json, keeps)));
}

/**
 * A VALUE on the command line: for a text field the text itself (so a code
 * 0042 stays "0042"), else JSON (5, true, [..], {..}); null removes the key.
 */
export function parseValue(key: string, text: string): unknown {
  if (text === "null") return null;
  const quoted = /^".*"$/.test(text);
  if (isTextPath(key) && !quoted) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));

export function configCommands(): Command[] {
  const prov = linkOptions(new Command("provision"))
    .description("write the whole configuration from a JSON file (docs/config.md), validated first; the board restarts on it")
    .argument("<port>", "serial port of the board")
    .argument("<file>", "the configuration, JSON")
    .action(action(async (port: string, file: string, o: LinkOpts) => provision(port, file, o)));
  const config = new Command("config").description("read or change the configuration field by field (secrets read back as set/unset)");
  linkOptions(config.command("get"))
    .description("print the configuration, or one KEY such as lockout.tries or buttons[0].targets")
    .argument("<port>", "serial port of the board")
    .argument("[key]", "field path")
    .action(action(async (port: string, key: string | undefined, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        const k = key === undefined ? undefined : checkedKey(key);
        const { json } = await readBoardConfig(c);
        if (k === undefined) {
          const config = maskSecrets(json);
          print(o, { config }, () => show(config));
        } else {
          const value = readKey(json, k);
          print(o, { key, value }, () => show(value));
        }
      })));
  linkOptions(config.command("set"))
    .description("change one KEY to VALUE (JSON, or plain text); null removes it. Validated like provision first (exit 2), then on the board, which restarts on it")
    .argument("<port>", "serial port of the board")
    .argument("<key>", "field path, e.g. lockout.tries")
    .argument("<value>", "the new value, e.g. 5, \"door\", '{\"host\":\"192.0.2.1\"}' or null")
    .action(action(async (port: string, key: string, value: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        await setKey(c, key, parseValue(key, value));
        print(o, { key }, () => `${key} stored; the firmware restarted on it.`);
      })));
  return [prov, config];
}
