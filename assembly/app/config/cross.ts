// The checks across records, once every record has been read: an identity is
// a user and a domain together; a registrar needs an identity; a port needs
// its host; a backup registrar needs a registrar; an access code names an
// existing relay; a door code may not contain the confirm key; alarms and
// presence need a registrar (their MESSAGE and PUBLISH go through it).

import * as configLayout from "./layout";
import * as configMessage from "./message";
import * as configReport from "./report";
import * as configStore from "./store";
import { given } from "./entries";

export function crossChecks(ptr: usize): i32 {
  const v = configStore.STAGE;
  // A registrar is an address (its number tag) or a DNS name (its text tag); given both, the address is used.
  const registrar = given(configLayout.T_REGISTRAR_HOST) || given(configLayout.T_REGISTRAR_NAME);
  const backup = given(configLayout.T_BACKUP_HOST) || given(configLayout.T_BACKUP_NAME);
  if (given(configLayout.T_USER) && !given(configLayout.T_DOMAIN)) return configReport.missing(configLayout.T_DOMAIN, -1, "give the SIP domain of user");
  if (given(configLayout.T_DOMAIN) && !given(configLayout.T_USER)) return configReport.missing(configLayout.T_USER, -1, "give the SIP user of domain");
  if (given(configLayout.T_REGISTRAR_PORT) && !registrar) return configReport.missing(configLayout.T_REGISTRAR_HOST, -1, "registrar.port needs it");
  if (given(configLayout.T_BACKUP_PORT) && !backup) return configReport.missing(configLayout.T_BACKUP_HOST, -1, "backupRegistrar.port needs it");
  if (backup && !registrar) return configReport.missing(configLayout.T_REGISTRAR_HOST, -1, "backupRegistrar needs a registrar");
  if (registrar && !given(configLayout.T_USER)) return configReport.missing(configLayout.T_USER, -1, "registrar needs an identity (user and domain)");
  if (given(configLayout.T_ALARM_URI) && !registrar) return configReport.missing(configLayout.T_REGISTRAR_HOST, -1, "alarms.uri needs one");
  if (configStore.number(v, configLayout.T_PRESENCE_PUBLISH) != 0 && !registrar) return configReport.missing(configLayout.T_REGISTRAR_HOST, -1, "presence.publish needs one");

  const relays = configStore.count(v, configStore.COUNT_RELAYS);
  const access = configStore.count(v, configStore.COUNT_ACCESS);
  for (let i = 0; i < access; i++) {
    const relay = <u32>load<u8>(v + configLayout.accessOffset(i) + 4);
    if (relay >= <u32>relays) return configReport.reference(configLayout.T_ACCESS_RELAY, i, relay);
  }

  if (configStore.number(v, configLayout.T_CONFIRM_KEY) != configLayout.CONFIRM_STAR) return 0;
  for (let i = 0; i < relays; i++) {
    const r = v + configLayout.relayOffset(i);
    const n = <i32>load<u8>(r);
    for (let j = 0; j < n; j++) {
      const ref = r + 8 + <usize>j * 4;
      const p = ptr + <usize>configStore.refOffset(ref);
      for (let k: usize = 0; k < <usize>configStore.refLength(ref); k++) {
        if (load<u8>(p + k) == 0x2a) {
          configReport.problem(configMessage.E_CONFLICT, configLayout.T_RELAY_DOOR_CODE, i, j, "contains the confirm key *; remove it or change codeEntry.confirmKey");
          return configMessage.E_CONFLICT;
        }
      }
    }
  }
  return 0;
}
