// Server transactions over a stream (RFC 3261 §17.2, §18.2.2): a request that
// came over a stream is answered on it, without Timer G, and Timers I and J
// are zero. Requests come from 198.51.100.7:5070 (txn/support.ts) over stream 5.
import { activeCount } from "../../../../assembly/sip/txn/table";
import { outboxCount, outboxStream } from "../../../../assembly/sip/txn/outbox";
import { RX_PEER } from "../../../../assembly/sip/txn/peer";
import { streamAdd, setRxStream, F_OPEN } from "../../../../assembly/sip/transport/streams";
import { fresh, request, receive, respond, tickAt, sendTimes, sentPort, SOURCE_PORT } from "../../txn/support";
import { freshStreams } from "./support";

const H = 5;
/** A request of txn/support as it comes over TCP: its Via says so (§18.1.1). */
const overTcp = (s: string): string => s.replace("SIP/2.0/UDP ", "SIP/2.0/TCP ");
const INVITE = overTcp(request("INVITE", "z9hG4bKs1", "192.0.2.10"));
const ACK = overTcp(request("ACK", "z9hG4bKs1", "192.0.2.10", "sip:door@192.0.2.1", "uas-tag-1"));
const MESSAGE = overTcp(request("MESSAGE", "z9hG4bKn1", "192.0.2.10"));
// Its Via names the address of stream H: the answer's destination is where the station holds a stream.
const MESSAGE_UDP = request("MESSAGE", "z9hG4bKu1", "198.51.100.7:5070");

/** A table without transactions, stream H open from RX_PEER, and the next requests arriving on it. */
function overStream(): void {
  fresh();
  freshStreams();
  streamAdd(H, RX_PEER, F_OPEN, 0);
  setRxStream(H);
}

describe("server transactions over a stream", () => {
  beforeEach(overStream);
  afterEach(() => setRxStream(0));

  it("a request that came over a stream is answered on that stream, at its source port (§18.2.2)", () => {
    const slot = receive(MESSAGE, 0);
    respond(MESSAGE, slot, 200, 10);
    expect(outboxCount()).toBe(1);
    expect(outboxStream(0)).toBe(H);
    expect(sentPort(0)).toBe(SOURCE_PORT); // the Via names 5060; the connection is what counts
  });

  it("an INVITE's non-2xx final is not retransmitted over a stream (no Timer G, §17.2.1)", () => {
    const slot = receive(INVITE, 0);
    respond(INVITE, slot, 486, 0);
    expect(sendTimes(1, 4000)).toBe("");
  });

  it("Timer I is zero over a stream: the ACK ends the INVITE server transaction at once (§17.2.1)", () => {
    const slot = receive(INVITE, 0);
    respond(INVITE, slot, 486, 0);
    receive(ACK, 100);
    tickAt(100);
    expect(activeCount()).toBe(0);
  });

  it("Timer J is zero over a stream: a non-INVITE server transaction ends with its final response (§17.2.2)", () => {
    const slot = receive(MESSAGE, 0);
    respond(MESSAGE, slot, 200, 10);
    tickAt(10);
    expect(activeCount()).toBe(0);
  });

  it("a request that came as a datagram from the address of a stream is answered as a datagram (§18.2.2: its Via says UDP)", () => {
    setRxStream(0);
    const slot = receive(MESSAGE_UDP, 0);
    respond(MESSAGE_UDP, slot, 200, 10);
    expect(outboxCount()).toBe(1);
    expect(outboxStream(0)).toBe(0);
  });
});
