// Requests of the UA core (RFC 3261 §8.1.1, §12.2.1.1): a new Via branch per
// request, Max-Forwards, From/To/Call-ID/CSeq, Contact, and for requests in
// a dialog the remote target as Request-URI and the route set as Route.

import { contactTcp, contactTls } from "../transport/streams";
import * as msgWriter from "../msg/writer";
import { H_VIA, H_FROM, H_TO, H_CALL_ID, H_CSEQ, H_CONTACT, H_ROUTE, H_ALLOW, H_ALLOW_EVENTS, H_SUPPORTED, H_MAX_FORWARDS } from "../msg/header-names";
import { methodName } from "../msg/methods";
import { randomHex } from "./random";
import { textData, textLength } from "./text";
import * as uaIdentity from "./identity";
import * as uaCalls from "./calls";

/** The branch of the request built last: "z9hG4bK" and 16 random hex digits (§8.1.1.7). */
export const BRANCH: usize = memory.data(24);
export const BRANCH_LENGTH: i32 = 23;

/** The methods this UA answers (Allow, §20.5). */
export const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE, MESSAGE, REFER, SUBSCRIBE";
/** The event packages it serves as a notifier (Allow-Events, RFC 6665 §4.4.4): dialog state (RFC 4235) and refer (RFC 3515). */
export const ALLOW_EVENTS = "dialog, refer";
/** The extensions it supports (Supported, §20.37): reliable provisional responses (RFC 3262). */
export const SUPPORTED = "100rel";

function newBranch(): void {
  store<u8>(BRANCH, 0x7a); // z9hG4bK, the magic cookie
  store<u8>(BRANCH + 1, 0x39);
  store<u8>(BRANCH + 2, 0x68);
  store<u8>(BRANCH + 3, 0x47);
  store<u8>(BRANCH + 4, 0x34);
  store<u8>(BRANCH + 5, 0x62);
  store<u8>(BRANCH + 6, 0x4b);
  randomHex(BRANCH + 7, 16);
}

function putText(str: usize): void { msgWriter.putBytes(textData(str), textLength(str)); }

/** Via: SIP/2.0/UDP host:port;branch=...;rport (RFC 3581 §3) with a fresh branch. */
export function putVia(): void {
  newBranch();
  msgWriter.putHeaderName(H_VIA);
  msgWriter.putString("SIP/2.0/UDP ");
  msgWriter.putBytes(uaIdentity.identityData(uaIdentity.ID_LOCAL_HOST), uaIdentity.identityLength(uaIdentity.ID_LOCAL_HOST));
  msgWriter.putByte(0x3a);
  msgWriter.putNumber(uaIdentity.localPort);
  msgWriter.putString(";branch=");
  msgWriter.putBytes(BRANCH, BRANCH_LENGTH);
  msgWriter.putString(";rport");
  msgWriter.putCRLF();
}

/** Contact: <sip:user@host:port> (§8.1.1.8): behind a NAT, the address a registrar saw (nat.ts). */
export function putContact(): void {
  msgWriter.putHeaderName(H_CONTACT);
  putContactUri(uaIdentity.contactHostData(), uaIdentity.contactHostLength(), uaIdentity.contactPort());
  msgWriter.putCRLF();
}

/** ";transport=tcp" (as octets: a string literal would take three times its room in static memory). */
const TRANSPORT_TCP: usize = memory.data<u8>([0x3b, 0x74, 0x72, 0x61, 0x6e, 0x73, 0x70, 0x6f, 0x72, 0x74, 0x3d, 0x74, 0x63, 0x70]);

/**
 * <sip:user@host:port> with the host [host, host+hostLength); `;transport=tcp`
 * when the station registers over TCP (RFC 3261 §19.1.4, docs/transports.md);
 * <sips:user@host:port> when it registers over TLS (RFC 5630 §3.1.1: a SIPS
 * Contact, reached over TLS; no transport parameter, §3.2).
 */
export function putContactUri(host: usize, hostLength: i32, port: u32): void {
  msgWriter.putString("<sip");
  if (contactTls()) msgWriter.putByte(0x73); // s
  msgWriter.putByte(0x3a);
  msgWriter.putBytes(uaIdentity.identityData(uaIdentity.ID_USER), uaIdentity.identityLength(uaIdentity.ID_USER));
  msgWriter.putByte(0x40);
  msgWriter.putBytes(host, hostLength);
  msgWriter.putByte(0x3a);
  msgWriter.putNumber(port);
  if (contactTcp()) msgWriter.putBytes(TRANSPORT_TCP, 14);
  msgWriter.putString(">");
}

export function putAllowSupported(): void {
  msgWriter.putHeaderName(H_ALLOW);
  msgWriter.putString(ALLOW);
  msgWriter.putCRLF();
  msgWriter.putHeaderName(H_ALLOW_EVENTS);
  msgWriter.putString(ALLOW_EVENTS);
  msgWriter.putCRLF();
  msgWriter.putHeaderName(H_SUPPORTED);
  msgWriter.putString(SUPPORTED);
  msgWriter.putCRLF();
}

/** CSeq: n METHOD (§8.1.1.5). */
export function putCSeq(n: u32, m: i32): void {
  msgWriter.putHeaderName(H_CSEQ);
  msgWriter.putNumber(n);
  msgWriter.putByte(0x20);
  msgWriter.putString(methodName(m));
  msgWriter.putCRLF();
}

/** "From"/"To" with the address and, when it has one, the tag. */
function putAddress(id: i32, uri: usize, tag: usize): void {
  msgWriter.putHeaderName(id);
  putText(uri);
  if (textLength(tag) > 0) {
    msgWriter.putString(";tag=");
    putText(tag);
  }
  msgWriter.putCRLF();
}

/**
 * A request in a dialog, or the one creating it (§12.2.1.1): Request-URI the
 * remote target, the route set as Route, From the local URI and tag, To the
 * remote URI and (once known) tag, the Call-ID. Each argument is a text
 * (text.ts). The caller adds its own header fields and the body.
 */
export function beginDialogRequest(m: i32, cseq: u32, target: usize, route: usize, localUri: usize, localTag: usize, remoteUri: usize, remoteTag: usize, callId: usize): void {
  msgWriter.beginRequest(m, textData(target), textLength(target));
  putVia();
  msgWriter.putHeaderName(H_MAX_FORWARDS);
  msgWriter.putString("70");
  msgWriter.putCRLF();
  if (textLength(route) > 0) msgWriter.putHeader(H_ROUTE, textData(route), textLength(route));
  putAddress(H_FROM, localUri, localTag);
  putAddress(H_TO, remoteUri, remoteTag);
  msgWriter.putHeader(H_CALL_ID, textData(callId), textLength(callId));
  putCSeq(cseq, m);
  putContact();
}

/** A request of call c: outside a dialog (the INVITE creating it, To without tag) or inside it. */
export function beginCallRequest(c: i32, m: i32, cseq: u32): void {
  beginDialogRequest(m, cseq, uaCalls.remoteTarget(c), uaCalls.routeSet(c), uaCalls.localUri(c), uaCalls.localTag(c), uaCalls.remoteUri(c), uaCalls.remoteTag(c), uaCalls.callId(c));
}
