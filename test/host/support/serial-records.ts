// Protocol 4's binary records as the tests read them (docs/serial-agent.md
// "Hello record"): written from the table, apart from host/serial's codecs, so
// a board's answer is checked against the document itself.

export interface SlotInfo {
  /** 0 empty, 1 an image. */
  state: number;
  /** MAJOR.MINOR.REVISION (and +BUILD when not 0). */
  version: string;
  size: number;
  sha256: string;
}

export interface Hello {
  protocol: number;
  features: number;
  maxPayload: number;
  maxTransfer: number;
  running: number;
  trial: number;
  lastBoot: number;
  kind: number;
  slotCapacity: number;
  memory: number;
  board: string;
  slots: SlotInfo[];
  /** The record's length in octets (the Status record follows it). */
  length: number;
}

/** The 8-octet version of the image header: major u8, minor u8, revision u16, build u32. */
export function decodeVersion(b: Buffer, at: number): string {
  const v = `${b[at]}.${b[at + 1]}.${b.readUInt16LE(at + 2)}`;
  const build = b.readUInt32LE(at + 4);
  return build ? `${v}+${build}` : v;
}

const SLOT_BYTES = 45;
const NAME_AT = 18;

export function decodeHello(b: Buffer): Hello {
  // BootInfo's octets 0..3, its slot capacity and its memory: 12 octets from 6, so the name's str8 is at 18.
  const nameLength = b[NAME_AT];
  let at = NAME_AT + 1 + nameLength;
  const slots: SlotInfo[] = [];
  for (let i = 0; i < 2; i++, at += SLOT_BYTES) {
    if (at + SLOT_BYTES > b.length) throw new Error(`Hello record of ${b.length} octets: slot ${"AB"[i]} runs past its end`);
    slots.push({ state: b[at], version: decodeVersion(b, at + 1), size: b.readUInt32LE(at + 9), sha256: b.subarray(at + 13, at + 45).toString("hex") });
  }
  return {
    protocol: b[0], features: b[1], maxPayload: b.readUInt16LE(2), maxTransfer: b.readUInt16LE(4),
    running: b[6], trial: b[7], lastBoot: b[8], kind: b[9], slotCapacity: b.readUInt32LE(10), memory: b.readUInt32LE(14),
    board: b.subarray(NAME_AT + 1, NAME_AT + 1 + nameLength).toString("latin1"), slots, length: at,
  };
}
