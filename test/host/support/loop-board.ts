// A simulated board in the test's own process, its provisioning UART joined
// to a Client by a byte stream (no pty): the firmware's serial agent answers
// through the board's HAL (host/serial/board/hal.ts), with the store in a
// temporary directory. For the tests that send requests by hand.
import { Duplex } from "node:stream";
import { Client } from "../../../host/serial/client.js";
import { factoryImage } from "../../../host/serial/factory.js";
import { BoardStore } from "../../../host/serial/board/store.js";
import { SimBoard, type Notice } from "../../../host/serial/board/sim-board.js";
import { tempDir } from "./serial-board.js";

/** The host's end of the UART: what it writes reaches the board's agent, what the agent writes is read here. */
class LoopStream extends Duplex {
  isOpen = true;
  constructor(private readonly toBoard: (octets: Buffer) => void) {
    super();
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    setImmediate(() => this.toBoard(chunk)); // as a line does: the board sees the octets after the write returned
    done();
  }
  close(cb: () => void): void {
    this.isOpen = false;
    cb();
  }
}

export interface LoopBoard {
  board: SimBoard;
  client: Client;
  notices: Notice[];
  events: Record<string, unknown>[];
  /** Every octet the board wrote on its UART, in order. */
  wire: Buffer[];
  close(): Promise<void>;
}

/** A board booted from a fresh store (the factory image in slot A) and a client that greeted it. */
export async function loopBoard(name: string, o: { board?: string; confirmMs?: number } = {}): Promise<LoopBoard> {
  const notices: Notice[] = [];
  const events: Record<string, unknown>[] = [];
  const wire: Buffer[] = [];
  let stream: LoopStream | null = null;
  const board = new SimBoard({
    store: new BoardStore(tempDir(name)), board: o.board, host: "127.0.0.1", port: 0, confirmMs: o.confirmMs, factory: factoryImage,
    serialOut: (octets) => {
      wire.push(Buffer.from(octets));
      stream?.push(octets);
    },
    serialDrained: () => new Promise((r) => setImmediate(r)),
    notice: (n) => notices.push(n),
    onEvent: (e) => events.push(e),
  });
  stream = new LoopStream((octets) => board.serial(octets));
  await board.reboot();
  const client = await Client.over(name, stream, { timeoutMs: 300, retries: 10 });
  return {
    board, client, notices, events, wire,
    close: async () => {
      await client.close();
      board.stop();
    },
  };
}
