// Via (RFC 3261 §20.42, §25.1):
//   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport
//   sent-by = host [ COLON port ]
// The first value of the first Via line is the top Via: its transport,
// sent-by, branch, received, rport and maddr are recorded.

import { is, C_LWS } from "./chars";
import { at, FAIL, skipLws, scanToken, scanPort } from "./scan";
import { scanHost } from "./host";
import { scanParams } from "./params";
import { H_VIA } from "./header-names";
import { setField, F_VIA_TRANSPORT, F_VIA_HOST, F_VIA_PORT } from "./message";

/** SWS "/" SWS between the parts of sent-protocol; returns the position after it or FAIL. */
function slash(p: usize, end: usize): usize {
  p = skipLws(p, end);
  if (p >= end) return FAIL;
  if (at(p) != 0x2f) return FAIL;
  return skipLws(p + 1, end);
}

function scanViaParm(p: usize, end: usize, top: bool): usize {
  let e: usize;
  if (p + 8 <= end && (load<u64>(p) | 0x0000000000202020) == 0x2f302e322f706973) {
    // "SIP/2.0/" as nearly every peer writes it (any case for the letters).
    p += 8;
  } else {
    e = scanToken(p, end);
    if (e == FAIL) return FAIL;
    p = slash(e, end);
    if (p == FAIL) return FAIL;
    e = scanToken(p, end);
    if (e == FAIL) return FAIL;
    p = slash(e, end);
    if (p == FAIL) return FAIL;
  }
  e = scanToken(p, end);
  if (e == FAIL) return FAIL;
  if (top) setField(F_VIA_TRANSPORT, p, e);
  // LWS is mandatory between sent-protocol and sent-by.
  if (e >= end) return FAIL;
  if (!is(at(e), C_LWS)) return FAIL;
  p = skipLws(e, end);
  e = scanHost(p, end);
  if (e == FAIL) return FAIL;
  if (top) setField(F_VIA_HOST, p, e);
  p = skipLws(e, end);
  if (p < end) {
    if (at(p) == 0x3a) {
      const port = skipLws(p + 1, end);
      e = scanPort(port, end);
      if (e == FAIL) return FAIL;
      if (top) setField(F_VIA_PORT, port, e);
      p = e;
    }
  }
  return scanParams(p, end, H_VIA, top);
}

/** Validates one Via header value (a list of via-parm); `first` when it is the first Via line. */
export function parseVia(p: usize, end: usize, first: bool): bool {
  let top = first;
  while (true) {
    p = skipLws(p, end);
    p = scanViaParm(p, end, top);
    if (p == FAIL) return false;
    top = false;
    if (p == end) return true;
    if (at(p) != 0x2c) return false;
    p++;
  }
}
