// The names SDP writes and reads, one string literal each, shared by the
// parser and the writer: every literal is static data in the module's linear
// memory, so each is kept once.

import { DIR_SENDRECV, DIR_SENDONLY, DIR_RECVONLY, ENC_PCMU, ENC_PCMA } from "./session";

/** The attribute name of direction d (RFC 3264 §5.1). */
export function directionName(d: u8): usize {
  if (d == DIR_SENDRECV) return changetype<usize>("sendrecv");
  if (d == DIR_SENDONLY) return changetype<usize>("sendonly");
  if (d == DIR_RECVONLY) return changetype<usize>("recvonly");
  return changetype<usize>("inactive");
}

/** The encoding name of an encoding the station knows (RFC 3551 §6, RFC 4733 §7.1.1). */
export function encodingName(enc: u8): usize {
  if (enc == ENC_PCMU) return changetype<usize>("PCMU");
  if (enc == ENC_PCMA) return changetype<usize>("PCMA");
  return changetype<usize>("telephone-event");
}

/** The one transport the station speaks (RFC 3551). */
export function avpName(): usize { return changetype<usize>("RTP/AVP"); }

/** The attribute names the station reads and writes (RFC 8866 §6.4, §6.6, §6.15). */
export function rtpmapName(): usize { return changetype<usize>("rtpmap"); }
export function fmtpName(): usize { return changetype<usize>("fmtp"); }
export function ptimeName(): usize { return changetype<usize>("ptime"); }
