// IP addresses on the host: checked by node:net, turned into the octets the
// firmware and the boards take. The board ABI's address is 18 octets: 16 of
// IPv6 address (an IPv4 one mapped as ::ffff:a.b.c.d) and the port, big-endian
// (docs/board-abi.md). An address the firmware hands out that is not mapped
// IPv4 comes back as IPv6 text.
import { isIPv4, isIPv6, SocketAddress } from "node:net";

/** A UDP transport address: IPv4 dotted quad (or IPv6 text) and port. */
export interface Address {
  host: string;
  port: number;
}

/** Octets of the board ABI's address. */
export const PEER_OCTETS = 18;

/** The four octets of an IPv4 address; throws naming `field` when `host` is not one. */
export function ipv4Octets(host: string, field: string): number[] {
  if (!isIPv4(host)) throw new Error(`${field}: ${JSON.stringify(host)} is not an IPv4 address (four numbers 0-255, e.g. 192.0.2.10)`);
  return host.split(".").map(Number);
}

/** An IPv6 literal as written in a URI or the configuration: "::1" or "[::1]" (RFC 3261 §25.1); its text without brackets, or null. */
export function ipv6Literal(host: string): string | null {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return isIPv6(bare) ? bare : null;
}

/** The sixteen octets of an IPv6 address (text without brackets, already checked by isIPv6). */
function ipv6Octets(text: string): number[] {
  const groups = (part: string): number[] =>
    part === "" ? [] : part.split(":").flatMap((g) => {
      if (!g.includes(".")) return [parseInt(g, 16)];
      const [a, b, c, d] = g.split(".").map(Number); // an IPv4 tail (RFC 4291 §2.2 form 3): two groups
      return [(a << 8) | b, (c << 8) | d];
    });
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const h = groups(head), t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * The octets of a host address: four for IPv4, sixteen for IPv6 ("::1" or "[::1]"); throws naming `field`
 * when `host` is neither.
 */
export function hostOctets(host: string, field: string): number[] {
  if (isIPv4(host)) return host.split(".").map(Number);
  const v6 = ipv6Literal(host);
  if (v6 !== null) return ipv6Octets(v6);
  throw new Error(`${field}: ${JSON.stringify(host)} is not an IP address (IPv4 a.b.c.d such as 192.0.2.10, or IPv6 such as 2001:db8::1 or [2001:db8::1])`);
}

/** The text of 4 (dotted IPv4) or 16 (IPv6, RFC 5952 short form) octets. */
export function hostText(octets: Uint8Array): string {
  if (octets.length === 4) return ipv4Text(octets);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((octets[i] << 8) | octets[i + 1]).toString(16));
  return new SocketAddress({ address: groups.join(":"), family: "ipv6" }).address;
}

/** The dotted form of four octets. */
export function ipv4Text(octets: ArrayLike<number>): string {
  return Array.from({ length: 4 }, (_, i) => octets[i]).join(".");
}

/** The 18 octets of an IPv4 or IPv6 address and port; throws naming `field` when either is not one. */
export function encodePeer(a: Address, field: string): Uint8Array<ArrayBuffer> {
  const octets = hostOctets(a.host, `${field}.host`);
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new Error(`${field}.port: ${a.port} is not a port (0 to 65535)`);
  const b = new Uint8Array(PEER_OCTETS);
  if (octets.length === 16) b.set(octets, 0);
  else {
    b[10] = 0xff;
    b[11] = 0xff;
    b.set(octets, 12);
  }
  b[16] = a.port >> 8;
  b[17] = a.port & 0xff;
  return b;
}

/** The address in 18 octets: dotted IPv4 when mapped (::ffff:a.b.c.d), else IPv6 text in its short form. */
export function decodePeer(b: Uint8Array): Address {
  const port = (b[16] << 8) | b[17];
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return { host: hostText(mapped ? b.subarray(12, 16) : b.subarray(0, 16)), port };
}
