// Instruction-count harness for the parser bench (test/bench/parser-bench.ts,
// section "instructions per message"). Not part of the firmware image.
//
// WABT's wasm-interp can only call exports that take no argument and cannot
// write a datagram into linear memory, so the bench generates, at bench time,
// build/bench/count-<corpus>.ts: a module that imports the two helpers below,
// embeds every message of the corpus as static data (memory.data) and exports
// two no-argument functions per message:
//
//   copy_NN()  = loadDatagram(M_NN, len)               (the host's copy only)
//   parse_NN() = parseLoaded(loadDatagram(M_NN, len))  (copy + the parse)
//
// It is compiled with the firmware's own options (asconfig.json, target
// release) and run under `wasm-interp --trace --run-all-exports`; the parse
// cost of a message is lines(parse_NN) - lines(copy_NN), i.e. the instructions
// one call of the firmware's exported parse(len) executes for that datagram.

import { parse } from "../index";
import { RX, RX_CAPACITY } from "../sip/msg/buffers";

/**
 * Copies a datagram from static data into the receive buffer, as the host
 * does before it calls parse(); returns the length to pass to parse() (one
 * past the capacity for an oversized datagram, the same as host/firmware.ts).
 */
export function loadDatagram(src: usize, len: i32): i32 {
  const n = len > RX_CAPACITY ? RX_CAPACITY : len;
  for (let i = 0; i < n; i++) {
    store<u8>(RX + <usize>i, load<u8>(src + <usize>i));
  }
  return len > RX_CAPACITY ? RX_CAPACITY + 1 : n;
}

/** The firmware's exported entry point, called the way the host calls it. */
export function parseLoaded(len: i32): i32 {
  return parse(len);
}
