// The door code keyed as RFC 4733 telephone-events, proven against SIPp
// playing Debian's recorded events (sip-tester's dtmf_2833_N.pcap), which we
// did not write: the door calls the flat (SIPp, directly), SIPp answers with
// PCMU and telephone-event, plays the events for 1, 2, 3 and 4 from its media
// port to the RTP port of the door's offer, and the relay opens on 1234 as
// it does for INFO. The door hears each key once although every event ends
// with three identical end packets (RFC 4733 §2.5.1.4). Each run goes
// against the simulator, the native board and the Cortex-M4 under QEMU.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Ev } from "../../host/intercom.js";
import { MediaState } from "../../host/vocabulary.js";
import { interopSkip } from "./support/interop.js";
import { doorCallsSipp } from "./support/door-calls-sipp.js";
import { STATION_KINDS, kindSkip, titled } from "./support/interop-station.js";

const PCAPS = "/usr/share/sip-tester/dtmf_2833_1.pcap";

function pcapSkip(): string | null {
  const skip = interopSkip();
  if (skip) return skip;
  if (existsSync(PCAPS)) return null;
  const why = `skipped: ${PCAPS} is missing (Debian package sip-tester ships it; .ci/run installs it)`;
  if (process.env.CI === "true") throw new Error(why);
  return why;
}

for (const kind of STATION_KINDS) {
  test(titled(kind, "SIPp plays Debian's RFC 4733 events 1 2 3 4 from its media port: the door hears each key once and opens relay 0 (RFC 4733 §2.5)"), async (t) => {
    const skip = pcapSkip() ?? kindSkip(kind);
    if (skip) return t.skip(skip);
    await doorCallsSipp(t, {
      scenario: "flat-rfc4733.xml", kind, media: true,
      config: {
        relays: [{ pulseMs: 1000, doorCodes: ["1234"], hangupAfterOpenMs: 500 }],
        codeEntry: { confirmKey: "none", interDigitTimeoutMs: 1000 }, // no "#" among the recordings: the code ends with a pause
        registrar: undefined,
      },
    }, (st) => {
      const media = st.of(Ev.Media);
      assert.deepEqual(media.map((e) => e.a), [MediaState.On, MediaState.Off], "the audio began with the answer and ended with the call");
      assert.equal(media[0].b, 0, "PCMU, the codec the flat answered");
      const heard = st.of(Ev.DtmfReceived).reduce((n, e) => n + e.a, 0);
      assert.equal(heard, 4, "four keys, each once, although each event ended with three end packets");
      assert.deepEqual(st.of(Ev.Relay).slice(0, 1).map((e) => [e.a, e.b]), [[0, 1]], "relay 0 opened");
      assert.equal(st.of(Ev.CodeWrong).length, 0);
    });
  });
}
