// The simulated board: boots an image from its store (the factory image when
// the store is empty), runs it as the door station on UDP with board ABI 4's
// HAL (hal.ts), feeds its provisioning UART to the firmware's serial agent,
// reboots when the firmware asks, confirms a trial image once it started
// cleanly and falls back to the other slot when it does not
// (docs/serial-protocol.md, "Trial boot"; docs/serial-agent.md).
import { Station } from "../../sim/station.js";
import { Clock } from "../../sim/udp.js";
import { eventJson } from "../../sim/events.js";
import { loadBoard, type Board } from "../../boards.js";
import { decodeConfig } from "../../config.js";
import { ImageError, readHeader, versionText } from "../../image/format.js";
import { openImage } from "./image-check.js";
import { withLocalPort } from "../config-access.js";
import { BoardStore, otherSlot, type BootRecord, type SlotName } from "./store.js";
import { planBoot, fallBack, confirm } from "./boot.js";
import { SimHal, type BootState } from "./hal.js";

export type Notice = Record<string, unknown> & { notice: string };

/** BootInfo's last boot (docs/serial-agent.md): as chosen, fell back (never confirmed), fell back (damaged). */
const LAST_BOOT = { asChosen: 0, unconfirmed: 1, damaged: 2 } as const;

export interface SimBoardOptions {
  store: BoardStore;
  board?: string;
  host: string;
  /** UDP port; undefined binds the configured localPort. */
  port?: number;
  /** How long a trial image must run without a fault before it is confirmed (ms). */
  confirmMs?: number;
  factory: () => Uint8Array<ArrayBuffer>;
  /** The provisioning UART's output (none: the octets are dropped, a board without a port). */
  serialOut?: (octets: Buffer) => void;
  /** Resolves once the UART's output so far is on the line (a reboot waits for it). */
  serialDrained?: () => Promise<void>;
  notice?: (n: Notice) => void;
  onEvent?: (e: Record<string, unknown>) => void;
}

export interface Running {
  station: Station;
  slot: SlotName;
  version: string;
  trial: boolean;
  clock: Clock;
}

export class SimBoard {
  readonly def: Board;
  running: Running | null = null;
  private state: BootState = { slot: null, trial: false, lastBoot: LAST_BOOT.asChosen };
  private readonly hal: SimHal;
  private faulted: Error | null = null;
  private pendingFallback = false;
  private confirmTimer: NodeJS.Timeout | undefined;
  private booting: Promise<void> = Promise.resolve();

  constructor(readonly o: SimBoardOptions) {
    this.def = loadBoard(o.board ?? "simulator");
    this.hal = new SimHal(o.store, this.def, () => this.state, (b) => o.serialOut?.(b));
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
    this.store.installSlot("A", this.o.factory());
    const fresh: BootRecord = { active: "A", trial: false, tried: false };
    this.store.saveRecord(fresh);
    return fresh;
  }

  /** Stops the running image (if any) and boots again, as a reset does. */
  reboot(): Promise<void> {
    this.booting = this.booting.then(() => this.bootNow()).catch((err: Error) => this.halt(`boot failed: ${err.message}`));
    return this.booting;
  }

  /** Octets from the provisioning UART, to the firmware's agent; none while nothing runs (the board is booting or halted). */
  serial(octets: Uint8Array): void {
    const r = this.running;
    if (!r) return;
    r.station.serial(octets);
    if (this.hal.takeReboot()) void (this.o.serialDrained?.() ?? Promise.resolve()).then(() => this.reboot());
  }

  stop(): void {
    clearTimeout(this.confirmTimer);
    this.running?.station.close();
    this.running = null;
    this.state = { ...this.state, slot: null };
  }

  private async bootNow(): Promise<void> {
    this.stop();
    const lastBoot = this.pendingFallback ? LAST_BOOT.unconfirmed : LAST_BOOT.asChosen;
    this.pendingFallback = false;
    const plan = planBoot(this.record());
    this.store.saveRecord(plan.record);
    if (plan.fellBack) this.fellBack(plan.slot, plan.fellBack);
    const failure = await this.run(plan.slot, plan.trial, plan.fellBack ? LAST_BOOT.unconfirmed : lastBoot);
    if (failure === null) return;
    // A trial image that does not start, or a damaged slot: the other slot, confirmed (docs/images.md, "What a board checks").
    const back = plan.trial ? fallBack(plan.record) : { ...plan.record, active: otherSlot(plan.slot) };
    this.store.saveRecord(back);
    this.fellBack(back.active, failure);
    const again = await this.run(back.active, false, plan.trial ? LAST_BOOT.unconfirmed : LAST_BOOT.damaged);
    if (again !== null) {
      this.store.saveRecord(plan.record); // neither boots: the record stays as it was, for a flash to mend
      this.halt(`${failure}; ${again}`);
    }
  }

  private fellBack(slot: SlotName, reason: string): void {
    this.notice({ notice: "fallback", slot, reason });
  }

  private halt(reason: string): void {
    this.notice({ notice: "halted", reason: `${reason}; the board waits to be flashed` });
  }

  /** Runs the image of a slot; null when it started, else why it did not. */
  private async run(slot: SlotName, trial: boolean, lastBoot: number): Promise<string | null> {
    const image = this.store.readSlot(slot);
    if (!image || image.length === 0) return `slot ${slot} holds no image`;
    // At every boot the image's own SHA-256 record is checked again (docs/images.md, "What a board checks", 2).
    let payload: Uint8Array<ArrayBuffer>;
    try {
      payload = openImage(image, this.def).payload.slice();
    } catch (err) {
      if (err instanceof ImageError) return `slot ${slot} is damaged: ${err.message}`;
      throw err;
    }
    const version = versionText(readHeader(image).version);
    const clock = new Clock();
    this.faulted = null;
    this.state = { slot, trial, lastBoot };
    let station: Station;
    try {
      station = await Station.start({
        block: (port) => this.configFor(port), image: payload, retained: this.store.retained, host: this.o.host, port: this.o.port ?? this.configuredPort(), board: this.def.name, clock,
        hal: this.hal,
        onEvent: (e) => this.o.onEvent?.(eventJson(e)),
        onFault: (err) => this.fault(err),
        // A line about the board itself (its RTP port was taken): a notice, so `intercom sim` prints it as the
        // native board does, {"event":"warning","message":...} on stdout.
        onWarning: (message) => this.notice({ notice: "warning", message }),
      });
    } catch (err) {
      this.state = { ...this.state, slot: null };
      return `the image in slot ${slot} did not start: ${(err as Error).message}`;
    }
    const faulted = this.faulted as Error | null; // set by onFault while Station.start ran
    if (faulted) {
      station.close();
      this.state = { ...this.state, slot: null };
      return `the image in slot ${slot} faulted as it started: ${faulted.message}`;
    }
    this.running = { station, slot, version, trial, clock };
    this.notice({ notice: "boot", slot, version, trial, udp: station.wire.address });
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
    this.state = { ...this.state, trial: false };
    this.store.saveRecord(confirm(this.record()));
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
      this.pendingFallback = true;
      this.notice({ notice: "fallback", slot: back.active, reason: `the trial image in slot ${r.slot} faulted: ${err.message}` });
    }
    // A board restarts the module after a fault (docs/board-abi.md); a trial image's restart falls back.
    setImmediate(() => void this.reboot());
  }
}
