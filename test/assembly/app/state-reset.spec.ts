// Each app module keeps its state in one @unmanaged record over static
// memory with one reset (issue 15). A reset gives back the state the station
// starts with, every octet of the record, so a field added to a record cannot
// be forgotten by its reset: each record is copied before any test runs (the
// fresh station), changed, reset and compared octet by octet.
import { RegistrationState, REGISTRATION_STATE, registrationReset, registrationStart, registrationState, REG_OFF, REG_REGISTERING } from "../../../assembly/app/registration";
import { PresenceState, PRESENCE_STATE, presenceReset } from "../../../assembly/app/presence";
import { TransferState, TRANSFER_STATE, transferReset, transferActive, transferConnected } from "../../../assembly/app/transfer";
import { IncomingState, INCOMING_STATE, incomingReset, answeredIncoming, ringingIncoming } from "../../../assembly/app/incoming";
import { REG, REG_LEN, useConfig, freshUa } from "./app-support";

/** One module's record: where it lives, its size, and a copy of it as the station started. */
class Record {
  fresh: usize;
  constructor(public at: usize, public size: i32) {
    this.fresh = changetype<usize>(new ArrayBuffer(size));
    memory.copy(this.fresh, at, <usize>size);
  }
  /** Every octet set to `v`: each field changed from its start value (no field starts at 0x5a in all octets). */
  scribble(v: u8 = 0x5a): void { memory.fill(this.at, v, <usize>this.size); }
  isFresh(): bool { return memory.compare(this.at, this.fresh, <usize>this.size) == 0; }
}

// Copied at instantiation, before any test changes a module.
const registration = new Record(REGISTRATION_STATE, offsetof<RegistrationState>());
const presence = new Record(PRESENCE_STATE, offsetof<PresenceState>());
const transfer = new Record(TRANSFER_STATE, offsetof<TransferState>());
const incoming = new Record(INCOMING_STATE, offsetof<IncomingState>());

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
