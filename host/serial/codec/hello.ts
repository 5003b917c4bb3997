// The Hello record of protocol 4 (docs/serial-agent.md, "Hello record"): the
// protocol, the features, the link's limits, the board's BootInfo and what
// each slot holds, as the firmware writes it; and the same rendered as the
// JSON the CLI has always printed (HelloInfo).
import { Reader, Writer, hex } from "./bytes.js";
import { versionText, type ImageVersion } from "../../image/format.js";

export const PROTOCOL = 4;

/** Hello's feature bits. */
export const Feature = { Flash: 1, Config: 2, Drive: 4, Monitor: 8, Pieces: 16 } as const;
const FEATURE_NAMES: [number, string][] = [[Feature.Flash, "flash"], [Feature.Config, "config"], [Feature.Drive, "press and input"], [Feature.Monitor, "monitor"], [Feature.Pieces, "pieces"]];

/** BootInfo's last boot: as chosen, fell back (trial never confirmed), fell back (chosen slot damaged). */
export const LastBoot = { AsChosen: 0, Unconfirmed: 1, Damaged: 2 } as const;

export interface SlotSummary {
  /** 0 empty (or its header and trailer do not read whole), 1 an image. */
  state: number;
  version: ImageVersion;
  size: number;
  sha256: Uint8Array;
}

export interface HelloRecord {
  protocol: number;
  features: number;
  maxPayload: number;
  maxTransfer: number;
  running: number;
  trial: number;
  lastBoot: number;
  kind: number;
  slotCapacity: number;
  memoryBytes: number;
  board: string;
  slots: [SlotSummary, SlotSummary];
}

/** The octets of a Hello record (what the firmware writes; the tests' reference). */
export function encodeHello(h: HelloRecord): Buffer {
  const w = new Writer().u8(h.protocol).u8(h.features).u16(h.maxPayload).u16(h.maxTransfer);
  w.u8(h.running).u8(h.trial).u8(h.lastBoot).u8(h.kind).u32(h.slotCapacity).u32(h.memoryBytes).str8(h.board);
  for (const s of h.slots) w.u8(s.state).version(s.version).u32(s.size).bytes(s.sha256);
  return w.done();
}

function readSlot(r: Reader, name: string): SlotSummary {
  return { state: r.u8(`slot ${name} state`), version: r.version(`slot ${name} version`), size: r.u32(`slot ${name} size`), sha256: r.bytes(32, `slot ${name} sha256`) };
}

/** Reads a Hello record from the reader (Status's answer continues after it). */
export function readHello(r: Reader): HelloRecord {
  const h = {
    protocol: r.u8("protocol"), features: r.u8("features"), maxPayload: r.u16("maxPayload"), maxTransfer: r.u16("maxTransfer"),
    running: r.u8("running slot"), trial: r.u8("trial"), lastBoot: r.u8("last boot"), kind: r.u8("kind"),
    slotCapacity: r.u32("slot capacity"), memoryBytes: r.u32("memory"), board: r.str8("board"),
  };
  return { ...h, slots: [readSlot(r, "A"), readSlot(r, "B")] };
}

export const decodeHello = (b: Uint8Array): HelloRecord => readHello(new Reader(b, "Hello"));

export const featureNames = (bits: number): string[] => FEATURE_NAMES.filter(([bit]) => bits & bit).map(([, name]) => name);

const SLOT_NAMES = ["A", "B"] as const;

export interface SlotView {
  name: "A" | "B";
  active: boolean;
  version?: string;
  bytes?: number;
  sha256?: string;
  empty?: boolean;
}

/** Hello as the CLI prints it (the JSON of protocols 1 to 3, plus `features`). */
export interface HelloInfo {
  protocol: number;
  features: string[];
  board: string;
  firmware: { version: string; slot: string; trial: boolean } | null;
  slots: SlotView[];
  limits: { maxPayload: number; maxTransfer?: number; imageLimitBytes: number; memoryLimitBytes: number };
  resetLines: { reset: "RTS" | "DTR"; boot: "RTS" | "DTR" | null; note: string } | null;
  lastBoot: Record<string, unknown>;
}

const LAST_BOOT_REASONS: Record<number, string> = {
  [LastBoot.Unconfirmed]: "the trial image never confirmed itself",
  [LastBoot.Damaged]: "the chosen slot was damaged",
};

/** The record in the JSON the CLI prints; `resetLines` come from the board's definition on the host (boards/). */
export function helloInfo(h: HelloRecord, resetLines: HelloInfo["resetLines"] = null): HelloInfo {
  const inSlot = h.running === 0 || h.running === 1; // else 0xFF: an image outside the slots (flashing refused)
  const running = inSlot ? h.slots[h.running] : null;
  const slots = h.slots.map((s, i): SlotView => {
    const view: SlotView = { name: SLOT_NAMES[i], active: h.running === i };
    return s.state === 1 ? { ...view, version: versionText(s.version), bytes: s.size, sha256: hex(s.sha256) } : { ...view, empty: true };
  });
  const lastBoot: Record<string, unknown> = {};
  if (LAST_BOOT_REASONS[h.lastBoot]) Object.assign(lastBoot, { fellBack: true, reason: LAST_BOOT_REASONS[h.lastBoot] });
  if (inSlot) Object.assign(lastBoot, { slot: SLOT_NAMES[h.running], trial: h.trial === 1 });
  return {
    protocol: h.protocol,
    features: featureNames(h.features),
    board: h.board,
    firmware: running
      ? { version: running.state === 1 ? versionText(running.version) : "unknown", slot: SLOT_NAMES[h.running], trial: h.trial === 1 }
      : { version: "unknown", slot: "outside the slots", trial: false },
    slots,
    limits: { maxPayload: h.maxPayload, maxTransfer: h.maxTransfer, imageLimitBytes: h.slotCapacity, memoryLimitBytes: h.memoryBytes },
    resetLines,
    lastBoot,
  };
}

/**
 * Hello's answer from a board of an older protocol: it speaks JSON, so its
 * payload starts with "{" (0x7B, never protocol 4's first octet). Returns the
 * protocol it names (0 when it names none), or null for a protocol 4 record.
 */
export function olderProtocol(payload: Uint8Array): number | null {
  if (payload[0] !== 0x7b) return null;
  try {
    const v = JSON.parse(Buffer.from(payload).toString("utf8")) as { protocol?: unknown };
    return typeof v.protocol === "number" ? v.protocol : 0;
  } catch {
    return 0;
  }
}

/** The refusal of a board older than protocol 4, with what to do. */
export const olderBoardMessage = (protocol: number): string =>
  `the board speaks serial protocol ${protocol || "3 or older"} (JSON payloads); this intercom speaks protocol ${PROTOCOL} (binary payloads, docs/serial-agent.md): flash the board with a firmware of protocol ${PROTOCOL} using the intercom it came with, or use that intercom`;
