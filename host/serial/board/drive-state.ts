// What a board shows of the running intercom over the link (STATUS): relays,
// LEDs, registration, the call and the door, kept from the firmware's outputs
// and events (docs/board-abi.md). Never a code or a digit.
import { Ev, type IntercomEvent } from "../../intercom.js";
import { eventJson } from "../../sim/events.js";

export interface DriveState {
  relays: boolean[];
  leds: { status: boolean; call: boolean };
  registration: Record<string, unknown>;
  call: Record<string, unknown>;
  door: { open: boolean; heldOpen: boolean };
  lockout: boolean;
  config: string;
}

export function initialState(): DriveState {
  return {
    relays: [false, false, false, false],
    leds: { status: false, call: false },
    registration: { state: "none" },
    call: { state: "idle" },
    door: { open: false, heldOpen: false },
    lockout: false,
    config: "not started",
  };
}

/** Output ids of board.output: 0-3 relays, 16 status LED, 17 call LED. */
export function applyOutput(s: DriveState, o: { id: number; on: boolean }): void {
  if (o.id >= 0 && o.id < 4) s.relays[o.id] = o.on;
  else if (o.id === 16) s.leds.status = o.on;
  else if (o.id === 17) s.leds.call = o.on;
}

export function applyEvent(s: DriveState, e: IntercomEvent): void {
  const { event: _name, ...j } = eventJson(e);
  switch (e.kind) {
    case Ev.Registered: s.registration = { state: "registered", ...j }; break;
    case Ev.Unregistered: s.registration = { state: "unregistered", ...j }; break;
    case Ev.Failover: s.registration = { ...s.registration, ...j }; break;
    case Ev.Call: s.call = j; break;
    case Ev.Relay: s.relays[e.a] = e.b === 1; break;
    case Ev.Door: s.door = { open: e.a === 1, heldOpen: false }; break;
    case Ev.DoorHeldOpen: s.door.heldOpen = true; break;
    case Ev.Lockout: s.lockout = e.a === 1; break;
    case Ev.Config: s.config = String(j.state); break;
  }
}
