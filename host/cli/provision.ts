// `intercom provision PORT FILE` and `intercom config get|set PORT KEY [VALUE]`:
// the configuration over the link. A file is validated here before anything
// is written; the board validates again. Secrets read back as set/unset.
import { Command } from "commander";
import { validateConfig, type Validation } from "../config.js";
import { readConfigFile, ConfigError } from "../sim/station.js";
import { Cmd } from "../serial/frame.js";
import { configKey, isTextPath, parsePath, setPath } from "../serial/config-access.js";
import { schemaAt, type KeyPath } from "../config-schema.js";
import type { Client } from "../serial/client.js";
import { action, linkOptions, withBoard, print, CliFailure, Exit, type LinkOpts } from "./common.js";

async function provision(port: string, file: string, o: LinkOpts): Promise<void> {
  let json: unknown;
  try {
    json = readConfigFile(file);
  } catch (err) {
    throw new CliFailure((err as ConfigError).message, Exit.Usage);
  }
  refuseInvalid(file, validateConfig(json));
  await withBoard(port, o, async (c) => {
    await c.call(Cmd.ConfigWrite, { config: json }, { timeoutMs: 5000, retries: 3 });
    const status = await c.call(Cmd.Status);
    print(o, { board: c.info.board, config: status.config }, () => `Configuration from ${file} written to ${c.info.board}; the firmware restarted on it (config ${status.config}).`);
  });
}

/** Refuses a configuration the validator found at fault, as provision does: every message, the first field, exit 2. */
function refuseInvalid(what: string, v: Validation): void {
  if (!v.ok) throw new CliFailure(`${what}: configuration refused, nothing written:\n${v.errors.map((e) => e.message).join("\n")}`, Exit.Usage, v.errors[0].path);
}

const startsWith = (path: KeyPath, head: KeyPath) => head.length <= path.length && head.every((s, i) => path[i] === s);

/**
 * KEY = VALUE checked here before it is sent, by the validator provision uses,
 * on the whole configuration as it would become: the board's, read back, with
 * the change made. The board masks its secrets ("set"), so a fault it reports
 * inside a secret this change does not write is the masking's, not the
 * change's: the board checks those itself. A key that names no field, or
 * reaches into a secret, goes to the board, which refuses it naming the key.
 */
async function checkChange(c: Client, key: string, value: unknown): Promise<void> {
  let path: KeyPath;
  try {
    const k = configKey(key);
    if (k.secret && k.secret.length < k.path.length) return;
    path = k.path;
  } catch {
    return;
  }
  const config = (await c.call(Cmd.ConfigGet, {})).config as Record<string, unknown>;
  setPath(config, path, value === null ? undefined : value);
  const v = validateConfig(config);
  if (v.ok) return;
  const errors = v.errors.filter((e) => {
    try {
      const secret = (schemaAt(parsePath(e.path)) as { secret?: KeyPath }).secret;
      return !secret || startsWith(secret, path);
    } catch {
      return true;
    }
  });
  if (errors.length) refuseInvalid(`config set ${key}`, { ok: false, errors });
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
        const r = await c.call(Cmd.ConfigGet, key === undefined ? {} : { key });
        if (key === undefined) print(o, { config: r.config }, () => show(r.config));
        else print(o, { key, value: r.value }, () => show(r.value));
      })));
  linkOptions(config.command("set"))
    .description("change one KEY to VALUE (JSON, or plain text); null removes it. Validated like provision first (exit 2), then on the board, which restarts on it")
    .argument("<port>", "serial port of the board")
    .argument("<key>", "field path, e.g. lockout.tries")
    .argument("<value>", "the new value, e.g. 5, \"door\", '{\"host\":\"192.0.2.1\"}' or null")
    .action(action(async (port: string, key: string, value: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        const parsed = parseValue(key, value);
        await checkChange(c, key, parsed);
        await c.call(Cmd.ConfigSet, { key, value: parsed }, { timeoutMs: 5000, retries: 3 });
        print(o, { key }, () => `${key} stored; the firmware restarted on it.`);
      })));
  return [prov, config];
}
