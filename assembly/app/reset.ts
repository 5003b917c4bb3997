// The intercom as it starts, in one place: every named record of the app
// layer back to its initial image (issue 15). A board restarts the station by
// instantiating the module anew, whose data segments are those images; this
// is the same state reached without that, for tests and for a host that
// keeps one instance. The queues the records count into need no clearing (a
// count of 0 leaves nothing in them); the code tables, the relays and the
// buttons are emptied as a station has them before its configuration.
import { registrationReset } from "./registration";
import { presenceReset } from "./presence";
import { transferReset } from "./transfer";
import { incomingReset } from "./incoming";
import { dialingReset } from "./dialing";
import { keypadReset } from "./keypad";
import { doorCallReset } from "./doorcall";
import { appStateReset, stationSettingsReset } from "./state";
import { doorStateReset, doorSettingsReset } from "./door/state";
import { loadStateReset } from "./config/message";
import { codesClear } from "./door/codes";
import { accessClear } from "./door/lockout";
import { relayReset } from "./door/relay";
import { buttonsReset } from "./buttons";

/** Every app record as a fresh station has it: no call, no registration, the door closed and unlocked, the defaults. */
export function appReset(): void {
  registrationReset();
  presenceReset();
  transferReset();
  incomingReset();
  dialingReset();
  keypadReset();
  doorCallReset();
  appStateReset();
  stationSettingsReset();
  doorStateReset();
  doorSettingsReset();
  loadStateReset();
  codesClear();
  accessClear();
  relayReset();
  buttonsReset();
}
