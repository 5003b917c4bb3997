// dnsmasq (Debian dnsmasq-base) as the DNS server of the interop tests: run
// unprivileged on a free loopback port, answering only the records a test
// gives it (--srv-host, --host-record, --naptr-record) for the .test domain,
// every query logged so a test can see what the station asked.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { which } from "./tools.js";

const SBIN = "/usr/sbin/dnsmasq";
const binary = () => which("dnsmasq") ?? (existsSync(SBIN) ? SBIN : null);

/** null when dnsmasq is there; otherwise the skip reason (in CI, where .ci/run installs it, an error). */
export function dnsmasqSkip(): string | null {
  if (binary()) return null;
  const why = "skipped: dnsmasq not installed (Debian dnsmasq-base)";
  if (process.env.CI === "true") throw new Error(`dnsmasq is required in CI: ${why}`);
  return why;
}

export class Dnsmasq {
  private proc?: ChildProcess;
  log = "";
  /** `records`: dnsmasq options such as `--srv-host=_sip._udp.pbx.test,k.pbx.test,5070,10,0`. */
  constructor(readonly port: number, private records: string[]) {}

  /** "127.0.0.1:PORT", as the station's dnsServer option takes it. */
  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["--no-daemon", "--conf-file=/dev/null", `--port=${this.port}`, "--listen-address=127.0.0.1", "--bind-interfaces",
      "--no-resolv", "--no-hosts", "--local=/test/", "--local-ttl=60", "--log-queries", "--log-facility=-", ...this.records];
    this.proc = spawn(binary()!, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.proc.stdout!.on("data", (d) => (this.log += d));
    this.proc.stderr!.on("data", (d) => (this.log += d));
    const end = Date.now() + 5000;
    while (!/started, version/.test(this.log)) {
      if (this.proc.exitCode !== null || Date.now() > end) throw new Error(`dnsmasq did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The queries it received, as "TYPE name" (from its log). */
  queries(): string[] {
    return [...this.log.matchAll(/query\[(\w+)\] (\S+) from/g)].map((m) => `${m[1]} ${m[2]}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const done = new Promise((r) => p.once("exit", r));
    p.kill("SIGTERM");
    await done;
  }
}
