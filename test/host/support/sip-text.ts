// The tests' scripted peers read and answer SIP text with the same helpers
// as the simulator's (host/sim/sip-text.ts).
export { header, headers, startLine, respond, digestParams } from "../../../host/sim/sip-text.js";
