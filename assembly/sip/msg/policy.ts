// The request checks a UA makes once the message is well-formed, in the
// order of RFC 3261 §8.2: the Request-URI scheme (§8.2.2.1, 416), required
// extensions (§8.2.2.3, 420), the body's type (§8.2.3, 415), and what the
// response may carry (§21.4.7, 406). The method itself (§8.2.1, 405/501) is
// the UA core's decision, not the parser's.

import { H_REQUIRE, H_ACCEPT } from "./header-names";
import { M_ACK, M_CANCEL, M_INVITE } from "./methods";
import { at, FAIL, skipLws, scanToken, equalsIgnoreCase } from "./scan";
import { URI_SIP, URI_SIPS } from "./uri";
import { checkAccept, ACCEPT_SDP } from "./values";
import { RX } from "./buffers";
import * as sipMessage from "./message";

/** Option tags this stack implements (RFC 3262 reliable provisional responses). */
export function isSupportedOption(p: usize, len: i32): bool {
  return equalsIgnoreCase(p, len, changetype<usize>("100rel"));
}

/** Body types the UA understands (RFC 3261 §8.2.3). */
export function isAcceptedBodyType(p: usize, len: i32): bool {
  return equalsIgnoreCase(p, len, changetype<usize>("application/sdp"))
    || equalsIgnoreCase(p, len, changetype<usize>("application/dtmf-relay"))
    || equalsIgnoreCase(p, len, changetype<usize>("application/dtmf"))
    || equalsIgnoreCase(p, len, changetype<usize>("message/sipfrag"))
    || equalsIgnoreCase(p, len, changetype<usize>("text/plain"))
    || equalsIgnoreCase(p, len, changetype<usize>("multipart/mixed"));
}

/** The body types of isAcceptedBodyType, as the Accept header of a 415 lists them. */
export const ACCEPTED_BODY_TYPES = "application/sdp, application/dtmf-relay, application/dtmf, message/sipfrag, text/plain, multipart/mixed";

// Option tags of Require that are not supported: offsets into RX, for the Unsupported header of a 420 (RFC 3261 §8.2.2.3).
export const MAX_UNSUPPORTED = 8;

/** How many tags the request in RX requires that are not supported, laid over static memory (never allocated); their offsets follow. */
// @ts-ignore: decorator
@unmanaged export class UnsupportedTags {
  count: u8;
}

const LIST_AT: usize = (offsetof<UnsupportedTags>() + 1) & ~1;
/** The record and MAX_UNSUPPORTED (start, length) pairs of u16. */
export const UNSUPPORTED_TAGS_SIZE: usize = LIST_AT + MAX_UNSUPPORTED * 4;
export const UNSUPPORTED_TAGS: usize = memory.data(<i32>UNSUPPORTED_TAGS_SIZE, 2);
const UNSUPPORTED: usize = UNSUPPORTED_TAGS + LIST_AT;

// @ts-ignore: decorator
@inline function tags(): UnsupportedTags { return changetype<UnsupportedTags>(UNSUPPORTED_TAGS); }

/** None noted, every pair zeroed: as at start-up. */
export function unsupportedReset(): void { memory.fill(UNSUPPORTED_TAGS, 0, UNSUPPORTED_TAGS_SIZE); }
export function unsupportedCount(): i32 { return <i32>tags().count; }
export function unsupportedStart(i: i32): usize { return RX + <usize>load<u16>(UNSUPPORTED + (<usize>i << 2)); }
export function unsupportedLength(i: i32): i32 { return <i32>load<u16>(UNSUPPORTED + (<usize>i << 2) + 2); }

function noteUnsupported(p: usize, e: usize): void {
  const n = <i32>tags().count;
  if (n >= MAX_UNSUPPORTED) return;
  store<u16>(UNSUPPORTED + (<usize>n << 2), <u16>(p - RX));
  store<u16>(UNSUPPORTED + (<usize>n << 2) + 2, <u16>(e - p));
  tags().count = <u8>(n + 1);
}

/** Collects the option tags of every Require line that this stack does not support. */
function collectUnsupported(): void {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_REQUIRE) continue;
    let p = RX + <usize>sipMessage.headerValueStart(i);
    const end = p + <usize>sipMessage.headerValueLength(i);
    while (p < end) {
      const e = scanToken(p, end);
      if (e == FAIL) break;
      if (!isSupportedOption(p, <i32>(e - p))) noteUnsupported(p, e);
      p = skipLws(e, end);
      if (p < end && at(p) == 0x2c) p = skipLws(p + 1, end);
    }
  }
}

/** Whether every Accept line of an INVITE rules out application/sdp (an empty Accept admits nothing). */
function inviteRefusesSdp(): bool {
  let seen = false;
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    if (sipMessage.headerId(i) != H_ACCEPT) continue;
    seen = true;
    const p = RX + <usize>sipMessage.headerValueStart(i);
    if ((checkAccept(p, p + <usize>sipMessage.headerValueLength(i), true) & ACCEPT_SDP) != 0) return false;
  }
  return seen;
}

/** Applies the UA checks to a well-formed request (after the Request-URI was parsed). */
export function applyUaPolicy(): void {
  tags().count = 0;
  if (sipMessage.requestUriKind() != URI_SIP && sipMessage.requestUriKind() != URI_SIPS) return sipMessage.fail(416, changetype<usize>("Unsupported URI Scheme"), 0, changetype<usize>(""));
  if (sipMessage.method() != M_ACK && sipMessage.method() != M_CANCEL && sipMessage.headerSeen(H_REQUIRE) != 0) {
    collectUnsupported();
    if (tags().count > 0) return sipMessage.fail(420, changetype<usize>("Bad Extension"), 0, changetype<usize>(""));
  }
  if (sipMessage.hasField(sipMessage.F_BODY)) {
    if (!sipMessage.hasField(sipMessage.F_CONTENT_TYPE)) return sipMessage.fail(400, changetype<usize>("Missing Content-Type header field"), 0, changetype<usize>(""));
    if (!isAcceptedBodyType(sipMessage.fieldPtr(sipMessage.F_CONTENT_TYPE), sipMessage.fieldLength(sipMessage.F_CONTENT_TYPE))) {
      return sipMessage.fail(415, changetype<usize>("Unsupported Media Type"), 0, changetype<usize>(""));
    }
  }
  if (sipMessage.method() == M_INVITE && sipMessage.headerSeen(H_ACCEPT) != 0 && inviteRefusesSdp()) sipMessage.fail(406, changetype<usize>("Not Acceptable"), 0, changetype<usize>(""));
}
