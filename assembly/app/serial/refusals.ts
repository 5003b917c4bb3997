// The refusals of the image reader (image.ts) and of the flash commands
// (flash-commands.ts): a code each, and its text `FIELD: why`
// (docs/serial-agent.md "Errors"), FIELD named as host/image/format.ts names
// it (test/host/image-reader-agree.test.ts checks the two agree).
//
// The texts are declared once, in refusals.json; `npm run refusals` packs
// them as ASCII octets, each after its length, into refusal-table.ts: as
// AssemblyScript string literals (UTF-16 behind a 20-octet header, aligned to
// 16) these 46 texts would take about 2,900 octets of the module's static
// memory; here they take 941. They say which field and, briefly, why; the
// host, which reads the image before it sends it, renders its own fuller
// message (and the fix) from the field. test/assembly/app/serial/
// refusals.spec.ts spells every text out, so the packed octets are checked.
import { OUT_CAPACITY, reply } from "./reply";

export * from "./refusal-table";
import { TEXTS } from "./refusal-table";

/** The address of the text of `code` (1..TEXT_COUNT); its length is the octet before it. */
export function refusalText(code: i32): usize {
  let at = TEXTS;
  for (let i = 1; i < code; i++) at += 1 + <usize>load<u8>(at);
  return at + 1;
}

/** The length of the text at `text` (an address refusalText gave). */
// @ts-ignore: decorator
@inline export function refusalTextLength(text: usize): i32 { return <i32>load<u8>(text - 1); }

/** Writes the error payload `[0][0][text]` of `code` at `out`: reply(status, its length). */
export function refuseWith(out: usize, status: i32, code: i32): i32 {
  const text = refusalText(code), n = refusalTextLength(text);
  store<u8>(out, 0);
  store<u8>(out + 1, 0);
  for (let i = 0; i < n; i++) store<u8>(out + 2 + <usize>i, load<u8>(text + <usize>i));
  return reply(status, 2 + n);
}
if (OUT_CAPACITY < 2 + 255) ERROR("refusals: a text of 255 octets must fit a response");
