// Being called through Kamailio over TCP (RFC 3261 §18, docs/transports.md
// "Streams"): the simulated station registers over TCP (Contact with
// ;transport=tcp), a caller on UDP sends an INVITE for door@ to Kamailio,
// which finds that Contact and forwards the INVITE over TCP; the station
// answers it (incoming.mode auto-answer) on the connection it came on, and
// the caller's BYE, routed by Kamailio's Record-Route, ends the call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Clock } from "../../host/sim/udp.js";
import { Station } from "../../host/sim/station.js";
import { Ev, CallState, type IntercomEvent } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { header, startLine } from "./support/interop-sipp.js";
import { UdpPhone } from "./support/udp-phone.js";
import { waitFor } from "./support/stream-peers.js";

const PASSWORD = "door-tcp-called-4";

/** A request of the caller's in the dialog that INVITE `inv` and its 200 `ok` made: to the Contact, by the route set (§12.1.2: the Record-Route reversed). */
function inDialog(method: string, inv: string, ok: string, cseq: number): string {
  const rr = ok.split("\r\n\r\n", 1)[0].split("\r\n").filter((l) => /^Record-Route:/i.test(l)).flatMap((l) => l.slice(l.indexOf(":") + 1).split(",").map((r) => r.trim()));
  const via = header(inv, "Via").replace(/branch=[^;]+/, `branch=z9hG4bK${method.toLowerCase()}${Date.now()}`);
  return [`${method} ${header(ok, "Contact").replace(/^<|>.*$/g, "")} SIP/2.0`, `Via: ${via}`, ...rr.reverse().map((r) => `Route: ${r}`), "Max-Forwards: 70",
    `From: ${header(inv, "From")}`, `To: ${header(ok, "To")}`, `Call-ID: ${header(inv, "Call-ID")}`, `CSeq: ${cseq} ${method}`, "Content-Length: 0", "", ""].join("\r\n");
}

test("being called through Kamailio over TCP: the INVITE for the station registered over TCP comes over the registration's connection, is answered on it, and the caller's BYE ends the call; nothing over UDP", async (t) => {
  const skip = interopSkip();
  if (skip) return t.skip(skip);
  const port = await freePort();
  const k = new Kamailio(port, await freePort(), PASSWORD, 3600, { listen: [`tcp:127.0.0.1:${port}`] });
  await k.start();
  const events: IntercomEvent[] = [];
  const datagrams: string[] = [];
  const station = await Station.start({
    config: { user: "door", password: PASSWORD, domain: "example.com", registrar: { host: "127.0.0.1", port, transport: "tcp" }, keepaliveInterval: 0, incoming: { mode: "auto-answer", allowed: ["flat"] } },
    host: "127.0.0.1", port: 0, clock: new Clock(), onEvent: (e) => events.push(e), onWarning: () => {},
    watch: (_from, to, data) => datagrams.push(`${to.port}: ${startLine(data.toString("latin1"))}`),
  });
  const caller = await UdpPhone.open(port);
  try {
    await waitFor(() => events.some((e) => e.kind === Ev.Registered), "registration over TCP", 8000);
    const streams = station.streams.count;
    const inv = caller.request("INVITE", "flat").text;
    caller.send(inv);
    const ok = await caller.wait(/^SIP\/2\.0 200 /, 5000, "the station's 200 through Kamailio", /INVITE$/);
    assert.equal(streams, 1, "the registration's connection");
    assert.equal(station.streams.count, 1, "Kamailio forwarded the INVITE over the registration's connection: no new one");
    caller.send(inDialog("ACK", inv, ok, 1));
    caller.send(inDialog("BYE", inv, ok, 2));
    await caller.wait(/^SIP\/2\.0 200 /, 5000, "200 to the BYE", /BYE$/);
    await waitFor(() => events.some((e) => e.kind === Ev.Call && e.a === CallState.Ended), "the end of the call", 3000);
    assert.deepEqual(events.filter((e) => e.kind === Ev.Call).map((e) => e.a), [CallState.Connected, CallState.Ended]);
    assert.deepEqual(datagrams, [], "the station sent no SIP datagram at all");
  } finally {
    for (const g of caller.got) t.diagnostic(`caller <- ${startLine(g.text)}`);
    station.close();
    caller.close();
    await k.stop();
  }
});
