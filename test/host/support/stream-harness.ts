// The stream test module (stream-module.ts) loaded through host/firmware.ts
// on a board whose streams are host/sim/streams.ts: every call the board
// makes into the module is recorded (the octets offered and the peer with
// it), and the test opens, sends and closes through the module's imports,
// as the firmware does.
import { Firmware, RecordingBoard } from "../../../host/firmware.js";
import { encodePeer, decodePeer, type Address } from "../../../host/address.js";
import { Streams, streamExports, type StreamExports, type TlsFiles } from "../../../host/sim/streams.js";
import { NAME_AT, PEER_AT, SEND_AT, streamModule, type StreamModuleControls } from "./stream-module.js";

export type StreamCall =
  | { kind: "opened"; handle: number; status: number }
  | { kind: "accepted"; handle: number; secure: number; peer: Address; taken: number }
  | { kind: "data"; handle: number; text: string; peer: Address; took: number }
  | { kind: "closed"; handle: number };

export interface StreamHarness {
  streams: Streams;
  x: StreamExports & StreamModuleControls;
  calls: StreamCall[];
  /** streamOpen through the module: its answer (a handle or -1). */
  open(to: Address, secure?: boolean, name?: string): number;
  /** streamSend of `text` through the module: its answer. */
  send(handle: number, text: string): number;
  /** Resolves with the first recorded call that `match` accepts (rejects after `ms`). */
  until<T extends StreamCall>(match: (c: StreamCall) => c is T, ms?: number): Promise<T>;
  close(): void;
}

export const is = {
  opened: (h?: number) => (c: StreamCall): c is Extract<StreamCall, { kind: "opened" }> => c.kind === "opened" && (h === undefined || c.handle === h),
  accepted: () => (c: StreamCall): c is Extract<StreamCall, { kind: "accepted" }> => c.kind === "accepted",
  data: (h: number, took?: number) => (c: StreamCall): c is Extract<StreamCall, { kind: "data" }> => c.kind === "data" && c.handle === h && (took === undefined || c.took === took),
  closed: (h: number) => (c: StreamCall): c is Extract<StreamCall, { kind: "closed" }> => c.kind === "closed" && c.handle === h,
};

/** The module's stream exports wrapped so each call is recorded with what the board left in memory. */
function recording(x: StreamExports, calls: StreamCall[]): StreamExports {
  const mem = () => new Uint8Array(x.memory.buffer);
  const peer = () => decodePeer(mem().slice(x.rxPeer(), x.rxPeer() + 18));
  return {
    memory: x.memory,
    rxBuffer: () => x.rxBuffer(),
    rxCapacity: () => x.rxCapacity(),
    rxPeer: () => x.rxPeer(),
    boardStreamOpened(handle: number, status: number, now: number) {
      calls.push({ kind: "opened", handle, status });
      x.boardStreamOpened(handle, status, now);
    },
    boardStreamAccepted(handle: number, secure: number, now: number) {
      const taken = x.boardStreamAccepted(handle, secure, now);
      calls.push({ kind: "accepted", handle, secure, peer: peer(), taken });
      return taken;
    },
    boardStreamData(handle: number, len: number, now: number) {
      const text = Buffer.from(mem().subarray(x.rxBuffer(), x.rxBuffer() + len)).toString("latin1");
      const took = x.boardStreamData(handle, len, now);
      calls.push({ kind: "data", handle, text, peer: peer(), took });
      return took;
    },
    boardStreamClosed(handle: number, now: number) {
      calls.push({ kind: "closed", handle });
      x.boardStreamClosed(handle, now);
    },
  };
}

/** The module in dir, on a board with streams (TLS files `tls`; an open times out after `openTimeoutMs`). */
export async function streamHarness(dir: string, tls: TlsFiles = {}, openTimeoutMs?: number): Promise<StreamHarness> {
  const streams = new Streams({ now: () => Date.now() % 0x1_0000_0000, tls, openTimeoutMs });
  const board = Object.assign(new RecordingBoard(), {
    streamOpen: streams.streamOpen.bind(streams),
    streamSend: streams.streamSend.bind(streams),
    streamClose: streams.streamClose.bind(streams),
  });
  const fw = await Firmware.load(streamModule(dir), board);
  const x = fw.exports as unknown as StreamExports & StreamModuleControls;
  const exports = streamExports(x as unknown as Record<string, unknown>);
  if (!exports) throw new Error("the stream test module lacks a stream export");
  const calls: StreamCall[] = [];
  streams.attach(recording(exports, calls));
  const mem = () => new Uint8Array(x.memory.buffer);
  return {
    streams, x, calls,
    open(to, secure = false, name = "") {
      mem().set(encodePeer(to, "peer"), PEER_AT);
      mem().set(Buffer.from(name, "latin1"), NAME_AT);
      return x.open(secure ? 1 : 0, name.length);
    },
    send(handle, text) {
      mem().set(Buffer.from(text, "latin1"), SEND_AT);
      return x.send(handle, text.length);
    },
    async until(match, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const found = calls.find(match);
        if (found) return found as never;
        if (Date.now() > end) throw new Error(`no such call within ${ms} ms; calls: ${JSON.stringify(calls)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => streams.close(),
  };
}
