// The small state of the intercom's frame and queues, and what the board and
// the configuration tell the station about itself, each one named record
// over static memory (issue 15): AppState (all zero at start) and
// StationSettings (its defaults at start). Each module reads and writes its
// own fields; a reset gives back the record's initial image. The larger
// modules keep their own records (DialingState, KeypadState, DoorCallState,
// door/state.ts DoorState, RegistrationState, ...).

/** The frame's bookkeeping and the queues' counts; all zero is the state at start (appStateReset). */
// @ts-ignore: decorator
@unmanaged export class AppState {
  /** events.ts: events that did not fit since start-up. */
  eventsLost: i32;
  /** events.ts: events queued in this call into the firmware (at most 64). */
  eventCount: u8;
  /** main.ts: UA events already handled in this call into the firmware (at most the UA's 32). */
  handled: u8;
  /** main.ts: the status and call LEDs as last driven. */
  lastRegistered: bool;
  lastInCall: bool;
  /** buttons.ts: presses found by the last buttonsTick (at most 9). */
  pressCount: u8;
  /** alarms.ts: alarms waiting (at most 4), and the kind of the MESSAGE in flight (0 none). */
  alarmsQueued: u8;
  alarmSending: u8;
  /** settings.ts: the length of the configuration's message (at most 160). */
  messageLength: u8;
}
export const APP_STATE: usize = memory.data(<i32>offsetof<AppState>(), 4);
// @ts-ignore: decorator
@inline export function app(): AppState { return changetype<AppState>(APP_STATE); }

/** Every field of AppState as at start: no events, nothing queued, the LEDs off. */
export function appStateReset(): void { memory.fill(APP_STATE, 0, offsetof<AppState>()); }

/** What the board and the configuration say about the station itself; the defaults until then. */
// @ts-ignore: decorator
@unmanaged export class StationSettings {
  /** settings.ts: the board's address, the 16 octets of the 18-octet form (IPv4 mapped ::ffff:a.b.c.d), 127.0.0.1 until it tells one. */
  addressHigh: u64;
  addressLow: u64;
  /** voice/port.ts: the RTP port the configuration asks (0: any) and the one the board bound (RFC 3550 §11). */
  rtpWanted: u16;
  rtpBound: u16;
  /** settings.ts: the length of the address as text (0: not yet written). */
  hostLength: u8;
}
/** Where StationSettings keeps the station's address (16 octets). */
export const LOCAL_ADDRESS_AT: usize = offsetof<StationSettings>("addressHigh");
/** The port RTP uses when the configuration names none (what the station's SDP has always offered). */
export const DEFAULT_RTP_PORT: u32 = 4000;
// The defaults as octets, so they hold without start-up code: ::ffff:127.0.0.1, port 4000 twice (little-endian).
export const STATION_SETTINGS: usize = memory.data<u8>([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x7f, 0, 0, 0x01, 0xa0, 0x0f, 0xa0, 0x0f, 0], 8);
if (offsetof<StationSettings>() != 21) ERROR("StationSettings: its initial image (STATION_SETTINGS) has 21 octets");
// @ts-ignore: decorator
@inline export function station(): StationSettings { return changetype<StationSettings>(STATION_SETTINGS); }

/** Every setting back to its default: the initial image of StationSettings. */
export function stationSettingsReset(): void {
  const s = station();
  s.addressHigh = 0;
  s.addressLow = 0x0100_007f_ffff_0000; // octets 8-15 ::ffff:127.0.0.1 read little-endian
  s.rtpWanted = <u16>DEFAULT_RTP_PORT;
  s.rtpBound = <u16>DEFAULT_RTP_PORT;
  s.hostLength = 0;
}
