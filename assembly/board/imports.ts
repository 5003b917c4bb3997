// The board ABI, firmware side: the only functions the firmware imports from
// its host (module "board"), besides `fault` (board/fault.ts). Every value is
// an i32 or an address into the module's memory, so an embedded runtime
// (wasm3, WAMR, wasm2c) provides them with a few lines of C.
// docs/board-abi.md documents each one; board/abi.ts holds the entry points.

/** Send `len` octets at `data` as one UDP datagram to the 18-octet address at `peer`. */
@external("board", "send")
export declare function boardSend(data: usize, len: i32, peer: usize): void;

/** Drive output `id` (0-3 relays, 16 status LED, 17 call LED): on (1) or off (0); the board applies polarity. */
@external("board", "output")
export declare function boardOutput(id: i32, on: i32): void;

/** One line of log text (ASCII, no line end) at `level` (0 error, 1 warning, 2 info). Never a secret. */
@external("board", "log")
export declare function boardLog(level: i32, text: usize, len: i32): void;

/** Fill [dst, dst+len) with random octets from the board's entropy source. */
@external("board", "random")
export declare function boardRandom(dst: usize, len: i32): void;

/** Copy the persistent configuration block into [dst, dst+cap); its length, 0 when there is none. */
@external("board", "configRead")
export declare function boardConfigRead(dst: usize, cap: i32): i32;

/**
 * Copy the retained record (the last one retainedWrite stored, kept across
 * restarts of the firmware) into [dst, dst+cap); its length, 0 when none.
 */
@external("board", "retainedRead")
export declare function boardRetainedRead(dst: usize, cap: i32): i32;

/** Store [src, src+len) (at most RETAINED_MAX octets) as the retained record, replacing the previous one. */
@external("board", "retainedWrite")
export declare function boardRetainedWrite(src: usize, len: i32): void;

/** The most octets a board keeps in its retained record. */
export const RETAINED_MAX = 64;

export { OUTPUT_STATUS_LED, OUTPUT_CALL_LED } from "./vocabulary";

/**
 * Send `len` octets at `data` as one UDP datagram from the station's media
 * sockets to the 18-octet address at `peer`: channel 0 the RTP socket, 1 the
 * RTCP socket (the RTP port + 1, RFC 3550 §11).
 */
@external("board", "mediaSend")
export declare function boardMediaSend(data: usize, len: i32, peer: usize, channel: i32): void;

// ---- Board ABI 4: the serial agent's HAL (docs/serial-agent.md) ----

/** Queue `len` octets for the provisioning UART (never blocks; no port: dropped). */
@external("board", "serialWrite")
export declare function boardSerialWrite(data: usize, len: i32): void;

/** Fill the 48-octet BootInfo record at `dst` (board/boot-info.ts). */
@external("board", "bootInfo")
export declare function boardBootInfo(dst: usize): void;

/** Copy up to `len` octets of slot 0/1 from `offset`; the number copied (0 past its end), -1 for no such slot. */
@external("board", "slotRead")
export declare function boardSlotRead(slot: i32, offset: u32, dst: usize, len: i32): i32;

/** Empty a slot the board does not run; 0, or -1. */
@external("board", "slotErase")
export declare function boardSlotErase(slot: i32): i32;

/** Write `len` octets at `offset` of an erased slot; `len`, or -1. */
@external("board", "slotWrite")
export declare function boardSlotWrite(slot: i32, offset: u32, src: usize, len: i32): i32;

/** The board's own check of a verified slot: 0 when it can boot it, else the length of an ASCII reason at `dst`. */
@external("board", "slotCheck")
export declare function boardSlotCheck(slot: i32, dst: usize, cap: i32): i32;

/** Make `slot` the active slot on trial in the boot record; 0, or -1. */
@external("board", "bootActivate")
export declare function boardBootActivate(slot: i32): i32;

/** Store `len` octets as the configuration block configRead returns from now on (old or new whole after a cut); 0, or -1. */
@external("board", "configWrite")
export declare function boardConfigWrite(src: usize, len: i32): i32;

/** Reboot through the boot stage once this entry point returned and the serial octets are on the line. */
@external("board", "reboot")
export declare function boardReboot(): void;

// ---- Board ABI 5: streams, TCP and TLS (docs/transports.md) ----

/**
 * Open a TCP (`secure` 0) or TLS (`secure` 1) connection to the 18-octet
 * address at `peer`; for TLS the certificate must match the name
 * [name, name+nameLen). A handle 1..255, or -1 (no room, no TCP on this
 * board); the outcome comes later as boardStreamOpened.
 */
@external("board", "streamOpen")
export declare function boardStreamOpen(peer: usize, secure: i32, name: usize, nameLen: i32): i32;

/** Queue `len` octets at `data` on the stream: `len`, or -1 when it is gone or the board cannot hold them. */
@external("board", "streamSend")
export declare function boardStreamSend(handle: i32, data: usize, len: i32): i32;

/** Close the stream; no boardStreamClosed follows. */
@external("board", "streamClose")
export declare function boardStreamClose(handle: i32): void;
// ---- Board ABI 5: the resolver (docs/transports.md, "Names") ----

/** Ask for the records of `type` (1 A, 28 AAAA, 33 SRV, 35 NAPTR) of the ASCII name at [name, name+len); a query id 1..255 (answered by boardResolved), or -1 (no resolver). */
@external("board", "resolve")
export declare function boardResolve(type: i32, name: usize, len: i32): i32;
