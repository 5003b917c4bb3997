// Flashing on the board (docs/serial-protocol.md, "Flashing"): Begin reads
// the image's header and trailer (docs/images.md) and refuses another kind,
// board or size before it erases the inactive slot, Data writes numbered
// chunks at their offsets, Verify hashes what the slot holds and checks the
// image, Activate makes it boot next on trial. Nothing here touches the
// active slot.
import { Cmd, MAX_PAYLOAD, Status } from "../frame.js";
import { flashNeeded } from "../../boards.js";
import { parseJsonBody, needInt, needString, type Body } from "./payload.js";
import { ok, Refusal, type Handler } from "./responder.js";
import { checkModule, openImage } from "./image-check.js";
import { HEADER_SIZE, ImageError, Kind, checkTarget, readHeader, readTrailer, trailerOffset, versionText } from "../../image/format.js";
import { activate } from "./boot.js";
import { otherSlot, type SlotName } from "./store.js";
import { sha256, type SimBoard } from "./sim-board.js";

interface Upload {
  slot: SlotName;
  size: number;
  sha256: string;
  chunkSize: number;
  /** The header and trailer Begin carried: the slot must hold these very octets at Verify. */
  header: Buffer;
  trailer: Buffer;
  received: Uint8Array;
  verified?: string;
}

export function flashHandlers(board: SimBoard): Map<number, Handler> {
  let upload: Upload | null = null;
  const need = (): Upload => {
    if (!upload) throw new Refusal(Status.NotReady, "no flash in progress: send FlashBegin first");
    return upload;
  };

  const begin: Handler = (p) => {
    const body = parseJsonBody(p);
    const size = needInt(body, "size", 1, 2 ** 32 - 1);
    const hash = needString(body, "sha256", /^[0-9a-f]{64}$/, "64 lower-case hex digits");
    const chunkSize = Math.min(needInt(body, "chunkSize", 64, 65536), MAX_PAYLOAD - 4);
    const def = board.def;
    const { header, trailer } = target(body, size, def.name);
    const flash = flashNeeded(def, size);
    if (flash > def.imageLimitBytes) {
      throw new Refusal(Status.TooLarge, `image too large: ${size} bytes need ${flash} bytes of flash on ${def.name}, a slot holds ${def.imageLimitBytes}`, { field: "size" });
    }
    const r = board.record();
    if (r.trial) throw new Refusal(Status.NotReady, `slot ${r.active} runs on trial: the other slot holds the fallback; flash again once it confirmed itself`);
    const slot = otherSlot(r.active);
    board.store.saveRecord({ ...r, slots: { ...r.slots, [slot]: null } });
    board.store.eraseSlot(slot);
    upload = { slot, size, sha256: hash, chunkSize, header, trailer, received: new Uint8Array(Math.ceil(size / chunkSize)) };
    return ok({ slot, chunkSize, chunks: upload.received.length });
  };

  const data: Handler = (p) => {
    const u = need();
    if (p.length < 4) throw new Refusal(Status.BadRequest, "FlashData needs a 4-byte chunk number");
    const index = p.readUInt32LE(0);
    const bytes = p.subarray(4);
    if (index >= u.received.length) throw new Refusal(Status.BadRequest, `chunk ${index} is past the last chunk ${u.received.length - 1}`);
    const expected = Math.min(u.chunkSize, u.size - index * u.chunkSize);
    if (bytes.length !== expected) throw new Refusal(Status.BadRequest, `chunk ${index} has ${bytes.length} bytes, expected ${expected}`);
    board.store.writeSlot(u.slot, index * u.chunkSize, bytes);
    u.received[index] = 1;
    return ok({ chunk: index });
  };

  const verify: Handler = async () => {
    const u = need();
    const missing = u.received.reduce((n, r) => n + (r ? 0 : 1), 0);
    if (missing) throw new Refusal(Status.NotReady, `${missing} of ${u.received.length} chunks missing`);
    const image = board.store.readSlot(u.slot)!;
    const got = sha256(image);
    if (image.length !== u.size || got !== u.sha256) throw new Refusal(Status.Refused, `hash mismatch: the slot holds ${got}, expected ${u.sha256}`);
    const opened = refuseBadImage(() => openImage(image, board.def));
    if (!u.header.equals(image.subarray(0, HEADER_SIZE)) || !u.trailer.equals(image.subarray(opened.trailerOffset))) {
      throw new Refusal(Status.Refused, "trailer: the slot's header or trailer differs from those FlashBegin carried", { field: "trailer" });
    }
    const problem = await checkModule(opened.payload, board.def);
    if (problem) throw new Refusal(Status.Refused, problem);
    const version = versionText(opened.header.version);
    const r = board.record();
    board.store.saveRecord({ ...r, slots: { ...r.slots, [u.slot]: { version, bytes: u.size, sha256: got } } });
    u.verified = got;
    return ok({ slot: u.slot, version, sha256: got });
  };

  const activateSlot: Handler = () => {
    const u = need();
    if (!u.verified) throw new Refusal(Status.NotReady, "the image is not verified: send FlashVerify first");
    board.store.saveRecord(activate(board.record(), u.slot));
    upload = null;
    return ok({ slot: u.slot, rebooting: true }, () => void board.reboot());
  };

  return new Map([[Cmd.FlashBegin, begin], [Cmd.FlashData, data], [Cmd.FlashVerify, verify], [Cmd.FlashActivate, activateSlot]]);
}

/** An ImageError as the board's refusal, naming the field (docs/images.md, "What a board checks"). */
function refuseBadImage<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ImageError) throw new Refusal(Status.Refused, `image refused: ${err.message}`, { field: err.field });
    throw err;
  }
}

function base64Field(body: Body, field: string, what: string): Buffer {
  const v = body[field];
  if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new Refusal(Status.BadRequest, `${field}: must be ${what}, in base64`, { field });
  return Buffer.from(v, "base64");
}

/**
 * Before a byte is written (docs/images.md, "What a board checks", 1): the header (Begin's `header`, the
 * image's first 32 octets) and the trailer (`trailer`) name a WebAssembly module for this board, and their
 * sizes add up to the image's `size`.
 */
function target(body: Body, size: number, board: string): { header: Buffer; trailer: Buffer } {
  const header = base64Field(body, "header", `the image's first ${HEADER_SIZE} octets`);
  const trailer = base64Field(body, "trailer", "the image's trailer");
  if (header.length !== HEADER_SIZE) throw new Refusal(Status.BadRequest, `header: ${header.length} octets, expected ${HEADER_SIZE}`, { field: "header" });
  return refuseBadImage(() => {
    const h = readHeader(header);
    const t = readTrailer(trailer);
    checkTarget(h, t.boards, Kind.Wasm, board);
    const expected = trailerOffset(h) + t.length;
    if (expected !== size) throw new ImageError("size", `${size} octets, but the header and trailer make an image of ${expected}`);
    return { header, trailer };
  });
}
