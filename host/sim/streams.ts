// Board ABI 5 streams on the Node host (docs/transports.md "Streams"): TCP
// and TLS connections the firmware opens (board.streamOpen/streamSend/
// streamClose) and the ones peers open to the station's listening ports (TCP
// on localPort, TLS on localPort + 1). The board keeps each stream's octets
// that the firmware has not taken yet and offers them again, with what
// arrives next, at rxBuffer(): at most rxCapacity() at a time. A stream that
// holds a full buffer stops reading its socket until the firmware takes some
// (the kernel's window holds the rest), so a peer cannot make it hold more.
import net from "node:net";
import tls from "node:tls";
import { decodePeer, PEER_OCTETS } from "../address.js";
import type { StreamHal } from "../firmware.js";
import { TlsContext, tlsStatus, type TlsFiles } from "./stream-tls.js";

export { type TlsFiles } from "./stream-tls.js";

/** boardStreamOpened's status (docs/transports.md). */
export const StreamStatus = { Open: 0, Refused: 1, Untrusted: 2, WrongName: 3, Handshake: 4, Timeout: 5 } as const;

/** The exports a module of board ABI 5 has for streams. */
export interface StreamExports {
  memory: WebAssembly.Memory;
  rxBuffer(): number;
  rxCapacity(): number;
  rxPeer(): number;
  boardStreamOpened(handle: number, status: number, now: number): void;
  boardStreamAccepted(handle: number, secure: number, now: number): number;
  boardStreamData(handle: number, len: number, now: number): number;
  boardStreamClosed(handle: number, now: number): void;
}

export const STREAM_EXPORTS = ["boardStreamOpened", "boardStreamAccepted", "boardStreamData", "boardStreamClosed"] as const;

/** The module's stream exports, or null for a module without them (before ABI 5): the board then has no streams. */
export function streamExports(exports: Record<string, unknown>): StreamExports | null {
  return STREAM_EXPORTS.every((name) => typeof exports[name] === "function") ? (exports as unknown as StreamExports) : null;
}


export interface StreamOptions {
  /** The firmware's clock. */
  now(): number;
  /** Runs a call into the firmware (the station's fault guard); default: as it is. */
  guard?<T>(fn: () => T): T | undefined;
  /** After every call into the firmware: send what it queued, re-arm its timer (the station's Wire.flush). */
  after?(): void;
  /** --tls-ca, --tls-cert, --tls-key. */
  tls?: TlsFiles;
  /** How long an open may take before status 5 (ms); default 32 s, Timer B's 64×T1 (RFC 3261 §17.1.1.2). */
  openTimeoutMs?: number;
  /** Sees the octets each stream carries, as they go out (streamSend) or come in, with the peer's port (the tests' traces). */
  watch?(dir: "out" | "in", peerPort: number, data: Buffer): void;
}

interface Stream {
  socket: net.Socket;
  peer: Uint8Array;
  /** Octets the firmware has not taken yet, oldest first. */
  held: Buffer;
  /** boardStreamOpened(0) or boardStreamAccepted was called: data and closes are reported from now on. */
  up: boolean;
}

/** Handles 1..255 (docs/transports.md: unique among the board's open streams). */
const MAX_HANDLE = 255;

export class Streams implements StreamHal {
  private streams = new Map<number, Stream>();
  private servers: net.Server[] = [];
  private x: StreamExports | null = null;
  private context: TlsContext;
  private last = 0;
  private readonly openTimeoutMs: number;

  constructor(private o: StreamOptions) {
    this.context = new TlsContext(o.tls ?? {});
    this.openTimeoutMs = o.openTimeoutMs ?? 32_000;
  }

  /** The firmware's exports (null: a module without streams, every open answers -1 and nothing listens). */
  attach(x: StreamExports | null): void {
    this.x = x;
  }

  get attached(): boolean {
    return this.x !== null;
  }

  /**
   * Listens for peers: TCP on `port` (the station's localPort, RFC 3261 §18.2.1; 0 picks one), TLS on the
   * next port when the board has a certificate and key. Returns the ports bound (tls null without a certificate).
   */
  async listen(host: string, port: number): Promise<{ tcp: number; tls: number | null }> {
    if (!this.x) throw new Error("streams: the module has no stream exports (board ABI 5): nothing to accept connections");
    const tcp = await this.bind(net.createServer((s) => this.accepted(s, false)), host, port, "TCP");
    const options = this.context.serverOptions();
    if (!options) return { tcp, tls: null };
    const server = tls.createServer(options, (s) => this.accepted(s, true));
    // A handshake a peer fails (a scanner, a wrong CA on its side) ends that connection only.
    server.on("tlsClientError", () => {});
    return { tcp, tls: await this.bind(server, host, tcp + 1, "TLS") };
  }

  private bind(server: net.Server, host: string, port: number, what: string): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once("error", (err: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${what} ${host}:${port}: ${err.code === "EADDRINUSE" ? "the port is in use by another program (choose another localPort or --port)" : (err.code ?? err.message)}`)));
      server.listen(port, host, () => {
        this.servers.push(server);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  streamOpen(peer: Uint8Array, secure: boolean, name: string): number {
    const handle = this.x ? this.freeHandle() : -1;
    if (handle < 0) return -1;
    const to = decodePeer(peer);
    const socket = secure ? tls.connect({ host: to.host, port: to.port, ...this.context.clientOptions(name) }) : net.connect({ host: to.host, port: to.port });
    const stream: Stream = { socket, peer: Uint8Array.from(peer), held: Buffer.alloc(0), up: false };
    this.streams.set(handle, stream);
    const timer = setTimeout(() => fail(StreamStatus.Timeout), this.openTimeoutMs);
    const fail = (status: number) => {
      clearTimeout(timer);
      if (this.streams.get(handle) !== stream || stream.up) return;
      this.streams.delete(handle);
      socket.destroy();
      this.call((x) => x.boardStreamOpened(handle, status, this.o.now() >>> 0));
    };
    socket.on("error", (err) => fail(secure ? tlsStatus(err) : StreamStatus.Refused));
    socket.once(secure ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      if (this.streams.get(handle) !== stream) return;
      stream.up = true;
      this.wire(handle, stream);
      this.call((x) => x.boardStreamOpened(handle, StreamStatus.Open, this.o.now() >>> 0));
    });
    return handle;
  }

  streamSend(handle: number, data: Buffer): number {
    const stream = this.streams.get(handle);
    if (!stream || !stream.up || stream.socket.destroyed) return -1;
    // The socket queues what the kernel does not take at once; its order is the stream's.
    stream.socket.write(data);
    this.o.watch?.("out", stream.socket.remotePort ?? 0, data);
    return data.length;
  }

  streamClose(handle: number): void {
    const stream = this.streams.get(handle);
    if (!stream) return;
    this.streams.delete(handle);
    stream.socket.end();
    stream.socket.destroySoon();
  }

  /** Open streams (for tests and the stats line). */
  get count(): number {
    return this.streams.size;
  }

  /** Closes every stream and listener (the station stops). */
  close(): void {
    for (const s of this.streams.values()) s.socket.destroy();
    this.streams.clear();
    for (const server of this.servers) server.close();
    this.servers = [];
  }

  private freeHandle(): number {
    for (let i = 1; i <= MAX_HANDLE; i++) {
      const h = ((this.last + i - 1) % MAX_HANDLE) + 1;
      if (!this.streams.has(h)) return (this.last = h);
    }
    return -1;
  }

  private accepted(socket: net.Socket, secure: boolean): void {
    const handle = this.x ? this.freeHandle() : -1;
    const peer = peerOctets(socket);
    if (handle < 0 || !peer) {
      socket.destroy();
      return;
    }
    const stream: Stream = { socket, peer, held: Buffer.alloc(0), up: true };
    this.streams.set(handle, stream);
    const taken = this.call((x) => {
      this.putPeer(x, peer);
      return x.boardStreamAccepted(handle, secure ? 1 : 0, this.o.now() >>> 0);
    });
    if (taken !== 1) {
      this.streams.delete(handle);
      socket.destroy();
      return;
    }
    this.wire(handle, stream);
  }

  /** Data in, the peer's close or a failure out. */
  private wire(handle: number, stream: Stream): void {
    stream.socket.on("data", (chunk: Buffer) => {
      if (this.streams.get(handle) !== stream) return;
      this.o.watch?.("in", stream.socket.remotePort ?? 0, chunk);
      stream.held = stream.held.length ? Buffer.concat([stream.held, chunk]) : chunk;
      this.offer(handle, stream);
    });
    const gone = () => {
      if (this.streams.get(handle) !== stream) return;
      this.streams.delete(handle);
      stream.socket.destroy();
      this.call((x) => x.boardStreamClosed(handle, this.o.now() >>> 0));
    };
    stream.socket.on("error", gone);
    stream.socket.on("close", gone);
    stream.socket.on("end", gone);
  }

  /**
   * Offers what the stream holds (at most rxCapacity()) to boardStreamData and drops what the firmware
   * took. While it takes some and octets remain, it is offered the rest at once (two messages in one
   * segment); otherwise the rest waits for more octets. -1 closes the stream (RFC 3261 §18.3).
   */
  private offer(handle: number, stream: Stream): void {
    while (stream.held.length > 0 && this.streams.get(handle) === stream) {
      const took = this.call((x) => {
        const n = Math.min(stream.held.length, x.rxCapacity());
        new Uint8Array(x.memory.buffer).set(stream.held.subarray(0, n), x.rxBuffer());
        this.putPeer(x, stream.peer);
        return x.boardStreamData(handle, n, this.o.now() >>> 0);
      });
      if (took === undefined || took < 0) {
        this.streamClose(handle);
        return;
      }
      stream.held = stream.held.subarray(Math.min(took, stream.held.length));
      if (took === 0) break;
    }
    const full = this.x !== null && stream.held.length >= this.x.rxCapacity();
    if (full) stream.socket.pause();
    else stream.socket.resume();
  }

  private putPeer(x: StreamExports, peer: Uint8Array): void {
    new Uint8Array(x.memory.buffer).set(peer, x.rxPeer());
  }

  /** One call into the firmware, guarded, then the station's after-call work. */
  private call<T>(fn: (x: StreamExports) => T): T | undefined {
    const x = this.x;
    if (!x) return undefined;
    const r = this.o.guard ? this.o.guard(() => fn(x)) : fn(x);
    this.o.after?.();
    return r;
  }
}

/** The remote address of a socket in the ABI's 18 octets (IPv4 mapped), or null once it is gone. */
export function peerOctets(socket: net.Socket): Uint8Array | null {
  const host = socket.remoteAddress, port = socket.remotePort;
  if (!host || port === undefined) return null;
  const b = new Uint8Array(PEER_OCTETS);
  const v4 = net.isIPv4(host) ? host : host.startsWith("::ffff:") && net.isIPv4(host.slice(7)) ? host.slice(7) : null;
  if (v4) {
    b[10] = b[11] = 0xff;
    b.set(v4.split(".").map(Number), 12);
  } else {
    const full = new net.SocketAddress({ address: host, family: "ipv6" }).address;
    ipv6Octets(full, b);
  }
  b[16] = port >> 8;
  b[17] = port & 0xff;
  return b;
}

/** The 16 octets of an IPv6 address in text (with "::" at most once) into b[0..16). */
function ipv6Octets(text: string, b: Uint8Array): void {
  const [head, tail] = text.includes("::") ? text.split("::") : [text, ""];
  const h = head ? head.split(":") : [], t = tail ? tail.split(":") : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    b[2 * i] = v >> 8;
    b[2 * i + 1] = v & 0xff;
  });
}
