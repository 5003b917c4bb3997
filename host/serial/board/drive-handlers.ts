// Hello, driving and watching the board (docs/serial-protocol.md): who the
// board is, keys and buttons, inputs, the state of relays, LEDs,
// registration and call, the event stream, reboot.
import { Cmd, MAX_PAYLOAD, MAX_TRANSFER, Status } from "../frame.js";
import { Key } from "../../intercom.js";
import { parseJsonBody, needInt } from "./payload.js";
import { ok, Refusal, type Handler, type Responder } from "./responder.js";
import type { SimBoard } from "./sim-board.js";

/** 2: long payloads travel in pieces (PieceIn, PieceOut, limits.maxTransfer); 3: images of docs/images.md, FlashBegin carries their header and trailer. */
export const PROTOCOL_VERSION = 3;

export function hello(board: SimBoard): Record<string, unknown> {
  const r = board.record();
  const run = board.running;
  return {
    protocol: PROTOCOL_VERSION,
    board: board.def.name,
    firmware: run ? { version: run.version, slot: run.slot, trial: run.trial } : null,
    slots: (["A", "B"] as const).map((name) => ({ name, active: r.active === name, ...(r.slots[name] ?? { empty: true }) })),
    limits: { maxPayload: MAX_PAYLOAD, maxTransfer: MAX_TRANSFER, imageLimitBytes: board.def.imageLimitBytes, memoryLimitBytes: board.def.memoryLimitBytes },
    resetLines: board.def.resetLines ?? null,
    lastBoot: board.lastBoot,
  };
}

/** A press: keypad keys 0-9 * # (a sequence), button0..button7, hangup. */
export function pressKeys(board: SimBoard, keys: unknown): number {
  if (typeof keys !== "string" || keys.length === 0) throw new Refusal(Status.BadRequest, "key: give 0-9, * or # (several in a row), button0..button7 or hangup", { field: "key" });
  const station = board.running?.station;
  if (!station) throw new Refusal(Status.NotReady, "no firmware is running");
  const button = /^button([0-7])$/.exec(keys);
  if (button) station.press(Key.button(Number(button[1])));
  else if (keys === "hangup") station.press(Key.hangup);
  else if (/^[0-9*#]+$/.test(keys)) for (const k of keys) station.key(k.charCodeAt(0), true);
  else throw new Refusal(Status.BadRequest, `key: ${keys} is not a key; give 0-9, * or #, button0..button7 or hangup`, { field: "key" });
  return keys.length;
}

export function driveHandlers(board: SimBoard, responder: () => Responder): Map<number, Handler> {
  const press: Handler = (p) => ok({ pressed: pressKeys(board, parseJsonBody(p).key) });
  const input: Handler = (p) => {
    const body = parseJsonBody(p);
    const n = needInt(body, "input", 0, 15);
    const level = needInt(body, "level", 0, 1);
    const station = board.running?.station;
    if (!station) throw new Refusal(Status.NotReady, "no firmware is running");
    station.input(n, level);
    return ok({ input: n, level });
  };
  const status: Handler = async () => {
    await board.settled();
    const run = board.running;
    return ok({
      ...hello(board),
      uptimeMs: run ? run.clock.now() : 0,
      udp: run ? run.station.wire.address : null,
      ...board.state,
    });
  };
  const monitor: Handler = (p) => {
    const on = parseJsonBody(p).on !== false;
    responder().monitoring = on;
    return ok({ monitoring: on });
  };
  const reboot: Handler = () => ok({ rebooting: true }, () => void board.reboot());
  return new Map<number, Handler>([
    [Cmd.Hello, async () => (await board.settled(), ok(hello(board)))], [Cmd.Press, press], [Cmd.Input, input], [Cmd.Status, status], [Cmd.Monitor, monitor], [Cmd.Reboot, reboot],
  ]);
}
