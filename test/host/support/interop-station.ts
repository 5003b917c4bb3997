// One door station for the interop tests, of any kind: the simulator (the
// module in this process, host/sim/station.ts), the native board (the same
// module compiled by wasm2c, a child process: support/interop-native.ts), or
// the Cortex-M4 build under QEMU (the same C cross-compiled for the MCU,
// bridged to a UDP socket: support/interop-qemu.ts). All are driven through
// DoorControl and report the same events and datagrams, so one scenario runs
// against each with the same expectations.
import { Clock } from "../../../host/sim/udp.js";
import { Station } from "../../../host/sim/station.js";
import type { IntercomEvent } from "../../../host/intercom.js";
import type { Address } from "../../../host/sip-engine.js";
import type { Microphone } from "../../../host/audio/mic.js";
import type { Speaker } from "../../../host/sim/media.js";
import type { TlsFiles } from "../../../host/sim/streams.js";
import { NativeStation, nativeSkip } from "./interop-native.js";
import { QemuStation, qemuSkip } from "./interop-qemu.js";

export type StationKind = "simulator" | "native" | "cortex-m4";
export const STATION_KINDS: readonly StationKind[] = ["simulator", "native", "cortex-m4"];

/** What a test does to a door station, whichever kind. */
export interface DoorControl {
  /** A press as a finger makes it (host/intercom.ts Key codes). */
  press(code: number): void;
  input(input: number, level: number): void;
  close(): void;
  /**
   * A clean stop, as a board powering down on purpose: the firmware's last
   * words (boardShutdown: a PUBLISH removing its presence, when it
   * publishes), up to 1 s while boardShutdownPending says they are
   * unanswered, then closed. Rejects when the
   * station did not stop cleanly. close() after it does nothing.
   */
  shutdown(): Promise<void>;
  /** Where it listens. */
  readonly wire: { readonly address: Address };
  /** Its clock (ms): the one its events and datagrams are stamped with. */
  now(): number;
  /** The firmware's transaction table in use and the requests it dropped (not on the Cortex-M4 bridge). */
  stats?(): Promise<{ transactions: number; dropped: number }>;
}

export interface DoorOptions {
  config: unknown;
  /** What the station's microphone hears in a call, and where its speaker goes (the simulator's; host/audio). */
  mic?: Microphone;
  speaker?: Speaker;
  /** The native board's instead: its audio options as on its command line (--mic SPEC, --speaker FILE.wav). */
  audioArgs?: readonly string[];
  onEvent?: (e: IntercomEvent, t: number) => void;
  onSend?: (to: Address, data: Buffer, t: number) => void;
  onReceive?: (from: Address, data: Buffer, t: number) => void;
  /** Each datagram of the media sockets, sent or received (channel 0 RTP, 1 RTCP); the simulator's only. */
  onMedia?: (dir: "in" | "out", peer: Address, channel: number, data: Buffer, t: number) => void;
  /** The address the station binds and announces (the simulator: default 127.0.0.1; the native board: --host; "::1" for IPv6, interop-ipv6.test.ts). */
  host?: string;
  /** The DNS server the station's resolver asks ("HOST:PORT", board ABI 5): the simulator's node:dns, the native board's --dns; the Cortex-M4 has no resolver. */
  dnsServer?: string;
  /** The board's TLS files (docs/transports.md "Streams"): the CA it trusts, its own certificate and key; --tls-ca, --tls-cert, --tls-key on the native board. */
  tls?: TlsFiles;
  /** What each stream carries, out or in, with the peer's port (the simulator's only). */
  onStream?: (dir: "out" | "in", peerPort: number, data: Buffer, t: number) => void;
}

/** The native board's command-line options for `tls`. */
function tlsArgs(tls: TlsFiles | undefined): string[] {
  if (!tls) return [];
  return [...(tls.ca ? ["--tls-ca", tls.ca] : []), ...(tls.cert ? ["--tls-cert", tls.cert] : []), ...(tls.key ? ["--tls-key", tls.key] : [])];
}

/** The test's name for a kind: the simulator's as it always was, the native board's marked. */
export function titled(kind: StationKind, title: string): string {
  return kind === "simulator" ? title : kind === "native" ? `native board: ${title}` : `Cortex-M4 under QEMU: ${title}`;
}

/** Why a kind cannot run here (a skip reason), or null. The native board is built when needed. */
export function kindSkip(kind: StationKind): string | null {
  return kind === "native" ? nativeSkip() : kind === "cortex-m4" ? qemuSkip() : null;
}

/** The simulator on a free port of 127.0.0.1 (or o.host), recording what it sends and receives. */
async function simulator(o: DoorOptions): Promise<DoorControl> {
  const clock = new Clock();
  const s = await Station.start({
    config: o.config, host: o.host ?? "127.0.0.1", port: 0, clock, mic: o.mic, speaker: o.speaker, dnsServer: o.dnsServer, tls: o.tls,
    watchStreams: o.onStream ? (dir, port, data) => o.onStream!(dir, port, data, clock.now()) : undefined,
    watch: (_from, to, data) => o.onSend?.(to, data, clock.now()),
    onEvent: o.onEvent,
  });
  // Record what arrives too: the host's receive path calls door.receive for every datagram.
  const door = s.door;
  const inner = door.receive.bind(door);
  door.receive = (data: Uint8Array, from: Address, now: number) => {
    o.onReceive?.(from, Buffer.from(data), clock.now());
    return inner(data, from, now);
  };
  const media = door.receiveMedia.bind(door);
  door.receiveMedia = (data: Uint8Array, from: Address, channel: number, now: number) => {
    o.onMedia?.("in", from, channel, Buffer.from(data), clock.now());
    media(data, from, channel, now);
  };
  const mediaOut = door.mediaOutbox.bind(door);
  door.mediaOutbox = () => {
    const out = mediaOut();
    for (const d of out) o.onMedia?.("out", d.to, d.channel, Buffer.from(d.data), clock.now());
    return out;
  };
  let closed = false;
  return {
    press: (code) => s.press(code),
    input: (input, level) => s.input(input, level),
    close: () => {
      if (!closed) s.close();
      closed = true;
    },
    shutdown: async () => {
      if (closed) return;
      closed = true;
      await s.shutdown();
    },
    wire: s.wire,
    now: () => clock.now(),
    stats: async () => s.stats(),
  };
}

/** A door station of `kind` on a free port of 127.0.0.1 with `config` (JSON, docs/config.md). */
export async function startDoor(kind: StationKind, o: DoorOptions): Promise<DoorControl> {
  if (kind === "native") return NativeStation.start({ ...o, audioArgs: [...(o.audioArgs ?? []), ...tlsArgs(o.tls)] });
  return kind === "simulator" ? simulator(o) : QemuStation.start(o);
}
