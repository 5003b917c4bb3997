// The station's RTP port (RFC 3550 §11: an even port, RTCP on the next one):
// what the configuration asks (media.rtpPort; 0: any), and what the board
// bound (boardSetMediaPort), which the SDP announces.

/** The port RTP uses when the configuration names none (what the station's SDP has always offered). */
export const DEFAULT_RTP_PORT: u32 = 4000;

let wanted: u32 = DEFAULT_RTP_PORT;
let bound: u32 = DEFAULT_RTP_PORT;

/** From the configuration (applyConfig): 0 lets the board choose. */
export function setWantedRtpPort(port: u32): void {
  wanted = port;
  bound = port;
}

export function wantedRtpPort(): u32 { return wanted; }

/** The board bound `port` for RTP (and port + 1 for RTCP): false for 0, an odd port or one past 65534. */
export function setBoundRtpPort(port: u32): bool {
  if (port == 0 || (port & 1) != 0 || port > 65534) return false;
  bound = port;
  return true;
}

/** The port the SDP announces (0 while the board has bound none). */
export function rtpPort(): u32 { return bound; }
