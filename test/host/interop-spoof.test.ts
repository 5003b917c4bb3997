// Issue 13, item 5: in-dialog requests match the whole dialog ID (RFC 3261
// §12.2.2: Call-ID, local tag and remote tag). The station calls the flat
// through Kamailio (SIPp answers and sends a wrong code); while the call runs,
// a neighbour who saw the Call-ID and the station's tag on the wire sends the
// right door code as INFOs in that dialog from another port, with a From tag
// of its own. Each gets 481 and the relay stays shut. On the simulator and the
// native board.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ev, CallState, Key } from "../../host/intercom.js";
import { Kamailio, freePort, interopSkip } from "./support/interop.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";
import { startStation, runSipp, header, PASSWORD } from "./support/interop-sipp.js";
import { Neighbour, sleep } from "./support/hostile.js";

/** The tag parameter of a From or To value. */
const tagOf = (v: string) => /;tag=([^;>\s]+)/.exec(v)?.[1] ?? "";

for (const kind of STATION_KINDS) {
  if (kind === "cortex-m4") continue; // the same module; its bridge is slow for the timing of this call
  test(titled(kind, "a spoofed INFO with the call's Call-ID and the station's tag but another From tag, from another port, gets 481 and opens nothing (§12.2.2)"), async (t) => {
    const skip = interopSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    const flatPort = await freePort();
    const k = new Kamailio(await freePort(), flatPort, PASSWORD);
    await k.start();
    const flat = runSipp("apartment-wrong-code.xml", flatPort);
    const st = await startStation(k.port, {}, kind);
    const nb = await Neighbour.open(1);
    try {
      await st.until(() => st.of(Ev.Registered).length > 0, 5000, "registration");
      st.s.press(Key.button(0));
      await st.until(() => st.of(Ev.Call).some((e) => e.a === CallState.Connected), 10_000, "the flat to answer");
      const invite = st.find("out", /^INVITE /)[0].text;
      const callId = header(invite, "Call-ID");
      const doorTag = tagOf(header(invite, "From"));
      let cseq = 100;
      for (const signal of ["1", "2", "3", "4", "#"]) {
        const body = `Signal=${signal}\r\nDuration=160\r\n`;
        const info = [
          `INFO sip:door@127.0.0.1:${st.port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${nb.port(0)};branch=z9hG4bKspoof${cseq};rport`, "Max-Forwards: 70",
          "From: <sip:flat@example.com>;tag=forged", `To: <sip:door@example.com>;tag=${doorTag}`, `Call-ID: ${callId}`, `CSeq: ${cseq++} INFO`,
          "Content-Type: application/dtmf-relay", `Content-Length: ${body.length}`, "", body,
        ].join("\r\n");
        nb.send(0, st.s.wire.address, info);
        await sleep(50);
      }
      await sleep(300);
      t.diagnostic(`answers to the spoofed INFOs: ${JSON.stringify([...nb.answers])}`);
      assert.equal(nb.count("481"), 5, "each spoofed INFO gets 481");
      assert.deepEqual(st.of(Ev.Relay), [], "the relay stays shut");
      assert.ok(st.of(Ev.Call).some((e) => e.a === CallState.Connected) && doorTag.length > 0, "the spoof named a live dialog");
    } finally {
      nb.close();
      flat.proc.kill();
      st.close();
      await k.stop();
    }
  });
}
