// IP addresses on the host: checked by node:net, turned into the octets the
// firmware and the boards take. The board ABI's address is 18 octets: 16 of
// IPv6 address (an IPv4 one mapped as ::ffff:a.b.c.d) and the port, big-endian
// (docs/board-abi.md). The station speaks IPv4; an address the firmware hands
// out that is not mapped IPv4 comes back as IPv6 text.
import { isIPv4, SocketAddress } from "node:net";

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

/** The dotted form of four octets. */
export function ipv4Text(octets: ArrayLike<number>): string {
  return Array.from({ length: 4 }, (_, i) => octets[i]).join(".");
}

/** The 18 octets of an IPv4 address and port; throws naming `field` when either is not one. */
export function encodePeer(a: Address, field: string): Uint8Array<ArrayBuffer> {
  const octets = ipv4Octets(a.host, `${field}.host`);
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new Error(`${field}.port: ${a.port} is not a port (0 to 65535)`);
  const b = new Uint8Array(PEER_OCTETS);
  b[10] = 0xff;
  b[11] = 0xff;
  b.set(octets, 12);
  b[16] = a.port >> 8;
  b[17] = a.port & 0xff;
  return b;
}

/** The address in 18 octets: dotted IPv4 when mapped (::ffff:a.b.c.d), else IPv6 text in its short form. */
export function decodePeer(b: Uint8Array): Address {
  const port = (b[16] << 8) | b[17];
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (mapped) return { host: ipv4Text(b.subarray(12, 16)), port };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return { host: new SocketAddress({ address: groups.join(":"), family: "ipv6" }).address, port };
}
