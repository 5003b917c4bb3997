// Driving the station over the link (docs/serial-agent.md: Press, Input,
// Status, Reboot): the same entry points as the board's own keys and inputs.
import { relayIsOn } from "../../../../assembly/app/door/relay";
import { sensorIsOpen } from "../../../../assembly/app/door/sensor";
import { dialingActive } from "../../../../assembly/app/dialing";
import { appTick, appNextDeadline } from "../../../../assembly/app/main";
import { RELEASE_MS } from "../../../../assembly/app/serial/drive";
import { DIAL, DIAL_LEN } from "../app-support";
import { freshStation, ask, frame, slip, packets, ascii, KEYPAD, mockReboots, mockWritten, mockWrittenAtReboot } from "./agent-support";

const PRESS: u8 = 0x30;
const INPUT: u8 = 0x31;
const STATUS: u8 = 0x32;
const REBOOT: u8 = 0x34;

function dialBlock(): u8[] {
  const b = new Array<u8>(DIAL_LEN);
  for (let i = 0; i < DIAL_LEN; i++) b[i] = load<u8>(DIAL + <usize>i);
  return b;
}

/** `text` as a refusal's payload: config error 0, tag 0, the text. */
function refusal(text: string): u8[] { return [<u8>0, 0].concat(ascii(text)); }

describe("serial agent: Press and Input", () => {
  it("Press of the keypad's access code opens its relay and answers how many keys it pressed", () => {
    freshStation(KEYPAD, 1000);
    expect(ask(1, PRESS, ascii("9876#"), 1100)).toStrictEqual(slip(frame(0x02, 1, PRESS, 0, [5])));
    expect(relayIsOn(0)).toBe(true);
  });

  it("Press refuses what is not a key (status 1, field key) and presses none of it", () => {
    freshStation(KEYPAD, 1000);
    expect(ask(2, PRESS, ascii("9876x"), 1100)).toStrictEqual(slip(frame(0x02, 2, PRESS, 1, refusal("key: 0-9*# buttonN hangup"))));
    ask(3, PRESS, ascii("#"), 1200);
    expect(relayIsOn(0)).toBe(false); // 9876 was not typed before the #
  });

  it("Press button0 presses call button 0 as a finger does: the call starts once debounced", () => {
    freshStation(dialBlock(), 1000);
    expect(ask(4, PRESS, ascii("button0"), 2000)).toStrictEqual(slip(frame(0x02, 4, PRESS, 0, [1])));
    appTick(2030);
    expect(dialingActive()).toBe(true);
  });

  it("a button pressed over the link goes up RELEASE_MS later, at the tick", () => {
    freshStation(dialBlock(), 1000);
    ask(5, PRESS, ascii("button1"), 2000);
    appTick(2030);
    expect(appNextDeadline(2030)).toBeLessThanOrEqual(<i32>RELEASE_MS - 30);
    appTick(2000 + RELEASE_MS);
    appTick(2000 + RELEASE_MS + 30);
    expect(ask(6, PRESS, ascii("button1"), 3000)).toStrictEqual(slip(frame(0x02, 6, PRESS, 0, [1])));
  });

  it("Input 0 1 opens the door sensor and answers the same two octets", () => {
    freshStation([], 1000);
    expect(ask(7, INPUT, [0, 1], 1100)).toStrictEqual(slip(frame(0x02, 7, INPUT, 0, [0, 1])));
    expect(sensorIsOpen()).toBe(true);
  });

  it("Input refuses an input the station does not have (status 1, field input)", () => {
    freshStation([], 1000);
    expect(ask(8, INPUT, [3, 1], 1100)).toStrictEqual(slip(frame(0x02, 8, INPUT, 1, refusal("input: 0, level 0 or 1"))));
    expect(sensorIsOpen()).toBe(false);
  });
});

describe("serial agent: Status", () => {
  it("Status follows the Hello record with the Status record: uptime, relay 0 on, the door open, the config loaded, the station's address", () => {
    freshStation(KEYPAD, 1000);
    ask(1, PRESS, ascii("9876#"), 1100);
    ask(2, INPUT, [0, 1], 1200);
    const p = packets(ask(3, STATUS, [], 1500))[0];
    const hello = 4 + 18 + 1 + 9 + 90; // frame header, Hello up to the name, "simulator", two slots
    expect(p.length).toBe(hello + 39 + 4);
    expect(p.slice(hello, hello + 4)).toStrictEqual([0xf4, 0x01, 0, 0]); // 500 ms since boardStart
    expect(p[hello + 4]).toBe(1); // relays: relay 0
    expect(p[hello + 17]).toBe(1); // door: open
    expect(p[hello + 19]).toBe(0); // config: loaded
    // 18-octet address: ::ffff:127.0.0.1 (no address given in the spec), port 5060
    expect(p.slice(hello + 21 + 10, hello + 39)).toStrictEqual([0xff, 0xff, 127, 0, 0, 1, 0x13, 0xc4]);
  });
});

describe("serial agent: Reboot", () => {
  it("Reboot answers [] and the board reboots only after the answer's octets were written", () => {
    freshStation([], 1000);
    const before = mockWritten();
    expect(ask(9, REBOOT, [], 1100)).toStrictEqual(slip(frame(0x02, 9, REBOOT, 0, [])));
    expect(mockReboots()).toBe(1);
    expect(mockWrittenAtReboot()).toBe(before + slip(frame(0x02, 9, REBOOT, 0, [])).length);
  });
});
