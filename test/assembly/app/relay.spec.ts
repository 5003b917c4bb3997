// The door relays (assembly/app/door/relay.ts) and the door sensor
// (assembly/app/door/sensor.ts), on a virtual clock.
import {
  relayReset, relaySetPulse, relayPulse, relayIsOn, relayTick, relayNextDeadline,
  relayChangeCount, relayChangeRelay, relayChangeOn, relayChangesClear, DEFAULT_PULSE_MS,
} from "../../../assembly/app/door/relay";
import {
  sensorReset, sensorSetHeldOpen, sensorSet, sensorTick, sensorIsOpen, sensorNextDeadline,
  sensorEventCount, sensorEvent, sensorEventsClear, SENSOR_OPENED, SENSOR_CLOSED, SENSOR_HELD_OPEN,
} from "../../../assembly/app/door/sensor";

/** The change list as "relay+" / "relay-" items ("1+,1-"). */
function changes(): string {
  let s = "";
  for (let i = 0; i < relayChangeCount(); i++) {
    if (i > 0) s += ",";
    s += relayChangeRelay(i).toString() + (relayChangeOn(i) ? "+" : "-");
  }
  return s;
}

/** The sensor events as "opened,held,closed". */
function events(): string {
  let s = "";
  for (let i = 0; i < sensorEventCount(); i++) {
    if (i > 0) s += ",";
    const e = sensorEvent(i);
    s += e == SENSOR_OPENED ? "opened" : e == SENSOR_CLOSED ? "closed" : e == SENSOR_HELD_OPEN ? "held" : "?";
  }
  return s;
}

describe("relays", () => {
  beforeEach(relayReset);

  it("a pulse energises the relay at once and records the change", () => {
    expect(relayPulse(1, 1000)).toBe(true);
    expect(relayIsOn(1)).toBe(true);
    expect(changes()).toBe("1+");
  });

  it("the relay stays on for exactly the pulse length", () => {
    relaySetPulse(1, 2000);
    relayPulse(1, 1000);
    relayTick(2999);
    expect(relayIsOn(1)).toBe(true);
    relayTick(3000);
    expect(relayIsOn(1)).toBe(false);
    expect(changes()).toBe("1+,1-");
  });

  it("the pulse is 3 s unless set", () => {
    expect(DEFAULT_PULSE_MS).toBe(3000);
    relayPulse(0, 0);
    expect(relayNextDeadline(0)).toBe(3000);
  });

  it("a pulse while energised extends it from now, with no second 'on' change", () => {
    relaySetPulse(0, 2000);
    relayPulse(0, 1000);
    relayPulse(0, 2500);
    relayTick(3000);
    expect(relayIsOn(0)).toBe(true);
    relayTick(4500);
    expect(relayIsOn(0)).toBe(false);
    expect(changes()).toBe("0+,0-");
  });

  it("an extension never shortens a pulse in progress", () => {
    relaySetPulse(0, 5000);
    relayPulse(0, 1000);
    relaySetPulse(0, 1000);
    relayPulse(0, 2000);
    expect(relayNextDeadline(2000)).toBe(4000);
  });

  it("relays are independent", () => {
    relaySetPulse(2, 1000);
    relaySetPulse(3, 4000);
    relayPulse(2, 0);
    relayPulse(3, 0);
    relayTick(1000);
    expect(relayIsOn(2)).toBe(false);
    expect(relayIsOn(3)).toBe(true);
    expect(changes()).toBe("2+,3+,2-");
  });

  it("relayNextDeadline is -1 when all are off, else the nearest end (0 when due)", () => {
    expect(relayNextDeadline(0)).toBe(-1);
    relaySetPulse(0, 4000);
    relaySetPulse(1, 1500);
    relayPulse(0, 0);
    relayPulse(1, 0);
    expect(relayNextDeadline(500)).toBe(1000);
    expect(relayNextDeadline(2000)).toBe(0);
    relayTick(2000);
    expect(relayNextDeadline(2000)).toBe(2000);
  });

  it("relayChangesClear empties the list, and reading out of range gives -1 / false", () => {
    relayPulse(0, 0);
    relayChangesClear();
    expect(relayChangeCount()).toBe(0);
    expect(relayChangeRelay(0)).toBe(-1);
    expect(relayChangeOn(0)).toBe(false);
  });

  it("relays are 0 to 3 and a pulse is at least 1 ms", () => {
    expect(relayPulse(4, 0)).toBe(false);
    expect(relayPulse(-1, 0)).toBe(false);
    expect(relaySetPulse(4, 1000)).toBe(false);
    expect(relaySetPulse(0, 0)).toBe(false);
    expect(relayIsOn(7)).toBe(false);
    expect(relayChangeCount()).toBe(0);
  });

  it("the clock may wrap during a pulse", () => {
    relaySetPulse(0, 2000);
    relayPulse(0, 0xFFFFFC00); // 1024 ms before the wrap
    relayTick(500);
    expect(relayIsOn(0)).toBe(true);
    expect(relayNextDeadline(500)).toBe(476);
    relayTick(976);
    expect(relayIsOn(0)).toBe(false);
  });
});

describe("door sensor", () => {
  beforeEach(sensorReset);

  it("opening and closing the door are reported once each", () => {
    sensorSet(true, 1000);
    sensorSet(true, 1100);
    sensorSet(false, 1200);
    sensorSet(false, 1300);
    expect(events()).toBe("opened,closed");
    expect(sensorIsOpen()).toBe(false);
  });

  it("the door starts closed: a first closed reading reports nothing", () => {
    sensorSet(false, 0);
    expect(sensorEventCount()).toBe(0);
  });

  it("held open too long is reported once, at the held-open time after opening", () => {
    sensorSetHeldOpen(10000);
    sensorSet(true, 1000);
    sensorTick(10999);
    expect(events()).toBe("opened");
    sensorTick(11000);
    sensorTick(20000);
    expect(events()).toBe("opened,held");
  });

  it("a door closed in time raises no held-open event", () => {
    sensorSetHeldOpen(10000);
    sensorSet(true, 1000);
    sensorSet(false, 5000);
    sensorTick(30000);
    expect(events()).toBe("opened,closed");
  });

  it("each opening has its own held-open event", () => {
    sensorSetHeldOpen(1000);
    sensorSet(true, 0);
    sensorTick(1000);
    sensorSet(false, 2000);
    sensorSet(true, 3000);
    sensorTick(4000);
    expect(events()).toBe("opened,held,closed,opened,held");
  });

  it("sensorNextDeadline counts down to the held-open time, -1 when closed, reported or disabled", () => {
    sensorSetHeldOpen(10000);
    expect(sensorNextDeadline(0)).toBe(-1);
    sensorSet(true, 1000);
    expect(sensorNextDeadline(4000)).toBe(7000);
    sensorTick(11000);
    expect(sensorNextDeadline(11000)).toBe(-1);
    sensorSetHeldOpen(0);
    sensorSet(false, 12000);
    sensorSet(true, 13000);
    expect(sensorNextDeadline(13000)).toBe(-1);
  });

  it("a held-open time of 0 disables the alarm", () => {
    sensorSetHeldOpen(0);
    sensorSet(true, 0);
    sensorTick(1000000);
    expect(events()).toBe("opened");
  });

  it("the held-open alarm is 30 s unless set", () => {
    sensorSet(true, 0);
    expect(sensorNextDeadline(0)).toBe(30000);
  });

  it("sensorEventsClear empties the list, and reading out of range gives 0", () => {
    sensorSet(true, 0);
    sensorEventsClear();
    expect(sensorEventCount()).toBe(0);
    expect(sensorEvent(0)).toBe(0);
  });

  it("the clock may wrap while the door is open", () => {
    sensorSetHeldOpen(2000);
    sensorSet(true, 0xFFFFFC00);
    sensorTick(975);
    expect(events()).toBe("opened");
    sensorTick(976);
    expect(events()).toBe("opened,held");
  });
});
