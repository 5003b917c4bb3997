// Reading a request's JSON payload on the board: every missing or wrong
// field is refused naming it.
import { Status, parseJson } from "../frame.js";
import { Refusal } from "./responder.js";

export type Body = Record<string, unknown>;

export function parseJsonBody(p: Buffer): Body {
  try {
    return parseJson(p);
  } catch (err) {
    throw new Refusal(Status.BadRequest, `payload: ${(err as Error).message}`);
  }
}

export function needInt(b: Body, field: string, min: number, max: number): number {
  const v = b[field];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new Refusal(Status.BadRequest, `${field}: must be an integer ${min}..${max}`, { field });
  }
  return v;
}

export function needString(b: Body, field: string, shape: RegExp, what: string): string {
  const v = b[field];
  if (typeof v !== "string" || !shape.test(v)) throw new Refusal(Status.BadRequest, `${field}: must be ${what}`, { field });
  return v;
}
