// The base of the scripted SIP parties (the demo PBX, the gallery's
// registrar, peer and servers): whatever they answer is queued for the
// network at once; they have no timers and report no events.
import type { Datagram } from "../sip-engine.js";

export class Scripted {
  protected out: Datagram[] = [];
  tick(): void {}
  nextDeadline(): number {
    return -1;
  }
  outbox(): Datagram[] {
    return this.out.splice(0);
  }
  events(): never[] {
    return [];
  }
}
