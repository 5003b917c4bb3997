// The demo flat's answers to the door's offers (host/sim/flat-sdp.ts), by
// the rules of RFC 3264 §6 (the answer) and RFC 3551 (the payload types).
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerOffer } from "../../host/sim/flat-sdp.js";

const offer = (...lines: string[]) => ["v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", ...lines, ""].join("\r\n");
const DOOR = offer("m=audio 4000 RTP/AVP 8 0 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv");
const mLines = (sdp: string) => sdp.split("\r\n").filter((l) => l.startsWith("m="));

test("the answer takes the offer's G.711 formats and telephone-event, in the offer's order, at the flat's address and port (RFC 3264 §6.1)", () => {
  const a = answerOffer(DOOR, "127.0.0.1", 30000);
  assert.deepEqual(mLines(a.sdp!), ["m=audio 30000 RTP/AVP 8 0 101"]);
  assert.match(a.sdp!, /\r\nc=IN IP4 127\.0\.0\.1\r\n/);
  assert.match(a.sdp!, /\r\na=rtpmap:101 telephone-event\/8000\r\na=fmtp:101 0-15\r\n/);
  assert.equal(a.agreed!.sendPt, 8, "the offerer's first choice is sent");
  assert.deepEqual(a.agreed!.remote, { host: "192.0.2.10", port: 4000 });
});

test("telephone-event keeps the offer's dynamic payload type (RFC 3264 §6.1, RFC 4733 §7.1.1)", () => {
  const a = answerOffer(offer("m=audio 4000 RTP/AVP 0 96", "a=rtpmap:96 telephone-event/8000"), "127.0.0.1", 30000);
  assert.deepEqual(mLines(a.sdp!), ["m=audio 30000 RTP/AVP 0 96"]);
  assert.equal(a.agreed!.eventPt, 96);
});

test("formats the flat has not (G.729) are left out of the answer", () => {
  const a = answerOffer(offer("m=audio 4000 RTP/AVP 18 0", "a=rtpmap:18 G729/8000"), "127.0.0.1", 30000);
  assert.deepEqual(mLines(a.sdp!), ["m=audio 30000 RTP/AVP 0"]);
  assert.deepEqual([...a.agreed!.g711], [[0, 0]]);
});

test("a dynamic payload type whose rtpmap names PCMU decodes as µ-law (RFC 3551 §6)", () => {
  const a = answerOffer(offer("m=audio 4000 RTP/AVP 97", "a=rtpmap:97 PCMU/8000"), "127.0.0.1", 30000);
  assert.deepEqual([...a.agreed!.g711], [[97, 0]]);
});

test("a stream other than the first G.711 audio is refused with port 0, so the answer has as many m-lines as the offer (RFC 3264 §6)", () => {
  const a = answerOffer(offer("m=video 5000 RTP/AVP 96", "m=audio 4000 RTP/AVP 0", "m=audio 4002 RTP/AVP 0"), "127.0.0.1", 30000);
  assert.deepEqual(mLines(a.sdp!), ["m=video 0 RTP/AVP 96", "m=audio 30000 RTP/AVP 0", "m=audio 0 RTP/AVP 0"]);
});

test("an offer with nothing the flat takes has no answer (the call gets 488)", () => {
  assert.deepEqual(answerOffer(offer("m=audio 4000 RTP/AVP 18", "a=rtpmap:18 G729/8000"), "127.0.0.1", 30000), { sdp: null, agreed: null });
  assert.equal(answerOffer(offer("m=audio 0 RTP/AVP 0"), "127.0.0.1", 30000).sdp, null, "a stream refused in the offer");
});

test("the direction mirrors the offer's: sendonly is answered recvonly, and the flat then only listens (RFC 3264 §6.1)", () => {
  const a = answerOffer(offer("m=audio 4000 RTP/AVP 0", "a=sendonly"), "127.0.0.1", 30000);
  assert.match(a.sdp!, /\r\na=recvonly\r\n/);
  assert.deepEqual([a.agreed!.send, a.agreed!.receive], [false, true]);
});

test("a media-level c= line wins over the session's (RFC 8866 §5.7)", () => {
  const a = answerOffer(offer("m=audio 4000 RTP/AVP 0", "c=IN IP4 198.51.100.7"), "127.0.0.1", 30000);
  assert.deepEqual(a.agreed!.remote, { host: "198.51.100.7", port: 4000 });
});
