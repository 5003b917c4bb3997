// The two questions the configuration tests ask of host/config.ts validation.
import assert from "node:assert/strict";
import { validateConfig, type Config } from "../../../host/config.js";

/** The validated config (fails when it is refused, listing why). */
export function valid(json: unknown): Config {
  const v = validateConfig(json);
  if (!v.ok) assert.fail(JSON.stringify(v.errors));
  return v.config;
}

/** The messages for an invalid config (fails when it is valid). */
export function errors(json: unknown): string[] {
  const v = validateConfig(json);
  if (v.ok) assert.fail("accepted");
  return v.errors.map((e) => e.message);
}
