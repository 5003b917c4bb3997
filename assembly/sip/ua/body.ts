// One buffer for the bodies the UA writes just before it sends them: the
// dialog-info document of a NOTIFY (RFC 4235), the PIDF document of a
// PUBLISH (RFC 3863) and the text of an alarm MESSAGE (RFC 3428). Each is
// written and copied into its transaction within one call, so they share it.

import * as uaIdentity from "./identity";
import { zeroRecord } from "../txn/record";

const CAPACITY = 480;
const BODY: usize = memory.data(CAPACITY);

/** How much of BODY is written, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class BodyLength {
  n: u16;
}

export const BODY_LENGTH: usize = memory.data(<i32>offsetof<BodyLength>(), 2);

// @ts-ignore: decorator
@inline function b(): BodyLength { return changetype<BodyLength>(BODY_LENGTH); }

/** Empty, as at start-up: the next body starts here. */
export function bodyReset(): void { zeroRecord(BODY_LENGTH, offsetof<BodyLength>()); }
export function bodyData(): usize { return BODY; }
export function bodyLength(): i32 { return <i32>b().n; }

// @ts-ignore: decorator
@inline function putOctet(c: u32): void {
  const n = <i32>b().n;
  if (n < CAPACITY) {
    store<u8>(BODY + <usize>n, <u8>c);
    b().n = <u16>(n + 1);
  }
}

/** Appends an ASCII literal (what does not fit is cut). */
export function bodyPut(s: string): void {
  for (let i = 0; i < s.length; i++) putOctet(<u32>s.charCodeAt(i));
}

export function bodyPutBytes(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) putOctet(<u32>load<u8>(p + <usize>i));
}

/** Appends `v` in decimal. */
export function bodyPutNumber(v: u32): void {
  let div: u32 = 1;
  while (v / div >= 10) div *= 10;
  for (; div > 0; div /= 10) putOctet(0x30 + (v / div) % 10);
}

/** Appends sip:user@domain, the station's address-of-record (RFC 3261 §10). */
export function bodyPutAor(): void {
  bodyPut("sip:");
  bodyPutBytes(uaIdentity.identityData(uaIdentity.ID_USER), uaIdentity.identityLength(uaIdentity.ID_USER));
  bodyPut("@");
  bodyPutBytes(uaIdentity.identityData(uaIdentity.ID_DOMAIN), uaIdentity.identityLength(uaIdentity.ID_DOMAIN));
}
