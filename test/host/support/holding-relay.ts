// A UDP relay on loopback between the door station and Kamailio that can
// hold a datagram of the station's for a while before passing it on: what a
// slow path does to a request, so that a nonce Kamailio issued has expired
// when the answer to it arrives (RFC 7616 §3.3 stale). The station's
// registrar is the relay's station-facing socket; Kamailio answers the source
// of each request (rport, RFC 3581), the relay's second socket, and the relay
// sends that on to the last address the station sent from.
import dgram from "node:dgram";
import type { Address } from "../../../host/sip-engine.js";

export class HoldingRelay {
  private front = dgram.createSocket("udp4");
  private back = dgram.createSocket("udp4");
  private station: Address | null = null;
  private timers = new Set<NodeJS.Timeout>();
  /** The station-facing address, once started. */
  address: Address = { host: "127.0.0.1", port: 0 };

  /** `holdMs` says, for each datagram of the station's, how long to hold it (0: pass it at once). */
  constructor(private upstream: Address, private holdMs: (datagram: string) => number) {}

  async start(): Promise<Address> {
    for (const s of [this.front, this.back]) await new Promise<void>((resolve, reject) => { s.once("error", reject); s.bind(0, "127.0.0.1", resolve); });
    this.address = { host: "127.0.0.1", port: this.front.address().port };
    this.front.on("message", (msg, rinfo) => {
      this.station = { host: rinfo.address, port: rinfo.port };
      const wait = this.holdMs(msg.toString("latin1"));
      if (wait <= 0) return this.back.send(msg, this.upstream.port, this.upstream.host);
      const timer = setTimeout(() => { this.timers.delete(timer); this.back.send(msg, this.upstream.port, this.upstream.host); }, wait);
      this.timers.add(timer);
    });
    this.back.on("message", (msg, rinfo) => {
      if (rinfo.port === this.upstream.port && this.station) this.front.send(msg, this.station.port, this.station.host);
    });
    return this.address;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.front.close();
    this.back.close();
  }
}
