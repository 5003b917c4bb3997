// The door station's events (docs/board-abi.md) as text for people and as
// JSON lines for scripts. Each event's form (its name, and how its a and b
// render) comes from host/vocabulary.ts, generated from
// assembly/board/vocabulary.json, as the native board's printer does
// (boards/native-linux/lines.c). Digits and codes are never part of an event.
import type { IntercomEvent } from "../intercom.js";
import { EVENT_FORMS, NAMES, type EventForm, type FieldForm } from "../vocabulary.js";

const BY_KIND = new Map<number, EventForm>(EVENT_FORMS.map((f) => [f.kind, f]));
const BY_NAME = new Map<string, EventForm>(EVENT_FORMS.map((f) => [f.event, f]));

function render(f: FieldForm | undefined, v: number, out: Record<string, unknown>): void {
  if (!f) return;
  if (f.form === "bool") out[f.key] = v === 1;
  else if (f.form === "name") out[f.key] = NAMES[f.names!][v] ?? v;
  else out[f.key] = v;
}

/** The value a rendered field stood for: the number, 1 for true, a name's value (-1 for a name the enum lacks). */
function parse(f: FieldForm | undefined, v: unknown): number {
  if (!f) return 0;
  if (f.form === "bool") return v === true ? 1 : 0;
  if (f.form === "name" && typeof v !== "number") return NAMES[f.names!].indexOf(String(v));
  return Number(v ?? 0);
}

export function eventJson(e: IntercomEvent): Record<string, unknown> {
  const form = BY_KIND.get(e.kind);
  if (!form) return { event: "unknown", kind: e.kind, a: e.a, b: e.b };
  const out: Record<string, unknown> = { event: form.event };
  render(form.a, e.a, out);
  render(form.b, e.b, out);
  return out;
}

export function eventText(e: IntercomEvent): string {
  const j = eventJson(e);
  const { event, ...rest } = j;
  const details = Object.entries(rest).map(([k, v]) => `${k}=${v}`).join(" ");
  return details ? `${event} ${details}` : String(event);
}

/** An event line back to the firmware's (kind, a, b): the inverse of eventJson for the fields it keeps (null: not an event). */
export function eventFromJson(j: Record<string, unknown>): IntercomEvent | null {
  if (j.event === "unknown") return { kind: Number(j.kind ?? 0), a: Number(j.a ?? 0), b: Number(j.b ?? 0) };
  const form = BY_NAME.get(String(j.event));
  if (!form) return null;
  return { kind: form.kind, a: form.a ? parse(form.a, j[form.a.key]) : 0, b: form.b ? parse(form.b, j[form.b.key]) : 0 };
}
