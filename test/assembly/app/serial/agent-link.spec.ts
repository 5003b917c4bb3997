// The agent over the link (docs/serial-protocol.md "Acknowledgements and
// retries"): a request acted on once, its retransmission answered from the
// cache, a damaged packet NAKed, an unknown command refused, a request split
// across calls to boardSerial taken whole.
import { relayIsOn } from "../../../../assembly/app/door/relay";
import { freshStation, ask, send, line, frame, request, slip, ascii, KEYPAD } from "./agent-support";

const PRESS: u8 = 0x30;

describe("serial agent: the link", () => {
  it("answers a retransmitted Press from the cache and does not press its keys twice", () => {
    freshStation(KEYPAD, 1000);
    const first = ask(1, PRESS, ascii("98"), 1100);
    expect(first).toStrictEqual(slip(frame(0x02, 1, PRESS, 0, [2])));
    expect(ask(1, PRESS, ascii("98"), 1200)).toStrictEqual(first); // the response was lost: the host sends it again
    ask(2, PRESS, ascii("76#"), 1300);
    // "98" pressed twice would make 989876#, a wrong code: the door stays shut
    expect(relayIsOn(0)).toBe(true);
  });

  it("control: the same keys under a new sequence are a new request, pressed again (989876# is a wrong code)", () => {
    freshStation(KEYPAD, 1000);
    ask(1, PRESS, ascii("98"), 1100);
    ask(2, PRESS, ascii("98"), 1200);
    ask(3, PRESS, ascii("76#"), 1300);
    expect(relayIsOn(0)).toBe(false);
  });

  it("NAKs a frame whose CRC does not match: kind response, sequence 0, command 0x7F", () => {
    freshStation([], 1000);
    const damaged = request(3, PRESS, ascii("1"));
    damaged[4] ^= 0x01;
    send(slip(damaged), 1000);
    expect(line()).toStrictEqual(slip(frame(0x02, 0, 0x7f, 0, [])));
  });

  it("answers a command it does not know with status 2 and no payload", () => {
    freshStation([], 1000);
    expect(ask(4, 0x7a, [], 1000)).toStrictEqual(slip(frame(0x02, 4, 0x7a, 2, [])));
  });

  it("takes a request whose octets come in two calls to boardSerial as one", () => {
    freshStation([], 1000);
    const octets = slip(request(8, 0x33, [0]));
    send(octets.slice(0, 5), 1000);
    expect(line()).toStrictEqual([]);
    send(octets.slice(5), 1000);
    expect(line()).toStrictEqual(slip(frame(0x02, 8, 0x33, 0, [0])));
  });
});
