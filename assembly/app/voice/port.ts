// The station's RTP port (RFC 3550 §11: an even port, RTCP on the next one):
// what the configuration asks (media.rtpPort; 0: any), and what the board
// bound (boardSetMediaPort), which the SDP announces.

import { station, DEFAULT_RTP_PORT } from "../state";
export { DEFAULT_RTP_PORT };

/** From the configuration (applyConfig): 0 lets the board choose. */
export function setWantedRtpPort(port: u32): void {
  station().rtpWanted = <u16>port;
  station().rtpBound = <u16>port;
}

export function wantedRtpPort(): u32 { return station().rtpWanted; }

/** The board bound `port` for RTP (and port + 1 for RTCP): false for 0, an odd port or one past 65534. */
export function setBoundRtpPort(port: u32): bool {
  if (port == 0 || (port & 1) != 0 || port > 65534) return false;
  station().rtpBound = <u16>port;
  return true;
}

/** The port the SDP announces (0 while the board has bound none). */
export function rtpPort(): u32 { return station().rtpBound; }
