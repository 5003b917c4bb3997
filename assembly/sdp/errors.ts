// What the SDP layer answers: SDP_OK, or the reason a body is refused
// (parse) or an exchange fails (offer, answer). A caller answering an INVITE
// turns any of them into 488 Not Acceptable Here (RFC 3261 §21.4.26,
// RFC 3264 §6); reasonOf names each for a log line.

export const SDP_OK: i32 = 0;
/** The body does not begin with v=0 (RFC 8866 §5.1), or is empty. */
export const ERR_NO_VERSION: i32 = 1;
/** A line is not <type>=<value> (RFC 8866 §5), or v= comes again. */
export const ERR_BAD_LINE: i32 = 2;
/** A type letter SDP does not define (RFC 8866 §5: such a description is not taken). */
export const ERR_UNKNOWN_TYPE: i32 = 3;
/** A NUL, or a CR that does not end a line (RFC 8866 §9: neither is in any value). */
export const ERR_BAD_CHAR: i32 = 4;
/** o= lacks its session id or version, or they are not numbers (RFC 8866 §5.2). */
export const ERR_BAD_ORIGIN: i32 = 5;
/** c= is not "IN IP4|IP6 <address>" (RFC 8866 §5.7). */
export const ERR_BAD_CONNECTION: i32 = 6;
/** m= lacks a field or a format, or lists something other than a payload type for RTP (RFC 8866 §5.14). */
export const ERR_BAD_MEDIA: i32 = 7;
/** A port past 65535 (m=, a=rtcp). */
export const ERR_BAD_PORT: i32 = 8;
/** A value longer than the station reads: an encoding name, or a number of more than 20 digits. */
export const ERR_TOO_LONG: i32 = 9;
/** Offer/answer: no stream of the offer can be answered with what we have (RFC 3264 §6: 488). */
export const ERR_NOTHING_IN_COMMON: i32 = 10;
/** The text does not fit the caller's buffer. */
export const ERR_NO_ROOM: i32 = 11;
/** An answer whose m-lines do not match our offer's (RFC 3264 §6: one per offered stream). */
export const ERR_MEDIA_MISMATCH: i32 = 12;
/** An answer that chose a codec we did not offer (RFC 3264 §6.1). */
export const ERR_NOT_OFFERED: i32 = 13;

/** A short name of result r, for a log line (a string literal: nothing is allocated). */
export function reasonOf(r: i32): string {
  switch (r) {
    case SDP_OK: return "ok";
    case ERR_NO_VERSION: return "no v=0 first";
    case ERR_BAD_LINE: return "a line is not <type>=<value>";
    case ERR_UNKNOWN_TYPE: return "unknown line type";
    case ERR_BAD_CHAR: return "NUL or stray CR";
    case ERR_BAD_ORIGIN: return "bad o= line";
    case ERR_BAD_CONNECTION: return "bad c= line";
    case ERR_BAD_MEDIA: return "bad m= line";
    case ERR_BAD_PORT: return "port past 65535";
    case ERR_TOO_LONG: return "value too long";
    case ERR_NOTHING_IN_COMMON: return "no media in common";
    case ERR_NO_ROOM: return "SDP does not fit";
    case ERR_MEDIA_MISMATCH: return "answer m-lines do not match the offer";
    case ERR_NOT_OFFERED: return "answer codec not offered";
  }
  return "unknown";
}
