// Locating a registrar (RFC 3263 §4): from the configured host (an IPv4
// literal, or a DNS name with or without a port) to an ordered list of
// candidate transport addresses, through the board's resolver (board.resolve,
// answered by boardResolved: docs/transports.md, "Names"). One query is on
// its way at a time, but for the addresses of SRV targets, asked all at once
// (each answer fills the candidate slots of its target, so their order is
// RFC 2782's whatever order the answers come in); the answers are read from
// the receive buffer in the call that brings them and kept as candidates for
// their TTL (at most an hour).
// Pure: time comes in as `now`; the only effect is board.resolve.
//
//   literal             the address as it is, no query (§4.2)
//   name and port       A (AAAA first when the station has IPv6) of the name (§4.2)
//   name, no port       NAPTR (§4.1: SIP+D2U and SIP+D2T, the better order/preference
//                       decides the transport) → SRV of the replacement, or _sip._udp.NAME
//                       when NAPTR offers nothing the station speaks → A/AAAA of each target
//                       in RFC 2782 order → A/AAAA of the name on 5060 when no SRV (§4.2)
//   name, no port,      no NAPTR (§4.1: a transport given is used): SRV of _sip._tcp.NAME
//   TCP/TLS configured  (_sips._tcp.NAME for TLS, §4.2), then as above

import { boardResolve } from "../../board/imports";
import { reached } from "../../runtime/time";
import { PEER_SIZE, setPeerPort } from "../txn/peer";
import { RX, TX } from "../msg/buffers";
import * as R from "./records";
import { srvPick, SRV_MAX } from "./srv";

/** The transports a candidate may name (the configuration's values, app/config/layout.ts TRANSPORT_*). */
export const TRANSPORT_UDP: u8 = 0;
export const TRANSPORT_TCP: u8 = 1;
export const TRANSPORT_TLS: u8 = 2;

export const MAX_CANDIDATES = 4;
/** The longest time an answer is kept (docs/transports.md). */
export const TTL_MAX_S: u32 = 3600;
/** RFC 3263 §4.2: no port and no SRV record: the default SIP port. */
export const SIP_PORT: u32 = 5060;
const TARGETS = 2; // the registrar and the backup registrar

/** What the locator knows of one configured host. */
// @ts-ignore: decorator
@unmanaged class Target {
  /** The name's octets (the configuration's text, which outlives the answers); 0 for a literal. */
  name: usize;
  expiresAt: u32;
  nameLength: u8;
  count: u8;
  cursor: u8;
  /** Whether candidates are there (a literal, or a finished resolution). */
  known: bool;
  /** The configured port; 0: none given (SRV). */
  port: u16;
  /** The candidates' transport (TRANSPORT_*: one NAPTR service gives them all). */
  transport: u8;
  /** The transport the configuration names (locateWant): TRANSPORT_UDP is the default, which NAPTR may overrule. */
  want: u8;
}
const TARGET_SIZE = offsetof<Target>();
const TARGET_TABLE: usize = memory.data(<i32>TARGET_SIZE * TARGETS, 4);
/** MAX_CANDIDATES peers a target; an empty slot is all zero while a resolution fills them. */
const CANDIDATES: usize = memory.data(<i32>(PEER_SIZE * MAX_CANDIDATES * TARGETS), 4);

const STAGE_NAPTR: u8 = 1;
const STAGE_SRV: u8 = 2;
const STAGE_ADDRESS: u8 = 3;

/** The resolution under way. */
// @ts-ignore: decorator
@unmanaged class Pending {
  /** The smallest TTL (seconds) of the answers the candidates came from. */
  ttl: u32;
  which: u8;
  stage: u8;
  /** Queries unanswered. */
  open: u8;
  /** The station has an IPv6 address: AAAA before A (RFC 8305 §3; docs/transports.md). */
  v6: bool;
}
const PENDING: usize = memory.data(<i32>offsetof<Pending>(), 4);
/**
 * The queries on their way: id, the first and the end candidate slot their addresses go to (a nibble each),
 * the port (u16 BE). Four: with IPv6 (AAAA and A each) the addresses of the first two SRV targets only.
 */
const QUERY_SIZE: usize = 4;
const QUERIES_MAX = 4;
const QUERIES: usize = memory.data(<i32>(QUERY_SIZE * QUERIES_MAX));
// @ts-ignore: decorator
@inline function p(): Pending { return changetype<Pending>(PENDING); }
// @ts-ignore: decorator
@inline function target(which: i32): Target { return changetype<Target>(TARGET_TABLE + <usize>which * TARGET_SIZE); }
function candidate(which: i32, i: i32): usize { return CANDIDATES + (<usize>(which * MAX_CANDIDATES + i)) * PEER_SIZE; }
function query(i: i32): usize { return QUERIES + <usize>i * QUERY_SIZE; }

/** Forgets every target, candidate and query on its way (the IPv6 choice stays). */
export function locateReset(): void {
  memory.fill(TARGET_TABLE, 0, TARGET_SIZE * TARGETS);
  memory.fill(QUERIES, 0, QUERY_SIZE * QUERIES_MAX);
  const v6 = p().v6;
  memory.fill(PENDING, 0, offsetof<Pending>());
  p().v6 = v6;
}

/** Whether the station has an IPv6 address of its own (AAAA asked before A). */
export function locateUseIPv6(on: bool): void { p().v6 = on; }

function forget(): void { memory.fill(QUERIES, 0, QUERY_SIZE * QUERIES_MAX); p().open = 0; }

/**
 * Target `which` (0 registrar, 1 backup) is the literal address already written at locateLiteral(which)
 * when `literal`, else the DNS name of `len` octets at `name` (none when 0); `port` 0 when none is given.
 */
export function locateSet(which: i32, literal: bool, name: usize, len: i32, port: u32): void {
  const t = target(which);
  t.name = literal || len <= 0 ? 0 : name;
  t.nameLength = <u8>(t.name != 0 ? len : 0);
  t.port = <u16>port;
  t.cursor = 0;
  t.known = literal;
  t.count = t.known ? 1 : 0;
  t.transport = t.want;
  if (p().open != 0 && <i32>p().which == which) forget(); // answers still on their way are for the old host
  if (t.known) setPeerPort(candidate(which, 0), port != 0 ? port : SIP_PORT);
}

/** Where the settings write `which`'s literal address (18-octet form, any port) before locateSet(which, true, ...). */
export function locateLiteral(which: i32): usize { return candidate(which, 0); }

/** Whether `which` needs a resolution before it is used: a name never resolved, or its answers' TTL ran out. */
export function locateStale(which: i32, now: u32): bool {
  const t = target(which);
  return t.name != 0 && (!t.known || reached(t.expiresAt, now));
}

/**
 * The transport the configuration names for `which` (registrar.transport; kept across locateSet). TCP: a name
 * without a port is asked SRV of _sip._tcp.NAME, no NAPTR (RFC 3263 §4.1, §4.2). UDP, the default: NAPTR
 * chooses among the services the station speaks (§4.1).
 */
export function locateWant(which: i32, transport: u8): void { const t = target(which); t.want = transport; t.transport = transport; }

export function locateCount(which: i32): i32 { return <i32>target(which).count; }
/** `which`'s DNS name as configured (0 and length 0 for a literal): the name a TLS certificate must match (RFC 5922 §7.2). */
export function locateName(which: i32): usize { return target(which).name; }
export function locateNameLength(which: i32): i32 { return <i32>target(which).nameLength; }
export function locateTransport(which: i32): u8 { return target(which).transport; }

/** The current candidate's peer (18 octets, sip/txn/peer.ts), or 0 when there is none. */
export function locatePeer(which: i32): usize {
  const t = target(which);
  return t.cursor < t.count ? candidate(which, <i32>t.cursor) : 0;
}

/** §4.3: the current candidate failed (no answer, 503): moves to the next; false when none is left (the cursor is back on the first). */
export function locateNext(which: i32): bool {
  const t = target(which);
  if (<i32>t.cursor + 1 < <i32>t.count) {
    t.cursor++;
    return true;
  }
  t.cursor = 0;
  return false;
}

/** Asks for `type` records of `name`; their answer fills slots [first, end) on `port` (addresses only). */
function ask(type: i32, name: usize, len: i32, first: i32, end: i32, port: u32): bool {
  let q: i32 = 0;
  while (q < QUERIES_MAX && load<u8>(query(q)) != 0) q++;
  if (q == QUERIES_MAX) return false;
  const id = boardResolve(type, name, len);
  if (id <= 0 || id > 255) return false;
  const e = query(q);
  store<u8>(e, <u8>id);
  store<u8>(e + 1, <u8>(first | (end << 4)));
  store<u8>(e + 2, <u8>(port >> 8));
  store<u8>(e + 3, <u8>port);
  p().open++;
  return true;
}

/** Asks the addresses of a name for slots [first, end): AAAA then A with IPv6, A only without; false when none could be asked. */
function askAddresses(name: usize, len: i32, first: i32, end: i32, port: u32): bool {
  p().stage = STAGE_ADDRESS;
  const v6 = p().v6 && ask(R.TYPE_AAAA, name, len, first, end, port);
  return ask(R.TYPE_A, name, len, first, end, port) || v6;
}

/** Starts resolving `which` (no-op while one is on its way for it); false when the board has no resolver, or another target's resolution is on its way. */
export function locateStart(which: i32, now: u32): bool {
  const q = p();
  if (q.open != 0) return <i32>q.which == which;
  const t = target(which);
  if (t.name == 0) return false;
  q.which = <u8>which;
  q.ttl = TTL_MAX_S;
  t.count = 0;
  t.cursor = 0;
  t.known = false;
  t.transport = t.want;
  memory.fill(candidate(which, 0), 0, PEER_SIZE * MAX_CANDIDATES);
  if (t.port != 0) return askAddresses(t.name, <i32>t.nameLength, 0, MAX_CANDIDATES, <u32>t.port); // §4.2: a port given: A/AAAA only
  if (t.want != TRANSPORT_UDP) return askSrvOfName(t); // §4.1: "that transport protocol SHOULD be used"; §4.2: SRV for it
  q.stage = STAGE_NAPTR;
  return ask(R.TYPE_NAPTR, t.name, <i32>t.nameLength, 0, 0, 0);
}

/**
 * The answer to query `id` (boardResolved): `count` records of the type asked for in the receive buffer
 * (status 0), or none (1 no such name or records, 2 the resolver failed). Returns the target whose
 * resolution ended (its candidates may be none), or -1 while it goes on or the answer is not awaited.
 */
export function locateAnswer(id: i32, status: i32, count: i32, now: u32): i32 {
  let i = 0;
  while (i < QUERIES_MAX && (id <= 0 || <i32>load<u8>(query(i)) != id)) i++;
  if (i == QUERIES_MAX) return -1;
  const q = p();
  const e = query(i);
  store<u8>(e, 0);
  q.open--;
  const type = q.stage == STAGE_NAPTR ? R.TYPE_NAPTR : q.stage == STAGE_SRV ? R.TYPE_SRV : R.TYPE_A;
  const n = status == 0 ? R.wholeRecords(type, count) : 0;
  if (q.stage == STAGE_NAPTR) onNaptr(n);
  else if (q.stage == STAGE_SRV) onSrv(n);
  else onAddresses(n, <i32>load<u8>(e + 1) & 15, <i32>load<u8>(e + 1) >> 4, (<u32>load<u8>(e + 2) << 8) | <u32>load<u8>(e + 3));
  if (q.open != 0) return -1;
  finish(now);
  return <i32>q.which;
}

/** All answered: the filled slots, in order, become the candidates. */
function finish(now: u32): void {
  const q = p();
  const t = target(<i32>q.which);
  let n = 0;
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const c = candidate(<i32>q.which, i);
    if (empty(c)) continue;
    if (n != i) { memory.copy(candidate(<i32>q.which, n), c, PEER_SIZE); memory.fill(c, 0, PEER_SIZE); }
    n++;
  }
  t.count = <u8>n;
  t.cursor = 0;
  t.known = true;
  t.expiresAt = now + (q.ttl < TTL_MAX_S ? q.ttl : TTL_MAX_S) * 1000;
}

function empty(c: usize): bool {
  for (let k: usize = 0; k < PEER_SIZE; k++) if (load<u8>(c + k) != 0) return false;
  return true;
}

function keepTtl(ttl: u32): void { if (ttl < p().ttl) p().ttl = ttl; }

/** §4.1: the NAPTR record of a service the station speaks with the lowest order, then preference; its SRV next, its service the transport. */
function onNaptr(n: i32): void {
  let best = -1;
  for (let i = 0; i < n; i++) {
    const off = R.recordAt(R.TYPE_NAPTR, i);
    if (!R.stringIs(R.naptrFlags(off), R.FLAG_S, 1) || transportOf(R.naptrService(off)) < 0) continue;
    if (best < 0 || R.naptrOrder(off) < R.naptrOrder(best) || (R.naptrOrder(off) == R.naptrOrder(best) && R.naptrPreference(off) < R.naptrPreference(best))) best = off;
  }
  const t = target(<i32>p().which);
  if (best >= 0) {
    p().stage = STAGE_SRV;
    keepTtl(R.ttlAt(best));
    t.transport = <u8>transportOf(R.naptrService(best));
    const r = R.naptrReplacement(best);
    if (ask(R.TYPE_SRV, RX + <usize>r + 1, <i32>R.u8at(r), 0, 0, 0)) return; // the board copies the name within the call
    t.transport = TRANSPORT_UDP;
  }
  askSrvOfName(t); // no NAPTR of a service the station speaks: _sip._udp.NAME (§4.1)
}

/** SRV of _sip._udp, _sip._tcp or _sips._tcp.NAME (the target's transport; RFC 3263 §4.1, §4.2), written in TX (free between messages). */
function askSrvOfName(t: Target): bool {
  p().stage = STAGE_SRV;
  const len = <i32>t.nameLength;
  const k = R.writeSrvPrefix(TX, <i32>t.transport);
  memory.copy(TX + <usize>k, t.name, <usize>len); // a name has at most 255 octets: TX holds it
  return ask(R.TYPE_SRV, TX, k + len, 0, 0, 0);
}

/** The transport of a NAPTR service the station speaks (RFC 3263 §4.1, length-prefixed at `off`), or -1 (SIPS+D2T once TLS is in). */
function transportOf(off: i32): i32 {
  if (R.stringIs(off, R.SERVICE_D2U, 7)) return TRANSPORT_UDP;
  return R.stringIs(off, R.SERVICE_D2T, 7) ? TRANSPORT_TCP : -1;
}

/** SRV answered: the addresses of its targets, asked at once, each for its share of the slots in RFC 2782 order; none: the name itself on 5060 (§4.2). */
function onSrv(n: i32): void {
  if (n > SRV_MAX) n = SRV_MAX;
  let taken: u32 = 0;
  let usable = 0;
  // A target of "." (written as an empty name): the service is not offered there (RFC 2782).
  for (let i = 0; i < n; i++) if (R.srvTargetLength(R.recordAt(R.TYPE_SRV, i)) > 0) usable++;
  const targets = usable < MAX_CANDIDATES ? usable : MAX_CANDIDATES;
  let k = 0;
  for (let round = 0; round < n && k < targets; round++) {
    const i = srvPick(n, taken);
    taken |= <u32>1 << <u32>i;
    const off = R.recordAt(R.TYPE_SRV, i);
    const len = R.srvTargetLength(off);
    if (len == 0) continue;
    keepTtl(R.ttlAt(off));
    askAddresses(RX + <usize>R.srvTarget(off), len, k * MAX_CANDIDATES / targets, (k + 1) * MAX_CANDIDATES / targets, R.srvPort(off));
    k++;
  }
  // No SRV record at all (§4.2): the name itself on 5060. Only "." targets: the service is not there, no candidate.
  if (n == 0) { const t = target(<i32>p().which); askAddresses(t.name, <i32>t.nameLength, 0, MAX_CANDIDATES, SIP_PORT); }
}

/** Addresses answered: each fills a free slot of [first, end), in the order the answers come (AAAA and A of one target alike). */
function onAddresses(n: i32, first: i32, end: i32, port: u32): void {
  const which = <i32>p().which;
  for (let i = 0; i < n; i++) {
    const off = i * R.ADDRESS_RECORD;
    let s = first;
    while (s < end && !empty(candidate(which, s))) s++;
    if (s == end) return;
    keepTtl(R.ttlAt(off));
    const c = candidate(which, s);
    memory.copy(c, RX + <usize>off + 4, 16);
    store<u8>(c + 16, <u8>(port >> 8));
    store<u8>(c + 17, <u8>port);
  }
}
