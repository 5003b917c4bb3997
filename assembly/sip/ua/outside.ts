// Requests the station sends outside any dialog, from its address-of-record
// (RFC 3261 §8.1.1): REGISTER and OPTIONS to its domain (§10.2, §11.1),
// PUBLISH to the address-of-record itself (RFC 3903 §4.1), MESSAGE to a
// recipient (RFC 3428 §4). From is the address-of-record with the sender's
// tag, To the address-of-record or the recipient (no tag, §8.1.1.2). The
// Request-URI of the request built last is kept: it is the digest-uri of the
// credentials when the request is sent again after a challenge (§22.4).

import * as msgWriter from "../msg/writer";
import { H_TO, H_FROM, H_CALL_ID, H_MAX_FORWARDS } from "../msg/header-names";
import { randomHex } from "./random";
import { methodName } from "../msg/methods";
import { TX } from "../msg/buffers";
import * as txnTable from "../txn/table";
import { setText, appendText, appendLiteral, textData, textLength } from "./text";
import * as uaIdentity from "./identity";
import { putVia, putCSeq } from "./build";
import { answerChallenge } from "./authorize";

/** Request-URI sip:<domain>, To the address-of-record (REGISTER, OPTIONS). */
export const TO_DOMAIN = 0;
/** Request-URI and To the address-of-record (PUBLISH). */
export const TO_AOR = 1;
/** Request-URI and To the URI given (MESSAGE). */
export const TO_URI = 2;

const RANDOM: usize = memory.data(24);

/** A new Call-ID into the text `str` (capacity `cap`): 24 random hex digits "@" the local host (§8.1.1.4). */
export function newCallId(str: usize, cap: i32): void {
  randomHex(RANDOM, 24);
  setText(str, cap, RANDOM, 24);
  appendLiteral(str, cap, changetype<usize>("@"));
  appendText(str, cap, uaIdentity.identityData(uaIdentity.ID_LOCAL_HOST), uaIdentity.identityLength(uaIdentity.ID_LOCAL_HOST));
}

/** A new tag of 12 random hex digits into the text `str` (§19.3: 32 random bits at least). */
export function newTag(str: usize): void {
  randomHex(RANDOM, 12);
  setText(str, 12, RANDOM, 12);
}

/** sip:user@domain (or sip:domain) */
function putSipUri(withUser: bool): void {
  msgWriter.putString("sip:");
  if (withUser) {
    msgWriter.putBytes(uaIdentity.identityData(uaIdentity.ID_USER), uaIdentity.identityLength(uaIdentity.ID_USER));
    msgWriter.putByte(0x40);
  }
  msgWriter.putBytes(uaIdentity.identityData(uaIdentity.ID_DOMAIN), uaIdentity.identityLength(uaIdentity.ID_DOMAIN));
}

function putAor(): void {
  msgWriter.putByte(0x3c);
  putSipUri(true);
  msgWriter.putByte(0x3e);
}

/**
 * Request-Line, Via (a new branch), Max-Forwards, From (the address-of-record
 * and `tag`), To, Call-ID and CSeq `n` of method m. `to` is TO_DOMAIN, TO_AOR,
 * or TO_URI with the recipient [uri, uri+uriLen). Texts are text.ts strings.
 */
export function beginOutside(m: i32, n: u32, callId: usize, tag: usize, to: i32, uri: usize, uriLen: i32): void {
  msgWriter.txReset();
  msgWriter.putString(methodName(m));
  msgWriter.putByte(0x20);
  if (to == TO_URI) msgWriter.putBytes(uri, uriLen);
  else putSipUri(to == TO_AOR);
  msgWriter.putString(" SIP/2.0");
  msgWriter.putCRLF();
  putVia();
  msgWriter.putHeaderName(H_MAX_FORWARDS);
  msgWriter.putString("70");
  msgWriter.putCRLF();
  msgWriter.putHeaderName(H_FROM);
  putAor();
  msgWriter.putString(";tag=");
  msgWriter.putBytes(textData(tag), textLength(tag));
  msgWriter.putCRLF();
  msgWriter.putHeaderName(H_TO);
  if (to == TO_URI) {
    msgWriter.putByte(0x3c);
    msgWriter.putBytes(uri, uriLen);
    msgWriter.putByte(0x3e);
  } else {
    putAor();
  }
  msgWriter.putCRLF();
  msgWriter.putHeader(H_CALL_ID, textData(callId), textLength(callId));
  putCSeq(n, m);
}

/**
 * The body of the request client transaction t keeps (what a retry after a
 * challenge sends again): its start; it runs to storedEnd(t) (empty when
 * the request has none).
 */
export function storedBody(t: i32): usize {
  const p = txnTable.message(t);
  const n = txnTable.messageLength(t);
  for (let i = 0; i + 4 <= n; i++) {
    if (load<u32>(p + <usize>i) == 0x0a0d0a0d) {
      return p + <usize>i + 4;
    }
  }
  return storedEnd(t);
}
/** The end of the request client transaction t keeps. */
export function storedEnd(t: i32): usize { return txnTable.message(t) + <usize>txnTable.messageLength(t); }

/** Credentials for the challenge in RX (auth state `owner`), for the request being built after beginOutside (§22.2). */
export function answerOutside(owner: i32, m: i32): bool {
  // The Request-URI stays where beginOutside wrote it in TX (RFC 3261 §7.1: Request-Line =
  // Method SP Request-URI SP SIP-Version, and a URI holds no SP, §25.1): between the first two SPs.
  let ruri = TX;
  while (load<u8>(ruri) != 0x20) ruri++;
  let end = ++ruri;
  while (load<u8>(end) != 0x20) end++;
  return answerChallenge(owner, m, ruri, <i32>(end - ruri));
}
