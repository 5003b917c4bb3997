// The two corpora: the intercom messages of test/bench/corpus and the valid
// RFC 4475 torture messages.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { INTERCOM_DIR, TORTURE_DIR, TORTURE_FILES } from "./settings.js";

export interface Message {
  name: string;
  file: string;
  bytes: Uint8Array;
}

export interface Corpora {
  intercom: Message[];
  torture: Message[];
  warnings: string[];
}

export function loadCorpora(): Corpora {
  const warnings: string[] = [];
  const intercom = readdirSync(INTERCOM_DIR)
    .filter((f) => f.endsWith(".sip"))
    .sort()
    .map((f) => ({ name: f, file: path.join(INTERCOM_DIR, f), bytes: new Uint8Array(readFileSync(path.join(INTERCOM_DIR, f))) }));
  for (const m of intercom) warnings.push(...checkFraming(m));
  const torture: Message[] = [];
  for (const f of TORTURE_FILES) {
    const file = path.join(TORTURE_DIR, f);
    if (existsSync(file)) torture.push({ name: f, file, bytes: new Uint8Array(readFileSync(file)) });
    else warnings.push(`torture corpus: ${file} is missing`);
  }
  if (intercom.length === 0) throw new Error(`no *.sip in ${INTERCOM_DIR}`);
  return { intercom, torture, warnings };
}

/** The intercom corpus must be CRLF throughout with an exact Content-Length. */
function checkFraming(m: Message): string[] {
  const text = Buffer.from(m.bytes).toString("latin1");
  const out: string[] = [];
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return [`${m.name}: no empty line after the headers`];
  if (/(^|[^\r])\n/.test(text.slice(0, end + 4))) out.push(`${m.name}: bare LF in the headers`);
  const cl = /\r\n(?:Content-Length|l)[ \t]*:[ \t]*(\d+)\r\n/i.exec(text.slice(0, end + 2));
  const body = m.bytes.length - (end + 4);
  if (!cl) out.push(`${m.name}: no Content-Length`);
  else if (Number(cl[1]) !== body) out.push(`${m.name}: Content-Length ${cl[1]} but the body has ${body} bytes`);
  return out;
}
