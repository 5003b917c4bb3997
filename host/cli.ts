#!/usr/bin/env node
// The `intercom` command: the headless simulated station (sim) and the
// serial tool integrators use at the door (docs/serial-protocol.md): ports,
// flash, pack, provision, config, press, input, status, monitor, reboot.
// Arguments are parsed by commander; every command has --help.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { simCommand } from "./cli/sim.js";
import { flashCommands } from "./cli/flash.js";
import { configCommands } from "./cli/provision.js";
import { driveCommands } from "./cli/drive.js";
import { Exit } from "./cli/common.js";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("intercom")
  .version(`intercom ${pkg.version}`, "-V, --version", "print the version and exit")
  .description("SIP door intercom: simulate a station, flash, provision and drive boards over serial")
  .addHelpText("after", "\nExit codes: 0 done, 1 refused by the board, 2 bad arguments or file, 3 port cannot be opened or in use, 4 link lost, 130 interrupted (Ctrl-C during flash).")
  .showHelpAfterError("(intercom --help, or intercom COMMAND --help)")
  // The program's own options only before a command: `intercom pack ... --version 1.2.0` is pack's version.
  .enablePositionalOptions();
for (const cmd of [simCommand(), ...driveCommands(), ...flashCommands(), ...configCommands()]) program.addCommand(cmd);

// Usage errors exit 2, as the rest of the tools here do; help and version exit 0.
const override = (cmd: Command) => {
  cmd.exitOverride();
  cmd.configureOutput({
    outputError: (text, write) => {
      const unknown = /unknown command '([^']*)'(?:\n\(Did you mean ([^?]*)\?\))?/.exec(text);
      write(unknown ? `unknown command: ${unknown[1]}${unknown[2] ? `; did you mean ${unknown[2]}?` : ""}\n` : text.replace(/^error: /, ""));
    },
  });
  cmd.commands.forEach(override);
};
override(program);

// `intercom` alone is a usage error: the help goes to stderr and the exit code is 2.
if (process.argv.length <= 2) {
  program.outputHelp({ error: true });
  process.exit(Exit.Usage);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  const help = err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version";
  // A script that asked for --json gets its one JSON object for a usage error too (the text went to stderr).
  if (!help && process.argv.includes("--json")) console.log(JSON.stringify({ ok: false, error: err.message.replace(/^error: /, ""), exit: Exit.Usage }));
  process.exit(help ? Exit.Ok : Exit.Usage);
}
