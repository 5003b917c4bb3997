#!/usr/bin/env node
// The `intercom` command. Today: `intercom sim`, the headless simulated door
// station for tests and scripts: one JSON event per line on stdout, commands
// on stdin, a clean exit on SIGINT/SIGTERM. (Flashing and provisioning over
// serial arrive with the serial-link work.)
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Clock } from "./sim/udp.js";
import { Station, ConfigError, readConfigFile } from "./sim/station.js";
import { eventJson } from "./sim/events.js";
import { Key } from "./intercom.js";

const USAGE = `usage: intercom sim --config FILE [--host ADDR] [--port N] [--board NAME]
  Runs the door station on UDP with the configuration FILE (docs/config.md).
  stdout: one JSON event per line. stdin commands, one per line:
    key K        a keypad key (0-9, *, #)
    button N     press call button N (0-7)
    hangup       press the hang-up key
    input N L    set input N (0: door sensor) to level L (0/1)
    quit         stop
  --host ADDR    address to bind and announce (default 127.0.0.1)
  --port N       UDP port (default 5060; 0 picks a free one)
  --board NAME   board definition from boards/ (default simulator)`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function sim(argv: string[]): Promise<void> {
  let v: { config?: string; host?: string; port?: string; board?: string; help?: boolean };
  try {
    v = parseArgs({ args: argv, options: { config: { type: "string" }, host: { type: "string" }, port: { type: "string" }, board: { type: "string" }, help: { type: "boolean" } } }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  if (v.help) {
    console.log(USAGE);
    return;
  }
  if (!v.config) fail(`--config FILE is required\n${USAGE}`, 2);
  const port = Number(v.port ?? "5060");
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: ${v.port} is not a port (0-65535)`, 2);
  const host = v.host ?? "127.0.0.1";
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) fail(`--host: ${host} is not an IPv4 address`, 2);
  const clock = new Clock();
  const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ t: clock.now(), ...o })}\n`);
  let station: Station;
  try {
    station = await Station.start({ config: readConfigFile(v.config), host, port, board: v.board, clock, onEvent: (e) => emit(eventJson(e)) });
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration refused:\n${err.message}`, 2);
    fail(`cannot start: ${(err as Error).message}`, 1);
  }
  emit({ event: "listening", host: station.wire.address.host, port: station.wire.address.port });
  const stop = () => {
    station.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const [cmd, a, b] = line.trim().split(/\s+/);
    if (cmd === "key" && /^[0-9*#]$/.test(a ?? "")) station.key(a.charCodeAt(0), true);
    else if (cmd === "button" && /^[0-7]$/.test(a ?? "")) station.press(Key.button(Number(a)));
    else if (cmd === "hangup") station.press(Key.hangup);
    else if (cmd === "input" && /^\d+$/.test(a ?? "") && /^[01]$/.test(b ?? "")) station.input(Number(a), Number(b));
    else if (cmd === "quit") stop();
    else if (cmd) emit({ event: "error", message: `unknown command: ${line.trim()} (key K | button N | hangup | input N L | quit)` });
  });
  lines.on("close", () => {
    if (!process.stdin.isTTY) return; // piped input ended: keep running until a signal
  });
}

const [command, ...rest] = process.argv.slice(2);
if (command === "sim") await sim(rest);
else if (!command || command === "--help" || command === "help") console.log(`usage: intercom <command>\n  sim   run the simulated door station headless (intercom sim --help)`);
else fail(`unknown command: ${command}\nusage: intercom sim --config FILE (intercom --help)`, 2);
