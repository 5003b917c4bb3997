// IPv6 loopback for the tests of the station at [::1] (interop-ipv6, native-ipv6):
// whether this machine has it, and one datagram's exchange from a fresh socket
// of either family.
import dgram from "node:dgram";
import { isIPv6 } from "node:net";

/** 'skipped: no IPv6 loopback' when ::1 cannot be bound here, else null. */
export async function ipv6Skip(): Promise<string | null> {
  const s = dgram.createSocket({ type: "udp6", ipv6Only: true });
  const bound = await new Promise<boolean>((resolve) => {
    s.once("error", () => resolve(false));
    s.bind(0, "::1", () => resolve(true));
  });
  s.close();
  return bound ? null : "skipped: no IPv6 loopback";
}

/** A datagram and where it came from. */
export interface Answer {
  data: Buffer;
  from: { address: string; port: number };
}

/**
 * Sends `data` from a fresh socket on `host` (::1 or 127.0.0.1) to host:`port` and waits for the first
 * datagram back; `make` writes the data knowing the socket's own port (a Via names it). Rejects after `ms`.
 */
export async function exchange(host: string, port: number, make: (ownPort: number) => Buffer, ms = 2000): Promise<Answer> {
  const s = dgram.createSocket(isIPv6(host) ? { type: "udp6", ipv6Only: true } : { type: "udp4" });
  try {
    await new Promise<void>((r) => s.bind(0, host, () => r()));
    return await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${host} port ${port} in ${ms} ms`)), ms);
      s.once("message", (data, rinfo) => {
        clearTimeout(timer);
        resolve({ data, from: { address: rinfo.address, port: rinfo.port } });
      });
      s.send(make(s.address().port), port, host);
    });
  } finally {
    s.close();
  }
}
