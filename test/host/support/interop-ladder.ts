// Ladder diagrams of the interop runs (docs/interop-gallery.md): with
// INTEROP_LADDERS=DIR set (npm run gallery:interop sets it), every interop
// test against the simulator leaves DIR/<slug>.svg, the SIP messages the door
// station sent and received as it saw them, one lane per party (the door,
// Kamailio, each SIPp), and DIR/<slug>.json naming the test it came from.
// A call with media adds its RTP and RTCP as summary lines, its RFC 4733
// telephone-events and the door opening as marks (host/sim/media-ladder.ts).
// host/tools/interop-gallery.ts turns the folder into the gallery page.
import type { TestContext } from "node:test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ladderSvg, lanesOf, sipArrow } from "../../../host/sim/ladder.js";
import { byTime, doorOpenings, mediaArrows, payloadTypes, type MediaWire } from "../../../host/sim/media-ladder.js";
import type { IntercomEvent } from "../../../host/intercom.js";
import type { WireMessage } from "./interop-sipp.js";
import type { StationKind } from "./interop-station.js";

/** What a ladder needs of a test's door station. */
export interface Recorded {
  kind: StationKind;
  messages: WireMessage[];
  /** Its RTP and RTCP datagrams, and its events (the relay's among them), when the ladder shows the media. */
  media?: MediaWire[];
  events?: (IntercomEvent & { t: number })[];
}

/** A file name for a test title: lower case words joined by dashes, at most 80 characters. */
export function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80).replace(/-$/, "");
}

/** The door's messages as arrows between named lanes (an unnamed peer is shown by its port). */
export function doorLadder(title: string, st: Recorded, names: Map<number, string>): string {
  const name = (port: number) => names.get(port) ?? `port ${port}`;
  const sip = st.messages.map((m) => (m.dir === "out" ? sipArrow(m.t, "door", name(m.peer), m.text) : sipArrow(m.t, name(m.peer), "door", m.text)));
  const texts = (dir: "in" | "out") => st.messages.filter((m) => m.dir === dir).map((m) => m.text);
  // An unnamed media peer is one lane for its RTP port and the RTCP port after it (RFC 3550 §11).
  const mediaLane = (port: number) => names.get(port) ?? names.get(port & ~1) ?? `media ${port & ~1}`;
  const media = mediaArrows({ self: "door", lane: mediaLane, media: st.media ?? [], sent: payloadTypes(texts("in")), received: payloadTypes(texts("out")) });
  const arrows = byTime(sip, media, doorOpenings(st.events ?? [], "door"));
  // The diagram's own title is one line of the test's (the gallery's heading has it whole).
  const short = title.length > 56 ? `${title.slice(0, 55).trimEnd()}…` : title;
  return ladderSvg(arrows, lanesOf(arrows, ["door"]), { title: short });
}

/** Keeps this run's ladder when INTEROP_LADDERS names a folder (simulator runs only: the native board's are the same flows). */
export function keepLadder(t: TestContext, st: Recorded, names: Map<number, string>): void {
  const dir = process.env.INTEROP_LADDERS;
  if (!dir || st.kind !== "simulator" || st.messages.length === 0) return;
  mkdirSync(dir, { recursive: true });
  const slug = slugOf(t.name);
  writeFileSync(path.join(dir, `${slug}.svg`), doorLadder(t.name, st, names));
  writeFileSync(path.join(dir, `${slug}.json`), `${JSON.stringify({ title: t.name, svg: `${slug}.svg`, messages: st.messages.length, parties: [...new Set(names.values())] })}\n`);
}
