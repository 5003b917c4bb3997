// The transport bench (`npm run bench:transports`, after `npm run build`):
// issue 18's figures, each measured against Kamailio, none typed in.
//   - registrations per second: N simulated stations (the release module, one
//     instance each) start together and register with digest (REGISTER, 401,
//     REGISTER, 200) at one Kamailio; N over the seconds until the last holds,
//     and each station's own time from start to `registered`;
//   - the door call's setup: a registered station presses its button, the
//     INVITE is challenged (407) and relayed to a SIPp apartment that answers
//     at once (test/interop/bench-apartment.xml); the time from the press to
//     the `call` connected event, over several calls;
// over UDP, TCP, TLS (when this build's firmware takes registrar.transport
// "tls") and UDP over IPv6 (when ::1 can be bound). The code and memory each
// transport adds come from `npm run footprint` (the areas assembly/sip/transport
// and assembly/sip/locate) and are printed at the end from the same build.
// Options: --stations N (default 10), --calls N (default 5), --only NAME,...
import { createSocket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ev, Key, CallState } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip, type KamailioOptions } from "../host/support/interop.js";
import { PASSWORD, startStation, runSipp, sippFailure, type TestStation } from "../host/support/interop-sipp.js";
import { areas } from "../../host/tools/footprint-areas.js";
import { kamailioTls, kamailioTlsSkip } from "../host/support/kamailio-tls.js";
import { makePki, pkiSkip, type Pki } from "../host/support/pki.js";

interface Variant {
  name: string;
  /** Why it cannot run here, or null. */
  skip(): Promise<string | null>;
  /** Kamailio's extra listeners and lines for this transport, its UDP port given. */
  kamailio(port: number): Promise<KamailioOptions>;
  /** The station's registrar and, for IPv6, its own host. */
  registrar(port: number): Record<string, unknown>;
  host?: string;
  /** The SIPp apartment's address options. */
  sippArgs: string[];
  /** Extra configuration (the TLS domain and targets). */
  station?(): Promise<Record<string, unknown>>;
  /** The station's TLS files. */
  tls?(): { ca: string };
}

/** The test PKI (test/host/support/pki.ts) for the TLS row, made once; the registrar's TLS port. */
let pki: Pki | undefined;
let tlsPort = 0;

async function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket("udp6");
    s.once("error", () => resolve(false));
    s.bind(0, "::1", () => s.close(() => resolve(true)));
  });
}

const VARIANTS: Variant[] = [
  {
    name: "UDP",
    skip: async () => null,
    kamailio: async () => ({}),
    registrar: (port) => ({ host: "127.0.0.1", port }),
    sippArgs: [],
  },
  {
    name: "TCP",
    skip: async () => null,
    kamailio: async (port) => ({ listen: [`tcp:127.0.0.1:${port}`] }),
    registrar: (port) => ({ host: "127.0.0.1", port, transport: "tcp" }),
    sippArgs: [],
  },
  {
    name: "TLS",
    skip: async () => pkiSkip() ?? kamailioTlsSkip(),
    kamailio: async () => {
      pki ??= makePki(mkdtempSync(path.join(tmpdir(), "bench-pki-")));
      tlsPort = await freePort();
      return kamailioTls(mkdtempSync(path.join(tmpdir(), "bench-k-")), tlsPort, pki.server, pki.ca);
    },
    registrar: () => ({ host: "127.0.0.1", port: tlsPort, transport: "tls" }),
    sippArgs: [],
    // The certificate names pki.name: the station's domain (RFC 5922 §7.2 for a registrar given by address).
    station: async () => ({ domain: pki!.name, buttons: [{ mode: "sequential", ringTimeout: 20, targets: [`sip:flat@${pki!.name}`] }] }),
    tls: () => ({ ca: pki!.ca }),
  },
  {
    name: "UDP over IPv6",
    skip: async () => ((await ipv6Loopback()) ? null : "no IPv6 loopback (::1)"),
    kamailio: async (port) => ({ listen: [`udp:[::1]:${port}`], flatHost: "[::1]" }),
    registrar: (port) => ({ host: "::1", port }),
    host: "::1",
    sippArgs: ["-i", "::1"],
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function measureRegistrations(v: Variant, port: number, n: number): Promise<{ perSecond: number; medianMs: number }> {
  const t0 = performance.now();
  const extra = (await v.station?.()) ?? {};
  const stations = await Promise.all(Array.from({ length: n }, () => startStation(port, { registrar: v.registrar(port), media: { rtpPort: 0 }, ...extra }, "simulator", { ...(v.host ? { host: v.host } : {}), ...(v.tls ? { tls: v.tls() } : {}) })));
  try {
    await Promise.all(stations.map((s) => s.until(() => s.of(Ev.Registered).length > 0, 30_000, `registration over ${v.name}`)));
    const seconds = (performance.now() - t0) / 1000;
    return { perSecond: n / seconds, medianMs: median(stations.map((s) => s.of(Ev.Registered)[0].t)) };
  } finally {
    for (const s of stations) s.close();
  }
}

async function measureCalls(v: Variant, port: number, flatPort: number, calls: number): Promise<number[]> {
  const extra = (await v.station?.()) ?? {};
  const st: TestStation = await startStation(port, { registrar: v.registrar(port), media: { rtpPort: 0 }, ...extra }, "simulator", { ...(v.host ? { host: v.host } : {}), ...(v.tls ? { tls: v.tls() } : {}) });
  const apartment = runSipp("bench-apartment.xml", flatPort, [...v.sippArgs, "-m", String(calls)], 120);
  const setups: number[] = [];
  try {
    await st.until(() => st.of(Ev.Registered).length > 0, 10_000, `registration over ${v.name}`);
    for (let i = 0; i < calls; i++) {
      const pressed = st.s.now();
      st.s.press(Key.button(0));
      await st.until(() => st.of(Ev.Call).filter((e) => e.a === CallState.Connected).length > i, 10_000, `call ${i + 1} connected over ${v.name}`);
      setups.push(st.of(Ev.Call).filter((e) => e.a === CallState.Connected)[i].t - pressed);
      st.s.press(Key.hangup);
      await st.until(() => st.of(Ev.Call).filter((e) => e.a === CallState.Ended).length > i, 10_000, `call ${i + 1} ended`);
      await new Promise((r) => setTimeout(r, 1000)); // the apartment's side of the BYE, and the button's debounce

    }
    const r = await apartment.done;
    if (r.code !== 0) throw new Error(sippFailure(r));
    return setups;
  } finally {
    apartment.proc.kill();
    st.close();
  }
}

function options(argv: readonly string[]): { stations: number; calls: number; only: string[] | null } {
  const o = { stations: 10, calls: 5, only: null as string[] | null };
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === "--only") {
      o.only = (value ?? "").split(",").map((s) => s.trim().toLowerCase());
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${argv[i]} needs a whole number, 1 or more (got ${value ?? "nothing"})`);
    if (argv[i] === "--stations") o.stations = n;
    else if (argv[i] === "--calls") o.calls = n;
    else throw new Error(`unknown option ${argv[i]} (options: --stations N --calls N --only udp,tcp,...)`);
  }
  return o;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const skip = interopSkip();
  if (skip) throw new Error(`the transport bench needs Kamailio and SIPp: ${skip}`);
  console.log(`Transports against Kamailio (one worker), simulated stations (release module), ${o.stations} stations registering together, ${o.calls} calls each.`);
  console.log("transport        registrations/s  median start-to-registered  door call setup (median, min-max)");
  for (const v of VARIANTS) {
    if (o.only && !o.only.includes(v.name.toLowerCase())) continue;
    const why = await v.skip();
    if (why) {
      console.log(`${v.name.padEnd(16)} skipped: ${why}`);
      continue;
    }
    const port = await freePort();
    const flatPort = await freePort();
    const k = new Kamailio(port, flatPort, PASSWORD, 3600, await v.kamailio(port));
    await k.start();
    try {
      await measureRegistrations(v, port, o.stations); // a first round warms V8 and Kamailio: not counted
      const reg = await measureRegistrations(v, port, o.stations);
      const setups = await measureCalls(v, port, flatPort, o.calls);
      console.log(`${v.name.padEnd(16)} ${reg.perSecond.toFixed(1).padStart(15)}  ${`${reg.medianMs.toFixed(0)} ms`.padStart(26)}  ${median(setups).toFixed(0)} ms (${Math.min(...setups)}-${Math.max(...setups)})`);
    } finally {
      await k.stop();
    }
  }
  const rows = areas().filter((r) => /sip\/transport|sip\/locate/.test(r.area));
  const total = areas().reduce((s, r) => s + r.text, 0);
  for (const r of rows) console.log(`Cortex-M4 .text: ${r.area} ${r.text} octets (${((100 * r.text) / total).toFixed(1)}% of ${total})`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
