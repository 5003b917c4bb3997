// The door station's events (docs/board-abi.md) as text for people and as
// JSON lines for scripts. Digits and codes are never part of an event.
import { Ev, type IntercomEvent } from "../intercom.js";

const CALL = ["", "dialing", "ringing", "connected", "ended", "failed"];
const INCOMING = ["refused", "answered", "ringing"];
const CONFIG = ["loaded", "none: safe defaults", "refused: safe defaults"];
const TRANSFER = ["refused", "calling", "connected", "failed", "ended"];

export function eventJson(e: IntercomEvent): Record<string, unknown> {
  switch (e.kind) {
    case Ev.Registered: return { event: "registered", registrar: e.a === 0 ? "primary" : "backup", expires: e.b };
    case Ev.Unregistered: return { event: "unregistered", code: e.a, retryIn: e.b };
    case Ev.Failover: return { event: "failover", registrar: e.a === 0 ? "primary" : "backup" };
    case Ev.Call: return { event: "call", state: CALL[e.a] ?? e.a, code: e.b };
    case Ev.Relay: return { event: "relay", relay: e.a, on: e.b === 1 };
    case Ev.Door: return { event: "door", open: e.a === 1 };
    case Ev.DoorHeldOpen: return { event: "door-held-open" };
    case Ev.Lockout: return { event: "lockout", locked: e.a === 1, seconds: e.b };
    case Ev.DtmfSent: return { event: "dtmf-sent" };
    case Ev.DtmfReceived: return { event: "dtmf-received", digits: e.a };
    case Ev.CodeWrong: return { event: "code-wrong", where: e.a === 0 ? "call" : "keypad" };
    case Ev.Config: return { event: "config", state: CONFIG[e.a] ?? e.a };
    case Ev.Incoming: return { event: "incoming", outcome: INCOMING[e.a] ?? e.a, code: e.b };
    case Ev.KeepaliveLost: return { event: "keepalive-lost", count: e.a };
    case Ev.Transfer: return { event: "transfer", state: TRANSFER[e.a] ?? e.a, code: e.b };
    case Ev.Subscribers: return { event: "subscribers", count: e.a };
  }
  return { event: "unknown", kind: e.kind, a: e.a, b: e.b };
}

export function eventText(e: IntercomEvent): string {
  const j = eventJson(e);
  const { event, ...rest } = j;
  const details = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(" ");
  return details ? `${event} ${details}` : String(event);
}
