// The board's end of the serial link (docs/serial-protocol.md, "Framing" and
// "Acknowledgements and retries"), below any command: octets in, requests
// out, and the octets to send back. It knows nothing of what a command does.
//
// - A packet that is no frame (short, too long, bad CRC, unknown kind, or a
//   run that overflows the buffer) is dropped, counted, and answered at once
//   with a NAK (kind response, sequence 0, command 0x7F), so the host resends
//   without waiting for its timeout.
// - A valid frame that is not a request (a response or an event: the board
//   sends those, it does not take them) is ignored.
// - A request with the sequence and command of the last response sent is a
//   retransmission (that response was lost): the cached response goes out
//   again and the request is not handed over to be acted on twice. Hello
//   clears the cache, so a new session never meets a stale response.
//
// The caller owns the memory: the record (LINK_SIZE octets), a receive buffer
// and a response buffer of frameCapacity(maxPayload) octets each. The
// response buffer is the cache: the last response stays in it until the next
// request is handed over. The caller acts on a request, and sends what
// linkOutput writes, all of it, before it passes more octets to linkReceive:
// the request lies in the receive buffer only until then.

import { frameCheck, frameSeal, FRAME_HEADER, FRAME_MIN, FRAME_OK, KIND_REQUEST, KIND_RESPONSE, CMD_HELLO, CMD_NAK, DROP_LONG, frameCapacity } from "./frame";
import { SlipDecoder, SlipEncoder, slipDecoderInit, slipDecode, slipEncoderInit, slipEncodeStart, slipEncodeNext, SLIP_MORE, SLIP_OVERFLOW } from "./slip";

// What linkReceive found.
/** The octets end no packet (all consumed). */
export const LINK_NONE: i32 = 0;
/** A new request is in the receive buffer: act on it, then linkAnswer. */
export const LINK_REQUEST: i32 = 1;
/** A retransmission of the last request: its cached response is on its way out again. */
export const LINK_REPEAT: i32 = 2;
/** A packet was dropped (l.lastDrop says why): a NAK is on its way out. */
export const LINK_DROPPED: i32 = 3;
/** A valid frame that is not a request: nothing to do. */
export const LINK_IGNORED: i32 = 4;

// @ts-ignore: decorator
@unmanaged export class Link {
  /** The receive buffer (the decoder's) and the response buffer, frameCapacity(maxPayload) octets each. */
  rx: usize;
  tx: usize;
  capacity: i32;
  /** The length of the cached response in tx (0: none). */
  cached: i32;
  /** The length of the frame in rx after LINK_REQUEST or LINK_IGNORED. */
  frame: i32;
  /** A request was handed over and waits for linkAnswer. */
  waiting: bool;
  /** Octets consumed by the last linkReceive. */
  taken: i32;
  /** Packets dropped since linkInit, and why the last one was (DROP_* of frame.ts). */
  drops: u32;
  lastDrop: i32;
  /** The NAK frame, sealed at linkInit: these two fields only hold its 8 octets. */
  nakHead: u32;
  nakCrc: u32;
}

if (offsetof<Link>() - offsetof<Link>("nakHead") != <usize>FRAME_MIN) ERROR("Link: the NAK fields do not hold one empty frame");

const O_DECODER: usize = offsetof<Link>();
const O_ENCODER: usize = O_DECODER + offsetof<SlipDecoder>();
/** The octets of the record linkInit lays out: the Link, its decoder, its encoder. */
export const LINK_SIZE: usize = O_ENCODER + offsetof<SlipEncoder>();

// @ts-ignore: decorator
@inline function decoder(l: Link): SlipDecoder { return changetype<SlipDecoder>(changetype<usize>(l) + O_DECODER); }
// @ts-ignore: decorator
@inline function encoder(l: Link): SlipEncoder { return changetype<SlipEncoder>(changetype<usize>(l) + O_ENCODER); }

/** The link at `at` (LINK_SIZE octets) over two buffers of frameCapacity(maxPayload) octets, in a new session. */
export function linkInit(at: usize, rx: usize, tx: usize, maxPayload: i32): Link {
  const l = changetype<Link>(at);
  l.rx = rx;
  l.tx = tx;
  l.capacity = frameCapacity(maxPayload);
  l.cached = 0;
  l.frame = 0;
  l.waiting = false;
  l.taken = 0;
  l.drops = 0;
  l.lastDrop = FRAME_OK;
  frameSeal(at + offsetof<Link>("nakHead"), KIND_RESPONSE, 0, CMD_NAK, 0, 0);
  slipDecoderInit(decoder(l), rx, l.capacity);
  slipEncoderInit(encoder(l));
  return l;
}

function dropped(l: Link, why: i32): i32 {
  l.drops++;
  l.lastDrop = why;
  slipEncodeStart(encoder(l), changetype<usize>(l) + offsetof<Link>("nakHead"), FRAME_MIN);
  return LINK_DROPPED;
}

/**
 * Octets from the line, up to the first that completes or drops a packet: what happened
 * (LINK_*); l.taken tells how many octets were consumed: call again with the rest.
 */
export function linkReceive(l: Link, ptr: usize, len: i32): i32 {
  const d = decoder(l);
  const r = slipDecode(d, ptr, len);
  l.taken = d.taken;
  if (r == SLIP_MORE) return LINK_NONE;
  if (r == SLIP_OVERFLOW) return dropped(l, DROP_LONG);
  const why = frameCheck(l.rx, r, l.capacity);
  if (why != FRAME_OK) return dropped(l, why);
  l.frame = r;
  l.waiting = false;
  if (load<u8>(l.rx) != KIND_REQUEST) return LINK_IGNORED;
  const seq = load<u8>(l.rx, 1), cmd = load<u8>(l.rx, 2);
  if (cmd != CMD_HELLO && l.cached > 0 && load<u8>(l.tx, 1) == seq && load<u8>(l.tx, 2) == cmd) {
    slipEncodeStart(encoder(l), l.tx, l.cached);
    return LINK_REPEAT;
  }
  // Hello clears the cache; any other new request will overwrite it with its own response.
  l.cached = 0;
  l.waiting = true;
  return LINK_REQUEST;
}

/** The request's sequence number, command and payload (after LINK_REQUEST). */
// @ts-ignore: decorator
@inline export function linkSeq(l: Link): u8 { return load<u8>(l.rx, 1); }
// @ts-ignore: decorator
@inline export function linkCommand(l: Link): u8 { return load<u8>(l.rx, 2); }
// @ts-ignore: decorator
@inline export function linkPayload(l: Link): usize { return l.rx + <usize>FRAME_HEADER; }
// @ts-ignore: decorator
@inline export function linkPayloadLength(l: Link): i32 { return l.frame - FRAME_MIN; }
/** Where the response's payload goes (in the response buffer), and the most it may hold. */
// @ts-ignore: decorator
@inline export function linkResponsePayload(l: Link): usize { return l.tx + <usize>FRAME_HEADER; }
// @ts-ignore: decorator
@inline export function linkMaxPayload(l: Link): i32 { return l.capacity - FRAME_MIN; }

/**
 * Answers the request handed over by the last LINK_REQUEST: `payloadLength` octets already
 * at linkResponsePayload, with `status`. The response is cached and on its way out: its
 * length; -1 (nothing sent) when no request waits for an answer or the payload is longer
 * than linkMaxPayload.
 */
export function linkAnswer(l: Link, status: u8, payloadLength: i32): i32 {
  if (!l.waiting || payloadLength < 0 || payloadLength > linkMaxPayload(l)) return -1;
  l.cached = frameSeal(l.tx, KIND_RESPONSE, linkSeq(l), linkCommand(l), status, payloadLength);
  l.waiting = false;
  slipEncodeStart(encoder(l), l.tx, l.cached);
  return l.cached;
}

/** Sends a frame of the caller's (an event: not the response buffer, which holds the cache). */
export function linkSend(l: Link, frame: usize, len: i32): void {
  slipEncodeStart(encoder(l), frame, len);
}

/** The next octets to send, at most `cap` into `out`: how many; 0 when all is sent. */
export function linkOutput(l: Link, out: usize, cap: i32): i32 {
  return slipEncodeNext(encoder(l), out, cap);
}
