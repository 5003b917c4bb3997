// The SIP layers keep their state in named records over static memory, each
// with one reset (issue 15): a reset gives back every octet of its record as
// the module started, so a field added to a record cannot be forgotten by its
// reset. Each record is copied before any test runs (the fresh module),
// scribbled over, reset and compared octet by octet.
import { PARSED_MESSAGE, ParsedMessage, resetMessage } from "../../../assembly/sip/msg/message";
import { UNSUPPORTED_TAGS, UNSUPPORTED_TAGS_SIZE, unsupportedReset } from "../../../assembly/sip/msg/policy";
import { VIA_SOURCE, VIA_SOURCE_SIZE, viaSourceReset } from "../../../assembly/sip/msg/response";
import { OUTBOX_QUEUE, OutboxQueue, outboxReset } from "../../../assembly/sip/txn/outbox";
import { TXN_EVENT_QUEUE, TxnEventQueue, eventsReset } from "../../../assembly/sip/txn/events";
import { TRUSTED_SOURCES, TRUSTED_SOURCES_SIZE, sourcesClear } from "../../../assembly/sip/txn/sources";
import { TXN_COUNTERS, TxnCounters, txnCountersReset } from "../../../assembly/sip/txn/counters";
import { NONCE_TABLE, NONCE_TABLE_SIZE, noncesReset } from "../../../assembly/sip/auth/nonces";
import { RANDOM_STATE, RandomState, randomReset } from "../../../assembly/sip/ua/random";
import { BODY_LENGTH, BodyLength, bodyReset } from "../../../assembly/sip/ua/body";
import { UA_EVENT_QUEUE, UaEventQueue, uaEventsReset } from "../../../assembly/sip/ua/events";
import { PAGER_STATE, PAGER_STATE_SIZE, pagerReset } from "../../../assembly/sip/ua/pager";
import { REFER_STATE, REFER_STATE_SIZE, referReset } from "../../../assembly/sip/ua/refer";
import { REGISTER_STATE, REGISTER_STATE_SIZE, registerReset } from "../../../assembly/sip/ua/register";
import { NAT_STATE, NAT_STATE_SIZE, natReset } from "../../../assembly/sip/ua/nat";
import { DIALOG_REPORT, DialogReport, dialogInfoReset } from "../../../assembly/sip/ua/dialog-info";
import { ADMIT_STATE, AdmitState, admitReset } from "../../../assembly/sip/ua/admit";
import { PUBLIC_ADDRESS, PublicAddress, forgetPublic } from "../../../assembly/sip/ua/identity";
import { TRUST_LIST, TRUST_LIST_SIZE, trustClear } from "../../../assembly/sip/ua/trust";
import { PUBLICATION_AT, PUBLICATION_SIZE } from "../../../assembly/sip/ua/publish";
import { sipReset } from "../../../assembly/sip/ua/reset";

/** One record: where it lives, its size, and a copy of it as the module started (held as a reference, so the collector keeps it). */
class Record {
  fresh: ArrayBuffer;
  constructor(public name: string, public at: usize, public size: usize) {
    this.fresh = new ArrayBuffer(<i32>size);
    memory.copy(changetype<usize>(this.fresh), at, size);
  }
  /** Every octet set to `v`: each field changed from its start value (no field starts at 0x5a in all octets). */
  scribble(v: u8 = 0x5a): void { memory.fill(this.at, v, this.size); }
  isFresh(): bool { return memory.compare(this.at, changetype<usize>(this.fresh), this.size) == 0; }
}

// Copied at instantiation, before any test changes a record.
const parsed = new Record("ParsedMessage", PARSED_MESSAGE, offsetof<ParsedMessage>());
const unsupported = new Record("UnsupportedTags", UNSUPPORTED_TAGS, UNSUPPORTED_TAGS_SIZE);
const viaSource = new Record("ViaSource", VIA_SOURCE, VIA_SOURCE_SIZE);
const outbox = new Record("OutboxQueue", OUTBOX_QUEUE, offsetof<OutboxQueue>());
const txnEvents = new Record("TxnEventQueue", TXN_EVENT_QUEUE, offsetof<TxnEventQueue>());
const sources = new Record("TrustedSources", TRUSTED_SOURCES, TRUSTED_SOURCES_SIZE);
const counters = new Record("TxnCounters", TXN_COUNTERS, offsetof<TxnCounters>());
const nonces = new Record("NonceSlot table", NONCE_TABLE, NONCE_TABLE_SIZE);
const random = new Record("RandomState", RANDOM_STATE, offsetof<RandomState>());
const body = new Record("BodyLength", BODY_LENGTH, offsetof<BodyLength>());
const uaEvents = new Record("UaEventQueue", UA_EVENT_QUEUE, offsetof<UaEventQueue>());
const pager = new Record("PagerState", PAGER_STATE, PAGER_STATE_SIZE);
const refer = new Record("ReferState", REFER_STATE, REFER_STATE_SIZE);
const register = new Record("RegisterState", REGISTER_STATE, REGISTER_STATE_SIZE);
const nat = new Record("NatState", NAT_STATE, NAT_STATE_SIZE);
const report = new Record("DialogReport", DIALOG_REPORT, offsetof<DialogReport>());
const admit = new Record("AdmitState", ADMIT_STATE, offsetof<AdmitState>());
const publicAddress = new Record("PublicAddress", PUBLIC_ADDRESS, offsetof<PublicAddress>());
const trust = new Record("TrustList", TRUST_LIST, TRUST_LIST_SIZE);
const publication = new Record("Publication", PUBLICATION_AT, PUBLICATION_SIZE);

/** Scribbles over `r`, runs `reset` and tells whether every octet is as at start (false too when the scribble changed nothing). */
function resetRestores(r: Record, reset: () => void): bool {
  r.scribble();
  if (r.isFresh()) return false;
  reset();
  return r.isFresh();
}

describe("a SIP record's reset gives back every octet as the module started", () => {
  it("resetMessage: ParsedMessage (its -1 fields included)", () => { expect(resetRestores(parsed, resetMessage)).toBe(true); });
  it("unsupportedReset: UnsupportedTags and their offsets", () => { expect(resetRestores(unsupported, unsupportedReset)).toBe(true); });
  it("viaSourceReset: ViaSource and its address text", () => { expect(resetRestores(viaSource, viaSourceReset)).toBe(true); });
  it("outboxReset: OutboxQueue", () => { expect(resetRestores(outbox, outboxReset)).toBe(true); });
  it("eventsReset: TxnEventQueue", () => { expect(resetRestores(txnEvents, eventsReset)).toBe(true); });
  it("sourcesClear: TrustedSources and their peers", () => { expect(resetRestores(sources, sourcesClear)).toBe(true); });
  it("txnCountersReset: TxnCounters", () => { expect(resetRestores(counters, txnCountersReset)).toBe(true); });
  it("noncesReset: every NonceSlot and its nonce", () => { expect(resetRestores(nonces, noncesReset)).toBe(true); });
  it("randomReset: RandomState back to its constants", () => { expect(resetRestores(random, randomReset)).toBe(true); });
  it("bodyReset: BodyLength", () => { expect(resetRestores(body, bodyReset)).toBe(true); });
  it("uaEventsReset: UaEventQueue", () => { expect(resetRestores(uaEvents, uaEventsReset)).toBe(true); });
  it("pagerReset: PagerState, its Call-ID and tag", () => { expect(resetRestores(pager, pagerReset)).toBe(true); });
  it("referReset: ReferState and its Event value", () => { expect(resetRestores(refer, referReset)).toBe(true); });
  it("registerReset: RegisterState, its Call-IDs and tag", () => { expect(resetRestores(register, registerReset)).toBe(true); });
  it("natReset: NatState and the stale host", () => { expect(resetRestores(nat, natReset)).toBe(true); });
  it("dialogInfoReset: DialogReport", () => { expect(resetRestores(report, dialogInfoReset)).toBe(true); });
  it("admitReset: AdmitState", () => { expect(resetRestores(admit, admitReset)).toBe(true); });
  it("forgetPublic: PublicAddress", () => { expect(resetRestores(publicAddress, forgetPublic)).toBe(true); });
  it("trustClear: TrustList and its entries", () => { expect(resetRestores(trust, trustClear)).toBe(true); });
});

const ALL: Record[] = [parsed, unsupported, viaSource, outbox, txnEvents, sources, counters, nonces, random, body, uaEvents,
  pager, refer, register, nat, report, admit, publicAddress, trust, publication];

describe("sipReset: the SIP stack as at start-up in one call", () => {
  it("every record of the SIP layers is as the module started, after all were scribbled over", () => {
    for (let i = 0; i < ALL.length; i++) ALL[i].scribble();
    sipReset();
    let stale = "";
    for (let i = 0; i < ALL.length; i++) if (!ALL[i].isFresh()) stale += ALL[i].name + " ";
    expect(stale).toBe("");
  });
});
