// The station's offer/answer for its calls (assembly/app/voice/session.ts):
// what it offers, how it answers a phone's offer, what it refuses, and the
// audio each agreement starts or changes (RFC 3264).
import * as VS from "../../../assembly/app/voice/session";
import * as V from "../../../assembly/app/voice/media";
import { localSdp, localSdpLength, sdpFor, sdpLengthFor, answerReoffer } from "../../../assembly/sip/ua/session";
import { setPeerIPv4 } from "../../../assembly/sip/txn/peer";
import { callPeer } from "../../../assembly/sip/ua/calls";
import { seedRandom } from "../../../assembly/sip/ua/random";
import { appEventsReset, appEventCount, appEventA, appEventB, MEDIA_ON, MEDIA_HELD } from "../../../assembly/app/events";
import { ascii, text } from "./support";

const STATION: usize = memory.data(18); // 192.0.2.1, written by configure()

function configure(events: bool = true): void {
  seedRandom(9, 8, 7, 6);
  V.mediaReset();
  VS.voiceGone(0);
  VS.voiceGone(1);
  setPeerIPv4(STATION, 0xc0000201, 0);
  VS.voiceConfigure(STATION, 4000, 0, 8, events, 60, 0, 100);
  setPeerIPv4(callPeer(1), 0xc0000214, 5060);
}

function bodyOf(s: string): usize { return ascii(s); }

// What baresip 1.0 offers (G.711 and telephone-event, RTCP multiplexing and an SSRC line to skip).
const BARESIP = "v=0\r\no=- 1702 3218 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\n" +
  "m=audio 10000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n" +
  "a=fmtp:101 0-15\r\na=rtcp-mux\r\na=ssrc:1234 cname:x\r\na=sendrecv\r\n";

describe("the station's offer (RFC 3264 §5)", () => {
  it("offers PCMU then PCMA and telephone-event 0-15 on its RTP port, from its own address", () => {
    configure();
    const offer = text(localSdp(), localSdpLength());
    expect(offer.includes("c=IN IP4 192.0.2.1\r\n")).toBe(true);
    expect(offer.includes("m=audio 4000 RTP/AVP 0 8 101\r\n")).toBe(true);
    expect(offer.includes("a=fmtp:101 0-15\r\n")).toBe(true);
  });

  it("offers no telephone-event when the configuration takes none (issue 16: only what it can honour)", () => {
    configure(false);
    const offer = text(localSdp(), localSdpLength());
    expect(offer.includes("m=audio 4000 RTP/AVP 0 8\r\n")).toBe(true);
    expect(offer.includes("telephone-event")).toBe(false);
  });

  it("a port the board bound instead is what the offer says from then on", () => {
    configure();
    VS.voicePortChanged(40002);
    expect(text(localSdp(), localSdpLength()).includes("m=audio 40002 RTP/AVP")).toBe(true);
  });
});

describe("answering a phone's INVITE (RFC 3264 §6)", () => {
  it("baresip's offer is answered with PCMU and telephone-event on its payload type; the 200 of that call carries the answer", () => {
    configure();
    const body = bodyOf(BARESIP);
    expect(VS.voiceIncoming(1, body, BARESIP.length)).toBe(0);
    const answer = text(sdpFor(1), sdpLengthFor(1));
    expect(answer.includes("m=audio 4000 RTP/AVP 0 101\r\n")).toBe(true);
    expect(sdpFor(0)).toBe(localSdp()); // another call still carries the offer
  });

  it("an offer with nothing the station can play is refused with 488 (RFC 3261 §21.4.26)", () => {
    configure();
    const g722 = "v=0\r\no=- 1 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\nm=audio 10000 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n";
    expect(VS.voiceIncoming(1, bodyOf(g722), g722.length)).toBe(488);
  });

  it("a body that is not SDP is refused with 488, never half-read", () => {
    configure();
    const junk = "v=0\r\nm=audio x\r\n";
    expect(VS.voiceIncoming(1, bodyOf(junk), junk.length)).toBe(488);
  });

  it("answering starts the audio towards the offer's address and port: `media` on with PCMU", () => {
    configure();
    VS.voiceIncoming(1, bodyOf(BARESIP), BARESIP.length);
    appEventsReset();
    expect(VS.voiceEstablished(1, true, 0, 0, 1000)).toBe(0);
    expect(V.mediaCall()).toBe(1);
    expect(appEventA(0)).toBe(MEDIA_ON);
    expect(appEventB(0)).toBe(0);
    expect(load<u8>(V.mediaOutPeer(V.CHANNEL_RTP) + 16)).toBe(<u8>(10000 >> 8));
  });
});

describe("the answer to our INVITE (RFC 3264 §7)", () => {
  it("a 2xx answering PCMA starts the audio with A-law", () => {
    configure();
    const ans = "v=0\r\no=- 5 5 IN IP4 192.0.2.6\r\ns=-\r\nc=IN IP4 192.0.2.6\r\nt=0 0\r\nm=audio 20000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
    appEventsReset();
    expect(VS.voiceEstablished(1, false, bodyOf(ans), ans.length, 1000)).toBe(0);
    expect(appEventB(0)).toBe(8);
  });

  it("a 2xx whose answer names a codec we did not offer is not usable: the caller ends the call", () => {
    configure();
    const ans = "v=0\r\no=- 5 5 IN IP4 192.0.2.6\r\ns=-\r\nc=IN IP4 192.0.2.6\r\nt=0 0\r\nm=audio 20000 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n";
    expect(VS.voiceEstablished(1, false, bodyOf(ans), ans.length, 1000)).toBe(488);
    expect(V.mediaCall()).toBe(-1);
  });

  it("a 2xx without a body is not usable either (our INVITE carried an offer)", () => {
    configure();
    expect(VS.voiceEstablished(1, false, 0, 0, 1000)).toBe(488);
  });

  it("an answer in a reliable 183 (RFC 3262) stands: the 2xx without a body then starts the audio", () => {
    configure();
    const ans = "v=0\r\no=- 5 5 IN IP4 192.0.2.6\r\ns=-\r\nc=IN IP4 192.0.2.6\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n";
    VS.voiceProgress(1, bodyOf(ans), ans.length);
    appEventsReset();
    expect(VS.voiceEstablished(1, false, 0, 0, 1000)).toBe(0);
    expect(appEventA(0)).toBe(MEDIA_ON);
  });
});

describe("offers inside the dialog (RFC 3264 §8)", () => {
  it("a re-INVITE with a=sendonly holds the call: answered 200 (recvonly) and the audio reports `media` held; a later sendrecv re-offer resumes it", () => {
    configure();
    VS.voiceIncoming(1, bodyOf(BARESIP), BARESIP.length);
    VS.voiceEstablished(1, true, 0, 0, 1000);
    const hold = BARESIP.replace("o=- 1702 3218", "o=- 1702 3219").replace("a=sendrecv", "a=sendonly");
    appEventsReset();
    expect(answerReoffer(1, bodyOf(hold), hold.length, 2000)).toBe(200);
    expect(appEventCount()).toBe(1);
    expect(appEventA(0)).toBe(MEDIA_HELD);
    expect(text(sdpFor(1), sdpLengthFor(1)).includes("a=recvonly")).toBe(true);
    const resume = BARESIP.replace("o=- 1702 3218", "o=- 1702 3220");
    appEventsReset();
    expect(answerReoffer(1, bodyOf(resume), resume.length, 3000)).toBe(200);
    expect(appEventA(0)).toBe(MEDIA_ON);
  });

  it("a re-offer with nothing usable is refused with 488 and the audio stays as it was", () => {
    configure();
    VS.voiceIncoming(1, bodyOf(BARESIP), BARESIP.length);
    VS.voiceEstablished(1, true, 0, 0, 1000);
    const video = "v=0\r\no=- 1702 3220 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\nm=video 10002 RTP/AVP 96\r\n";
    appEventsReset();
    expect(answerReoffer(1, bodyOf(video), video.length, 2000)).toBe(488);
    expect(appEventCount()).toBe(0);
    expect(V.mediaCall()).toBe(1);
  });
});
