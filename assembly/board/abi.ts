// The board ABI, firmware side: the entry points a board calls. Their
// imports (what the firmware calls on the board) are in board/imports.ts;
// docs/board-abi.md documents both. The module's other exports (the SIP
// parser and engine in index.ts) serve tests, benchmarks and diagnostics.

import * as appMain from "../app/main";
import * as appEvents from "../app/events";
import { setLocalPeerAddress } from "../app/settings";
import { MIC, SPEAKER } from "../app/voice/media";
import { wantedRtpPort, setBoundRtpPort } from "../app/voice/port";
import { voicePortChanged } from "../app/voice/session";
import { RX_PEER } from "../sip/txn/peer";
import { ABI_VERSION } from "./vocabulary";

/** The board ABI's version (assembly/board/vocabulary.json): a host refuses a module that exports another. */
export function abiVersion(): i32 { return ABI_VERSION; }

/**
 * The board's own address, before boardStart: the host writes it where rxPeer() points, in the
 * 18-octet form every address of the ABI takes (16 octets of IPv6, an IPv4 address mapped as
 * ::ffff:a.b.c.d, then the port; the port is not used here). 1 when the station takes it: an IPv6
 * address is announced bracketed in Via and Contact (RFC 5118 §4) and as c=IN IP6 in SDP (RFC 8866
 * §5.7); 0 for the unspecified address ::, which names no station (RFC 4291 §2.5.2).
 */
export function boardSetAddress(): i32 { return setLocalPeerAddress(RX_PEER) ? 1 : 0; }
/** Start-up: reads the configuration block through board.configRead, registers. */
export function boardStart(now: u32): void { appMain.appStart(now); }
/** A datagram of `len` octets is in the receive buffer, its source at rxPeer(). Returns the parse verdict. */
export function boardDatagram(len: i32, now: u32): i32 { return appMain.appDatagram(len, now); }
export function boardTick(now: u32): void { appMain.appTick(now); }
/** Milliseconds until boardTick is next needed, or -1. */
export function boardNextDeadline(now: u32): i32 { return appMain.appNextDeadline(now); }
/** A key: ASCII 0-9 * # (keypad, pressed), KEY_BUTTON_0 + i call button i, KEY_HANGUP; down 1 pressed, 0 released. */
export function boardKey(key: i32, down: i32, now: u32): void { appMain.appKey(key, down != 0, now); }
/** An input changed: 0 the door sensor (level 1 open). */
export function boardInput(input: i32, level: i32, now: u32): void { appMain.appInput(input, level, now); }
/** The events the last entry point left (docs/board-abi.md): their count, and event i's kind, a and b. */
export function boardEventCount(): i32 { return appEvents.appEventCount(); }
export function boardEventKind(i: i32): i32 { return appEvents.appEventKind(i); }
export function boardEventA(i: i32): i32 { return appEvents.appEventA(i); }
export function boardEventB(i: i32): i32 { return appEvents.appEventB(i); }

/** The even UDP port the station wants for RTP (RTCP on the next one); 0: any pair the board picks. Read after boardStart. */
export function boardMediaPort(): i32 { return <i32>wantedRtpPort(); }
/** The board bound another pair: the SDP announces `port` from now on. 1 when taken, 0 for 0 or an odd port. */
export function boardSetMediaPort(port: i32): i32 {
  if (!setBoundRtpPort(<u32>port)) return 0;
  voicePortChanged(<u32>port); // the offer says the new port from now on
  return 1;
}
/** A datagram of `len` octets on the RTP (0) or RTCP (1) socket is in the receive buffer, its source at rxPeer(). */
export function boardMedia(len: i32, channel: i32, now: u32): void { appMain.appMedia(len, channel, now); }
/** The 20 ms audio clock: the host wrote the microphone's 160 samples at micFrame(); the speaker's are at speakerFrame() after. 1 while a call's audio is on. */
export function boardAudio(now: u32): i32 { return appMain.appAudio(now); }
/** 160 signed 16-bit little-endian samples each (20 ms at 8000 Hz). */
export function micFrame(): usize { return MIC; }
export function speakerFrame(): usize { return SPEAKER; }

// ---- Board ABI 4: the provisioning UART, through the serial agent (docs/serial-agent.md) ----
import { serialBuffer as agentSerialBuffer, SERIAL_CAPACITY } from "../app/serial/agent";
/** Where the host writes octets received on the provisioning UART. */
export function serialBuffer(): usize { return agentSerialBuffer(); }
/** Its size: the host passes at most this many octets a call (128). */
export function serialCapacity(): i32 { return SERIAL_CAPACITY; }
/** `len` octets are at serialBuffer(): the agent decodes them, acts on a request and answers through board.serialWrite, in this call. */
export function boardSerial(len: i32, now: u32): void { appMain.appSerial(len, now); }

// ---- Board ABI 5: streams, TCP and TLS (docs/transports.md) ----
import * as appStreams from "../app/stream-entry";
/** The connection board.streamOpen asked for: status 0 open; 1 refused or unreachable; 2-4 TLS failures; 5 no answer in time. */
export function boardStreamOpened(handle: i32, status: i32, now: u32): void { appStreams.appStreamOpened(handle, status, now); }
/** A peer connected to the station's listening port, its address at rxPeer(): 1 taken, 0 refused (the table is full). */
export function boardStreamAccepted(handle: i32, secure: i32, now: u32): i32 { return appStreams.appStreamAccepted(handle, secure, now); }
/** `len` octets the board holds for the stream are at rxBuffer(): how many the firmware took from the front, -1 to close it. */
export function boardStreamData(handle: i32, len: i32, now: u32): i32 { return appStreams.appStreamData(handle, len, now); }
/** The peer closed the stream, or it failed; the handle is free. */
export function boardStreamClosed(handle: i32, now: u32): void { appStreams.appStreamClosed(handle, now); }
// ---- Board ABI 5: the resolver's answer (docs/transports.md, "Names") ----
/** The answer to board.resolve's query `id`: status 0 with `count` records at rxBuffer(), 1 no such name or records, 2 the resolver failed. */
export function boardResolved(id: i32, status: i32, count: i32, now: u32): void { appMain.appResolved(id, status, count, now); }
