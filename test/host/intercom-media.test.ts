// The call's audio as the configuration shapes it (media.*, docs/config.md),
// end to end through the board ABI on the virtual network: what the door's
// INVITE offers, the RTP it sends on its audio clock, keypad digits as RFC
// 4733 events, and the RTP timeout that ends a call whose media stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { world, flat, flatSdp, press, eventsOf, BASE, FLAT1, Ev, UaEvent, type World } from "./support/intercom-fixture.js";
import { Key, CallState } from "../../host/intercom.js";
import { MediaState, DtmfMethod } from "../../host/vocabulary.js";

/** The door calls flat1, which answers at once with PCMU (its SDP: support/intercom-fixture.ts), and telephone-event when `events`. */
async function answered(media: Record<string, unknown>, events = false): Promise<World> {
  const w = await world({ ...BASE, registrar: FLAT1, keepaliveInterval: 0, media });
  const sdp = flatSdp(FLAT1).replace("RTP/AVP 0\r\n", events ? "RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" : "RTP/AVP 0\r\n");
  const f1 = await flat(w, FLAT1, "flat1", 5, sdp);
  f1.onEvent = (ev) => {
    if (ev.kind === UaEvent.Incoming) {
      f1.engine.answer(ev.call, w.net.now);
      w.net.collect(f1);
    }
  };
  press(w, Key.button(0), 1000);
  w.net.run(2000);
  return w;
}

const offerOf = (w: World) => w.door.sent.map(String).find((m) => m.startsWith("INVITE"))!.split("\r\n\r\n")[1];

/** `frames` ticks of the board's 20 ms audio clock from `at`; the RTP the door sent meanwhile. */
function audioTicks(w: World, at: number, frames: number, mic = new Int16Array(160)) {
  const speaker = new Int16Array(160);
  for (let i = 0; i < frames; i++) w.door.engine.audio(at + 20 * i, mic, speaker);
  return w.door.engine.mediaOutbox();
}

test("media.codecs \"PCMA\" with telephoneEvents \"off\": the INVITE offers A-law alone, no telephone-event", async () => {
  const w = await answered({ codecs: "PCMA", telephoneEvents: "off" });
  const offer = offerOf(w);
  assert.match(offer, /^m=audio 4000 RTP\/AVP 8\r$/m);
  assert.doesNotMatch(offer, /telephone-event/);
});

test("media.rtpPort: the offer names the configured port, and the default offers PCMU, PCMA and telephone-event", async () => {
  const custom = offerOf(await answered({ rtpPort: 40100 }));
  assert.match(custom, /^m=audio 40100 RTP\/AVP 0 8 101\r$/m);
  assert.match(custom, /^a=fmtp:101 0-15\r$/m);
});

test("the flat's answer starts the audio: `media` on with PCMU, and each 20 ms tick sends one 172-octet RTP packet to the flat's SDP address", async () => {
  const w = await answered({});
  assert.deepEqual(eventsOf(w.door, Ev.Media).map((e) => [e.a, e.b]), [[MediaState.On, 0]]);
  const sent = audioTicks(w, w.net.now, 5);
  assert.equal(sent.length, 5);
  for (const d of sent) {
    assert.equal(d.channel, 0);
    assert.equal(d.data.length, 172);
    assert.equal(d.data[1] & 0x7f, 0, "payload type 0, PCMU");
    assert.deepEqual(d.to, { host: FLAT1.host, port: 4002 });
  }
});

test("media.telephoneEvents \"send and receive\": a keypad digit in the call goes as RFC 4733 events (payload type 101), not INFO", async () => {
  const w = await answered({ telephoneEvents: "send and receive" }, true);
  w.door.engine.key("5".charCodeAt(0), true, w.net.now);
  w.net.collect(w.door);
  const sent = audioTicks(w, w.net.now, 10);
  const events = sent.filter((d) => (d.data[1] & 0x7f) === 101);
  assert.ok(events.length >= 5, `a start, updates and three ends: ${events.length}`);
  assert.equal(events[0].data[1] & 0x80, 0x80, "the first carries the marker bit");
  assert.equal(events[0].data[12], 5, "event 5");
  assert.equal(w.door.sent.map(String).filter((m) => m.startsWith("INFO")).length, 0);
  assert.deepEqual(eventsOf(w.door, Ev.DtmfSent).map((e) => e.b), [DtmfMethod.Rfc4733]);
});

test("by default a keypad digit in the call still goes as SIP INFO, even to a phone that takes telephone-events", async () => {
  const w = await answered({}, true);
  w.door.engine.key("5".charCodeAt(0), true, w.net.now);
  w.net.collect(w.door);
  w.net.run(w.net.now + 500);
  assert.equal(w.door.sent.map(String).filter((m) => m.startsWith("INFO")).length, 1);
  assert.deepEqual(eventsOf(w.door, Ev.DtmfSent).map((e) => e.b), [DtmfMethod.Info]);
});

test("media.rtpTimeoutSeconds: a flat that sends no RTP is hung up after the timeout (BYE), and `media` goes off saying why", async () => {
  const w = await answered({ rtpTimeoutSeconds: 5 });
  const start = w.net.now;
  w.net.run(start + 4000);
  assert.equal(w.door.sent.map(String).filter((m) => m.startsWith("BYE")).length, 0, "not before the timeout");
  w.net.run(start + 7000);
  assert.equal(w.door.sent.map(String).filter((m) => m.startsWith("BYE")).length, 1);
  assert.deepEqual(eventsOf(w.door, Ev.Media).map((e) => [e.a, e.b]), [[MediaState.On, 0], [MediaState.Off, 1]]);
  assert.ok(eventsOf(w.door, Ev.Call).some((e) => e.a === CallState.Ended));
});
