// The board's end of the link (assembly/serial/link.ts; docs/serial-protocol.md,
// "Acknowledgements and retries"): requests handed over once, retransmissions
// answered from the cache, Hello clearing it, and a NAK for a damaged packet.
import {
  linkAnswer, linkCommand, linkPayload, linkPayloadLength, linkResponsePayload, linkSeq, linkSend,
  LINK_REQUEST, LINK_REPEAT, LINK_DROPPED, LINK_IGNORED,
} from "../../../assembly/serial/link";
import { DROP_CRC, DROP_KIND, DROP_LONG, DROP_SHORT } from "../../../assembly/serial/frame";
import { drain, END, feed, frame, freshLink, input, read, request, slip } from "./support";

const HELLO: u8 = 0x01;
const STATUS: u8 = 0x32;
const PRESS: u8 = 0x30;

/** The NAK on the line: kind response, sequence 0, command 0x7F, status 0, its CRC, SLIP-framed. */
function nakOnLine(): u8[] { return slip(frame(0x02, 0, 0x7f, 0, [])); }

describe("link: requests and answers", () => {
  it("hands a request over with its sequence, command and payload", () => {
    const l = freshLink();
    expect(feed(l, slip(request(42, PRESS, [0x35, 0x23])))).toStrictEqual([LINK_REQUEST]);
    expect(linkSeq(l)).toBe(42);
    expect(linkCommand(l)).toBe(PRESS);
    expect(read(linkPayload(l), linkPayloadLength(l))).toStrictEqual([0x35, 0x23]);
  });

  it("answers with kind response, the request's sequence and command, the status and payload, SLIP-framed", () => {
    const l = freshLink();
    feed(l, slip(request(42, PRESS, [])));
    store<u8>(linkResponsePayload(l), 0x7b);
    store<u8>(linkResponsePayload(l), 0x7d, 1);
    expect(linkAnswer(l, 0, 2)).toBe(10);
    expect(drain(l)).toStrictEqual(slip(frame(0x02, 42, PRESS, 0, [0x7b, 0x7d])));
  });

  it("ignores a response and an event: the board does not take them and sends nothing", () => {
    const l = freshLink();
    expect(feed(l, slip(frame(0x02, 3, STATUS, 0, [])))).toStrictEqual([LINK_IGNORED]);
    expect(feed(l, slip(frame(0x03, 4, 0x80, 0, [])))).toStrictEqual([LINK_IGNORED]);
    expect(drain(l)).toStrictEqual([]);
  });

  it("refuses to answer when no request waits (-1, nothing sent)", () => {
    const l = freshLink();
    expect(linkAnswer(l, 0, 0)).toBe(-1);
    expect(drain(l)).toStrictEqual([]);
  });

  it("refuses an answer longer than maxPayload (-1, nothing sent)", () => {
    const l = freshLink();
    feed(l, slip(request(1, STATUS, [])));
    expect(linkAnswer(l, 0, 17)).toBe(-1);
    expect(drain(l)).toStrictEqual([]);
  });

  it("sends a frame of the caller's (an event) SLIP-framed", () => {
    const l = freshLink();
    const event = frame(0x03, 1, 0x82, 0, [END]);
    linkSend(l, input(event), event.length);
    expect(drain(l)).toStrictEqual(slip(event));
  });
});

describe("link: retransmissions", () => {
  it("answers a request with the sequence and command of the last answered one from the cache, without handing it over", () => {
    const l = freshLink();
    feed(l, slip(request(7, PRESS, [0x31])));
    store<u8>(linkResponsePayload(l), 0x61);
    linkAnswer(l, 0, 1);
    const first = drain(l);
    expect(feed(l, slip(request(7, PRESS, [0x31])))).toStrictEqual([LINK_REPEAT]);
    expect(drain(l)).toStrictEqual(first);
  });

  it("hands over a request with the last sequence number but another command", () => {
    const l = freshLink();
    feed(l, slip(request(7, PRESS, [])));
    linkAnswer(l, 0, 0);
    expect(feed(l, slip(request(7, STATUS, [])))).toStrictEqual([LINK_REQUEST]);
  });

  it("hands over a request with the last command but the next sequence number", () => {
    const l = freshLink();
    feed(l, slip(request(7, PRESS, [])));
    linkAnswer(l, 0, 0);
    expect(feed(l, slip(request(8, PRESS, [])))).toStrictEqual([LINK_REQUEST]);
  });

  it("keeps the cached response across a NAK for noise", () => {
    const l = freshLink();
    feed(l, slip(request(7, PRESS, [])));
    linkAnswer(l, 0, 0);
    const first = drain(l);
    feed(l, [END, 0x55, 0x55, END]);
    drain(l);
    expect(feed(l, slip(request(7, PRESS, [])))).toStrictEqual([LINK_REPEAT]);
    expect(drain(l)).toStrictEqual(first);
  });

  it("clears the cache at Hello: the request answered before it is handed over again", () => {
    const l = freshLink();
    feed(l, slip(request(7, PRESS, [])));
    linkAnswer(l, 0, 0);
    feed(l, slip(request(8, HELLO, [])));
    linkAnswer(l, 0, 0);
    expect(feed(l, slip(request(7, PRESS, [])))).toStrictEqual([LINK_REQUEST]);
  });

  it("hands over a Hello repeating the last one's sequence number: a new session, not a retransmission", () => {
    const l = freshLink();
    feed(l, slip(request(9, HELLO, [])));
    linkAnswer(l, 0, 0);
    expect(feed(l, slip(request(9, HELLO, [])))).toStrictEqual([LINK_REQUEST]);
  });
});

describe("link: damaged packets", () => {
  it("answers a bad CRC with a NAK: kind response, sequence 0, command 0x7F, status 0, no payload", () => {
    const l = freshLink();
    const f = request(5, STATUS, []);
    f[7] ^= 0x10;
    expect(feed(l, slip(f))).toStrictEqual([LINK_DROPPED]);
    expect(l.lastDrop).toBe(DROP_CRC);
    expect(drain(l)).toStrictEqual(nakOnLine());
  });

  it("drops a short packet with a NAK and counts it", () => {
    const l = freshLink();
    expect(feed(l, [END, 1, 2, 3, END])).toStrictEqual([LINK_DROPPED]);
    expect(l.lastDrop).toBe(DROP_SHORT);
    expect(l.drops).toBe(1);
    expect(drain(l)).toStrictEqual(nakOnLine());
  });

  it("drops a frame of an unknown kind with a NAK", () => {
    const l = freshLink();
    expect(feed(l, slip(frame(0x05, 1, STATUS, 0, [])))).toStrictEqual([LINK_DROPPED]);
    expect(l.lastDrop).toBe(DROP_KIND);
  });

  it("drops a run past the buffer once, with a NAK, and takes the request after its END", () => {
    const l = freshLink();
    const run: u8[] = [END];
    for (let i = 0; i < 40; i++) run.push(<u8>(i + 1));
    expect(feed(l, run.concat(slip(request(3, STATUS, []))))).toStrictEqual([LINK_DROPPED, LINK_REQUEST]);
    expect(l.lastDrop).toBe(DROP_LONG);
    expect(l.drops).toBe(1);
  });

  it("takes a request after noise between frames, the noise dropped with a NAK", () => {
    const l = freshLink();
    const noise: u8[] = [END, 0x13, 0x37, 0xdb, 0xdd];
    expect(feed(l, noise.concat(slip(request(2, STATUS, []))))).toStrictEqual([LINK_DROPPED, LINK_REQUEST]);
    expect(linkSeq(l)).toBe(2);
  });
});
