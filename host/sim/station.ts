// A simulated door station on real UDP: the firmware through the board ABI,
// its configuration block, a board definition whose memory limit it must
// fit, and the wiring of keys, inputs and events.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Intercom, type IntercomEvent } from "../intercom.js";
import { validateConfig, encodeConfig, type Config } from "../config.js";
import { loadBoard, checkFit } from "../boards.js";
import { Clock, Wire, type Watcher } from "./udp.js";

export interface StationOptions {
  config: unknown;
  host: string;
  port: number;
  board?: string;
  clock: Clock;
  watch?: Watcher;
  onEvent?: (e: IntercomEvent, at: number) => void;
}

export class ConfigError extends Error {}

/** Validates a JSON configuration; throws one message naming every bad field and its fix. */
export function checkedConfig(json: unknown): Config {
  const v = validateConfig(json);
  if (!v.ok) throw new ConfigError(v.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return v.config;
}

export function readConfigFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
}

export class Station {
  private constructor(readonly door: Intercom, readonly wire: Wire, private clock: Clock) {}

  static async start(o: StationOptions): Promise<Station> {
    const config = checkedConfig(o.config);
    const boardName = o.board ?? "simulator";
    const board = loadBoard(boardName);
    const probe = await Intercom.create(null, o.host);
    const memory = probe.fw.exports.memory.buffer.byteLength;
    const problems = checkFit(board, probe.fw.imageBytes, memory);
    if (problems.length) throw new ConfigError(`board ${boardName}: ${problems.join("; ")}`);
    // The port goes into Via and Contact: bind first, then start with it.
    const holder: { door?: Intercom } = {};
    const party = {
      name: "door",
      receive: (d: Uint8Array, f: { host: string; port: number }, now: number) => holder.door!.receive(d, f, now),
      tick: (now: number) => holder.door!.tick(now),
      nextDeadline: (now: number) => (holder.door ? holder.door.nextDeadline(now) : -1),
      outbox: () => (holder.door ? holder.door.outbox() : []),
    };
    const wire = new Wire(party, o.clock, o.watch);
    const address = await wire.bind(o.host, o.port);
    // A real station draws its Call-IDs, tags and branches from real entropy (§8.1.1.4: unique in space and time).
    const door = await Intercom.create(encodeConfig({ ...config, localPort: address.port }), o.host, (n) => new Uint8Array(randomBytes(n)));
    holder.door = door;
    wire.onAfterCall(() => {
      for (const e of door.events()) o.onEvent?.(e, o.clock.now());
    });
    const station = new Station(door, wire, o.clock);
    door.start(o.clock.now());
    wire.flush();
    return station;
  }

  key(code: number, down: boolean): void {
    this.door.key(code, down, this.clock.now());
    this.wire.flush();
  }

  /** A press as a finger makes it: down now, up 60 ms later. */
  press(code: number): void {
    this.key(code, true);
    setTimeout(() => this.key(code, false), 60);
  }

  input(input: number, level: number): void {
    this.door.input(input, level, this.clock.now());
    this.wire.flush();
  }

  close(): void {
    this.wire.close();
  }
}
