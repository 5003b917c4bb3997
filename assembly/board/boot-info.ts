// What the board tells the firmware about its boot (board.bootInfo,
// docs/serial-agent.md "BootInfo"): the slot it runs and whether on trial,
// how the last boot went, the image kind it boots, its slots' capacity, the
// memory it gives the module and its name. Read fresh each time it is needed:
// the board owns it.
import { boardBootInfo } from "./imports";

/** The running slot when the board runs an image outside its slots (no flashing then). */
export const OUTSIDE_SLOTS: u8 = 0xff;
/** Last boot: as chosen; fell back because the trial image never confirmed; because the chosen slot was damaged. */
export const BOOT_AS_CHOSEN: u8 = 0;
export const BOOT_FELL_BACK_UNCONFIRMED: u8 = 1;
export const BOOT_FELL_BACK_DAMAGED: u8 = 2;
export const BOARD_NAME_MAX: i32 = 32;

// @ts-ignore: decorator
@unmanaged export class BootInfo {
  running: u8;
  trial: u8;
  lastBoot: u8;
  kind: u8;
  slotCapacity: u32;
  memoryBytes: u32;
  nameLength: u8;
  /** The first octet of the name (BOARD_NAME_MAX octets from here). */
  name: u8;
}

export const BOOT_INFO_SIZE: i32 = 48;
if (offsetof<BootInfo>("name") != 13) ERROR("BootInfo: the name starts at octet 13");

const RECORD: usize = memory.data(BOOT_INFO_SIZE, 4);

/** The board's BootInfo, read now; its name length is clamped to 1..BOARD_NAME_MAX. */
export function readBootInfo(): BootInfo {
  boardBootInfo(RECORD);
  const info = changetype<BootInfo>(RECORD);
  if (<i32>info.nameLength > BOARD_NAME_MAX) info.nameLength = <u8>BOARD_NAME_MAX;
  return info;
}

/** The address of the board name's first octet. */
export function bootInfoName(info: BootInfo): usize { return changetype<usize>(info) + offsetof<BootInfo>("name"); }
