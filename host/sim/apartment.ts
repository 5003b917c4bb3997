// The embedded default's apartment: a SIP phone (a second firmware instance
// running the SIP engine) that answers the door's call, sends the door code
// as DTMF in SIP INFO, one digit per INFO, and lets the door end the call.
import { SipEngine, UaEvent, type Address } from "../sip-engine.js";
import { Clock, Wire } from "./udp.js";

export interface ApartmentOptions {
  host: string;
  code: string;
  clock: Clock;
  answerAfterMs?: number;
  say?: (text: string) => void;
}

export class Apartment {
  private constructor(readonly engine: SipEngine, readonly wire: Wire) {}

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
    const engine = await SipEngine.create({ user: "flat", domain: "example.com", localHost: a.host, localPort: a.port, sdp: `v=0\r\no=flat 1 1 IN IP4 ${a.host}\r\ns=flat\r\nc=IN IP4 ${a.host}\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n` }, 4242);
    holder.e = engine;
    const apt = new Apartment(engine, wire);
    const say = o.say ?? (() => {});
    wire.onAfterCall(() => {
      for (const ev of engine.events()) {
        if (ev.kind === UaEvent.Incoming) {
          say("the apartment rings");
          engine.ring(ev.call, o.clock.now());
          wire.flush();
          setTimeout(() => {
            say("the apartment answers");
            engine.answer(ev.call, o.clock.now());
            wire.flush();
            [...o.code, "#"].forEach((d, i) =>
              setTimeout(() => {
                say(`the apartment sends DTMF ${i < o.code.length ? "*" : "#"} as INFO`);
                engine.info(ev.call, `Signal=${d}\r\nDuration=160\r\n`, o.clock.now());
                wire.flush();
              }, 800 + i * 350),
            );
          }, o.answerAfterMs ?? 1500);
        }
        if (ev.kind === UaEvent.Ended) say("the apartment's call ended");
      }
    });
    return apt;
  }

  get address(): Address {
    return this.wire.address;
  }

  close(): void {
    this.wire.close();
  }
}
