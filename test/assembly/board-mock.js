// A board for the specs (as-pect.config.js): the imports of board ABI 5
// (docs/serial-agent.md, docs/transports.md) over JavaScript state, and a `mock` module through
// which a spec sets that state up and reads back what the firmware did
// (octets written to the UART, slot contents, the stored configuration,
// activations, reboots). `mock.reset` puts it back to a fresh board.
//
// `memory()` returns the module's memory once it is instantiated (a spec
// module exports its own).
export function boardMock(memoryOf) {
  const bytes = () => new Uint8Array(memoryOf().buffer);
  const ascii = (ptr, len) => String.fromCharCode(...bytes().subarray(ptr, ptr + len));
  let s;
  const reset = () => {
    s = {
      serial: [], slots: [new Uint8Array(0), new Uint8Array(0)], capacity: 64 * 1024,
      running: 0, trial: 0, lastBoot: 0, kind: 1, name: "simulator", memoryBytes: 131072,
      config: null, activated: -1, reboots: 0, checkReason: "", failWrites: false, logs: 0,
      written: 0, writtenAtReboot: -1,
      // Streams: handles given from 1 up (openAnswer, when set, is what the next streamOpen returns);
      // what the firmware sent on each, its opens (peer port, secure) and closes in order.
      nextHandle: 1, openAnswer: null, opens: [], streamSent: new Map(), sendFails: false, closes: [],
      queries: [], resolver: true, nextQuery: 1,
    };
  };
  reset();
  const board = {
    send() {}, output() {}, mediaSend() {}, random(dst, len) { bytes().fill(7, dst, dst + len); },
    log() { s.logs++; },
    configRead(dst, cap) {
      if (!s.config) return 0;
      const n = Math.min(cap, s.config.length);
      bytes().set(s.config.subarray(0, n), dst);
      return n;
    },
    retainedRead() { return 0; }, retainedWrite() {},
    serialWrite(ptr, len) { for (const b of bytes().subarray(ptr, ptr + len)) s.serial.push(b); s.written += len; },
    bootInfo(dst) {
      const m = bytes();
      m.fill(0, dst, dst + 48);
      m[dst] = s.running; m[dst + 1] = s.trial; m[dst + 2] = s.lastBoot; m[dst + 3] = s.kind;
      new DataView(memoryOf().buffer).setUint32(dst + 4, s.capacity, true);
      new DataView(memoryOf().buffer).setUint32(dst + 8, s.memoryBytes, true);
      m[dst + 12] = s.name.length;
      for (let i = 0; i < s.name.length; i++) m[dst + 13 + i] = s.name.charCodeAt(i);
    },
    slotRead(slot, offset, dst, len) {
      if (slot !== 0 && slot !== 1) return -1;
      const from = s.slots[slot].subarray(offset >>> 0, (offset >>> 0) + len);
      bytes().set(from, dst);
      return from.length;
    },
    slotErase(slot) {
      if (slot !== 0 && slot !== 1 || slot === s.running) return -1;
      s.slots[slot] = new Uint8Array(0);
      return 0;
    },
    slotWrite(slot, offset, src, len) {
      offset >>>= 0;
      if (slot !== 0 && slot !== 1 || s.failWrites || offset + len > s.capacity) return -1;
      const old = s.slots[slot];
      if (offset + len > old.length) { const grown = new Uint8Array(offset + len); grown.set(old); s.slots[slot] = grown; }
      s.slots[slot].set(bytes().subarray(src, src + len), offset);
      return len;
    },
    slotCheck(slot, dst, cap) {
      const n = Math.min(cap, s.checkReason.length);
      for (let i = 0; i < n; i++) bytes()[dst + i] = s.checkReason.charCodeAt(i);
      return n;
    },
    bootActivate(slot) { if (slot !== 0 && slot !== 1) return -1; s.activated = slot; return 0; },
    configWrite(src, len) { if (s.failWrites) return -1; s.config = bytes().slice(src, src + len); return 0; },
    reboot() { s.reboots++; s.writtenAtReboot = s.written; },
    streamOpen(peer, secure, name, nameLen) {
      const m = bytes();
      s.opens.push({ port: (m[peer + 16] << 8) | m[peer + 17], secure, name: nameLen > 0 ? ascii(name, nameLen) : "" });
      if (s.openAnswer !== null) { const h = s.openAnswer; s.openAnswer = null; return h; }
      return s.nextHandle++;
    },
    streamSend(handle, data, len) {
      if (s.sendFails) return -1;
      const old = s.streamSent.get(handle) ?? [];
      s.streamSent.set(handle, old.concat(Array.from(bytes().subarray(data, data + len))));
      return len;
    },
    streamClose(handle) { s.closes.push(handle); },
    // Board ABI 5: each query is kept for the spec to read back and answer; -1 once setResolver(0) (no resolver).
    resolve(type, ptr, len) {
      if (!s.resolver) return -1;
      s.queries.push({ type, name: ascii(ptr, len), id: s.nextQuery });
      return s.nextQuery++;
    },
  };
  const mock = {
    reset,
    /** Moves up to cap octets the firmware wrote to the UART to dst; their number. */
    serialTake(dst, cap) { const n = Math.min(cap, s.serial.length); bytes().set(s.serial.splice(0, n), dst); return n; },
    serialPending() { return s.serial.length; },
    setBoot(running, trial, lastBoot, kind) { s.running = running; s.trial = trial; s.lastBoot = lastBoot; s.kind = kind; },
    setCapacity(n) { s.capacity = n >>> 0; },
    setName(ptr, len) { s.name = ascii(ptr, len); },
    setCheckReason(ptr, len) { s.checkReason = ascii(ptr, len); },
    setFailWrites(on) { s.failWrites = on !== 0; },
    setSlot(slot, ptr, len) { s.slots[slot] = bytes().slice(ptr, ptr + len); },
    slotLength(slot) { return s.slots[slot].length; },
    setConfig(ptr, len) { s.config = len > 0 ? bytes().slice(ptr, ptr + len) : null; },
    configLength() { return s.config ? s.config.length : -1; },
    configTake(dst, cap) { if (!s.config) return -1; const n = Math.min(cap, s.config.length); bytes().set(s.config.subarray(0, n), dst); return n; },
    activated() { return s.activated; },
    reboots() { return s.reboots; },
    /** The octets written to the UART since reset when reboot was last called (-1: never). */
    writtenAtReboot() { return s.writtenAtReboot; },
    /** Every octet written to the UART since reset. */
    written() { return s.written; },
    logs() { return s.logs; },
    /** The next streamOpen returns `h` (-1: a board without TCP, or no room). */
    setStreamOpenAnswer(h) { s.openAnswer = h; },
    /** How many streamOpen calls since reset, and the port the last one asked for. */
    streamOpens() { return s.opens.length; },
    lastOpenPort() { return s.opens.length ? s.opens[s.opens.length - 1].port : -1; },
    /** The last streamOpen's secure argument (1 TLS), -1 when none was asked for. */
    lastOpenSecure() { return s.opens.length ? s.opens[s.opens.length - 1].secure : -1; },
    /** Copies the name the last streamOpen gave (TLS: what the certificate must match) to dst; its length. */
    lastOpenName(dst, cap) {
      const name = s.opens.length ? s.opens[s.opens.length - 1].name : "";
      const n = Math.min(cap, name.length);
      for (let i = 0; i < n; i++) bytes()[dst + i] = name.charCodeAt(i);
      return n;
    },
    /** Moves up to cap octets sent on stream `handle` (since the last take) to dst; their number. */
    streamTake(handle, dst, cap) {
      const all = s.streamSent.get(handle) ?? [];
      const n = Math.min(cap, all.length);
      bytes().set(all.slice(0, n), dst);
      s.streamSent.set(handle, all.slice(n));
      return n;
    },
    /** Every streamSend fails from now on (1), or succeeds (0). */
    setStreamSendFails(on) { s.sendFails = on !== 0; },
    /** How many streamClose calls since reset, and the handle of the last one. */
    streamCloses() { return s.closes.length; },
    lastClosed() { return s.closes.length ? s.closes[s.closes.length - 1] : -1; },
    setResolver(on) { s.resolver = on !== 0; },
    /** The queries board.resolve was asked since reset: how many, and query i's type, id and name (copied to dst). */
    queryCount() { return s.queries.length; },
    queryType(i) { return s.queries[i].type; },
    queryId(i) { return s.queries[i].id; },
    queryName(i, dst, cap) { const q = s.queries[i].name; const n = Math.min(cap, q.length); for (let k = 0; k < n; k++) bytes()[dst + k] = q.charCodeAt(k); return q.length; },
  };
  return { board, mock };
}
