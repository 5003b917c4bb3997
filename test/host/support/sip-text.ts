// Small helpers for tests that play a scripted SIP peer: read a header of a
// message, and answer a request the way RFC 3261 §8.2.6 says.

export function header(msg: string, name: string): string | null {
  const re = new RegExp(`^${name}\\s*:\\s*(.*)$`, "im");
  const m = re.exec(msg.split("\r\n\r\n")[0]);
  return m ? m[1] : null;
}

export function headers(msg: string, name: string): string[] {
  return msg.split("\r\n\r\n")[0].split("\r\n").filter((l) => new RegExp(`^${name}\\s*:`, "i").test(l)).map((l) => l.replace(/^[^:]*:\s*/, ""));
}

export function startLine(msg: string): string {
  return msg.split("\r\n", 1)[0];
}

/** A response to `request`: Via, From, Call-ID, CSeq copied; To copied with `toTag` added when it has none. */
export function respond(request: string, status: string, extra: string[] = [], toTag = "peer1", body = ""): string {
  const to = header(request, "To")!;
  const lines = [
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
  ];
  return lines.join("\r\n");
}

/** The parameters of a Digest credentials or challenge value. */
export function digestParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, "").matchAll(/([a-z-]+)=("([^"]*)"|[^,\s]+)/gi)) out[m[1].toLowerCase()] = m[3] ?? m[2];
  return out;
}
