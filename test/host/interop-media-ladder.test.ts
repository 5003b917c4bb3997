// The ladder of a real call with media (issue 16: "the gallery shows a call
// with media"), drawn live from what the door station (the simulator) sent
// and received while SIPp, as the flat, keyed the door code with Debian's
// recorded RFC 4733 events (test/interop/flat-rfc4733.xml, the call of
// interop-rfc4733.test.ts): its RTP and RTCP summed up between the SIP
// messages where they ran, each key marked, the door opening after the last.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { interopSkip } from "./support/interop.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";
import { doorLadder } from "./support/interop-ladder.js";
import { body } from "./support/interop-sipp.js";
import { ladderRows, rfc4733StoryProblems } from "./support/ladder-rows.js";

const RECORDINGS = "/usr/share/sip-tester/dtmf_2833_4.pcap";

test("SIPp keys 1 2 3 4 as RFC 4733 events: the door's ladder sums up the RTP both ways and the RTCP, marks each key, and the door opening after the last", async (t) => {
  const skip = interopSkip() ?? (existsSync(RECORDINGS) ? null : `skipped: ${RECORDINGS} is missing (Debian package sip-tester ships it; .ci/run installs it)`);
  if (skip && process.env.CI === "true") throw new Error(skip);
  if (skip) return t.skip(skip);
  await doorCallsSipp(t, {
    scenario: "flat-rfc4733.xml", media: true,
    config: {
      relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 500 }],
      codeEntry: { confirmKey: "none", interDigitTimeoutMs: 1000 },
      registrar: undefined,
    },
  }, (st, _sipp, flatPort) => {
    // The flat's media ports are those of its answer (RFC 3264 §6; RTCP at the next port, RFC 3550 §11).
    const answer = st.messages.find((m) => m.dir === "in" && /^m=audio /m.test(body(m.text)));
    assert.ok(answer, "the flat answered with SDP");
    const rtpPort = Number(/^m=audio (\d+)/m.exec(body(answer.text))![1]);
    const names = new Map([[flatPort, "flat"], [rtpPort, "flat"], [rtpPort + 1, "flat"]]);
    const svg = doorLadder(t.name, st, names);
    const rows = ladderRows(svg);
    assert.deepEqual(rfc4733StoryProblems(rows, ["1", "2", "3", "4"]), [], rows.map((r) => r.text).join("\n"));
    assert.deepEqual([...svg.matchAll(/class="lane-name"[^>]*>([^<]*)</g)].map((m) => m[1]), ["door", "flat"], "the media went to and came from the ports the flat's answer gave");
    const ack = rows.findIndex((r) => r.text === "ACK");
    const firstMedia = rows.findIndex((r) => r.cls !== "label");
    const bye = rows.findIndex((r) => r.text === "BYE");
    assert.ok(ack >= 0 && ack < firstMedia && firstMedia < bye, "the media runs between the ACK and the BYE");
  });
});
