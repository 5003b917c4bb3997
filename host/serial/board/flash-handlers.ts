// Flashing on the board (docs/serial-protocol.md, "Flashing"): Begin erases
// the inactive slot, Data writes numbered chunks at their offsets, Verify
// hashes what the slot holds and checks the image, Activate makes it boot
// next on trial. Nothing here touches the active slot.
import { Cmd, MAX_PAYLOAD, Status } from "../frame.js";
import { flashNeeded } from "../../boards.js";
import { parseJsonBody, needInt, needString } from "./payload.js";
import { ok, Refusal, type Handler } from "./responder.js";
import { checkImage } from "./image-check.js";
import { activate } from "./boot.js";
import { otherSlot, type SlotName } from "./store.js";
import { sha256, type SimBoard } from "./sim-board.js";

interface Upload {
  slot: SlotName;
  size: number;
  sha256: string;
  chunkSize: number;
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
    const flash = flashNeeded(def, size);
    if (flash > def.imageLimitBytes) {
      throw new Refusal(Status.TooLarge, `image too large: ${size} bytes need ${flash} bytes of flash on ${def.name}, a slot holds ${def.imageLimitBytes}`);
    }
    // The identity the host read from the image refuses a wrong board before any byte is sent; Verify checks the image itself.
    const claimed = body.identity as { boards?: unknown } | undefined;
    if (claimed && Array.isArray(claimed.boards) && !claimed.boards.includes(def.name)) {
      throw new Refusal(Status.Refused, `image is built for ${claimed.boards.join(", ")}, not for ${def.name}`);
    }
    const r = board.record();
    if (r.trial) throw new Refusal(Status.NotReady, `slot ${r.active} runs on trial: the other slot holds the fallback; flash again once it confirmed itself`);
    const slot = otherSlot(r.active);
    board.store.saveRecord({ ...r, slots: { ...r.slots, [slot]: null } });
    board.store.eraseSlot(slot);
    upload = { slot, size, sha256: hash, chunkSize, received: new Uint8Array(Math.ceil(size / chunkSize)) };
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
    const id = await checkImage(image, board.def);
    if (typeof id === "string") throw new Refusal(Status.Refused, id);
    const r = board.record();
    board.store.saveRecord({ ...r, slots: { ...r.slots, [u.slot]: { version: id.version, bytes: u.size, sha256: got } } });
    u.verified = got;
    return ok({ slot: u.slot, version: id.version, sha256: got });
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
