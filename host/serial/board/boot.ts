// Which slot a board boots (docs/serial-protocol.md, "Trial boot"), as a pure
// function of the boot record, like a bootloader's first decision.
import { otherSlot, type BootRecord, type SlotName } from "./store.js";

export interface BootPlan {
  slot: SlotName;
  /** The record to persist before the image runs. */
  record: BootRecord;
  trial: boolean;
  /** Why the board fell back to the other slot, when it did. */
  fellBack?: string;
}

/**
 * A trial image boots once: `tried` is persisted before it runs, so a board
 * that comes back still on trial (it restarted or lost power before the
 * image confirmed itself) boots the previous slot instead.
 */
export function planBoot(r: BootRecord): BootPlan {
  if (r.trial && r.tried) {
    return { slot: otherSlot(r.active), record: fallBack(r), trial: false, fellBack: `the image in slot ${r.active} restarted before it confirmed itself` };
  }
  if (r.trial) return { slot: r.active, record: { ...r, tried: true }, trial: true };
  return { slot: r.active, record: r, trial: false };
}

/** The record after a failed trial of the active slot: the other slot active and confirmed again. */
export function fallBack(r: BootRecord): BootRecord {
  return { ...r, active: otherSlot(r.active), trial: false, tried: false };
}

/** The record after the trial image confirmed itself. */
export function confirm(r: BootRecord): BootRecord {
  return { ...r, trial: false, tried: false };
}

/** The record after a verified image in `slot` was activated: it boots next, on trial. */
export function activate(r: BootRecord, slot: SlotName): BootRecord {
  return { ...r, active: slot, trial: true, tried: false };
}
