// `npm start`: the simulated door station on its embedded default — the
// station, a small PBX and one apartment on loopback — in an interactive
// view; `--demo` plays the story by itself and exits 0 when the door opened;
// `--config FILE` points the station at a real PBX instead; `--pcap FILE`
// and `--ladder FILE` keep the run's SIP traffic as a capture and a diagram.
import { parseArgs } from "node:util";
import { writeFileSync } from "node:fs";
import { Clock } from "./sim/udp.js";
import { isIPv4, isIPv6 } from "node:net";
import { Station, ConfigError, readConfigFile, checkedConfig } from "./sim/station.js";
import { chooseAddress } from "./sim/announce.js";
import { Apartment } from "./sim/apartment.js";
import { DemoPbx } from "./sim/demo-pbx.js";
import { Wire } from "./sim/udp.js";
import { eventText } from "./sim/events.js";
import { PcapWriter } from "./sim/pcap.js";
import { ladderSvg, lanesOf, sipArrow } from "./sim/ladder.js";
import { audioOptions, MIC_HELP, SPEAKER_HELP } from "./sim/audio-options.js";
import { Ev, Key } from "./intercom.js";
import type { Address } from "./sip-engine.js";

const USAGE = `usage: npm start [-- --demo] [-- --config FILE [--host ADDR]] [-- --board NAME] [-- --quiet] [-- --pcap FILE] [-- --ladder FILE]
       [-- --mic SOURCE] [-- --speaker FILE.wav] [-- --flat-mic SOURCE] [-- --flat-speaker FILE.wav]
  (no flags)     the station, a PBX and an apartment on loopback; press keys to play
  --demo         play the whole story without input; exit 0 when the door opened
  --config FILE  a station configuration (docs/config.md) for a real PBX instead of the embedded one
  --host ADDR    with --config: the IPv4 or IPv6 address to bind and announce (default: every interface bound,
                 the address of the one that routes to the registrar announced)
  --board NAME   a board definition from boards/ (default: simulator)
  --quiet        no SIP messages in the view
  --pcap FILE    write every datagram the simulated parties send as a capture (libpcap, opens in Wireshark)
  --ladder FILE  draw them as a SIP ladder diagram (SVG), written when the run ends
  --mic SOURCE   ${MIC_HELP}
  --speaker FILE ${SPEAKER_HELP}
  --flat-mic SOURCE   the demo's flat: what its microphone sends the door in the call (same forms as --mic; default silence)
  --flat-speaker FILE the demo's flat: write what it hears from the door to FILE.wav (16-bit mono 8000 Hz)`;

const DOOR_CODE = "1234";

function defaultConfig(pbx: Address) {
  return {
    user: "door",
    domain: "example.com",
    displayName: "Front Door",
    registrar: pbx,
    keepaliveInterval: 30,
    buttons: [{ mode: "sequential", ringTimeout: 30, targets: ["sip:flat@example.com"] }],
    relays: [{ pulseMs: 3000, doorCodes: [DOOR_CODE], hangupAfterOpenMs: 2000 }],
    accessCodes: [{ code: "9876", relay: 0 }],
    incoming: { mode: "auto-answer", allowed: ["flat"] },
    doorSensor: { enabled: true, heldOpenSeconds: 30 },
    // On loopback, as its SIP port: any free RTP pair, so that a second demo (or a test) never finds 4000 taken.
    // The jitter buffer deeper than a board's default (40 ms, for a wired LAN): here the door's audio clock and
    // the flat's are timers of one busy desktop process, which a loaded machine delays by tens of milliseconds.
    media: { rtpPort: 0, jitterMs: 100 },
  };
}

async function main(): Promise<number> {
  let args: { demo?: boolean; config?: string; host?: string; board?: string; quiet?: boolean; help?: boolean; pcap?: string; ladder?: string; mic?: string; speaker?: string; "flat-mic"?: string; "flat-speaker"?: string };
  try {
    const str = { type: "string" } as const;
    const bool = { type: "boolean" } as const;
    args = parseArgs({ options: { demo: bool, config: str, host: str, board: str, quiet: bool, help: bool, pcap: str, ladder: str, mic: str, speaker: str, "flat-mic": str, "flat-speaker": str } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.host !== undefined && !isIPv4(args.host) && !isIPv6(args.host)) {
    console.error(`--host: ${args.host} is not an IP address (IPv4 such as 192.168.1.20, or IPv6 such as ::1 without brackets)`);
    return 2;
  }
  if (args.host !== undefined && !args.config) {
    console.error("--host: only with --config (the embedded demo runs on 127.0.0.1)");
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.config && (args["flat-mic"] !== undefined || args["flat-speaker"] !== undefined)) {
    console.error("--flat-mic and --flat-speaker: only without --config (the flat is the embedded demo's; a real PBX has real phones)");
    return 2;
  }
  let audio: ReturnType<typeof audioOptions>;
  let flat: ReturnType<typeof audioOptions>;
  try {
    audio = audioOptions(args.mic, args.speaker);
    flat = audioOptions(args["flat-mic"], args["flat-speaker"], { mic: "--flat-mic", speaker: "--flat-speaker" });
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const clock = new Clock();
  const t = () => `[${(clock.now() / 1000).toFixed(3).padStart(8)}s]`;
  const names = new Map<string, string>();
  const pcap = args.pcap ? new PcapWriter(args.pcap) : null;
  const sent: { t: number; from: string; to: Address; data: Buffer }[] = [];
  const watch = (from: string, to: Address, data: Buffer, self: Address) => {
    pcap?.add(self, to, data, clock.now());
    if (args.ladder) sent.push({ t: clock.now(), from, to, data });
    if (args.quiet) return;
    const first = data.toString("latin1").split("\r\n", 1)[0];
    console.log(`${t()}   ${from.padEnd(9)} -> ${(names.get(`${to.host}:${to.port}`) ?? `${to.host}:${to.port}`).padEnd(9)} ${first}`);
  };
  const closers: (() => void)[] = [];
  const onWarning = (text: string) => console.log(`${t()} warning: ${text}`);
  let doorOpened = false;
  let station!: Station;
  try {
    let config: unknown;
    if (args.config) {
      config = readConfigFile(args.config);
    } else {
      const holder: { door?: Address; apt?: Address } = {};
      const pbx = new DemoPbx(() => holder.door!, () => holder.apt!);
      const pbxWire = new Wire(pbx, clock, watch);
      pbx.self = await pbxWire.bind("127.0.0.1", 0);
      names.set(`${pbx.self.host}:${pbx.self.port}`, "pbx");
      closers.push(() => pbxWire.close());
      const apt = await Apartment.start({ host: "127.0.0.1", code: DOOR_CODE, clock, ...flat, say: (s) => console.log(`${t()} ${s}`) }, watch);
      holder.apt = apt.address;
      names.set(`${apt.address.host}:${apt.address.port}`, "apartment");
      closers.push(() => apt.close());
      config = defaultConfig(pbx.self);
      station = await Station.start({ config, host: "127.0.0.1", port: 0, board: args.board, clock, watch, onEvent, onOutput, ...audio, onWarning });
      holder.door = station.wire.address;
      names.set(`${holder.door.host}:${holder.door.port}`, "door");
    }
    if (args.config) {
      const registrar = checkedConfig(config).registrar;
      const where = await chooseAddress(args.host, registrar);
      station = await Station.start({ config, host: where.bind, announce: where.announce, board: args.board, clock, watch, onEvent, onOutput, ...audio, onWarning });
      const at = station.announced;
      names.set(`${registrar?.host}:${registrar?.port}`, "registrar");
      console.log(`${t()} door: at ${at.host}:${at.port} (bound ${station.wire.address.host}:${at.port}), registering with ${registrar?.host}:${registrar?.port}`);
    }
  } catch (err) {
    // Bad input (the configuration, the board, the address, a port in use) is one line and exit 2, never a stack trace.
    const message = err instanceof ConfigError ? `configuration refused:\n${err.message}` : (err as Error).message;
    console.error(message);
    for (const c of closers) c();
    return 2;
  }

  // What the board shows: outputs as the firmware drives them (docs/board-abi.md: 0-3 relays, 16 status LED, 17 call LED).
  const outputs = new Map<number, boolean>();
  let registration = "not registered";
  const outputName = (id: number) => (id === 16 ? "status LED" : id === 17 ? "call LED" : `relay ${id}`);
  const boardState = () => {
    const lamp = (id: number) => `${outputName(id)} ${outputs.get(id) ? "on" : "off"}`;
    return `${registration} | ${lamp(16)} | ${lamp(17)} | ${lamp(0)}`;
  };
  function onOutput(o: { id: number; on: boolean }): void {
    if (outputs.get(o.id) === o.on) return;
    outputs.set(o.id, o.on);
    if (o.id >= 16) console.log(`${t()} board: ${outputName(o.id)} ${o.on ? "on" : "off"}`);
  }

  function onEvent(e: { kind: number; a: number; b: number }): void {
    console.log(`${t()} door: ${eventText(e)}`);
    if (e.kind === Ev.Registered) registration = `registered (${e.a === 0 ? "primary" : "backup"})`;
    if (e.kind === Ev.Unregistered) registration = "not registered";
    if (e.kind === Ev.Relay && e.b === 1) doorOpened = true;
    if (args.demo && e.kind === Ev.Registered) {
      console.log(`${t()} a visitor presses the call button`);
      station.press(Key.button(0));
    }
  }

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await station.shutdown(); // the station's last words first, while the PBX still listens
    for (const c of closers) c();
    pcap?.close();
    if (args.ladder) {
      // Destinations by name where the party is known (the door's address is learnt after its first REGISTER).
      const arrows = sent.map((s) => sipArrow(s.t, s.from, names.get(`${s.to.host}:${s.to.port}`) ?? `${s.to.host}:${s.to.port}`, s.data));
      writeFileSync(args.ladder, ladderSvg(arrows, lanesOf(arrows, ["door"]), { title: "npm start" + (args.demo ? " -- --demo" : "") }));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(doorOpened || !args.demo ? 0 : 1));
  process.on("SIGTERM", () => void stop(0));

  if (args.demo) {
    const deadline = setTimeout(() => {
      console.log(`${t()} the door did not open within 30 s`);
      stop(1);
    }, 30_000);
    const poll = setInterval(() => {
      if (!doorOpened) return;
      clearInterval(poll);
      clearTimeout(deadline);
      setTimeout(() => {
        console.log(`${t()} the door opened: demo complete`);
        stop(0);
      }, 3500);
    }, 50);
    return -1;
  }
  console.log(`keys: 0-9 * # keypad | c call button | h hang up | d door sensor | s board state | q quit   (door code ${args.config ? "from your config" : `${DOOR_CODE}, keypad access code 9876`})`);
  let doorOpen = 0;
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    for (const ch of chunk) {
      if (ch === "q" || ch === "\u0003") stop(0);
      else if (ch === "c") station.press(Key.button(0));
      else if (ch === "h") station.press(Key.hangup);
      else if (ch === "d") station.input(0, (doorOpen ^= 1));
      else if (ch === "s") console.log(`${t()} board: ${boardState()} | door ${doorOpen ? "open" : "closed"}`);
      else if (/[0-9*#]/.test(ch)) station.key(ch.charCodeAt(0), true);
    }
  });
  return -1;
}

main().then((code) => {
  if (code >= 0) process.exit(code);
});
