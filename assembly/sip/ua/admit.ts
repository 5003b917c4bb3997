// Who may start something here: the gate in front of a new INVITE and a new
// SUBSCRIBE (outside any dialog). A request is believed only from a trusted
// source (txn/sources.ts: the registrar or the backup registrar, address
// and port): the PBX authenticated its users, and its P-Asserted-Identity
// names the caller (RFC 3325 §9.1: believed only from a trusted element);
// without one the From does. From anyone else a request is refused with
// 403 (RFC 3261 §21.4.4), unless direct calls are on: then the From must
// name an allowed caller with a secret, and the caller proves it holds the
// secret with digest authentication (RFC 3261 §22.4: this UA as the server
// challenges with 401 and checks the Authorization of the request sent
// again). Refusals and challenges are answered statelessly and the server
// transaction released at once (§8.2.6: a UAS may answer without keeping
// state), so strangers hold no transaction slot.

import * as msgWriter from "../msg/writer";
import * as sipMessage from "../msg/message";
import { RX } from "../msg/buffers";
import { equalsIgnoreCase } from "../msg/scan";
import { beginResponseFor, statelessTag } from "../msg/response";
import { responseDestination } from "../txn/server";
import { sendCopyOfTx } from "../txn/outbox";
import { isTrustedSource } from "../txn/sources";
import { RX_PEER } from "../txn/peer";
import * as txnTable from "../txn/table";
import { readAuthorization, checkAuthorization, putChallenge, AUTHZ_OK, AUTHZ_STALE } from "../auth/server";
import { nonceIssue, NONCE_LENGTH } from "../auth/nonces";
import { randomHex } from "./random";
import { identityData, identityLength, ID_DOMAIN } from "./identity";
import { trustFind, trustUser, trustSecret, trustSecretLength, innerUri, TRUST_CALLER } from "./trust";
import { spanAt, spanLength } from "../txn/span";
import { zeroRecord } from "../txn/record";

/** The gate's settings and its last verdict, laid over static memory (never allocated). */
// @ts-ignore: decorator
@unmanaged export class AdmitState {
  /** Callers may call (and subscribe) directly, authenticated by digest; set from the configuration. */
  directCalls: bool;
  /**
   * Every request is believed as if it came through the PBX: only for the SIP
   * engine ABI (engine-abi.ts: a plain UA such as the test suites'
   * apartments). The station never sets it; off at start.
   */
  anyone: bool;
  /** The trust entry (trust.ts) naming whoever sent the request admitted last, plus one (0: none does). */
  admitted: u8;
}

export const ADMIT_STATE: usize = memory.data(<i32>offsetof<AdmitState>());

// @ts-ignore: decorator
@inline function gate(): AdmitState { return changetype<AdmitState>(ADMIT_STATE); }

/** Direct calls off, nobody admitted: as at start-up. */
export function admitReset(): void { zeroRecord(ADMIT_STATE, offsetof<AdmitState>()); }
export function setDirectCalls(on: bool): void { gate().directCalls = on; }
export function admitAnyone(on: bool): void { gate().anyone = on; }
/** The trust entry (trust.ts) naming whoever sent the request admitted last, or -1 when none does. */
export function admittedEntry(): i32 { return <i32>gate().admitted - 1; }
function setAdmitted(entry: i32): void { gate().admitted = <u8>(entry + 1); }

const RANDOM: usize = memory.data(NONCE_LENGTH);

/** Answers the request in RX with `code` (401: with a new challenge) without a transaction, and releases t. */
function answer(t: i32, code: i32, stale: bool, now: u32): void {
  beginResponseFor(code, statelessTag(), 10);
  if (code == 401) {
    randomHex(RANDOM, NONCE_LENGTH);
    putChallenge(identityData(ID_DOMAIN), identityLength(ID_DOMAIN), nonceIssue(RANDOM, now), NONCE_LENGTH, stale);
  }
  const len = msgWriter.endMessage(0, 0);
  if (len > 0) sendCopyOfTx(len, responseDestination());
  txnTable.release(t);
}

/** RFC 3325 §9.1: the first P-Asserted-Identity value, as the URI of its name-addr (a span, txn/span.ts); 0 when none. */
function assertedIdentity(): u64 {
  for (let i = 0; i < sipMessage.headerCount(); i++) {
    const name = RX + <usize>sipMessage.headerNameStart(i);
    if (!equalsIgnoreCase(name, sipMessage.headerNameLength(i), changetype<usize>("P-Asserted-Identity"))) continue;
    return innerUri(RX + <usize>sipMessage.headerValueStart(i), sipMessage.headerValueLength(i));
  }
  return 0;
}

/**
 * The gate for the new request in RX (server transaction t), whose sender
 * must match a trust entry of `kind` (0: any) to be anyone here. True when
 * it may go on (admittedEntry: who sent it, -1 for an unknown party through
 * the PBX, for the application to refuse); false when it was answered here
 * (403, or 401 with a challenge) and t released.
 */
export function admit(t: i32, kind: u8, now: u32): bool {
  setAdmitted(-1);
  if (gate().anyone || isTrustedSource(RX_PEER)) {
    const pai = assertedIdentity();
    if (pai != 0) setAdmitted(trustFind(kind, spanAt(pai), spanLength(pai)));
    else if (sipMessage.hasField(sipMessage.F_FROM_URI)) setAdmitted(trustFind(kind, sipMessage.fieldPtr(sipMessage.F_FROM_URI), sipMessage.fieldLength(sipMessage.F_FROM_URI)));
    return true;
  }
  if (!gate().directCalls || !sipMessage.hasField(sipMessage.F_FROM_URI)) {
    answer(t, 403, false, now);
    return false;
  }
  const k = trustFind(TRUST_CALLER, sipMessage.fieldPtr(sipMessage.F_FROM_URI), sipMessage.fieldLength(sipMessage.F_FROM_URI));
  if (k < 0 || trustSecretLength(k) == 0) {
    answer(t, 403, false, now);
    return false;
  }
  if (!readAuthorization()) {
    answer(t, 401, false, now);
    return false;
  }
  const user = trustUser(k);
  const r = checkAuthorization(spanAt(user), spanLength(user), trustSecret(k), trustSecretLength(k), identityData(ID_DOMAIN), identityLength(ID_DOMAIN), now);
  if (r == AUTHZ_OK) {
    setAdmitted(k);
    return true;
  }
  answer(t, r == AUTHZ_STALE ? 401 : 403, r == AUTHZ_STALE, now);
  return false;
}
