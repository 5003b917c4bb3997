// The neighbour's flood as a process of its own (so that it has a core to
// itself and the station under test is not slowed by the sender): `rate`
// datagrams a second from `sockets` UDP ports for `seconds`, each request
// drawn by floodRequest (invented dialogs, unACKed INVITEs, oversized
// requests, REGISTER, OPTIONS, MESSAGE). Prints one JSON line at the end: what
// it sent and the status codes it got back. Argument: a JSON object.
import { Rng } from "./mutator.js";
import { floodRequest, Neighbour, sleep } from "./hostile.js";

interface FloodArgs { host: string; port: number; rate: number; seconds: number; sockets: number; seed: number; rxCapacity: number }

const a = JSON.parse(process.argv[2] ?? "{}") as FloodArgs;
const nb = await Neighbour.open(a.sockets);
const rng = new Rng(a.seed);
const to = { host: a.host, port: a.port };
const TICK_MS = 10;
const started = Date.now();
let sent = 0;
while (Date.now() - started < a.seconds * 1000) {
  // As many as the rate asks for by now: a late tick catches up, so the offered rate holds.
  const due = Math.floor(((Date.now() - started) / 1000) * a.rate);
  for (; sent < due; sent++) nb.send(sent, to, floodRequest(rng, nb.port(sent), a.rxCapacity));
  await sleep(TICK_MS);
}
const seconds = (Date.now() - started) / 1000;
await sleep(1000); // the last answers
process.stdout.write(`${JSON.stringify({ sent, seconds, answers: Object.fromEntries(nb.answers) })}\n`);
nb.close();
