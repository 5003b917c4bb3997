// A bare registrar over TCP on 127.0.0.1 for the stream tests (RFC 3261 §18.3
// framing by Content-Length; §10.3 a 200 to each REGISTER): it keeps every
// connection and every REGISTER with the connection it came on, grants
// `expires` seconds, and can drop the station's connection as a registrar
// that restarts would.
import net from "node:net";
import { reply } from "./udp-phone.js";

export interface TcpRegistrar {
  port: number;
  /** The connections the station opened, in order. */
  connections: net.Socket[];
  /** Each REGISTER received, with the index of its connection. */
  registers: { on: number; text: string }[];
  /** Closes every connection the station opened (the station sees its stream end). */
  dropAll(): void;
  close(): void;
}

/** The whole messages at the front of `buf` (header, then Content-Length octets of body) and what is left. */
function frames(buf: string): { messages: string[]; rest: string } {
  const messages: string[] = [];
  for (;;) {
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) break;
    const m = /\r\nContent-Length:\s*(\d+)/i.exec(buf.slice(0, end + 2));
    const total = end + 4 + (m ? Number(m[1]) : 0);
    if (buf.length < total) break;
    messages.push(buf.slice(0, total));
    buf = buf.slice(total);
  }
  return { messages, rest: buf };
}

/** A registrar on a free TCP port of 127.0.0.1 answering REGISTER 200 with `Expires: expires`. */
export async function tcpRegistrar(expires: number): Promise<TcpRegistrar> {
  const connections: net.Socket[] = [];
  const registers: { on: number; text: string }[] = [];
  const server = net.createServer((s) => {
    const on = connections.push(s) - 1;
    let buf = "";
    s.on("error", () => {});
    s.on("data", (d) => {
      const f = frames(buf + d.toString("latin1"));
      buf = f.rest;
      for (const text of f.messages) {
        if (!text.startsWith("REGISTER ")) continue;
        registers.push({ on, text });
        s.write(reply(text, 200).replace("Content-Length: 0", `Expires: ${expires}\r\nContent-Length: 0`), "latin1");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    registers,
    dropAll: () => connections.forEach((c) => c.destroy()),
    close: () => {
      connections.forEach((c) => c.destroy());
      server.close();
    },
  };
}
