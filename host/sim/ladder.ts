// A run drawn as a SIP ladder diagram: one lane per party (a vertical line
// under its name), one arrow per message, labelled with the method or the
// status code and reason, one row per message with its time on the left.
// A call's media (host/sim/media-ladder.ts) adds dashed summary lines (an RTP
// stream, a direction's RTCP) and marks (a telephone-event, the door opening).
// Pure: the same arrows give the same SVG, byte for byte.

export interface Arrow {
  /** Milliseconds since the run started. */
  t: number;
  from: string;
  to: string;
  /** Above the arrow: "INVITE", "INFO (DTMF)", "200 OK" ... */
  label: string;
  /** Below it, small and grey: "CSeq 1 INVITE · SDP" ... */
  note?: string;
  /** "media": a dashed line summarising many datagrams; "mark": one moment of the call (a key, the door opening). */
  style?: "media" | "mark";
}

export interface LadderOptions {
  title?: string;
}

const LANE = 210; // between lanes
const LEFT = 70; // the time column
const HEAD = 34; // a lane's name box
const ROW = 40; // between messages
const BREAK = 18; // extra space where a second or more passes without traffic
const COLORS = { request: "#1d4f91", provisional: "#6b6b6b", success: "#2e7d32", failure: "#b3261e", media: "#7a5c99", mark: "#c25400" } as const;
type Kind = keyof typeof COLORS;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function kindOf(label: string, style?: Arrow["style"]): Kind {
  if (style) return style;
  const code = /^(\d)\d\d\b/.exec(label);
  if (!code) return "request";
  return code[1] === "1" ? "provisional" : code[1] === "2" ? "success" : "failure";
}

/** The lanes in order of first appearance, `first` ones leading (a run's parties when nobody gave an order). */
export function lanesOf(arrows: Arrow[], first: string[] = []): string[] {
  const lanes = [...first];
  for (const a of arrows) for (const n of [a.from, a.to]) if (!lanes.includes(n)) lanes.push(n);
  return lanes;
}

/** The diagram as a standalone SVG document. Every arrow's ends must be lanes. */
export function ladderSvg(arrows: Arrow[], lanes: string[], o: LadderOptions = {}): string {
  const laneX = new Map(lanes.map((name, i) => [name, LEFT + LANE / 2 + i * LANE]));
  for (const a of arrows) {
    for (const end of [a.from, a.to]) if (!laneX.has(end)) throw new Error(`ladder: "${end}" is not a lane (${lanes.join(", ")})`);
  }
  const top = o.title ? 40 : 12;
  const ys: number[] = [];
  let y = top + HEAD + 24;
  arrows.forEach((a, i) => {
    if (i > 0) y += ROW + (a.t - arrows[i - 1].t >= 1000 ? BREAK : 0);
    ys.push(y);
  });
  const bottom = (ys.length ? ys[ys.length - 1] : y) + 30;
  const width = LEFT + lanes.length * LANE;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${bottom + 10}" viewBox="0 0 ${width} ${bottom + 10}" font-family="Helvetica, Arial, sans-serif">`,
    `<defs>`,
    // The media's markers only where they are used: a diagram of SIP alone stays as it was.
    ...Object.entries(COLORS).filter(([k]) => !(k === "media" || k === "mark") || arrows.some((a) => a.style === k)).map(([k, c]) => `<marker id="head-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`),
    `</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (o.title) out.push(`<text x="12" y="26" font-size="16" font-weight="bold" fill="#222">${escapeXml(o.title)}</text>`);
  for (const [name, x] of laneX) {
    out.push(`<line class="lane" x1="${x}" y1="${top + HEAD}" x2="${x}" y2="${bottom}" stroke="#9aa5b1" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    out.push(`<rect x="${x - 70}" y="${top}" width="140" height="${HEAD}" rx="6" fill="#eef2f7" stroke="#9aa5b1"/>`);
    out.push(`<text class="lane-name" x="${x}" y="${top + 22}" font-size="14" font-weight="bold" text-anchor="middle" fill="#222">${escapeXml(name)}</text>`);
  }
  arrows.forEach((a, i) => out.push(...arrowSvg(a, ys[i], laneX.get(a.from)!, laneX.get(a.to)!)));
  out.push(`</svg>`, "");
  return out.join("\n");
}

/** The class of an arrow's line and of its label: SIP's "arrow"/"label", the media's own (a count of SIP arrows leaves them out). */
function classesOf(style: Arrow["style"]): { line: string; label: string; stroke: string } {
  if (style === "media") return { line: "media", label: "media-label", stroke: ` stroke-width="1.4" stroke-dasharray="7 4"` };
  if (style === "mark") return { line: "mark", label: "mark-label", stroke: ` stroke-width="2.2"` };
  return { line: "arrow", label: "label", stroke: ` stroke-width="1.6"` };
}

function arrowSvg(a: Arrow, y: number, x1: number, x2: number): string[] {
  const kind = kindOf(a.label, a.style);
  const color = COLORS[kind];
  const c = classesOf(a.style);
  const weight = a.style === "mark" ? ` font-weight="bold"` : "";
  const time = `<text class="time" x="8" y="${y + 4}" font-size="11" fill="#555">${(a.t / 1000).toFixed(3)} s</text>`;
  const note = (x: number, yy: number, anchor: string) =>
    a.note ? [`<text class="note" x="${x}" y="${yy}" font-size="10" text-anchor="${anchor}" fill="#777">${escapeXml(a.note)}</text>`] : [];
  if (x1 === x2) {
    // To itself: a small loop on the right of its lane.
    return [
      time,
      `<path class="${c.line}" d="M${x1},${y - 8} h28 v16 h-28" fill="none" stroke="${color}"${c.stroke} marker-end="url(#head-${kind})"/>`,
      `<text class="${c.label}" x="${x1 + 34}" y="${y + 4}" font-size="13"${weight} fill="${color}">${escapeXml(a.label)}</text>`,
      ...note(x1 + 34, y + 17, "start"),
    ];
  }
  const dir = Math.sign(x2 - x1);
  return [
    time,
    ...(a.style === "mark" ? [`<circle class="mark-dot" cx="${x1 + dir * 5}" cy="${y}" r="4" fill="${color}"/>`] : []),
    `<line class="${c.line}" x1="${x1 + dir * 2}" y1="${y}" x2="${x2 - dir * 2}" y2="${y}" stroke="${color}"${c.stroke} marker-end="url(#head-${kind})"/>`,
    `<text class="${c.label}" x="${(x1 + x2) / 2}" y="${y - 6}" font-size="13"${weight} text-anchor="middle" fill="${color}">${escapeXml(a.label)}</text>`,
    ...note((x1 + x2) / 2, y + 13, "middle"),
  ];
}

function headerOf(head: string, names: string[]): string | null {
  for (const line of head.split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0 && names.includes(line.slice(0, i).trim().toLowerCase())) return line.slice(i + 1).trim();
  }
  return null;
}

/** What a SIP datagram's arrow says: the method (INFO with a DTMF body: "INFO (DTMF)"), or "200 OK". */
export function sipLabel(data: Uint8Array | string): string {
  const msg = typeof data === "string" ? data : Buffer.from(data).toString("latin1");
  const line = msg.split("\r\n", 1)[0];
  if (line.startsWith("SIP/2.0 ")) return line.slice(8).trim();
  const method = line.split(" ", 1)[0] || "?";
  if (method === "INFO") {
    const type = headerOf(msg.split("\r\n\r\n", 1)[0], ["content-type", "c"]) ?? "";
    if (/dtmf/i.test(type) || /\r\n\r\nSignal=/i.test(msg)) return "INFO (DTMF)";
  }
  return method;
}

/** The small print under the arrow: its CSeq, "auth" when it carries credentials, "SDP" when it carries a session description. */
export function sipNote(data: Uint8Array | string): string {
  const msg = typeof data === "string" ? data : Buffer.from(data).toString("latin1");
  const head = msg.split("\r\n\r\n", 1)[0];
  const parts: string[] = [];
  const cseq = headerOf(head, ["cseq"]);
  if (cseq) parts.push(`CSeq ${cseq}`);
  if (headerOf(head, ["authorization", "proxy-authorization"])) parts.push("auth");
  if (/application\/sdp/i.test(headerOf(head, ["content-type", "c"]) ?? "")) parts.push("SDP");
  return parts.join(" · ");
}

/** An arrow for a SIP datagram. */
export function sipArrow(t: number, from: string, to: string, data: Uint8Array | string): Arrow {
  return { t, from, to, label: sipLabel(data), note: sipNote(data) || undefined };
}
