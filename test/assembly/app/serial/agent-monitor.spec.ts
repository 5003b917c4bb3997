// The event stream (docs/serial-agent.md, Monitor, event 0x80 and log 0x81).
import { appStart } from "../../../../assembly/app/main";
import { EV_RELAY } from "../../../../assembly/app/events";
import { freshStation, ask, line, frame, slip, packets, ascii, le32, KEYPAD, mockConfig } from "./agent-support";

const PRESS: u8 = 0x30;
const MONITOR: u8 = 0x33;

/** The packets of `octets` that are event frames (kind 3). */
function events(octets: u8[]): u8[][] {
  const all = packets(octets);
  const out: u8[][] = [];
  for (let i = 0; i < all.length; i++) if (all[i][0] == 0x03) out.push(all[i]);
  return out;
}

describe("serial agent: Monitor", () => {
  it("Monitor 1 answers [1], and a key press's events then follow as event frames before the Press's answer", () => {
    freshStation(KEYPAD, 1000);
    expect(ask(1, MONITOR, [1], 1000)).toStrictEqual(slip(frame(0x02, 1, MONITOR, 0, [1])));
    const all = packets(ask(2, PRESS, ascii("9876#"), 1100));
    const relayOn = frame(0x03, 0, 0x80, 0, [<u8>EV_RELAY].concat(le32(0)).concat(le32(1)));
    expect(all[0]).toStrictEqual(relayOn); // the first event frame: sequence 0, relay 0 on
    expect(all[all.length - 1]).toStrictEqual(frame(0x02, 2, PRESS, 0, [5]));
  });

  it("numbers the event frames with the agent's counter, one more each", () => {
    freshStation(KEYPAD, 1000);
    ask(1, MONITOR, [1], 1000);
    const e = events(ask(2, PRESS, ascii("9876#"), 1100).concat(ask(3, 0x31, [0, 1], 1200)));
    expect(e.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < e.length; i++) expect(e[i][1]).toBe(<u8>(e[0][1] + i));
  });

  it("sends no event frame while the stream is off", () => {
    freshStation(KEYPAD, 1000);
    expect(events(ask(2, PRESS, ascii("9876#"), 1100)).length).toBe(0);
  });

  it("Hello stops the stream: a new session starts quiet", () => {
    freshStation(KEYPAD, 1000);
    ask(1, MONITOR, [1], 1000);
    ask(2, 0x01, [0, 0, 0, 0], 1000);
    expect(events(ask(3, PRESS, ascii("9876#"), 1100)).length).toBe(0);
  });

  it("a board.log line goes out as a log frame [level][text] while monitoring", () => {
    freshStation([], 1000);
    ask(1, MONITOR, [1], 1000);
    mockConfig([0x44, 0x49, 0x43, 0x31, 0x09]); // a block of an unknown version: refused, logged at level 0
    appStart(1100);
    const logs: u8[][] = [];
    const all = packets(line());
    for (let i = 0; i < all.length; i++) if (all[i][2] == 0x81) logs.push(all[i]);
    expect(logs.length).toBe(1);
    expect(logs[0][4]).toBe(0); // level 0, an error
    expect(logs[0].length).toBeGreaterThan(4 + 1 + 4);
  });

  it("Monitor refuses a payload that is not one octet (status 1, field on)", () => {
    freshStation([], 1000);
    expect(ask(4, MONITOR, [], 1000)).toStrictEqual(slip(frame(0x02, 4, MONITOR, 1, [<u8>0, 0].concat(ascii("on: 1 octet")))));
  });
});
