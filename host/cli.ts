#!/usr/bin/env node
// The `intercom` command: the headless simulated station (sim) and the
// serial tool integrators use at the door (docs/serial-protocol.md): ports,
// flash, pack, provision, config, press, input, status, monitor, reboot.
// Arguments are parsed by commander; every command has --help.
import { Command, CommanderError } from "commander";
import { simCommand } from "./cli/sim.js";
import { flashCommands } from "./cli/flash.js";
import { configCommands } from "./cli/provision.js";
import { driveCommands } from "./cli/drive.js";
import { Exit } from "./cli/common.js";

const program = new Command("intercom")
  .description("SIP door intercom: simulate a station, flash, provision and drive boards over serial")
  .addHelpText("after", "\nExit codes: 0 done, 1 refused by the board, 2 bad arguments or file, 3 port cannot be opened, 4 link lost.")
  .showHelpAfterError("(intercom --help, or intercom COMMAND --help)");
for (const cmd of [simCommand(), ...driveCommands(), ...flashCommands(), ...configCommands()]) program.addCommand(cmd);

// Usage errors exit 2, as the rest of the tools here do; help and version exit 0.
const override = (cmd: Command) => {
  cmd.exitOverride();
  cmd.configureOutput({
    outputError: (text, write) => {
      const unknown = /unknown command '([^']*)'/.exec(text);
      write(unknown ? `unknown command: ${unknown[1]}\n` : text.replace(/^error: /, ""));
    },
  });
  cmd.commands.forEach(override);
};
override(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  const help = err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version";
  process.exit(help ? Exit.Ok : Exit.Usage);
}
