// The Status record of protocol 4 (docs/serial-agent.md, "Status record"),
// which follows the Hello record in Status's answer: uptime, relays, LEDs,
// registration, call, door, lockout, configuration and the station's own
// address; and the same rendered as the JSON `intercom status` prints.
import { Reader, Writer } from "./bytes.js";
import { helloInfo, readHello, type HelloInfo, type HelloRecord } from "./hello.js";
import { decodePeer, PEER_OCTETS, type Address } from "../../address.js";
import { NAMES } from "../../vocabulary.js";

export interface StatusRecord {
  uptimeMs: number;
  relays: number;
  leds: number;
  registration: number;
  registrar: number;
  registrationCode: number;
  /** Expires granted (registered) or retry in (unregistered), in seconds. */
  seconds: number;
  call: number;
  callCode: number;
  door: number;
  lockout: number;
  config: number;
  configTag: number;
  /** The 18-octet address of the board ABI (host/address.ts). */
  address: Uint8Array;
}

export function encodeStatus(s: StatusRecord): Buffer {
  return new Writer().u32(s.uptimeMs).u8(s.relays).u8(s.leds).u8(s.registration).u8(s.registrar).u16(s.registrationCode).u32(s.seconds)
    .u8(s.call).u16(s.callCode).u8(s.door).u8(s.lockout).u8(s.config).u8(s.configTag).bytes(s.address).done();
}

export function readStatus(r: Reader): StatusRecord {
  return {
    uptimeMs: r.u32("uptime"), relays: r.u8("relays"), leds: r.u8("LEDs"), registration: r.u8("registration"), registrar: r.u8("registrar"),
    registrationCode: r.u16("registration code"), seconds: r.u32("expires or retry"), call: r.u8("call"), callCode: r.u16("call code"),
    door: r.u8("door"), lockout: r.u8("lockout"), config: r.u8("config"), configTag: r.u8("config tag"), address: r.bytes(PEER_OCTETS, "address"),
  };
}

/** Status's whole answer: the Hello record, then the Status record. */
export function decodeStatusAnswer(b: Uint8Array): { hello: HelloRecord; status: StatusRecord } {
  const r = new Reader(b, "Status");
  return { hello: readHello(r), status: readStatus(r) };
}

/** What `intercom status --json` prints beside Hello's fields. */
export interface StatusView {
  uptimeMs: number;
  udp: Address | null;
  relays: boolean[];
  leds: { status: boolean; call: boolean };
  registration: Record<string, unknown>;
  call: Record<string, unknown>;
  door: { open: boolean; heldOpen: boolean };
  lockout: boolean;
  config: string;
  configTag?: number;
}

const REGISTRATION_STATES = ["none", "registered", "unregistered"];

function registration(s: StatusRecord): Record<string, unknown> {
  const state = REGISTRATION_STATES[s.registration] ?? `state ${s.registration}`;
  if (s.registration === 1) return { state, registrar: NAMES.registrar[s.registrar] ?? s.registrar, expires: s.seconds };
  if (s.registration === 2) return { state, registrar: NAMES.registrar[s.registrar] ?? s.registrar, code: s.registrationCode, retryIn: s.seconds };
  return { state };
}

/** The record as the JSON of protocols 1 to 3 (the `call` and `config` names of the events', host/vocabulary.ts). */
export function statusView(s: StatusRecord): StatusView {
  const address = decodePeer(s.address);
  const view: StatusView = {
    uptimeMs: s.uptimeMs,
    udp: address.port === 0 ? null : address,
    relays: [0, 1, 2, 3].map((i) => (s.relays & (1 << i)) !== 0),
    leds: { status: (s.leds & 1) !== 0, call: (s.leds & 2) !== 0 },
    registration: registration(s),
    call: s.call === 0 ? { state: "idle" } : { state: NAMES.call[s.call] ?? s.call, code: s.callCode },
    door: { open: (s.door & 1) !== 0, heldOpen: (s.door & 2) !== 0 },
    lockout: s.lockout === 1,
    config: NAMES.config[s.config] ?? `state ${s.config}`,
  };
  if (s.config === 2) view.configTag = s.configTag;
  return view;
}

/** Status's answer as `intercom status --json` prints it: Hello's fields and the state. */
export function statusInfo(b: Uint8Array, resetLines: HelloInfo["resetLines"] = null): HelloInfo & StatusView {
  const { hello, status } = decodeStatusAnswer(b);
  return { ...helloInfo(hello, resetLines), ...statusView(status) };
}
