// The refusal texts of the image reader and the flash commands
// (assembly/app/serial/flash-texts.ts), spelled out: the packed ASCII table
// reads back as these, each `FIELD: why` (docs/serial-agent.md "Errors").
import * as serialFlashTexts from "../../../../assembly/app/serial/flash-texts";
import { replyStatus, replyLength } from "../../../../assembly/app/serial/reply";

const OUT: usize = memory.data(300, 8);

class Text { constructor(public name: string, public code: i32, public text: string) {} }
const T = (a: string, b: i32, c: string): Text => new Text(a, b, c);

function textOf(code: i32): string {
  const p = serialFlashTexts.refusalText(code);
  let s = "";
  for (let i = 0; i < serialFlashTexts.refusalTextLength(p); i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}

const TEXTS: Text[] = [
  T("HEADER_SHORT", serialFlashTexts.HEADER_SHORT, "header: under 32 octets"),
  T("MAGIC", serialFlashTexts.MAGIC, "magic: not ICIM"),
  T("FORMAT_VERSION", serialFlashTexts.FORMAT_VERSION, "format version: not 1"),
  T("HEADER_SIZE", serialFlashTexts.HEADER_SIZE, "headerSize: not 32"),
  T("KIND", serialFlashTexts.KIND, "kind: not 1 to 3"),
  T("FLAGS", serialFlashTexts.FLAGS, "flags: not 0"),
  T("RESERVED_14", serialFlashTexts.RESERVED_14, "reserved (offset 14): not 0"),
  T("RESERVED_28", serialFlashTexts.RESERVED_28, "reserved (offset 28): not 0"),
  T("LOAD_ADDRESS", serialFlashTexts.LOAD_ADDRESS, "load address: not 0"),
  T("PAYLOAD_PAST_END", serialFlashTexts.PAYLOAD_PAST_END, "payloadSize: past the end"),
  T("TRAILER_PAST_END", serialFlashTexts.TRAILER_PAST_END, "trailer: past the end"),
  T("PADDING", serialFlashTexts.PADDING, "padding: not 0"),
  T("TRAILER_MAGIC", serialFlashTexts.TRAILER_MAGIC, "trailer magic: not IT"),
  T("TRAILER_LENGTH_PAST_END", serialFlashTexts.TRAILER_LENGTH_PAST_END, "trailer length: past the end"),
  T("TRAILER_LENGTH_SHORT", serialFlashTexts.TRAILER_LENGTH_SHORT, "trailer length: octets follow"),
  T("TRAILER_TOO_LONG", serialFlashTexts.TRAILER_TOO_LONG, "trailer length: over 688"),
  T("RECORD_PAST_END", serialFlashTexts.RECORD_PAST_END, "record: past the end"),
  T("RECORD_UNKNOWN", serialFlashTexts.RECORD_UNKNOWN, "record: unknown type"),
  T("SHA256_NOT_LAST", serialFlashTexts.SHA256_NOT_LAST, "sha256: not last"),
  T("SHA256_SIZE", serialFlashTexts.SHA256_SIZE, "sha256: not 32 octets"),
  T("NO_BOARD", serialFlashTexts.NO_BOARD, "board: none"),
  T("BOARD_NAME", serialFlashTexts.BOARD_NAME, "board: not a name"),
  T("NO_SHA256", serialFlashTexts.NO_SHA256, "sha256: none"),
  T("SHA256_MISMATCH", serialFlashTexts.SHA256_MISMATCH, "sha256: not the record's"),
  T("SHA256_NOT_BEGIN", serialFlashTexts.SHA256_NOT_BEGIN, "sha256: not FlashBegin's"),
  T("SLOT_SHORT", serialFlashTexts.SLOT_SHORT, "slot: read short"),
  T("BEGIN_SHORT", serialFlashTexts.BEGIN_SHORT, "header: missing"),
  T("SIZE", serialFlashTexts.SIZE, "size: not the image's"),
  T("SIZE_OVER_SLOT", serialFlashTexts.SIZE_OVER_SLOT, "size: over the slot"),
  T("CHUNK_SIZE", serialFlashTexts.CHUNK_SIZE, "chunkSize: not 1 to 1024"),
  T("OUTSIDE_SLOTS", serialFlashTexts.OUTSIDE_SLOTS, "slot: outside slots"),
  T("TRIAL", serialFlashTexts.TRIAL, "trial: confirm first"),
  T("WRONG_KIND", serialFlashTexts.WRONG_KIND, "kind: not this board's"),
  T("WRONG_BOARD", serialFlashTexts.WRONG_BOARD, "board: not this board"),
  T("ERASE_FAILED", serialFlashTexts.ERASE_FAILED, "slot: erase failed"),
  T("WRITE_FAILED", serialFlashTexts.WRITE_FAILED, "slot: write failed"),
  T("NO_BEGIN", serialFlashTexts.NO_BEGIN, "chunk: no FlashBegin"),
  T("CHUNK_NOT_NEXT", serialFlashTexts.CHUNK_NOT_NEXT, "chunk: not the next"),
  T("CHUNK_LENGTH", serialFlashTexts.CHUNK_LENGTH, "chunk: wrong length"),
  T("CHUNKS_MISSING", serialFlashTexts.CHUNKS_MISSING, "chunk: not all written"),
  T("NOT_BEGINS", serialFlashTexts.NOT_BEGINS, "header: not FlashBegin's"),
  T("NOT_VERIFIED", serialFlashTexts.NOT_VERIFIED, "slot: not verified"),
  T("ACTIVATE_FAILED", serialFlashTexts.ACTIVATE_FAILED, "slot: activate failed"),
  T("DATA_SHORT", serialFlashTexts.DATA_SHORT, "chunk: missing"),
  T("ACTIVATE_SHORT", serialFlashTexts.ACTIVATE_SHORT, "slot: missing"),
  T("BOARD_CHECK", serialFlashTexts.BOARD_CHECK, "image: "),
];

describe("the refusal texts", () => {
  it("has one text for each code 1..TEXT_COUNT, in order", () => {
    expect(TEXTS.length).toBe(serialFlashTexts.TEXT_COUNT);
    for (let i = 0; i < TEXTS.length; i++) expect(TEXTS[i].code).toBe(i + 1, TEXTS[i].name);
  });

  it("reads each text back from the packed table", () => {
    for (let i = 0; i < TEXTS.length; i++) expect(textOf(TEXTS[i].code)).toBe(TEXTS[i].text, TEXTS[i].name);
  });

  it("writes a refusal as [0][0][text] with its status", () => {
    const r = serialFlashTexts.refuseWith(OUT, 5, serialFlashTexts.SIZE_OVER_SLOT);
    expect(replyStatus(r)).toBe(5);
    expect(replyLength(r)).toBe(2 + 19);
    expect(load<u8>(OUT)).toBe(0);
    expect(load<u8>(OUT, 1)).toBe(0);
    expect(load<u8>(OUT, 2)).toBe(0x73); // "s" of "size: over the slot"
    expect(load<u8>(OUT, 20)).toBe(0x74); // its last "t"
  });
});
