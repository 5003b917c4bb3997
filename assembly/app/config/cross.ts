// The checks across records, once every record has been read: an identity is
// a user and a domain together; a registrar needs an identity; a port needs
// its host; a backup registrar needs a registrar; an access code names an
// existing relay; a door code may not contain the confirm key; alarms and
// presence need a registrar (their MESSAGE and PUBLISH go through it).

import * as L from "./layout";
import * as M from "./message";
import * as R from "./report";
import * as S from "./store";
import { given } from "./entries";

export function crossChecks(ptr: usize): i32 {
  const v = S.STAGE;
  if (given(L.T_USER) && !given(L.T_DOMAIN)) return R.missing(L.T_DOMAIN, -1, "give the SIP domain of user");
  if (given(L.T_DOMAIN) && !given(L.T_USER)) return R.missing(L.T_USER, -1, "give the SIP user of domain");
  if (given(L.T_REGISTRAR_PORT) && !given(L.T_REGISTRAR_HOST)) return R.missing(L.T_REGISTRAR_HOST, -1, "registrar.port needs it");
  if (given(L.T_BACKUP_PORT) && !given(L.T_BACKUP_HOST)) return R.missing(L.T_BACKUP_HOST, -1, "backupRegistrar.port needs it");
  if (given(L.T_BACKUP_HOST) && !given(L.T_REGISTRAR_HOST)) return R.missing(L.T_REGISTRAR_HOST, -1, "backupRegistrar needs a registrar");
  if (given(L.T_REGISTRAR_HOST) && !given(L.T_USER)) return R.missing(L.T_USER, -1, "registrar needs an identity (user and domain)");
  if (given(L.T_ALARM_URI) && !given(L.T_REGISTRAR_HOST)) return R.missing(L.T_REGISTRAR_HOST, -1, "alarms.uri needs one");
  if (S.number(v, L.T_PRESENCE_PUBLISH) != 0 && !given(L.T_REGISTRAR_HOST)) return R.missing(L.T_REGISTRAR_HOST, -1, "presence.publish needs one");

  const relays = S.count(v, S.COUNT_RELAYS);
  const access = S.count(v, S.COUNT_ACCESS);
  for (let i = 0; i < access; i++) {
    const relay = <u32>load<u8>(v + L.accessOffset(i) + 4);
    if (relay >= <u32>relays) return R.reference(L.T_ACCESS_RELAY, i, relay);
  }

  if (S.number(v, L.T_CONFIRM_KEY) != L.CONFIRM_STAR) return 0;
  for (let i = 0; i < relays; i++) {
    const r = v + L.relayOffset(i);
    const n = <i32>load<u8>(r);
    for (let j = 0; j < n; j++) {
      const ref = r + 8 + <usize>j * 4;
      const p = ptr + <usize>S.refOffset(ref);
      for (let k: usize = 0; k < <usize>S.refLength(ref); k++) {
        if (load<u8>(p + k) == 0x2a) {
          R.problem(M.E_CONFLICT, L.T_RELAY_DOOR_CODE, i, j, "contains the confirm key *; remove it or change codeEntry.confirmKey");
          return M.E_CONFLICT;
        }
      }
    }
  }
  return 0;
}
