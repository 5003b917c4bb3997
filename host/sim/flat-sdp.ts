// The demo flat's side of the offer/answer (RFC 3264 over SDP, RFC 8866):
// it reads the door's offer and answers with what both have, G.711 (PCMU,
// PCMA) and telephone-event (RFC 4733), in the offer's order. Host text, for
// the simulator's flat only: the station's own SDP lives in assembly/sdp/.
import { PT_PCMA, PT_PCMU } from "../audio/g711.js";

/** One m-line of an offer. */
interface MediaLine {
  media: string;
  port: number;
  proto: string;
  formats: string[];
  /** The media-level c= address, else the session's. */
  host: string | null;
  /** rtpmap: payload type -> encoding name/clock rate, as written. */
  rtpmap: Map<number, string>;
  fmtp: Map<number, string>;
  direction: string;
}

/** What the flat agreed to: where to send, the G.711 payload type to send, how each received type decodes. */
export interface AgreedMedia {
  /** Where the door's RTP goes to (its c= and m= port). */
  remote: { host: string; port: number };
  /** The payload type the flat sends with: the first G.711 format of the offer (RFC 3264 §6.1: the offerer's preference). */
  sendPt: number;
  /** Each agreed G.711 payload type -> its law as a static type (0 PCMU, 8 PCMA). */
  g711: Map<number, number>;
  /** The offer's telephone-event payload type, or -1. */
  eventPt: number;
  /** Whether the flat sends (the offer is sendrecv or recvonly) and receives (sendrecv or sendonly): RFC 3264 §6.1. */
  send: boolean;
  receive: boolean;
}

const DIRECTIONS = ["sendrecv", "sendonly", "recvonly", "inactive"];
/** RFC 3264 §6.1: the answer's direction mirrors the offer's. */
const MIRROR: Record<string, string> = { sendrecv: "sendrecv", sendonly: "recvonly", recvonly: "sendonly", inactive: "inactive" };

function mediaLines(sdp: string): MediaLine[] {
  let sessionHost: string | null = null;
  let sessionDirection = "sendrecv";
  const lines: MediaLine[] = [];
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    const cur = lines[lines.length - 1];
    const c = /^c=IN IP4 (\S+)/.exec(line);
    const m = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)((?: \S+)*)$/.exec(line);
    const map = /^a=rtpmap:(\d+) (\S+)/.exec(line);
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    const dir = /^a=(\w+)$/.exec(line);
    if (m) lines.push({ media: m[1], port: Number(m[2]), proto: m[3], formats: m[4].trim().split(/\s+/).filter(Boolean), host: null, rtpmap: new Map(), fmtp: new Map(), direction: sessionDirection });
    else if (c) cur ? (cur.host = c[1]) : (sessionHost = c[1]);
    else if (map && cur) cur.rtpmap.set(Number(map[1]), map[2]);
    else if (fmtp && cur) cur.fmtp.set(Number(fmtp[1]), fmtp[2]);
    else if (dir && DIRECTIONS.includes(dir[1])) cur ? (cur.direction = dir[1]) : (sessionDirection = dir[1]);
  }
  for (const l of lines) l.host ??= sessionHost;
  return lines;
}

/** The law of a format: the static types 0 and 8 (RFC 3551 Table 4) or a dynamic one whose rtpmap names PCMU or PCMA at 8000 Hz. */
function lawOf(line: MediaLine, pt: number): number {
  const name = (line.rtpmap.get(pt) ?? (pt === PT_PCMU ? "PCMU/8000" : pt === PT_PCMA ? "PCMA/8000" : "")).toUpperCase();
  return name === "PCMU/8000" ? PT_PCMU : name === "PCMA/8000" ? PT_PCMA : -1;
}

export interface FlatAnswer {
  /** The answer's SDP, or null when nothing in the offer fits (the call is refused with 488, RFC 3261 §21.4.26). */
  sdp: string | null;
  agreed: AgreedMedia | null;
}

/**
 * The answer to `offer` for a flat at `host` with RTP on `port`: the first audio stream with a G.711 format is
 * taken with every G.711 format and the telephone-event the offer has, in the offer's order; every other stream
 * is refused with port 0 and the same formats (RFC 3264 §6: as many m-lines as the offer, in its order).
 */
export function answerOffer(offer: string, host: string, port: number, version = 1): FlatAnswer {
  const lines = mediaLines(offer);
  let agreed: AgreedMedia | null = null;
  const body: string[] = [];
  for (const line of lines) {
    const pts = line.formats.map(Number);
    const g711: number[] = agreed || line.media !== "audio" || line.port === 0 || !line.host || line.proto !== "RTP/AVP" ? [] : pts.filter((pt) => lawOf(line, pt) >= 0);
    if (g711.length === 0) {
      body.push(`m=${line.media} 0 ${line.proto} ${line.formats.join(" ")}`);
      continue;
    }
    const eventPt = pts.find((pt) => /^telephone-event\/8000$/i.test(line.rtpmap.get(pt) ?? "")) ?? -1;
    const direction = MIRROR[line.direction];
    agreed = {
      remote: { host: line.host!, port: line.port },
      sendPt: g711[0],
      g711: new Map(g711.map((pt) => [pt, lawOf(line, pt)])),
      eventPt,
      send: direction === "sendrecv" || direction === "sendonly",
      receive: direction === "sendrecv" || direction === "recvonly",
    };
    const formats = pts.filter((pt) => g711.includes(pt) || pt === eventPt);
    body.push(`m=audio ${port} RTP/AVP ${formats.join(" ")}`);
    for (const pt of g711) body.push(`a=rtpmap:${pt} ${lawOf(line, pt) === PT_PCMU ? "PCMU" : "PCMA"}/8000`);
    if (eventPt >= 0) body.push(`a=rtpmap:${eventPt} telephone-event/8000`, `a=fmtp:${eventPt} ${line.fmtp.get(eventPt) ?? "0-15"}`);
    body.push("a=ptime:20", `a=${direction}`);
  }
  if (!agreed) return { sdp: null, agreed: null };
  const head = ["v=0", `o=flat 1 ${version} IN IP4 ${host}`, "s=flat", `c=IN IP4 ${host}`, "t=0 0"];
  return { sdp: [...head, ...body, ""].join("\r\n"), agreed };
}
