// Reading a ladder diagram back (host/sim/ladder.ts): its rows from top to
// bottom, each with the class of its text (SIP's "label", a media summary's
// "media-label", a mark's "mark-label") and the text, so that a test says
// what a picture shows and in which order.
export interface Row {
  y: number;
  cls: "label" | "media-label" | "mark-label";
  text: string;
}

const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]!);

/** The labelled rows of a ladder SVG, top to bottom (a row's label sits a few pixels above its arrow). */
export function ladderRows(svg: string): Row[] {
  const rows: Row[] = [];
  for (const m of svg.matchAll(/<text class="(label|media-label|mark-label)" [^>]*\by="(\d+(?:\.\d+)?)"[^>]*>([^<]*)</g)) {
    rows.push({ cls: m[1] as Row["cls"], y: Number(m[2]), text: unescape(m[3]) });
  }
  return rows.sort((a, b) => a.y - b.y);
}

/**
 * What is wrong with a picture of a door call whose code is keyed as RFC 4733 events (`keys`, in order):
 * a PCMU line from the door, a telephone-event line towards it, one DTMF mark per key in order, the door
 * opening after the last key, an RTCP line with a sender report. Empty when it shows all of that.
 */
export function rfc4733StoryProblems(rows: Row[], keys: string[]): string[] {
  const problems: string[] = [];
  const texts = rows.map((r) => r.text);
  const index = (re: RegExp) => texts.findIndex((t) => re.test(t));
  if (index(/^RTP PCMU pt 0, \d+ pkt\/s, 20 ms, \d+ packets$/) < 0) problems.push("no line for the PCMU stream (RTP PCMU pt 0, N pkt/s, 20 ms, N packets)");
  if (index(new RegExp(`^RTP telephone-event pt \\d+, ${keys.length} events, \\d+ packets$`)) < 0) problems.push(`no line for a telephone-event stream of ${keys.length} events`);
  if (index(/^RTCP [1-9]\d* SR, \d+ RR/) < 0) problems.push("no RTCP line with a sender report");
  const marks = rows.filter((r) => r.cls === "mark-label" && /\(RFC 4733\)$/.test(r.text)).map((r) => r.text);
  const want = keys.map((k) => `DTMF ${k} (RFC 4733)`);
  if (marks.join("|") !== want.join("|")) problems.push(`marks ${JSON.stringify(marks)}, not ${JSON.stringify(want)}`);
  const lastKey = texts.lastIndexOf(want[want.length - 1]);
  const opens = rows.findIndex((r) => r.cls === "mark-label" && /^relay \d+ opens the door$/.test(r.text));
  if (opens < 0) problems.push("the door opening is not marked");
  else if (opens < lastKey) problems.push("the door opening is marked before the last key");
  return problems;
}
