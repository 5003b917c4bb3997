// The address a station puts in Via, Contact and Call-ID (RFC 3261 §18.1.1,
// §8.1.1.8, §8.1.1.4): one its registrar can send to. A socket bound to
// 0.0.0.0 has no such address of its own, so the station asks the kernel
// which interface routes to the registrar: connect() on a UDP socket picks
// the route and the source address without sending anything.
import { isIPv4, isIPv6 } from "node:net";
import { ipv6Literal } from "../address.js";
import { udpSocket } from "./udp.js";

/** The source address the kernel would use towards `to` (IPv4, IPv6 with or without brackets, or a name the system's resolver finds); rejects when no route leads there. */
export async function routeSource(to: { host: string; port?: number }): Promise<string> {
  const host = ipv6Literal(to.host) ?? to.host;
  const s = udpSocket(host);
  try {
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.connect(to.port ?? 5060, host, () => resolve());
    });
    return s.address().address;
  } finally {
    s.close();
  }
}

/** Whether `host` binds every interface (and so names none to announce). */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::";
}

/**
 * Where the station binds and what it announces: `--host` when given (bound
 * and announced as it is), else every interface with the address of the one
 * that routes to the registrar announced. Without a registrar or a route
 * there is no address a caller could reach: that is an error naming the fix.
 */
export async function chooseAddress(host: string | undefined, registrar: { host: string; port?: number } | undefined): Promise<{ bind: string; announce: string }> {
  if (host !== undefined && !isWildcard(host)) return { bind: host, announce: host };
  if (!registrar) throw new Error("--host: the configuration has no registrar to learn the station's address from; give --host ADDR (the address callers reach the station at)");
  let announce: string;
  try {
    announce = await routeSource(registrar);
  } catch (err) {
    throw new Error(`--host: no route to the registrar ${registrar.host}${registrar.port ? `:${registrar.port}` : ""} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give --host ADDR`);
  }
  if (!(isIPv4(announce) || isIPv6(announce)) || isWildcard(announce)) throw new Error(`--host: cannot learn the address that reaches ${registrar.host}; give --host ADDR`);
  // An IPv6 registrar is reached from every IPv6 interface (RFC 5118): the udp6 socket binds "::".
  return { bind: host ?? (isIPv6(announce) ? "::" : "0.0.0.0"), announce };
}
