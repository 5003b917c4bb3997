// `intercom sim`: the headless door station. With --config alone it runs
// that configuration on UDP, as before. With --state DIR (and --serial PATH)
// it is a simulated board: it boots the active image of its store with the
// stored configuration block, and answers the serial protocol on PATH.
// stdout: one JSON event per line; stdin: key/button/hangup/input/quit. On
// quit, SIGINT, SIGTERM or the end of stdin it stops cleanly (Station.shutdown).
import { createInterface } from "node:readline";
import { isIPv4, isIPv6 } from "node:net";
import { homedir } from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { Clock } from "../sim/udp.js";
import { Station, ConfigError, readConfigFile, checkedConfig } from "../sim/station.js";
import { eventJson } from "../sim/events.js";
import { encodeConfig, type Config } from "../config.js";
import { Key } from "../intercom.js";
import { BoardStore } from "../serial/board/store.js";
import { serveBoard } from "../serial/board/serve.js";
import { factoryImage } from "../serial/factory.js";
import { chooseAddress } from "../sim/announce.js";
import { TlsContext } from "../sim/stream-tls.js";
import { dnsServer } from "../sim/resolver.js";
import { audioOptions, AudioOptionError, MIC_HELP, SPEAKER_HELP } from "../sim/audio-options.js";
import { action, CliFailure, Exit, integer } from "./common.js";

interface SimOpts {
  config?: string;
  host?: string;
  port?: number;
  board: string;
  serial?: string;
  state?: string;
  baud: number;
  confirmMs: number;
  mic?: string;
  speaker?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  dns?: string;
}

/** Where a simulated board keeps its flash unless --state says: the user's data directory. */
export function defaultStateDir(board: string): string {
  const data = process.env.XDG_DATA_HOME || path.join(homedir(), ".local", "share");
  return path.join(data, "intercom", `sim-${board}`);
}

function ipAddress(v: string): string {
  if (!isIPv4(v) && !isIPv6(v)) throw new InvalidArgumentError(`${v} is not an IP address (IPv4 such as 192.168.1.20, or IPv6 such as ::1 without brackets)`);
  return v;
}

type Target = {
  key(code: number, down: boolean): void; press(code: number): void; input(n: number, l: number): void;
  stats(): { transactions: number; dropped: number };
} | undefined;

/** The stdin commands of the headless station. */
function readCommands(target: () => Target, emit: (o: Record<string, unknown>) => void, stop: () => void): void {
  const lines = createInterface({ input: process.stdin });
  lines.on("close", stop); // the end of input stops the station as `quit` does
  lines.on("line", (line) => {
    const [cmd, a, b] = line.trim().split(/\s+/);
    const t = target();
    if (cmd === "quit") return stop();
    if (!cmd) return;
    if (!t) return emit({ event: "error", message: "no firmware is running" });
    if (cmd === "key" && /^[0-9*#]$/.test(a ?? "")) t.key(a.charCodeAt(0), true);
    else if (cmd === "button" && /^[0-7]$/.test(a ?? "")) t.press(Key.button(Number(a)));
    else if (cmd === "hangup") t.press(Key.hangup);
    else if (cmd === "input" && /^\d+$/.test(a ?? "") && /^[01]$/.test(b ?? "")) t.input(Number(a), Number(b));
    else if (cmd === "stats") emit({ stats: t.stats() });
    else emit({ event: "error", message: `unknown command: ${line.trim()} (key K | button N | hangup | input N L | stats | quit)` });
  });
}

async function sim(o: SimOpts): Promise<void> {
  const clock = new Clock();
  const emit = (obj: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ t: clock.now(), ...obj })}\n`);
  let json: unknown;
  let config: Config | undefined;
  try {
    if (o.config) config = checkedConfig((json = readConfigFile(o.config)));
  } catch (err) {
    throw new CliFailure(`configuration refused:\n${(err as Error).message}`, Exit.Usage);
  }
  let close: () => Promise<void> | void;
  let target: () => Target;
  if ((o.serial || o.state) && (o.mic !== undefined || o.speaker !== undefined)) {
    throw new CliFailure("--mic and --speaker run with --config alone (a simulated board's store boots its own image)", Exit.Usage);
  }
  const tls = { ca: o.tlsCa, cert: o.tlsCert, key: o.tlsKey };
  if ((o.serial || o.state) && (tls.ca ?? tls.cert ?? tls.key) !== undefined) {
    throw new CliFailure("--tls-ca, --tls-cert and --tls-key run with --config alone (a simulated board's store boots its own image)", Exit.Usage);
  }
  try {
    new TlsContext(tls); // the files read now: a bad one is refused before anything starts
  } catch (err) {
    throw new CliFailure((err as Error).message, Exit.Usage);
  }
  if (o.serial || o.state) {
    const store = new BoardStore(o.state ?? defaultStateDir(o.board));
    if (config) store.saveConfigBlock(encodeConfig(config));
    const served = await serveBoard({
      store, board: o.board, host: o.host ?? "127.0.0.1", port: o.port, confirmMs: o.confirmMs, factory: factoryImage, path: o.serial, baudRate: o.baud,
      report: ({ notice, ...rest }) => emit(notice ? { event: notice, ...rest } : rest),
    }).catch((err: Error) => {
      throw new CliFailure(`cannot start: ${err.message}`, Exit.Port);
    });
    if (o.serial) emit({ event: "serial", path: o.serial, state: store.dir });
    close = served.close;
    target = () => served.board.running?.station;
  } else {
    if (!o.config) throw new CliFailure("--config FILE is required (or --state DIR to boot a simulated board's store)", Exit.Usage);
    let station: Station;
    let audio: ReturnType<typeof audioOptions>;
    try {
      audio = audioOptions(o.mic, o.speaker);
    } catch (err) {
      if (err instanceof AudioOptionError) throw new CliFailure(err.message, Exit.Usage);
      throw err;
    }
    const where = await chooseAddress(o.host, config!.registrar).catch((err: Error) => {
      throw new CliFailure(err.message, Exit.Usage);
    });
    try {
      station = await Station.start({ config: json, host: where.bind, announce: where.announce, port: o.port, board: o.board, clock, onEvent: (e) => emit(eventJson(e)),
        dnsServer: o.dns, ...audio, onWarning: (message) => emit({ event: "warning", message }), tls,
        configDir: path.dirname(path.resolve(o.config)) });
    } catch (err) {
      if (err instanceof ConfigError) throw new CliFailure(`configuration refused:\n${err.message}`, Exit.Usage);
      throw new CliFailure(`cannot start: ${(err as Error).message}`, Exit.Refused);
    }
    // The address it announces (the one its registrar reaches it at) and its port: the native board's line, word for word.
    const { host, port } = station.announced;
    emit({ event: "listening", host, port });
    close = () => station.shutdown();
    target = () => station;
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  readCommands(target, emit, () => void stop());
}

export function simCommand(): Command {
  return new Command("sim")
    .description("run the simulated door station headless: JSON events on stdout, commands on stdin")
    .option("--config <file>", "configuration JSON (docs/config.md); with --state it is written into the store first")
    .option("--host <addr>", "address to bind and announce (IPv4 or IPv6; default: bind every interface, announce the one that routes to the registrar; with --state: 127.0.0.1)", ipAddress)
    .option("--port <n>", "UDP port (default: the configuration's localPort; 0 picks a free one)", integer("--port", 0, 65535))
    .option("--board <name>", "board definition from boards/", "simulator")
    .option("--serial <path>", "answer the serial protocol on this device (one end of a socat pty pair, or a real port)")
    .option("--state <dir>", "the simulated board's flash: slots, boot record, config block (default: the user's data dir)")
    .option("--baud <rate>", "serial speed", integer("--baud", 300, 4_000_000), 115200)
    .option("--mic <source>", MIC_HELP)
    .option("--speaker <file>", SPEAKER_HELP)
    .option("--tls-ca <file>", "trust anchors (PEM) a TLS server's certificate must chain to (default: the configuration's tls.ca, else Node's root certificates)")
    .option("--tls-cert <file>", "the station's certificate (PEM) for the TLS port, localPort + 1")
    .option("--tls-key <file>", "its private key (PEM)")
    .option("--dns <host:port>", "the DNS server the board's resolver asks for a registrar given by name (RFC 3263: NAPTR, SRV, A); default the system's", (v: string) => {
      try {
        return dnsServer(v);
      } catch (err) {
        throw new CliFailure((err as Error).message, Exit.Usage);
      }
    })
    .option("--confirm-ms <ms>", "how long a trial image must run cleanly before it confirms itself", integer("--confirm-ms", 10, 600_000), 1000)
    .addHelpText("after", `
stdin commands, one per line:
  key K        a keypad key (0-9, *, #)
  button N     press call button N (0-7)
  hangup       press the hang-up key
  input N L    set input N (0: door sensor) to level L (0/1)
  stats        print {"stats":{"transactions":N,"dropped":N}}: the SIP transaction table's slots in use, requests dropped
  quit         stop (as do the end of input, SIGINT and SIGTERM): calls end, the binding is removed`)
    .action(action(async (o: SimOpts) => sim(o)));
}
