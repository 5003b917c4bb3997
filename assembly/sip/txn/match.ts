// Where a server transaction answers and which one a request belongs to
// (RFC 3261 §18.2.2 with RFC 3581; §17.2.3 matching by branch and sent-by, or
// by the RFC 2543 fields when the branch lacks the magic cookie).

import * as txnTable from "./table";
import { RX_PEER, copyPeer, PEER_SIZE } from "./peer";
import * as sipMessage from "../msg/message";
import { M_INVITE, M_ACK } from "../msg/methods";
import { equalBytes, at } from "../msg/scan";
import { fnv } from "../msg/response";
import { rxStream } from "../transport/streams";

const DEST: usize = memory.data(<i32>PEER_SIZE);

/** §18.2.2 with RFC 3581: answer the source address; its port when rport was asked, else the Via port (5060); over a stream, its peer (the connection). */
export function responseDestination(): usize {
  copyPeer(DEST, RX_PEER);
  if (rxStream() == 0 && !sipMessage.hasField(sipMessage.F_VIA_RPORT)) {
    let port: u32 = 5060;
    if (sipMessage.hasField(sipMessage.F_VIA_PORT)) {
      port = 0;
      const p = sipMessage.fieldPtr(sipMessage.F_VIA_PORT);
      for (let k = 0; k < sipMessage.fieldLength(sipMessage.F_VIA_PORT); k++) port = port * 10 + (at(p + <usize>k) - 0x30);
    }
    store<u8>(DEST + 16, <u8>(port >>> 8));
    store<u8>(DEST + 17, <u8>port);
  }
  return DEST;
}

/** Whether a response can go to `dest` at all: port 0 is nowhere (RFC 768 has no port 0 to send to). */
export function deliverable(dest: usize): bool {
  return load<u8>(dest + 16) != 0 || load<u8>(dest + 17) != 0;
}

export function hasMagicCookie(): bool {
  if (!sipMessage.hasField(sipMessage.F_VIA_BRANCH) || sipMessage.fieldLength(sipMessage.F_VIA_BRANCH) < 7) return false;
  const b = sipMessage.fieldPtr(sipMessage.F_VIA_BRANCH);
  return at(b) == 0x7a && at(b + 1) == 0x39 && at(b + 2) == 0x68 && at(b + 3) == 0x47 && at(b + 4) == 0x34 && at(b + 5) == 0x62 && at(b + 6) == 0x4b;
}

/**
 * RFC 2543 matching (§17.2.3): Request-URI, From tag, Call-ID, CSeq number
 * and the top Via (sent-by, transport, branch), hashed. The To tag is left
 * out so that an ACK (which carries the response's To tag) still matches.
 */
export function legacyKey(): u32 {
  let h: u32 = 2166136261;
  h = fnv(h, sipMessage.F_REQUEST_URI);
  h = fnv(h, sipMessage.F_VIA_BRANCH);
  h = fnv(h, sipMessage.F_VIA_TRANSPORT);
  h = fnv(h, sipMessage.F_CALL_ID);
  h = fnv(h, sipMessage.F_FROM_TAG);
  h = fnv(h, sipMessage.F_CSEQ_NUMBER);
  h = fnv(h, sipMessage.F_VIA_HOST);
  h = fnv(h, sipMessage.F_VIA_PORT);
  return h | 1;
}

/** The server transaction a request in RX belongs to; ACK matches its INVITE's (§17.2.3). -1 if none. */
export function matchServer(): i32 {
  const m = sipMessage.method();
  const cookie = hasMagicCookie();
  const key = cookie ? 0 : legacyKey();
  const b = cookie ? sipMessage.fieldPtr(sipMessage.F_VIA_BRANCH) : 0;
  const bl = cookie ? sipMessage.fieldLength(sipMessage.F_VIA_BRANCH) : 0;
  const sb = sipMessage.fieldPtr(sipMessage.F_VIA_HOST);
  const sbl = sentByLength();
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    const k = txnTable.kind(i);
    if (k != txnTable.IST && k != txnTable.NIST) continue;
    const tm = txnTable.method(i);
    if (tm != m && !(m == M_ACK && tm == M_INVITE)) continue;
    if (cookie) {
      if (equalBytes(b, bl, txnTable.branch(i), txnTable.branchLength(i)) && equalBytes(sb, sbl, txnTable.sentBy(i), txnTable.sentByLength(i))) return i;
    } else if (txnTable.key(i) == key && (m != M_ACK || tm == M_INVITE)) {
      return i;
    }
  }
  return -1;
}

/** The INVITE server transaction a CANCEL in RX cancels (§9.2): same branch and sent-by, method INVITE; -1 if none. */
export function matchInviteServer(): i32 {
  if (!hasMagicCookie()) return -1;
  const b = sipMessage.fieldPtr(sipMessage.F_VIA_BRANCH);
  const bl = sipMessage.fieldLength(sipMessage.F_VIA_BRANCH);
  const sb = sipMessage.fieldPtr(sipMessage.F_VIA_HOST);
  const sbl = sentByLength();
  for (let i = 0; i < txnTable.MAX_TRANSACTIONS; i++) {
    if (txnTable.kind(i) != txnTable.IST) continue;
    if (equalBytes(b, bl, txnTable.branch(i), txnTable.branchLength(i)) && equalBytes(sb, sbl, txnTable.sentBy(i), txnTable.sentByLength(i))) return i;
  }
  return -1;
}

/** Length of the top Via's sent-by (host, and port when present) in RX. */
export function sentByLength(): i32 {
  const sb = sipMessage.fieldPtr(sipMessage.F_VIA_HOST);
  const end = sipMessage.hasField(sipMessage.F_VIA_PORT) ? sipMessage.fieldPtr(sipMessage.F_VIA_PORT) + <usize>sipMessage.fieldLength(sipMessage.F_VIA_PORT) : sb + <usize>sipMessage.fieldLength(sipMessage.F_VIA_HOST);
  return <i32>(end - sb);
}

