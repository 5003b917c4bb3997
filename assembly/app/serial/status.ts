// Status (docs/serial-agent.md, "Status record"): the Hello record, then the
// running intercom as the board sees it: uptime, relays and LEDs, the
// registration, the call, the door, the lockout and the configuration. It is
// kept as the app reports it, from the events of each entry point (statusObserve)
// and the LEDs main.ts drives, so it says what a monitor would have said, and
// never a code or a digit (events carry none).

import { app } from "../state";
import { appEventCount, appEventKind, appEventA, appEventB, EV_REGISTERED, EV_UNREGISTERED, EV_FAILOVER, EV_CALL, EV_RELAY, EV_DOOR, EV_DOOR_HELD_OPEN, EV_LOCKOUT, EV_CONFIG } from "../events";
import * as uaIdentity from "../../sip/ua/identity";
import { copyPeer } from "../../sip/txn/peer";
import { localAddress } from "../settings";
import { writeHello } from "./hello";
import { reply, STATUS_OK } from "./reply";

/** The Status record's length (after the Hello record). */
export const STATUS_RECORD: i32 = 39;
// The registration's states in the record.
export const REG_NONE_YET: u8 = 0;
export const REG_IS_REGISTERED: u8 = 1;
export const REG_IS_UNREGISTERED: u8 = 2;

// @ts-ignore: decorator
@unmanaged class StatusState {
  startedAt: u32;
  /** registered: seconds granted; unregistered: seconds until the retry. */
  regSeconds: u32;
  regCode: u16;
  callCode: u16;
  started: u8;
  relays: u8;
  registration: u8;
  registrar: u8;
  call: u8;
  door: u8;
  lockout: u8;
  config: u8;
  configTag: u8;
}
const STATE = changetype<StatusState>(memory.data(<i32>offsetof<StatusState>(), 4));

/** boardStart ran at `now`: uptime counts from here (the rest of the record starts over with the module). */
export function statusStarted(now: u32): void {
  STATE.startedAt = now;
  STATE.started = 1;
}

/** The end of an entry point: what its events change in the record. */
export function statusObserve(): void {
  for (let i = 0; i < appEventCount(); i++) {
    const a = appEventA(i), b = appEventB(i);
    switch (appEventKind(i)) {
      case EV_REGISTERED:
        STATE.registration = REG_IS_REGISTERED;
        STATE.registrar = <u8>a;
        STATE.regCode = 200; // RFC 3261 §10.3: a 2xx grants the binding; the firmware reports it only then
        STATE.regSeconds = <u32>b;
        break;
      case EV_UNREGISTERED:
        STATE.registration = REG_IS_UNREGISTERED;
        STATE.regCode = <u16>a;
        STATE.regSeconds = <u32>b;
        break;
      case EV_FAILOVER: STATE.registrar = <u8>a; break;
      case EV_CALL: STATE.call = <u8>a; STATE.callCode = <u16>b; break;
      case EV_RELAY: {
        const bit: i32 = 1 << (a & 7);
        STATE.relays = <u8>(b != 0 ? <i32>STATE.relays | bit : <i32>STATE.relays & ~bit);
        break;
      }
      case EV_DOOR: STATE.door = a != 0 ? 1 : 0; break; // opening or closing ends "held open"
      case EV_DOOR_HELD_OPEN: STATE.door |= 2; break;
      case EV_LOCKOUT: STATE.lockout = a != 0 ? 1 : 0; break;
      case EV_CONFIG: STATE.config = <u8>a; STATE.configTag = <u8>b; break;
    }
  }
}

/** Writes the Status record at `out` (STATUS_RECORD octets). */
export function writeStatus(out: usize, now: u32): void {
  store<u32>(out, STATE.started != 0 ? now - STATE.startedAt : 0);
  store<u8>(out, STATE.relays, 4);
  store<u8>(out, (app().lastRegistered ? 1 : 0) | (app().lastInCall ? 2 : 0), 5); // the LEDs as main.ts last drove them
  store<u8>(out, STATE.registration, 6);
  store<u8>(out, STATE.registrar, 7);
  store<u16>(out, STATE.regCode, 8);
  store<u32>(out, STATE.regSeconds, 10);
  store<u8>(out, STATE.call, 14);
  store<u16>(out, STATE.callCode, 15);
  store<u8>(out, STATE.door, 17);
  store<u8>(out, STATE.lockout, 18);
  store<u8>(out, STATE.config, 19);
  store<u8>(out, STATE.configTag, 20);
  copyPeer(out + 21, localAddress()); // the station's 16 address octets, then its port
  store<u8>(out + 37, <u8>(uaIdentity.localPort >>> 8));
  store<u8>(out + 38, <u8>uaIdentity.localPort);
}

/** Status `[]`: the Hello record, then the Status record. */
export function statusCommand(req: usize, len: i32, out: usize, now: u32): i32 {
  const n = writeHello(out);
  writeStatus(out + <usize>n, now);
  return reply(STATUS_OK, n + STATUS_RECORD);
}
