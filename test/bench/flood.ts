// `npm run flood`: the figures of issue 13's flood (test/host/support/flood.ts)
// against the simulator and the native board: what was offered, how the
// station answered, the calls and door openings, the registration refreshes,
// the table's peak and how long it took to empty. Needs Debian's kamailio,
// sip-tester (SIPp), wabt and a C compiler, as the interop suite does.
import { runFlood, ISSUE_FLOOD } from "../host/support/flood.js";
import { interopSkip } from "../host/support/interop.js";
import { kindSkip, type StationKind } from "../host/support/interop-station.js";

const skip = interopSkip();
if (skip) {
  console.error(`flood: ${skip}`);
  process.exit(2);
}
console.log(`flood: ${ISSUE_FLOOD.rate} datagrams/s from ${ISSUE_FLOOD.sockets} ports for ${ISSUE_FLOOD.seconds} s; a call every ${ISSUE_FLOOD.callEveryMs / 1000} s`);
for (const kind of ["simulator", "native"] as StationKind[]) {
  const why = kindSkip(kind);
  if (why) {
    console.log(`${kind}: skipped: ${why}`);
    continue;
  }
  const f = await runFlood(kind);
  const answers = Object.entries(f.answers).sort().map(([c, n]) => `${c} ${n}`).join(", ");
  console.log(`\n${kind}`);
  console.log(`  offered      ${f.offered.sent} datagrams in ${f.offered.seconds.toFixed(1)} s (${f.offered.perSecond}/s)`);
  console.log(`  answered     ${answers}`);
  console.log(`  calls        ${f.calls} pressed, ${f.connected} answered, ${f.opened} opened the door`);
  console.log(`  registration ${f.refreshes} refresh(es) granted during the flood`);
  console.log(`  table        peak ${f.maxTransactions} of 20 slots (looked at every 250 ms); empty ${f.drainMs} ms after the flood`);
  console.log(`  dropped      ${f.dropped} requests (no answer could be built or sent)`);
}
