// The address a registrar sees (RFC 3581 §4, in the spirit of RFC 5626 §5).
// Every request asks for "rport" (build.ts putVia), so the top Via of a
// response carries the source address and port the server saw: "received"
// when the host differs from the Via's sent-by, "rport" with the port. Behind
// a NAT (a home router) that address is the router's public one, and a binding
// naming the private Contact is of no use: requests sent to it never arrive.
// So, as baresip and PJSIP do, the 2xx to a REGISTER is read: when the address
// the registrar saw differs from the one the Contact named, the Contact names
// the seen one from then on (identity.ts), and the next REGISTER also removes
// the binding of the old Contact (expires=0, RFC 3261 §10.2.2).

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { H_CONTACT } from "../msg/header-names";
import { setText, textData, textLength } from "./text";
import * as uaIdentity from "./identity";
import { putContactUri } from "./build";
import { zeroRecord } from "../txn/record";

const HOST_CAP: i32 = 64;
/** What the top Via says, assembled: the host (an IPv6 reference in brackets, RFC 5118 §4.5). */
const SEEN: usize = memory.data(2 + HOST_CAP);

/** What the station learned of its address behind a NAT, laid over static memory (never allocated); the stale host follows it. */
// @ts-ignore: decorator
@unmanaged export class NatState {
  /** The port of the Contact registered before the seen address was learned (0: none to remove). */
  stalePort: u16;
  /** The Contact names the seen address now. */
  moved: bool;
}

const STALE_AT: usize = (offsetof<NatState>() + 1) & ~1;
/** The record and the stale Contact's host (text.ts form): removed by the next REGISTER. */
export const NAT_STATE_SIZE: usize = STALE_AT + 2 + <usize>HOST_CAP;
export const NAT_STATE: usize = memory.data(<i32>NAT_STATE_SIZE, 2);
const STALE: usize = NAT_STATE + STALE_AT;

// @ts-ignore: decorator
@inline function nat(): NatState { return changetype<NatState>(NAT_STATE); }

/** Nothing learned: as at start-up. */
export function natReset(): void { zeroRecord(NAT_STATE, NAT_STATE_SIZE); }

@inline function lower(c: u32): u32 { return c >= 0x41 && c <= 0x5a ? c | 0x20 : c; }

function sameHost(a: usize, aLen: i32, b: usize, bLen: i32): bool {
  if (aLen != bLen) return false;
  for (let i: usize = 0; i < <usize>aLen; i++) if (lower(load<u8>(a + i)) != lower(load<u8>(b + i))) return false;
  return true;
}

/** The decimal port of field `id` of the message in RX, or 0 when absent, empty or out of range. */
function portOf(id: i32): u32 {
  if (!sipMessage.hasField(id)) return 0;
  const p = sipMessage.fieldPtr(id), n = sipMessage.fieldLength(id);
  if (n == 0 || n > 5) return 0;
  let v: u32 = 0;
  for (let i: usize = 0; i < <usize>n; i++) {
    const d = <u32>load<u8>(p + i) - 0x30;
    if (d > 9) return 0;
    v = v * 10 + d;
  }
  return v < 65536 ? v : 0;
}

/** SEEN := the host the top Via of the response in RX says the server saw; false when it does not fit. */
function seenHost(): bool {
  const id = sipMessage.hasField(sipMessage.F_VIA_RECEIVED) && sipMessage.fieldLength(sipMessage.F_VIA_RECEIVED) > 0 ? sipMessage.F_VIA_RECEIVED : sipMessage.F_VIA_HOST;
  if (!sipMessage.hasField(id)) return false;
  const p = sipMessage.fieldPtr(id), n = sipMessage.fieldLength(id);
  let colon = false;
  for (let i: usize = 0; i < <usize>n; i++) if (load<u8>(p + i) == 0x3a) colon = true;
  // received=2001:db8::1 may come without brackets (RFC 5118 §4.5); a Contact host needs them.
  const bracket = colon && load<u8>(p) != 0x5b;
  if (n + (bracket ? 2 : 0) > HOST_CAP) return false;
  const dst = textData(SEEN);
  let k: usize = 0;
  if (bracket) store<u8>(dst + k++, 0x5b);
  for (let i: usize = 0; i < <usize>n; i++) store<u8>(dst + k++, load<u8>(p + i));
  if (bracket) store<u8>(dst + k++, 0x5d);
  store<u16>(SEEN, <u16>k);
  return true;
}

/**
 * The 2xx to a REGISTER is in RX: the binding it confirmed no longer needs
 * the old Contact removed, and when its top Via shows an address other than
 * the Contact's, the Contact names that address from now on (moved()).
 */
export function registrarSaw(): void {
  nat().stalePort = 0;
  nat().moved = false;
  if (!seenHost()) return;
  // rport=<port> (RFC 3581 §4); without it the Via's own port, else 5060 (§18.2.2).
  let port = portOf(sipMessage.F_VIA_RPORT);
  if (port == 0) port = portOf(sipMessage.F_VIA_PORT);
  if (port == 0) port = 5060;
  const host = textData(SEEN), hostLength = textLength(SEEN);
  if (port == uaIdentity.sentByPort() && sameHost(host, hostLength, uaIdentity.contactHostData(), uaIdentity.contactHostLength())) return;
  if (setText(STALE, HOST_CAP, uaIdentity.contactHostData(), uaIdentity.contactHostLength())) nat().stalePort = <u16>uaIdentity.contactPort();
  uaIdentity.setPublicAddress(host, hostLength, port);
  nat().moved = true;
}

/** The last 2xx to a REGISTER showed a new address: the binding names the old one, and wants a new REGISTER. */
export function contactMoved(): bool { return nat().moved; }

/** The REGISTER's Contact header fields: the station's, and the stale one with expires=0 while there is one (§10.2.2). */
export function putRegisterContacts(): void {
  msgWriter.putHeaderName(H_CONTACT);
  putContactUri(uaIdentity.contactHostData(), uaIdentity.contactHostLength(), uaIdentity.contactPort());
  msgWriter.putCRLF();
  if (<u32>nat().stalePort == 0 || !uaIdentity.publicLearned()) return; // a new local address (identity.ts) forgets both
  msgWriter.putHeaderName(H_CONTACT);
  putContactUri(textData(STALE), textLength(STALE), <u32>nat().stalePort);
  msgWriter.putString(";expires=0");
  msgWriter.putCRLF();
}
