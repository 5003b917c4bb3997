// The bookkeeping of one load: which top-level tags the block gave, which
// list entry is open (a begin record opens it, any record of another scope
// closes it), the entry's fields, the duplicates and the counts. Everything
// is written to the staging view; offsets are from the block start.

import * as configLayout from "./layout";
import * as configSchema from "./schema.generated";
import * as configMessage from "./message";
import * as configReport from "./report";
import * as configStore from "./store";

const SEEN: usize = memory.data(0x30);

// The open entry is LoadState's (message.ts).
/** The scope of the open entry (S_TOP: none). */
export function openScope(): i32 { return configMessage.loading().openScope; }
/** The index of the open entry (0 when none is open: check openScope first). */
export function openIndex(): i32 { return configMessage.loading().openIndex; }

/** Starts a load: no tag seen (configLoad's loadStateReset closed any entry). */
export function resetEntries(): void {
  for (let t: usize = 0; t < 0x30; t++) store<u8>(SEEN + t, 0);
}

/** Whether this block gave top-level tag `tag`. */
export function given(tag: u32): bool { return tag < 0x30 && load<u8>(SEEN + <usize>tag) != 0; }

/** Records a top-level field once; a second one is a duplicate. */
export function markGiven(tag: u32): i32 {
  if (given(tag)) return configReport.problem(configMessage.E_DUPLICATE, tag, -1, -1, "given twice; keep one");
  store<u8>(SEEN + <usize>tag, 1);
  return 0;
}

function countOf(scope: i32): usize {
  return scope == configSchema.S_BUTTON ? configStore.COUNT_BUTTONS : (scope == configSchema.S_RELAY ? configStore.COUNT_RELAYS : configStore.COUNT_ACCESS);
}

/** A begin record of `scope` (described as `tag`): closes the open entry and opens the next one. */
export function openEntry(tag: u32, scope: i32): i32 {
  const closed = closeEntry();
  if (closed != 0) return closed;
  const which = countOf(scope);
  const n = configStore.count(configStore.STAGE, which);
  const max = scope == configSchema.S_BUTTON ? configLayout.MAX_BUTTONS : (scope == configSchema.S_RELAY ? configLayout.MAX_RELAYS : configLayout.MAX_ACCESS);
  if (n >= max) return configReport.tooMany(tag, -1, max);
  if (scope == configSchema.S_BUTTON) configStore.writeButtonDefaults(configStore.STAGE, n);
  if (scope == configSchema.S_RELAY) configStore.writeRelayDefaults(configStore.STAGE, n);
  configStore.setCount(configStore.STAGE, which, n + 1);
  const l = configMessage.loading();
  l.openScope = <u8>scope;
  l.openIndex = <i8>n;
  l.entrySeen = 0;
  return 0;
}

/** Closes the open entry: a button needs a mode and a target, an access code its code and relay. */
export function closeEntry(): i32 {
  const l = configMessage.loading();
  const scope = openScope(), i = openIndex();
  l.openScope = <u8>configSchema.S_TOP;
  l.openIndex = 0;
  if (scope == configSchema.S_BUTTON) {
    if ((l.entrySeen & bit(configLayout.T_BUTTON_MODE)) == 0) return configReport.missing(configLayout.T_BUTTON_MODE, i, "give sequential or parallel");
    if (load<u8>(configStore.STAGE + configLayout.buttonOffset(i) + 1) == 0) return configReport.missing(configLayout.T_BUTTON_TARGET, i, "give 1 to 4 SIP URIs");
  } else if (scope == configSchema.S_ACCESS) {
    if ((l.entrySeen & bit(configLayout.T_ACCESS_CODE)) == 0) return configReport.missing(configLayout.T_ACCESS_CODE, i, "give 4 to 16 digits");
    if ((l.entrySeen & bit(configLayout.T_ACCESS_RELAY)) == 0) return configReport.missing(configLayout.T_ACCESS_RELAY, i, "give the index of a relay");
  }
  return 0;
}

function bit(tag: u32): u32 { return <u32>1 << (tag & 15); }

/** The index a repeated field of the open entry would get (target, door code), -1 for other tags. */
export function subIndex(tag: u32): i32 {
  if (tag == configLayout.T_BUTTON_TARGET && openScope() == configSchema.S_BUTTON) return <i32>load<u8>(configStore.STAGE + configLayout.buttonOffset(openIndex()) + 1);
  if (tag == configLayout.T_RELAY_DOOR_CODE && openScope() == configSchema.S_RELAY) return <i32>load<u8>(configStore.STAGE + configLayout.relayOffset(openIndex()));
  return -1;
}

/** Whether the text at `ref` (a staging reference) equals [at, at+size) of the block. */
function same(ptr: usize, ref: usize, at: i32, size: i32): bool {
  if (configStore.refLength(ref) != size) return false;
  const a = ptr + <usize>configStore.refOffset(ref), b = ptr + <usize>at;
  for (let k: usize = 0; k < <usize>size; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/** A field of the open list entry; `v` is its number (texts: 0). */
export function entryField(ptr: usize, tag: u32, at: i32, size: i32, v: u32): i32 {
  const l = configMessage.loading();
  const i = openIndex();
  const repeated = tag == configLayout.T_BUTTON_TARGET || tag == configLayout.T_RELAY_DOOR_CODE;
  if (!repeated && (l.entrySeen & bit(tag)) != 0) return configReport.problem(configMessage.E_DUPLICATE, tag, i, -1, "given twice in one entry; keep one");
  l.entrySeen |= bit(tag);
  if (openScope() == configSchema.S_BUTTON) {
    const b = configStore.STAGE + configLayout.buttonOffset(i);
    if (tag == configLayout.T_BUTTON_MODE) store<u8>(b, <u8>v);
    else if (tag == configLayout.T_BUTTON_RING_TIMEOUT) store<u16>(b + 2, <u16>v);
    else {
      const j = <i32>load<u8>(b + 1);
      if (j >= configLayout.MAX_TARGETS) return configReport.tooMany(tag, i, configLayout.MAX_TARGETS);
      for (let k = 0; k < j; k++) {
        if (same(ptr, b + 4 + <usize>k * 4, at, size)) return configReport.problem(configMessage.E_DUPLICATE, tag, i, j, "same URI as another target of this button; remove it");
      }
      configStore.setRef(b + 4 + <usize>j * 4, at, size);
      store<u8>(b + 1, <u8>(j + 1));
    }
  } else if (openScope() == configSchema.S_RELAY) {
    const r = configStore.STAGE + configLayout.relayOffset(i);
    if (tag == configLayout.T_RELAY_PULSE_MS) store<u16>(r + 2, <u16>v);
    else if (tag == configLayout.T_RELAY_HANGUP_MS) store<u16>(r + 4, <u16>v);
    else {
      const j = <i32>load<u8>(r);
      if (j >= configLayout.MAX_DOOR_CODES) return configReport.tooMany(tag, i, configLayout.MAX_DOOR_CODES);
      for (let q = 0; q <= i; q++) {
        const other = configStore.STAGE + configLayout.relayOffset(q);
        const n = q == i ? j : <i32>load<u8>(other);
        for (let k = 0; k < n; k++) {
          if (same(ptr, other + 8 + <usize>k * 4, at, size)) return configReport.problem(configMessage.E_DUPLICATE, tag, i, j, "same code as another door code; door codes must differ");
        }
      }
      configStore.setRef(r + 8 + <usize>j * 4, at, size);
      store<u8>(r, <u8>(j + 1));
    }
  } else {
    const a = configStore.STAGE + configLayout.accessOffset(i);
    if (tag == configLayout.T_ACCESS_RELAY) store<u8>(a + 4, <u8>v);
    else {
      for (let q = 0; q < i; q++) {
        if (same(ptr, configStore.STAGE + configLayout.accessOffset(q), at, size)) return configReport.problem(configMessage.E_DUPLICATE, tag, i, -1, "same code as another access code; access codes must differ");
      }
      configStore.setRef(a, at, size);
    }
  }
  return 0;
}

/** One incoming.allowed entry. */
export function allowedEntry(ptr: usize, at: i32, size: i32): i32 {
  const n = configStore.count(configStore.STAGE, configStore.COUNT_ALLOWED);
  if (n >= configLayout.MAX_ALLOWED) return configReport.tooMany(configLayout.T_ALLOWED, -1, configLayout.MAX_ALLOWED);
  for (let k = 0; k < n; k++) {
    if (same(ptr, configStore.STAGE + configLayout.allowedOffset(k), at, size)) return configReport.problem(configMessage.E_DUPLICATE, configLayout.T_ALLOWED, n, -1, "same as another allowed caller; remove it");
  }
  configStore.setRef(configStore.STAGE + configLayout.allowedOffset(n), at, size);
  configStore.setCount(configStore.STAGE, configStore.COUNT_ALLOWED, n + 1);
  return 0;
}

/** The secret of allowed caller i (the entry just before it); -1: there is none yet. */
export function allowedSecret(i: i32, at: i32, size: i32): i32 {
  if (i < 0) return configReport.outside(configLayout.T_ALLOWED_SECRET);
  const ref = configStore.STAGE + configLayout.allowedSecretOffset(i);
  if (configStore.refLength(ref) > 0) return configReport.problem(configMessage.E_DUPLICATE, configLayout.T_ALLOWED_SECRET, i, -1, "given twice in one entry; keep one");
  configStore.setRef(ref, at, size);
  return 0;
}
