// `intercom provision PORT FILE` and `intercom config get|set PORT KEY [VALUE]`:
// the configuration over the link. A file is validated here before anything
// is written; the board validates again. Secrets read back as set/unset.
import { Command } from "commander";
import { validateConfig } from "../config.js";
import { readConfigFile, ConfigError } from "../sim/station.js";
import { Cmd } from "../serial/frame.js";
import { isTextPath } from "../serial/config-access.js";
import { action, linkOptions, withBoard, print, CliFailure, Exit, type LinkOpts } from "./common.js";

async function provision(port: string, file: string, o: LinkOpts): Promise<void> {
  let json: unknown;
  try {
    json = readConfigFile(file);
  } catch (err) {
    throw new CliFailure((err as ConfigError).message, Exit.Usage);
  }
  const v = validateConfig(json);
  if (!v.ok) throw new CliFailure(`${file}: configuration refused, nothing written:\n${v.errors.map((e) => e.message).join("\n")}`, Exit.Usage, v.errors[0].path);
  await withBoard(port, o, async (c) => {
    await c.call(Cmd.ConfigWrite, { config: json }, { timeoutMs: 5000, retries: 3 });
    const status = await c.call(Cmd.Status);
    print(o, { board: c.info.board, config: status.config }, () => `Configuration from ${file} written to ${c.info.board}; the firmware restarted on it (config ${status.config}).`);
  });
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
    .description("change one KEY to VALUE (JSON, or plain text); null removes it. The board validates and restarts on it")
    .argument("<port>", "serial port of the board")
    .argument("<key>", "field path, e.g. lockout.tries")
    .argument("<value>", "the new value, e.g. 5, \"door\", '{\"host\":\"192.0.2.1\"}' or null")
    .action(action(async (port: string, key: string, value: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        await c.call(Cmd.ConfigSet, { key, value: parseValue(key, value) }, { timeoutMs: 5000, retries: 3 });
        print(o, { key }, () => `${key} stored; the firmware restarted on it.`);
      })));
  return [prov, config];
}
