// A simulated door station on real UDP: the firmware through the board ABI,
// its configuration block, a board definition whose memory limit it must
// fit, and the wiring of keys, inputs and events.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Intercom, type IntercomEvent, type SerialHal } from "../intercom.js";
import type { Retained } from "../firmware.js";
import { validateConfig, encodeConfig, type Config } from "../config.js";
import { loadBoard, checkFit } from "../boards.js";
import { Clock, Wire, type Watcher } from "./udp.js";
import { parseJsonText } from "../json-syntax.js";
import { StationMedia, type Speaker } from "./media.js";
import { SilentMicrophone, type Microphone } from "../audio/mic.js";
import { Streams, streamExports, type TlsFiles, type StreamOptions } from "./streams.js";
import { SimResolver } from "./resolver.js";

export interface StationOptions {
  /** The JSON configuration, validated here (ConfigError names the field). */
  config?: unknown;
  /**
   * Or the binary block as a board stores it, handed to the firmware as it is
   * (the firmware validates it on boot); called with the UDP port bound.
   */
  block?: (localPort: number) => Uint8Array | null;
  /** The module to run (default build/firmware.wasm). */
  image?: Uint8Array<ArrayBuffer>;
  /** What the board keeps across restarts of the firmware (the lockout); default: a new record in memory. */
  retained?: Retained;
  /** The address to bind (0.0.0.0: every interface). */
  host: string;
  /** The address put in Via, Contact and Call-ID when `host` is 0.0.0.0 (host/sim/announce.ts); default `host`. */
  announce?: string;
  /** The UDP port; default the configuration's localPort (0 picks a free one). */
  port?: number;
  board?: string;
  clock: Clock;
  watch?: Watcher;
  onEvent?: (e: IntercomEvent, at: number) => void;
  /** Outputs the firmware drives (relays 0-3, LEDs 16/17), as they happen. */
  onOutput?: (o: { id: number; on: boolean }, at: number) => void;
  /** The firmware's log lines (board.log), as they happen. */
  onLog?: (line: { level: number; text: string }) => void;
  /** A fault of the module after start (a trap in a tick, a datagram, a key); without it the fault is thrown. */
  onFault?: (err: Error) => void;
  /** What the microphone hears in a call (--mic); default silence. */
  mic?: Microphone;
  /** Where the speaker's audio goes (--speaker); closed with the station. Default: nowhere. */
  speaker?: Speaker;
  /** A line about the board itself (its media port was taken, say); default: stderr. */
  onWarning?: (text: string) => void;
  /** The board's serial agent HAL (board ABI 4: UART, slots, boot record, configuration store, reboot); default none. */
  hal?: SerialHal;
  /** The board's TLS files (board ABI 5 streams): --tls-ca, --tls-cert, --tls-key; without a CA, the configuration's tls.ca. */
  tls?: TlsFiles;
  /** The folder a relative tls.ca is taken from (the configuration file's); default the working directory. */
  configDir?: string;
  /** The DNS server the board's resolver asks, "HOST:PORT" (--dns); default the system's (host/sim/resolver.ts). */
  dnsServer?: string;
  /** Sees what each stream carries (StreamOptions.watch). */
  watchStreams?: StreamOptions["watch"];
}

export class ConfigError extends Error {}

/** Validates a JSON configuration; throws one message naming every bad field (each message starts with its path) and its fix. */
export function checkedConfig(json: unknown): Config {
  const v = validateConfig(json);
  if (!v.ok) throw new ConfigError(v.errors.map((e) => e.message).join("\n"));
  return v.config;
}

/** A configuration file's JSON; a syntax error names the line and column only, never the text there (it may be a secret). */
export function readConfigFile(file: string): unknown {
  try {
    return parseJsonText(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
}

/**
 * The board's TLS files with the CA the configuration names (tls.ca) when none was given: --tls-ca overrides it.
 * A relative path is taken from `dir`; a file that cannot be read is refused naming tls.ca, before any socket.
 */
export function withConfiguredCa(files: TlsFiles | undefined, config: Config | null, dir: string): TlsFiles | undefined {
  const named = config?.tls?.ca;
  if (files?.ca !== undefined || named === undefined) return files;
  const ca = path.resolve(dir, named);
  try {
    readFileSync(ca);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError(`tls.ca ${ca}: cannot read it (${why}): give the path of a PEM file of CA certificates (relative: from the configuration file's folder), or --tls-ca FILE`);
  }
  return { ...files, ca };
}

export class Station {
  private constructor(
    readonly door: Intercom,
    readonly wire: Wire,
    /** Where the station says it is reached: the address it announces and the port it is bound to. */
    readonly announced: { host: string; port: number },
    private clock: Clock,
    private guard: <T>(fn: () => T) => T | undefined,
    /** The RTP/RTCP sockets and the audio clock; null for a module without media (board ABI 2). */
    readonly media: StationMedia | null,
    /** TCP and TLS (board ABI 5, host/sim/streams.ts); a module without the stream exports gets none. */
    readonly streams: Streams,
    /** Stops the board's resolver: an answer after close is dropped. */
    private stopResolver: () => void = () => {},
  ) {}

  static async start(o: StationOptions): Promise<Station> {
    const config = o.block === undefined ? checkedConfig(o.config) : null;
    const boardName = o.board ?? "simulator";
    const board = loadBoard(boardName);
    const probe = await Intercom.create(null, o.host, undefined, o.image);
    const memory = probe.fw.exports.memory.buffer.byteLength;
    const problems = checkFit(board, probe.fw.imageBytes, memory);
    if (problems.length) throw new ConfigError(`board ${boardName}: ${problems.join("; ")}`);
    // The port goes into Via and Contact: bind first, then start with it.
    // Media events before the pair is bound (boardStart's) wait in `early` for it.
    const holder: { door?: Intercom; media?: StationMedia | null; early: IntercomEvent[]; resolver?: SimResolver; closed?: boolean } = { early: [] };
    const guard = <T>(fn: () => T): T | undefined => {
      if (!o.onFault) return fn();
      try {
        return fn();
      } catch (err) {
        o.onFault(err as Error);
        return undefined;
      }
    };
    const party = {
      name: "door",
      receive: (d: Uint8Array, f: { host: string; port: number }, now: number) => guard(() => holder.door!.receive(d, f, now)) ?? 0,
      tick: (now: number) => guard(() => holder.door!.tick(now)),
      nextDeadline: (now: number) => (holder.door ? (guard(() => holder.door!.nextDeadline(now)) ?? -1) : -1),
      outbox: () => (holder.door ? holder.door.outbox() : []),
    };
    // The TLS files are read first: a wrong path stops the station naming the option, before any socket.
    const streams = new Streams({ now: () => o.clock.now(), guard, after: () => wire.flush(), tls: withConfiguredCa(o.tls, config, o.configDir ?? "."), watch: o.watchStreams });
    const wire = new Wire(party, o.clock, o.watch);
    const address = await wire.bind(o.host, o.port ?? config?.localPort ?? 5060);
    // A real station draws its Call-IDs, tags and branches from real entropy (§8.1.1.4: unique in space and time).
    const block = config ? encodeConfig({ ...config, localPort: address.port }) : (o.block?.(address.port) ?? null);
    const announced = { host: o.announce ?? o.host, port: address.port };
    const door = await Intercom.create(block, announced.host, (n) => new Uint8Array(randomBytes(n)), o.image, o.retained, o.hal, streams);
    holder.door = door;
    streams.attach(streamExports(door.fw.exports));
    // The board's resolver (ABI 5): each answer is one more entry point, like a datagram's.
    const resolver = new SimResolver(o.dnsServer, door.fw.exports.rxCapacity(), (id, a) => {
      if (holder.closed) return;
      guard(() => door.resolved(id, a.status, a.count, a.records, o.clock.now()));
      wire.flush();
    });
    door.setResolver((type, name) => resolver.resolve(type, name));
    holder.resolver = resolver;
    let logged = 0;
    wire.onAfterCall(() => {
      const events = door.events();
      for (const e of events) o.onEvent?.(e, o.clock.now());
      if (holder.media === undefined) holder.early.push(...events);
      else holder.media?.afterCall(events);
      if (o.onOutput) for (const out of door.outputs()) o.onOutput(out, o.clock.now());
      const logs = door.logs();
      if (o.onLog) while (logged < logs.length) o.onLog(logs[logged++]);
    });
    try {
      door.start(o.clock.now());
    } catch (err) {
      holder.closed = true;
      resolver.close();
      wire.close();
      throw err;
    }
    wire.flush();
    const warn = o.onWarning ?? ((text: string) => process.stderr.write(`${text}\n`));
    // Peers may connect once the firmware runs: TCP on its localPort, TLS on the next (RFC 3261 §18.2.1).
    if (streams.attached) await streams.listen(o.host, address.port).catch((err: Error) => warn(`${err.message}: the station takes no connections`));
    // After boardStart the firmware knows its RTP port (boardMediaPort): the pair is bound on the SIP address.
    try {
      const media = await StationMedia.start(door, { host: o.host, clock: o.clock, mic: o.mic ?? new SilentMicrophone(), speaker: o.speaker, guard, flush: () => wire.flush(), warn });
      holder.media = media;
      media?.afterCall(holder.early);
    } catch (err) {
      holder.closed = true;
      resolver.close();
      wire.close();
      streams.close();
      throw err;
    }
    return new Station(door, wire, announced, o.clock, guard, holder.media, streams, () => { holder.closed = true; resolver.close(); });
  }

  key(code: number, down: boolean): void {
    this.guard(() => this.door.key(code, down, this.clock.now()));
    this.wire.flush();
  }

  /** A press as a finger makes it: down now, up 60 ms later. */
  press(code: number): void {
    this.key(code, true);
    setTimeout(() => this.key(code, false), 60);
  }

  /** Octets from the provisioning UART, to the firmware's serial agent (board ABI 4). */
  serial(octets: Uint8Array): void {
    this.guard(() => this.door.serial(octets, this.clock.now()));
    this.wire.flush();
  }

  /** The firmware's transaction table and dropped requests (Intercom.stats). */
  stats(): { transactions: number; dropped: number } {
    return this.door.stats();
  }

  input(input: number, level: number): void {
    this.guard(() => this.door.input(input, level, this.clock.now()));
    this.wire.flush();
  }

  close(): void {
    this.stopResolver();
    this.media?.close();
    this.streams.close();
    this.wire.close();
  }

  /**
   * A clean stop, as a board powering down on purpose: the firmware's last
   * words (a PUBLISH that removes its presence, RFC 3903 §4.5, when it
   * publishes; a publication still on its way is answered first, and the
   * removal follows it), then up to `graceMs` while the firmware says they
   * are unanswered (boardShutdownPending; a 407 is answered again with
   * credentials and timers keep retransmitting meanwhile), then the socket
   * closes.
   */
  async shutdown(graceMs = 1000): Promise<void> {
    this.guard(() => this.door.shutdown(this.clock.now()));
    this.wire.flush();
    const end = Date.now() + graceMs;
    while (this.guard(() => this.door.shutdownPending()) === true && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    this.close();
  }
}
