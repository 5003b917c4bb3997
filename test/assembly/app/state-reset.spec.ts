// Each app module keeps its state in one @unmanaged record over static
// memory with one reset (issue 15), and appReset (app/reset.ts) gives back all
// of them. A reset gives back the state the station
// starts with, every octet of the record, so a field added to a record cannot
// be forgotten by its reset: each record is copied before any test runs (the
// fresh station), changed, reset and compared octet by octet.
import { RegistrationState, REGISTRATION_STATE, registrationReset, registrationStart, registrationState, REG_OFF, REG_REGISTERING } from "../../../assembly/app/registration";
import { PresenceState, PRESENCE_STATE, presenceReset } from "../../../assembly/app/presence";
import { TransferState, TRANSFER_STATE, transferReset, transferActive, transferConnected } from "../../../assembly/app/transfer";
import { IncomingState, INCOMING_STATE, incomingReset, answeredIncoming, ringingIncoming } from "../../../assembly/app/incoming";
import { DialingState, DIALING_STATE, dialingReset, dialingActive, connectedCall } from "../../../assembly/app/dialing";
import { KeypadState, KEYPAD_STATE, keypadReset } from "../../../assembly/app/keypad";
import { DoorCallState, DOOR_CALL_STATE, doorCallReset } from "../../../assembly/app/doorcall";
import { AppState, APP_STATE, appStateReset, StationSettings, STATION_SETTINGS, stationSettingsReset } from "../../../assembly/app/state";
import { DoorState, DOOR_STATE, doorStateReset, DoorSettings, DOOR_SETTINGS, doorSettingsReset } from "../../../assembly/app/door/state";
import { LoadState, LOAD_STATE, loadStateReset } from "../../../assembly/app/config/message";
import { appReset } from "../../../assembly/app/reset";
import { appEvent, appEventCount, EV_DOOR } from "../../../assembly/app/events";
import { guardWrong, guardSetPolicy, guardLocked, guardWrongCount } from "../../../assembly/app/door/guard";
import { sensorSet, sensorNextDeadline, sensorSetHeldOpen, sensorIsOpen } from "../../../assembly/app/door/sensor";
import { decodeDtmf, DTMF_PLAIN } from "../../../assembly/app/door/dtmf";
import { configLoad, configErrorCode } from "../../../assembly/app/config/access";
import { rtpPort, setWantedRtpPort, DEFAULT_RTP_PORT } from "../../../assembly/app/voice/port";
import { ascii } from "./support";
import { REG, REG_LEN, useConfig, freshUa } from "./app-support";

/** One module's record: where it lives, its size, and a copy of it as the station started. */
class Record {
  /** Held as a reference: kept only as an address, the collector would take it back and reuse its octets. */
  copy: ArrayBuffer;
  constructor(public at: usize, public size: i32) {
    this.copy = new ArrayBuffer(size);
    memory.copy(changetype<usize>(this.copy), at, <usize>size);
  }
  /** Every octet set to `v`: each field changed from its start value (no field starts at 0x5a in all octets). */
  scribble(v: u8 = 0x5a): void { memory.fill(this.at, v, <usize>this.size); }
  isFresh(): bool { return memory.compare(this.at, changetype<usize>(this.copy), <usize>this.size) == 0; }
}

// Copied at instantiation, before any test changes a module.
const registration = new Record(REGISTRATION_STATE, offsetof<RegistrationState>());
const presence = new Record(PRESENCE_STATE, offsetof<PresenceState>());
const transfer = new Record(TRANSFER_STATE, offsetof<TransferState>());
const incoming = new Record(INCOMING_STATE, offsetof<IncomingState>());
const dialing = new Record(DIALING_STATE, offsetof<DialingState>());
const keypad = new Record(KEYPAD_STATE, offsetof<KeypadState>());
const doorCall = new Record(DOOR_CALL_STATE, offsetof<DoorCallState>());
const appState = new Record(APP_STATE, offsetof<AppState>());
const station = new Record(STATION_SETTINGS, offsetof<StationSettings>());
const door = new Record(DOOR_STATE, offsetof<DoorState>());
const doorSettings = new Record(DOOR_SETTINGS, offsetof<DoorSettings>());
const load = new Record(LOAD_STATE, offsetof<LoadState>());
/** Every app record: appReset gives back all of them. */
const ALL: Record[] = [registration, presence, transfer, incoming, dialing, keypad, doorCall, appState, station, door, doorSettings, load];

describe("a module's reset gives back every octet of its record as the station started", () => {
  it("registrationReset: RegistrationState", () => {
    registration.scribble();
    expect(registration.isFresh()).toBe(false);
    registrationReset();
    expect(registration.isFresh()).toBe(true);
  });
  it("presenceReset: PresenceState", () => {
    presence.scribble();
    presenceReset();
    expect(presence.isFresh()).toBe(true);
  });
  it("transferReset: TransferState, its calls back to -1", () => {
    transfer.scribble();
    transferReset();
    expect(transfer.isFresh()).toBe(true);
  });
  it("incomingReset: IncomingState, its calls back to -1", () => {
    incoming.scribble();
    incomingReset();
    expect(incoming.isFresh()).toBe(true);
  });
  it("dialingReset: DialingState, its legs, button and connected call back to -1", () => {
    dialing.scribble();
    dialingReset();
    expect(dialing.isFresh()).toBe(true);
  });
  it("keypadReset: KeypadState", () => {
    keypad.scribble();
    keypadReset();
    expect(keypad.isFresh()).toBe(true);
  });
  it("doorCallReset: DoorCallState, its three calls back to -1", () => {
    doorCall.scribble();
    doorCallReset();
    expect(doorCall.isFresh()).toBe(true);
  });
  it("appStateReset: AppState", () => {
    appState.scribble();
    appStateReset();
    expect(appState.isFresh()).toBe(true);
  });
  it("stationSettingsReset: StationSettings, 127.0.0.1 and RTP port 4000", () => {
    station.scribble();
    stationSettingsReset();
    expect(station.isFresh()).toBe(true);
  });
  it("doorStateReset: DoorState", () => {
    door.scribble();
    doorStateReset();
    expect(door.isFresh()).toBe(true);
  });
  it("doorSettingsReset: DoorSettings, the defaults", () => {
    doorSettings.scribble();
    doorSettingsReset();
    expect(doorSettings.isFresh()).toBe(true);
  });
  it("loadStateReset: LoadState, no entry open", () => {
    load.scribble();
    loadStateReset();
    expect(load.isFresh()).toBe(true);
  });
  it("appReset: every record of the app at once", () => {
    for (let i = 0; i < ALL.length; i++) ALL[i].scribble();
    appReset();
    let stale = 0;
    for (let i = 0; i < ALL.length; i++) if (!ALL[i].isFresh()) stale++;
    expect(stale).toBe(0);
  });
});

describe("the state at start means no activity", () => {
  it("after transferReset no transfer exists", () => {
    transfer.scribble(0);
    transferReset();
    expect(transferActive()).toBe(false);
    expect(transferConnected()).toBe(-1);
  });
  it("after incomingReset no call rings nor is answered (call 0 is a call: the default is -1)", () => {
    incoming.scribble(0);
    incomingReset();
    expect(ringingIncoming()).toBe(-1);
    expect(answeredIncoming()).toBe(-1);
  });
  it("after dialingReset the visitor's call is idle and no call is connected (-1)", () => {
    dialing.scribble(0);
    dialingReset();
    expect(dialingActive()).toBe(false);
    expect(connectedCall()).toBe(-1);
  });
  it("after doorSettingsReset the door is held open 30 s before the alarm (the default)", () => {
    doorSettings.scribble(0);
    doorStateReset();
    doorSettingsReset();
    sensorSet(true, 1000);
    expect(sensorNextDeadline(1000)).toBe(30000);
    doorStateReset();
  });
  it("after stationSettingsReset the SDP announces RTP port 4000 (the default)", () => {
    station.scribble(0);
    stationSettingsReset();
    expect(rtpPort()).toBe(<u32>DEFAULT_RTP_PORT);
  });
});

describe("the door, the queues and a configuration load keep their state in records", () => {
  it("wrong codes lock the guard (DoorState); doorStateReset unlocks it and clears the count", () => {
    guardSetPolicy(2, 60000);
    guardWrong(0);
    guardWrong(10);
    expect(guardLocked(20)).toBe(true);
    expect(door.isFresh()).toBe(false);
    doorStateReset();
    expect(guardLocked(20)).toBe(false);
    expect(guardWrongCount()).toBe(0);
    expect(door.isFresh()).toBe(true);
    doorSettingsReset();
    expect(doorSettings.isFresh()).toBe(true);
  });
  it("the door opening and a DTMF body change DoorState; doorStateReset makes the door closed again", () => {
    sensorSetHeldOpen(5000);
    sensorSet(true, 100);
    expect(decodeDtmf(DTMF_PLAIN, ascii("123#"), 4)).toBe(4);
    doorStateReset();
    expect(sensorIsOpen()).toBe(false);
    expect(door.isFresh()).toBe(true);
    doorSettingsReset();
    expect(doorSettings.isFresh()).toBe(true);
  });
  it("an event and a port from the board change AppState and StationSettings; their resets give back the start", () => {
    appEvent(EV_DOOR, 1, 0);
    setWantedRtpPort(5004);
    expect(appEventCount()).toBe(1);
    expect(appState.isFresh()).toBe(false);
    expect(station.isFresh()).toBe(false);
    appStateReset();
    stationSettingsReset();
    expect(appEventCount()).toBe(0);
    expect(appState.isFresh()).toBe(true);
    expect(station.isFresh()).toBe(true);
  });
  it("a refused block leaves its error in LoadState; loadStateReset, configLoad's first step, gives back the fresh record", () => {
    expect(configLoad(ascii("DIC"), 3)).toBeGreaterThan(0);
    expect(load.isFresh()).toBe(false);
    loadStateReset();
    expect(configErrorCode()).toBe(0);
    expect(load.isFresh()).toBe(true);
  });
});

describe("registration keeps its state in RegistrationState", () => {
  it("starting to register changes the record; registrationReset makes it the station at start (REG_OFF)", () => {
    expect(useConfig(REG, REG_LEN)).toBe(0);
    freshUa();
    registrationStart(0);
    expect(registrationState()).toBe(REG_REGISTERING);
    expect(registration.isFresh()).toBe(false);
    registrationReset();
    expect(registrationState()).toBe(REG_OFF);
    expect(registration.isFresh()).toBe(true);
  });
});
