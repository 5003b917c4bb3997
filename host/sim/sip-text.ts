// Reading and answering SIP messages as text, for the scripted parties of
// the simulator, the gallery and the tests (a registrar, a PBX, a peer).
// Header names match in long and compact form (RFC 3261 §7.3.3).

const COMPACT: Record<string, string> = { via: "v", from: "f", to: "t", "call-id": "i", contact: "m", "content-length": "l", "content-type": "c" };

function nameRe(name: string): RegExp {
  const short = COMPACT[name.toLowerCase()];
  return new RegExp(`^(${name}${short ? `|${short}` : ""})\\s*:\\s*`, "i");
}

/** The header lines named `name` (with their names), in order. */
export function headerLines(msg: string, name: string): string[] {
  const re = nameRe(name);
  return msg.split("\r\n\r\n", 1)[0].split("\r\n").slice(1).filter((l) => re.test(l));
}

/** The value of the first header `name`, or null. */
export function header(msg: string, name: string): string | null {
  const line = headerLines(msg, name)[0];
  return line === undefined ? null : line.replace(nameRe(name), "");
}

/** The values of every header `name`. */
export function headers(msg: string, name: string): string[] {
  return headerLines(msg, name).map((l) => l.replace(nameRe(name), ""));
}

export function startLine(msg: string): string {
  return msg.split("\r\n", 1)[0];
}

/** A response to `request` (RFC 3261 §8.2.6): Via, From, Call-ID, CSeq copied; To copied with `toTag` added when it has none (not on 100). */
export function respond(request: string, status: string, extra: string[] = [], toTag = "peer1", body = ""): string {
  const to = header(request, "To") ?? "";
  return [
    `SIP/2.0 ${status}`,
    ...headers(request, "Via").map((v) => `Via: ${v}`),
    `From: ${header(request, "From")}`,
    `To: ${/;\s*tag=/i.test(to) || status.startsWith("100") ? to : `${to};tag=${toTag}`}`,
    `Call-ID: ${header(request, "Call-ID")}`,
    `CSeq: ${header(request, "CSeq")}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

/** The parameters of a Digest credentials or challenge value. */
export function digestParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, "").matchAll(/([a-z-]+)=("([^"]*)"|[^,\s]+)/gi)) out[m[1].toLowerCase()] = m[3] ?? m[2];
  return out;
}
