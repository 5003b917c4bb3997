// The embedded default's apartment: a SIP phone (a second firmware instance
// running the SIP engine) that answers the door's call with SDP (RFC 3264:
// G.711 and telephone-event, host/sim/flat-sdp.ts), talks and listens over
// RTP (host/sim/flat-media.ts), sends the door code as DTMF in SIP INFO, one
// digit per INFO, and lets the door end the call.
import { SipEngine, UaEvent, type Address } from "../sip-engine.js";
import { Clock, Wire } from "./udp.js";
import { SilentMicrophone, type Microphone } from "../audio/mic.js";
import type { Speaker } from "./media.js";
import { FlatMedia } from "./flat-media.js";
import { answerOffer } from "./flat-sdp.js";

export interface ApartmentOptions {
  host: string;
  code: string;
  clock: Clock;
  answerAfterMs?: number;
  say?: (text: string) => void;
  /** What the flat's microphone sends in a call (--flat-mic); default silence. */
  mic?: Microphone;
  /** Where the flat's speaker plays what the door sends (--flat-speaker); closed with the apartment. */
  speaker?: Speaker;
}

/** RFC 3261 §21.4.26: an offer with nothing the flat can take. */
const NOT_ACCEPTABLE_HERE = 488;

export class Apartment {
  private constructor(readonly engine: SipEngine, readonly wire: Wire, readonly media: FlatMedia) {}

  static async start(o: ApartmentOptions, watch?: ConstructorParameters<typeof Wire>[2]): Promise<Apartment> {
    const holder: { e?: SipEngine } = {};
    const party = {
      name: "apartment",
      receive: (d: Uint8Array, f: Address, now: number) => holder.e!.receive(d, f, now),
      tick: (now: number) => holder.e!.tick(now),
      nextDeadline: (now: number) => (holder.e ? holder.e.nextDeadline(now) : -1),
      outbox: () => (holder.e ? holder.e.outbox() : []),
    };
    const wire = new Wire(party, o.clock, watch);
    const a = await wire.bind(o.host, 0);
    const media = await FlatMedia.start({ host: a.host, clock: o.clock, mic: o.mic ?? new SilentMicrophone(), speaker: o.speaker });
    // Until a call's offer comes, what the flat would offer itself: G.711 both laws and telephone-event.
    const sdp = `v=0\r\no=flat 1 1 IN IP4 ${a.host}\r\ns=flat\r\nc=IN IP4 ${a.host}\r\nt=0 0\r\nm=audio ${media.port} RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n`;
    const engine = await SipEngine.create({ user: "flat", domain: "example.com", localHost: a.host, localPort: a.port, sdp }, 4242);
    holder.e = engine;
    const apt = new Apartment(engine, wire, media);
    const say = o.say ?? (() => {});
    wire.onAfterCall(() => {
      for (const ev of engine.events()) {
        if (ev.kind === UaEvent.Incoming) {
          const offer = ev.data.toString("latin1");
          const answer = offer ? answerOffer(offer, a.host, media.port) : null;
          if (offer && !answer?.sdp) {
            say("the apartment refuses the call: its offer has no G.711 audio (488)");
            engine.reject(ev.call, NOT_ACCEPTABLE_HERE, o.clock.now());
            wire.flush();
            continue;
          }
          if (answer?.sdp) engine.setSdp(answer.sdp);
          say("the apartment rings");
          engine.ring(ev.call, o.clock.now());
          wire.flush();
          setTimeout(() => {
            const agreed = answer?.agreed;
            say(agreed ? `the apartment answers (payload type ${agreed.sendPt}, RTP to ${agreed.remote.host}:${agreed.remote.port})` : "the apartment answers (no offer: no audio)");
            engine.answer(ev.call, o.clock.now());
            wire.flush();
            if (agreed) media.begin(agreed);
            [...o.code, "#"].forEach((d, i) =>
              setTimeout(() => {
                say(`the apartment sends DTMF ${i < o.code.length ? "*" : "#"} as INFO`);
                engine.info(ev.call, `Signal=${d}\r\nDuration=160\r\n`, o.clock.now());
                wire.flush();
              }, 800 + i * 350),
            );
          }, o.answerAfterMs ?? 1500);
        }
        if (ev.kind === UaEvent.Ended) {
          media.stop();
          say(`the apartment's call ended (audio: ${media.received} RTP packets heard, ${media.sent} sent)`);
        }
      }
    });
    return apt;
  }

  get address(): Address {
    return this.wire.address;
  }

  close(): void {
    this.media.close();
    this.wire.close();
  }
}
