// Where a request goes when no proxy stands in between (RFC 3263 §4 without
// DNS): a SIP URI whose host is an IPv4 address or an IPv6 reference
// (RFC 3261 §25.1, RFC 5118 §4: "[2001:db8::1]") names its own destination,
// UDP to that address and the URI's port, or 5060 when it has none (§4.2:
// "If the TARGET was a numeric IP address ... the port from the URI ... or the
// default port for the transport"). A host name would need DNS (§4.1, §4.2):
// such a URI names no destination here and its requests go through the
// outbound proxy. So do sips: URIs and any transport but UDP, which this UA
// does not speak (§4.1: the transport parameter decides).

import { parseUri, UriParts, URI_SIP } from "../msg/uri";
import { isIPv4, hostKind, HOST_IPV6 } from "../msg/host";
import { parseIPv6 } from "../../sdp/lex";
import { at, find, equalsIgnoreCase } from "../msg/scan";
import { setPeerIPv4 } from "../txn/peer";
import { span } from "../txn/span";

const DEFAULT_PORT: u32 = 5060;

function decimal(p: usize, end: usize): u32 {
  let n: u32 = 0;
  for (; p < end; p++) n = n * 10 + (<u32>at(p) - 0x30);
  return n;
}

/** The address a.b.c.d of [p, end) (already checked by isIPv4) as a big-endian u32. */
function ipv4(p: usize, end: usize): u32 {
  let addr: u32 = 0;
  for (let part = 0; part < 4; part++) {
    const dot = part < 3 ? find(p, end, 0x2e) : end;
    addr = (addr << 8) | decimal(p, dot);
    p = dot + 1;
  }
  return addr;
}

/** Whether the parameters in [p, end) (each ";name[=value]") ask for a transport other than UDP. */
function otherTransport(p: usize, end: usize): bool {
  while (p < end && at(p) == 0x3b) {
    const next = find(p + 1, end, 0x3b);
    if (next - p > 11 && equalsIgnoreCase(p + 1, 10, changetype<usize>("transport="))) {
      return !(next - p == 14 && equalsIgnoreCase(p + 11, 3, changetype<usize>("udp")));
    }
    p = next;
  }
  return false;
}

/** The parts of the URI uriDestination reads: its own record, filled and read in one call. */
const DESTINATION_URI = changetype<UriParts>(memory.data(<i32>offsetof<UriParts>(), 4));

/**
 * Writes into `dst` the transport address the SIP URI [uri, uri+len) names by
 * itself: its IPv4 or IPv6 host and its port (5060 without one). False, `dst`
 * untouched, for a host name, a sips: URI, a transport other than UDP, an
 * out-of-range port or anything that is not one SIP URI (an IPv6 reference
 * with an IPv4 tail, "[::ffff:192.0.2.1]", is refused too; `dst` then holds
 * nothing of use).
 */
export function uriDestination(uri: usize, len: i32, dst: usize): bool {
  const end = uri + <usize>len;
  const parts = DESTINATION_URI;
  if (!parseUri(uri, end, parts) || len <= 0 || parts.kind != URI_SIP) return false;
  const v6 = hostKind(parts.host, parts.hostEnd) == HOST_IPV6;
  if (!v6 && !isIPv4(parts.host, parts.hostEnd)) return false;
  const portGiven = parts.port != 0;
  const port = portGiven ? decimal(parts.port, parts.portEnd) : DEFAULT_PORT;
  if (port == 0) return false; // scanUri has refused ports past 65535
  if (otherTransport(portGiven ? parts.portEnd : parts.hostEnd, end)) return false;
  if (v6) {
    // Inside the brackets; an IPv4 tail (::ffff:192.0.2.1) is not read, so such a URI names no destination.
    if (!parseIPv6(parts.host + 1, parts.hostEnd - 1, dst)) return false;
    store<u8>(dst + 16, <u8>(port >>> 8));
    store<u8>(dst + 17, <u8>port);
    return true;
  }
  setPeerIPv4(dst, ipv4(parts.host, parts.hostEnd), port);
  return true;
}

/**
 * The URI a Route header value names first: what is inside its first "<" ">"
 * (§20.34: route-param = name-addr, always bracketed), as a span
 * (txn/span.ts); 0 when there is none.
 */
export function firstRoute(p: usize, len: i32): u64 {
  const end = p + <usize>len;
  const open = find(p, end, 0x3c);
  if (open >= end) return 0;
  const close = find(open + 1, end, 0x3e);
  if (close >= end) return 0;
  return span(open + 1, <i32>(close - open - 1));
}
