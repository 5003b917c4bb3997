// Loopback UDP for the media tests of every board: a socket at a port, a free
// even pair (RTP and RTCP, RFC 3550 §11), and one datagram's round trip.
import dgram from "node:dgram";

/** A socket bound on loopback at `port` (0: any), or null when the port is taken. */
export function socketAt(port: number): Promise<dgram.Socket | null> {
  const s = dgram.createSocket("udp4");
  return new Promise((resolve) => {
    s.once("error", () => { s.close(); resolve(null); });
    s.bind(port, "127.0.0.1", () => resolve(s));
  });
}

/** An even port whose pair is free now: bound and released. */
export async function freeEvenPair(): Promise<number> {
  for (;;) {
    const probe = (await socketAt(0))!;
    const port = probe.address().port & ~1;
    probe.close();
    const a = await socketAt(port), b = await socketAt(port + 1);
    a?.close();
    b?.close();
    if (a && b) return port;
  }
}

/** Sends `data` from a fresh loopback socket to `port` and waits for the answer: its bytes and the port it came from. */
export async function roundTrip(port: number, data: Buffer, ms = 2000): Promise<{ data: Buffer; from: number }> {
  const peer = (await socketAt(0))!;
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from 127.0.0.1:${port} in ${ms} ms`)), ms);
      peer.once("message", (msg, rinfo) => { clearTimeout(timer); resolve({ data: msg, from: rinfo.port }); });
      peer.send(data, port, "127.0.0.1");
    });
  } finally {
    peer.close();
  }
}

/** RTP and RTCP test datagrams, by the port offset they go to. */
export const MEDIA_CHANNELS = [["an RTP datagram", 0, "80000001000000a0deadbeef"], ["an RTCP datagram", 1, "81c90001deadbeef"]] as const;
