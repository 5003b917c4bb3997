// Real SIP phones for the interop tests (interop-phones.test.ts,
// interop-phones-audio.test.ts): Debian's baresip (baresip-core) and
// linphonec (linphone-cli), each started headless on 127.0.0.1 with a home
// and configuration of its own in a temporary folder, no sound card (or WAV
// files as one), and driven as a person would: dial, hang up, key in
// digits. baresip is driven through its ctrl_tcp module (netstring JSON
// commands, and its events on the same connection); linphonec through its
// console on stdin, its state read from what it prints. A missing client
// makes a test say "skipped: <why>" (.ci/run installs both; with CI=true a
// missing one fails).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./interop.js";
import { missingTool } from "./tools.js";

export type Client = "baresip" | "linphonec";
export const CLIENTS: readonly Client[] = ["baresip", "linphonec"];

/** Why a client cannot run here (a skip reason), or null. */
export function clientSkip(client: Client): string | null {
  return client === "baresip" ? missingTool("baresip", "baresip-core") : missingTool("linphonec", "linphone-cli");
}

/**
 * How each client sends a digit keyed in during a call. baresip 1.0 (Debian
 * 12) has no SIP INFO for DTMF (no "dtmfmode" in its binary; later releases
 * have the account parameter ;dtmfmode=info): its digits go only as RTP telephone-events
 * (RFC 4733), which the station takes as door-code digits (media.telephoneEvents).
 * linphonec sends RTP telephone-events by default (`[sip] use_rfc2833=1`, `use_info=0`) and SIP INFO
 * (application/dtmf-relay) when told `use_info=1`: both are tried.
 */
export type DtmfMethod = "rfc4733" | "info";
export const DTMF_METHODS: Record<Client, readonly DtmfMethod[]> = { baresip: ["rfc4733"], linphonec: ["rfc4733", "info"] };

export interface PhoneAccount {
  /** The user part at example.com: "flat" (the flat's phone) or "concierge" (the desk). */
  user: string;
  /** Its digest password: Kamailio's for the user, or the station's secret for it (direct calls). */
  password: string;
  /** Kamailio's port on 127.0.0.1: the phone registers there and sends every call through it. */
  proxy?: number;
  /** Answers every incoming call at once. */
  autoAnswer?: boolean;
  /** Files as its sound card (support/phone-audio.ts): it sends `play` (a WAV file) and records what it receives. */
  audio?: PhoneAudio;
  /** How linphonec sends keyed digits (DTMF_METHODS); its own default, RFC 4733, when not given. */
  dtmf?: DtmfMethod;
}

export interface PhoneAudio {
  /** A 16-bit mono 8000 Hz WAV file the phone sends as its microphone in every call. */
  play: string;
  /** An empty folder where the phone writes what it receives (the decoded audio) as WAV. */
  recordDir: string;
}

export interface Phone {
  readonly client: Client;
  /** Its SIP port on 127.0.0.1. */
  readonly port: number;
  /** Everything the client printed (its own log), for diagnostics. */
  log(): string;
  /** Resolves once its registration at the proxy succeeded. */
  registered(ms: number): Promise<void>;
  /** Resolves once a call is established (answered, both ways). */
  established(ms: number): Promise<void>;
  /** Resolves once the call is over. */
  ended(ms: number): Promise<void>;
  dial(uri: string): void;
  /** Keys in digits during the call (DTMF, as the client sends them); resolves once all are keyed in. */
  key(digits: string): Promise<void>;
  hangUp(): void;
  /** The WAV file of what the phone received in its call (account.audio), once the call has ended; null if it wrote none. */
  recording(): string | null;
  close(): Promise<void>;
}

async function until(check: () => boolean, ms: number, what: string, log: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; the client's log:\n${log().slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A TCP port free on 127.0.0.1 right now. */
async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The newest file in `dir` whose name matches `name`, or null. */
function newest(dir: string, name: RegExp): string | null {
  const files = readdirSync(dir).filter((f) => name.test(f)).map((f) => path.join(dir, f));
  files.sort((x, y) => statSync(y).mtimeMs - statSync(x).mtimeMs);
  return files[0] ?? null;
}

/** Ends a child process: SIGTERM, then SIGKILL after 2 s. */
async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

/** baresip with its ctrl_tcp module: commands and events as netstrings of JSON. */
async function baresip(a: PhoneAccount): Promise<Phone> {
  const dir = mkdtempSync(path.join(tmpdir(), "baresip-"));
  const port = await freePort();
  const ctrl = await freeTcpPort();
  // No sound card: the audio bridge (aubridge) stands in for both the microphone and the speaker;
  // with files (a.audio) the aufile module reads the microphone from a WAV file, and the sndfile
  // filter writes each call's audio, as encoded and as decoded, to dump-<time>-{enc,dec}.wav in snd_path.
  const source = a.audio ? [`audio_source aufile,${a.audio.play}`, "module aufile.so", "module sndfile.so", `snd_path ${a.audio.recordDir}`] : ["audio_source aubridge,phone"];
  writeFileSync(path.join(dir, "config"), [
    "poll_method epoll", `sip_listen 127.0.0.1:${port}`, "net_interface 127.0.0.1",
    "audio_player aubridge,phone", "audio_alert aubridge,phone",
    "module_path /usr/lib/baresip/modules", "module g711.so", "module aubridge.so", ...source,
    "module_app account.so", "module_app menu.so", "module_app ctrl_tcp.so", `ctrl_tcp_listen 127.0.0.1:${ctrl}`, "",
  ].join("\n"));
  const params = [`auth_pass=${a.password}`, a.proxy ? `outbound="sip:127.0.0.1:${a.proxy};lr"` : "regint=0", a.autoAnswer ? "answermode=auto" : "answermode=manual"];
  if (a.proxy) params.push("regint=600");
  writeFileSync(path.join(dir, "accounts"), `<sip:${a.user}@example.com>;${params.join(";")}\n`);
  const proc = spawn("baresip", ["-f", dir, "-v"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HOME: dir } });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const log = () => out;
  await until(() => /baresip is ready/.test(out) || proc.exitCode !== null, 5000, "baresip to start", log);
  if (proc.exitCode !== null) throw new Error(`baresip did not start:\n${out}`);
  const socket = net.connect(ctrl, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("error", reject));
  const events: string[] = [];
  let pending = "";
  socket.on("data", (d) => {
    pending += d.toString("utf8");
    for (let m = /^(\d+):/.exec(pending); m && pending.length >= m[0].length + Number(m[1]) + 1; m = /^(\d+):/.exec(pending)) {
      const json = pending.slice(m[0].length, m[0].length + Number(m[1]));
      pending = pending.slice(m[0].length + Number(m[1]) + 1);
      const message = JSON.parse(json) as { event?: boolean; type?: string };
      if (message.event && message.type) events.push(message.type);
      out += `ctrl_tcp: ${json}\n`;
    }
  });
  socket.on("error", () => undefined);
  const command = (name: string, params = "") => {
    const json = JSON.stringify({ command: name, params, token: name });
    socket.write(`${Buffer.byteLength(json)}:${json},`);
  };
  const seen = (type: string) => () => events.includes(type);
  return {
    client: "baresip", port, log,
    // It may register before the control connection is up: its own line for the 200 counts too.
    registered: (ms) => until(() => seen("REGISTER_OK")() || /@example\.com: \{\d+\/UDP\/v4\} 200 OK/.test(out), ms, "REGISTER_OK", log),
    established: (ms) => until(seen("CALL_ESTABLISHED"), ms, "CALL_ESTABLISHED", log),
    ended: (ms) => until(seen("CALL_CLOSED"), ms, "CALL_CLOSED", log),
    dial: (uri) => command("dial", uri),
    key: async (digits) => command("sndcode", digits),
    hangUp: () => command("hangup"),
    recording: () => (a.audio ? newest(a.audio.recordDir, /^dump-.*-dec\.wav$/) : null),
    close: async () => {
      socket.destroy();
      await stop(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The file linphonec records a call's received audio to, in account.audio.recordDir. */
const LINPHONE_RECORDING = "received.wav";

/** linphonec reading its console commands from stdin; its configuration file (-c) in the temp folder. */
async function linphonec(a: PhoneAccount): Promise<Phone> {
  const dir = mkdtempSync(path.join(tmpdir(), "linphonec-"));
  const port = await freePort();
  const rtp = await freePort();
  const rc = path.join(dir, "linphonerc");
  // Its database: without the folder the core stays in LinphoneGlobalStartup and never listens.
  mkdirSync(path.join(dir, ".local/share/linphone"), { recursive: true });
  const lines = [
    "[sip]", `sip_port=${port}`, "sip_tcp_port=0", "sip_tls_port=0", "bind_address=127.0.0.1",
    // DTMF as RTP telephone-events (RFC 4733: linphone's default) or as SIP INFO (application/dtmf-relay).
    ...(a.dtmf === "info" ? ["use_info=1", "use_rfc2833=0"] : ["use_info=0", "use_rfc2833=1"]),
    "register_only_when_network_is_up=0", `contact="${a.user}" <sip:${a.user}@example.com>`,
    // Its From without an account is that contact as written (not the host replaced by a local address).
    "guess_hostname=0",
    `default_proxy=${a.proxy ? 0 : -1}`,
    "[rtp]", `audio_rtp_port=${rtp}`, "[video]", "enabled=0", "capture=0", "display=0",
    "[auth_info_0]", `username=${a.user}`, `passwd=${a.password}`, "realm=example.com", "domain=example.com",
  ];
  if (a.proxy) {
    lines.push("[proxy_0]", `reg_proxy=<sip:127.0.0.1:${a.proxy};transport=udp>`, `reg_route=<sip:127.0.0.1:${a.proxy};lr>`,
      `reg_identity=sip:${a.user}@example.com`, "reg_expires=600", "reg_sendregister=1", "realm=example.com");
  }
  writeFileSync(rc, `${lines.join("\n")}\n`);
  // stdbuf: its console lines as they are printed (a pipe would get them in blocks); PHONE_DEBUG=6: all of its log.
  const proc = spawn("stdbuf", ["-oL", "linphonec", "-c", rc, "-d", process.env.PHONE_DEBUG ?? "0", "-S", ...(a.autoAnswer ? ["-a"] : [])], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, HOME: dir } });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  proc.stdin!.on("error", () => undefined);
  const log = () => out;
  await until(() => /linphonec> /.test(out) || proc.exitCode !== null, 10_000, "linphonec to start", log);
  if (proc.exitCode !== null) throw new Error(`linphonec did not start:\n${out}`);
  const say = (line: string) => proc.stdin!.write(`${line}\n`);
  const printed = (re: RegExp) => () => re.test(out);
  if (a.audio) {
    // Files as its sound card (its console's `soundcard use files`): `play` sets the WAV it sends in a call, `record` where it writes what it receives.
    say("soundcard use files");
    await until(printed(/Using wav files instead of soundcard/), 5000, "linphonec to use files as its sound card", log);
    say(`play ${a.audio.play}`);
    say(`record ${path.join(a.audio.recordDir, LINPHONE_RECORDING)}`);
  }
  return {
    client: "linphonec", port, log,
    // It prints nothing when it registers: ask ("status register") until it answers "registered, identity=...".
    registered: async (ms) => {
      const asking = setInterval(() => say("status register"), 250);
      try {
        await until(printed(/registered, identity=/), ms, "the registration", log);
      } finally {
        clearInterval(asking);
      }
    },
    established: (ms) => until(printed(/Call \d+ with .* connected/), ms, "the call to connect", log),
    ended: (ms) => until(printed(/Call \d+ with .* ended|Call \d+ .*terminated/i), ms, "the end of the call", log),
    dial: (uri) => say(`call ${uri}`),
    // A digit typed during a call is sent as DTMF; then linphonec sleeps 1 s (its SIP stack stops) and
    // sends the next only once the last INFO was answered. So one digit a line, 1.5 s apart, as a finger would.
    key: async (digits) => {
      for (const digit of digits) {
        say(digit);
        await new Promise((r) => setTimeout(r, 1500));
      }
    },
    hangUp: () => say("terminate"),
    recording: () => (a.audio && existsSync(path.join(a.audio.recordDir, LINPHONE_RECORDING)) ? path.join(a.audio.recordDir, LINPHONE_RECORDING) : null),
    close: async () => {
      say("quit");
      await Promise.race([new Promise((r) => proc.once("exit", r)), new Promise((r) => setTimeout(r, 2000))]);
      await stop(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A phone of `client` with `account`, started and ready for commands. */
export function startPhone(client: Client, account: PhoneAccount): Promise<Phone> {
  return client === "baresip" ? baresip(account) : linphonec(account);
}
