// The SIP stack as at start-up, in one call (issue 15): every named record of
// its layers back to the image a fresh module has (each record's own reset),
// and the tables without a record of their own emptied. The settings a
// configuration writes (identity, outbound proxy, local port, the timer base,
// the re-offer handler) are not state: applying a configuration sets them.

import { resetMessage } from "../msg/message";
import { unsupportedReset } from "../msg/policy";
import { viaSourceReset } from "../msg/response";
import { txReset } from "../msg/writer";
import { resetTable } from "../txn/table";
import { streamsReset } from "../transport/streams";
import { outboxReset } from "../txn/outbox";
import { eventsReset } from "../txn/events";
import { sourcesClear } from "../txn/sources";
import { txnCountersReset } from "../txn/counters";
import { noncesReset } from "../auth/nonces";
import { credentialsReset } from "../auth/credentials";
import { resetChallenge } from "../auth/challenge";
import { MAX_CALLS, freeCall } from "./calls";
import { randomReset } from "./random";
import { bodyReset } from "./body";
import { uaEventsReset } from "./events";
import { pagerReset } from "./pager";
import { referReset } from "./refer";
import { registerReset } from "./register";
import { natReset } from "./nat";
import { dialogInfoReset } from "./dialog-info";
import { admitReset } from "./admit";
import { forgetPublic } from "./identity";
import { trustClear } from "./trust";
import { publishReset } from "./publish";
import { subscriptionsReset } from "./subscriptions";

/** Every record of the SIP layers as a fresh module has it: no message, no transaction, call or subscription, nobody trusted. */
export function sipReset(): void {
  // sip/msg
  resetMessage();
  unsupportedReset();
  viaSourceReset();
  txReset();
  streamsReset();
  // sip/txn
  resetTable();
  outboxReset();
  eventsReset();
  sourcesClear();
  txnCountersReset();
  // sip/auth
  noncesReset();
  credentialsReset();
  resetChallenge();
  // sip/ua
  for (let c = 0; c < MAX_CALLS; c++) freeCall(c);
  randomReset();
  bodyReset();
  uaEventsReset();
  pagerReset();
  referReset();
  registerReset();
  natReset();
  dialogInfoReset();
  admitReset();
  forgetPublic();
  trustClear();
  publishReset();
  subscriptionsReset();
}
