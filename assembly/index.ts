// The release module's exports (build/firmware.wasm): the board ABI and the
// parser's own small ABI (docs/board-abi.md), nothing else: a board drives the
// station one way only. The SIP engine's exports, which drive the same state
// another way, are in the test build (engine-abi.ts, build/engine.wasm).
// This file only forwards; each concern lives in its own layer.

import "./board/fault";
import { RX, RX_CAPACITY, TX, TX_CAPACITY } from "./sip/msg/buffers";
import { parseMessage } from "./sip/msg/parser";
import * as sipMessage from "./sip/msg/message";
import { respondStateless } from "./sip/msg/response";
import { headerHashCollisions } from "./sip/msg/header-names";

/** Where the host writes a received datagram. */
export function rxBuffer(): usize { return RX; }
export function rxCapacity(): i32 { return RX_CAPACITY; }

/** Parses the `len` octets in the receive buffer: 0 when valid, otherwise the status code to answer with. */
export function parse(len: i32): i32 { return parseMessage(len); }

/** Field `id` of the parsed message: offset in the receive buffer (-1 when absent) and length. */
export function fieldStart(id: i32): i32 { return sipMessage.fieldStart(id); }
export function fieldLength(id: i32): i32 { return sipMessage.fieldLength(id); }

/** The reason phrase of the verdict (absolute address and length). */
export function reasonStart(): usize { return sipMessage.reasonPtr(); }
export function reasonLength(): i32 { return sipMessage.reasonLength(); }

/** Numbers of the parsed message (-1 when absent). */
export function statusCode(): i32 { return sipMessage.isRequest() ? -1 : sipMessage.statusCode(); }
export function methodId(): i32 { return sipMessage.isRequest() ? sipMessage.method() : -1; }
export function cseqNumber(): i32 { return sipMessage.hasField(sipMessage.F_CSEQ_NUMBER) ? <i32>sipMessage.cseqNumber() : -1; }
export function contentLength(): i32 { return sipMessage.contentLength(); }
/** The Expires header's delta-seconds (RFC 3261 §20.19), -1 when absent; the parser keeps at most 2^32-1, and past 2^31-1 this reads 2147483647 (68 years). */
export function expires(): i32 { return sipMessage.expires() > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>sipMessage.expires(); }
export function maxForwards(): i32 { return sipMessage.maxForwards(); }

/** The header lines of the parsed message, in order. */
export function headerCount(): i32 { return sipMessage.headerCount(); }
export function headerId(i: i32): i32 { return sipMessage.headerId(i); }
export function headerNameStart(i: i32): i32 { return sipMessage.headerNameStart(i); }
export function headerNameLength(i: i32): i32 { return sipMessage.headerNameLength(i); }
export function headerValueStart(i: i32): i32 { return sipMessage.headerValueStart(i); }
export function headerValueLength(i: i32): i32 { return sipMessage.headerValueLength(i); }

/** Where outgoing messages are built. */
export function txBuffer(): usize { return TX; }
export function txCapacity(): i32 { return TX_CAPACITY; }

/** Writes the stateless response `code` to the parsed request into the transmit buffer: its length, or -1. */
export function respond(code: i32): i32 { return respondStateless(code); }

/** Self-checks for tests: header-name hash collisions (must be 0), allocation attempts (must stay 0). */
export function selfCheckHashCollisions(): i32 { return headerHashCollisions(); }
export function allocationAttempts(): u32 { return __allocationAttempts; }

// ---- The intercom's board entry points (board/abi.ts) ----
import { RX_PEER } from "./sip/txn/peer";
import { activeCount } from "./sip/txn/table";
import * as txnServer from "./sip/txn/server";
/** Where the host writes the source address of a received datagram, and the board's own before boardSetAddress (18 octets). */
export function rxPeer(): usize { return RX_PEER; }
/** Transactions under way and requests dropped since start (no answer could be built or sent, txn/server.ts): the `stats` a board prints. */
export function activeTransactions(): i32 { return activeCount(); }
export function droppedRequests(): u32 { return txnServer.droppedRequests(); }
export * from "./board/abi";
import { appShutdown, appShutdownPending } from "./app/main";
/** The station is about to stop: it withdraws what it published (docs/board-abi.md); keep ticking while boardShutdownPending is 1, or give up. */
export function boardShutdown(now: u32): void { appShutdown(now); }
/** After boardShutdown: 1 while its last words (the presence removal, or a PUBLISH it follows) are unanswered, else 0. */
export function boardShutdownPending(): i32 { return appShutdownPending() ? 1 : 0; }
