// The simulated board: boots an image from its store (the factory image when
// the store is empty), runs it as the door station on UDP, confirms a trial
// image once it started cleanly and falls back to the other slot when it
// does not (docs/serial-protocol.md, "Trial boot").
import { createHash } from "node:crypto";
import { Station } from "../../sim/station.js";
import { Clock } from "../../sim/udp.js";
import { eventJson } from "../../sim/events.js";
import { loadBoard, type Board } from "../../boards.js";
import { decodeConfig } from "../../config.js";
import { readIdentity } from "../image.js";
import { withLocalPort } from "../config-access.js";
import { BoardStore, type BootRecord, type SlotName, type SlotInfo } from "./store.js";
import { planBoot, fallBack, confirm } from "./boot.js";
import { applyEvent, applyOutput, initialState, type DriveState } from "./drive-state.js";

export type Notice = Record<string, unknown> & { notice: string };

export interface SimBoardOptions {
  store: BoardStore;
  board?: string;
  host: string;
  /** UDP port; undefined binds the configured localPort. */
  port?: number;
  /** How long a trial image must run without a fault before it is confirmed (ms). */
  confirmMs?: number;
  factory: () => Uint8Array<ArrayBuffer>;
  notice?: (n: Notice) => void;
  onEvent?: (e: Record<string, unknown>) => void;
  onLog?: (l: { level: number; text: string }) => void;
}

export interface Running {
  station: Station;
  slot: SlotName;
  version: string;
  trial: boolean;
  clock: Clock;
}

export const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

export class SimBoard {
  readonly def: Board;
  running: Running | null = null;
  state: DriveState = initialState();
  lastBoot: Record<string, unknown> = {};
  private faulted: Error | null = null;
  private pendingFallback: Record<string, unknown> | null = null;
  private confirmTimer: NodeJS.Timeout | undefined;
  private booting: Promise<void> = Promise.resolve();

  constructor(readonly o: SimBoardOptions) {
    this.def = loadBoard(o.board ?? "simulator");
  }

  get store(): BoardStore {
    return this.o.store;
  }

  private notice(n: Notice): void {
    this.o.notice?.(n);
  }

  /** The record, writing the factory image into slot A first when the store is empty. */
  record(): BootRecord {
    const r = this.store.record();
    if (r) return r;
    const image = this.o.factory();
    const id = readIdentity(image);
    this.store.installSlot("A", image);
    const fresh: BootRecord = { active: "A", trial: false, tried: false, slots: { A: { version: typeof id === "string" ? "unknown" : id.version, bytes: image.length, sha256: sha256(image) }, B: null } };
    this.store.saveRecord(fresh);
    return fresh;
  }

  /** Stops the running image (if any) and boots again, as a reset does. */
  reboot(): Promise<void> {
    this.booting = this.booting.then(() => this.bootNow()).catch((err: Error) => this.halt(`boot failed: ${err.message}`));
    return this.booting;
  }

  /** Resolves once a boot under way has finished (the running image, if any, is up). */
  settled(): Promise<void> {
    return this.booting;
  }

  stop(): void {
    clearTimeout(this.confirmTimer);
    this.running?.station.close();
    this.running = null;
  }

  private async bootNow(): Promise<void> {
    this.stop();
    this.state = initialState();
    this.lastBoot = this.pendingFallback ?? {};
    this.pendingFallback = null;
    const plan = planBoot(this.record());
    this.store.saveRecord(plan.record);
    if (plan.fellBack) this.fellBack(plan.slot, plan.fellBack);
    const failure = await this.run(plan.slot, plan.trial, plan.record.slots[plan.slot]);
    if (failure === null) return;
    if (plan.trial) {
      const back = fallBack(plan.record);
      this.store.saveRecord(back);
      this.fellBack(back.active, failure);
      const again = await this.run(back.active, false, back.slots[back.active]);
      if (again !== null) this.halt(again);
    } else this.halt(failure);
  }

  private fellBack(slot: SlotName, reason: string): void {
    this.lastBoot = { fellBack: true, reason, slot };
    this.notice({ notice: "fallback", slot, reason });
  }

  private halt(reason: string): void {
    this.lastBoot = { ...this.lastBoot, halted: reason };
    this.notice({ notice: "halted", reason: `${reason}; the board waits to be flashed` });
  }

  /** Runs the image of a slot; null when it started, else why it did not. */
  private async run(slot: SlotName, trial: boolean, info: SlotInfo | null): Promise<string | null> {
    const image = this.store.readSlot(slot);
    if (!image || !info) return `slot ${slot} holds no verified image`;
    if (sha256(image) !== info.sha256) return `slot ${slot} is damaged (its SHA-256 no longer matches)`;
    const clock = new Clock();
    this.faulted = null;
    let station: Station;
    try {
      station = await Station.start({
        block: (port) => this.configFor(port), image, retained: this.store.retained, host: this.o.host, port: this.o.port ?? this.configuredPort(), board: this.def.name, clock,
        onEvent: (e) => {
          applyEvent(this.state, e);
          this.o.onEvent?.(eventJson(e));
        },
        onOutput: (out) => applyOutput(this.state, out),
        onLog: (l) => this.o.onLog?.(l),
        onFault: (err) => this.fault(err),
        // A line about the board itself (its RTP port was taken): a notice, so `intercom sim` prints it as the
        // native board does, {"event":"warning","message":...} on stdout, and the serial link carries it.
        onWarning: (message) => this.notice({ notice: "warning", message }),
      });
    } catch (err) {
      return `the image in slot ${slot} did not start: ${(err as Error).message}`;
    }
    const faulted = this.faulted as Error | null; // set by onFault while Station.start ran
    if (faulted) {
      station.close();
      return `the image in slot ${slot} faulted as it started: ${faulted.message}`;
    }
    this.running = { station, slot, version: info.version, trial, clock };
    this.lastBoot = { ...this.lastBoot, slot, version: info.version, trial };
    this.notice({ notice: "boot", slot, version: info.version, trial, udp: station.wire.address });
    if (trial) this.confirmTimer = setTimeout(() => this.confirmTrial(), this.o.confirmMs ?? 1000);
    return null;
  }

  private configuredPort(): number {
    const block = this.store.configBlock();
    try {
      return block ? decodeConfig(block).localPort : 5060;
    } catch {
      return 5060;
    }
  }

  private configFor(port: number): Uint8Array | null {
    const block = this.store.configBlock();
    if (!block) return null;
    try {
      return withLocalPort(block, port);
    } catch {
      return block; // damaged: the firmware refuses it and runs on safe defaults
    }
  }

  /** A trial image that ran its first ticks without a fault confirms itself. */
  private confirmTrial(): void {
    const r = this.running;
    if (!r?.trial) return;
    try {
      r.station.door.tick(r.clock.now());
      r.station.wire.flush();
    } catch (err) {
      this.fault(err as Error);
    }
    if (this.faulted) return;
    r.trial = false;
    this.store.saveRecord(confirm(this.record()));
    this.lastBoot = { ...this.lastBoot, trial: false, confirmed: true };
    this.notice({ notice: "confirmed", slot: r.slot, version: r.version });
  }

  private fault(err: Error): void {
    if (this.faulted) return;
    this.faulted = err;
    const r = this.running;
    if (!r) return; // still starting: run() reports it
    this.notice({ notice: "fault", message: err.message });
    if (r.trial) {
      const back = fallBack(this.record());
      this.store.saveRecord(back);
      const reason = `the trial image in slot ${r.slot} faulted: ${err.message}`;
      this.pendingFallback = { fellBack: true, reason, slot: back.active };
      this.notice({ notice: "fallback", slot: back.active, reason });
    }
    // A board restarts the module after a fault (docs/board-abi.md); a trial image's restart falls back.
    setImmediate(() => void this.reboot());
  }
}
