// The transaction table's slots (RFC 3261 §17): each slot is one Slot record
// (its fixed fields) followed by the branch, the sent-by and the message kept
// for retransmission (§17.1.1.2, §17.2.1). What one slot holds is its own:
// writing every field of one slot, its areas filled to capacity, leaves its
// neighbours as they were; a slot taken again starts from zero.
import {
  allocate, release, resetTable, kind, state, setState, method, cseq, handler, arg, setHandler,
  lastCode, setLastCode, peer, branch, branchLength, sentBy, sentByLength, key, message, messageLength,
  retransmitOn, retransmitAt, interval, setRetransmit, timeoutOn, timeoutAt, setTimeout, endOn, endAt, setEnd,
  setKeys, keepMessage, isStranger, NO_HANDLER, ICT, NIST, TRYING, CALLING,
  BRANCH_CAPACITY, SENT_BY_CAPACITY, MESSAGE_CAPACITY,
} from "../../../assembly/sip/txn/table";
import { PEER_SIZE, setPeerIPv4, samePeer, peerPort } from "../../../assembly/sip/txn/peer";
import { M_INVITE as INVITE, M_OPTIONS as OPTIONS } from "../../../assembly/sip/msg/methods";
import { ascii } from "../msg/scratch";

const PEER_A: usize = memory.data(<i32>PEER_SIZE);
const PEER_B: usize = memory.data(<i32>PEER_SIZE);

/** Every field of slot i set to values derived from `n`, its three areas filled to capacity with octet `n`. */
function fill(i: i32, n: u8): void {
  setState(i, TRYING);
  setHandler(i, <i32>n, 1000 + <i32>n);
  setLastCode(i, 600 + <i32>n);
  setRetransmit(i, 10 + <u32>n, 20 + <u32>n);
  setTimeout(i, 30 + <u32>n);
  setEnd(i, 40 + <u32>n);
  const src = ascii(String.fromCharCode(n).repeat(MESSAGE_CAPACITY));
  setKeys(i, src, BRANCH_CAPACITY, src, SENT_BY_CAPACITY, 0x01010101 * <u32>n);
  keepMessage(i, src, MESSAGE_CAPACITY);
}

/** Whether slot i holds what fill(i, n) wrote, octet for octet. */
function holds(i: i32, n: u8): bool {
  if (state(i) != TRYING || handler(i) != <i32>n || arg(i) != 1000 + <i32>n || lastCode(i) != 600 + <i32>n) return false;
  if (!retransmitOn(i) || retransmitAt(i) != 10 + <u32>n || interval(i) != 20 + <u32>n) return false;
  if (!timeoutOn(i) || timeoutAt(i) != 30 + <u32>n || !endOn(i) || endAt(i) != 40 + <u32>n) return false;
  if (branchLength(i) != BRANCH_CAPACITY || sentByLength(i) != SENT_BY_CAPACITY || key(i) != 0x01010101 * <u32>n) return false;
  if (messageLength(i) != MESSAGE_CAPACITY) return false;
  for (let k = 0; k < BRANCH_CAPACITY; k++) if (load<u8>(branch(i) + <usize>k) != n) return false;
  for (let k = 0; k < SENT_BY_CAPACITY; k++) if (load<u8>(sentBy(i) + <usize>k) != n) return false;
  for (let k = 0; k < MESSAGE_CAPACITY; k++) if (load<u8>(message(i) + <usize>k) != n) return false;
  return true;
}

/** Whether slot i has no timer armed, no handler, no status code and no keys or message stored. */
function blank(i: i32): bool {
  return !retransmitOn(i) && !timeoutOn(i) && !endOn(i) && handler(i) == NO_HANDLER && arg(i) == 0 && lastCode(i) == 0 &&
    branchLength(i) == 0 && sentByLength(i) == 0 && key(i) == 0 && messageLength(i) == 0;
}

describe("the slots of the transaction table (table.ts)", () => {
  beforeEach(() => {
    resetTable();
    setPeerIPv4(PEER_A, 0xc0000201, 5060);
    setPeerIPv4(PEER_B, 0xc6336407, 5070);
  });

  it("a new slot records its kind, method, CSeq and peer, and starts with no timer, no handler and no keys", () => {
    const t = allocate(ICT, INVITE, 314159, PEER_A);
    expect(t).toBe(0);
    expect(kind(t)).toBe(ICT);
    expect(method(t)).toBe(INVITE);
    expect(cseq(t)).toBe(314159);
    expect(samePeer(peer(t), PEER_A)).toBe(true);
    expect(isStranger(t)).toBe(false);
    expect(blank(t)).toBe(true);
  });

  it("every field of a slot, and its branch, sent-by and message at capacity, leave the neighbouring slots untouched", () => {
    const a = allocate(ICT, INVITE, 1, PEER_A);
    const b = allocate(NIST, OPTIONS, 2, PEER_B, true);
    const c = allocate(ICT, INVITE, 3, PEER_A);
    fill(a, 0x61);
    fill(c, 0x63);
    fill(b, 0x62);
    expect(holds(a, 0x61)).toBe(true);
    expect(holds(b, 0x62)).toBe(true);
    expect(holds(c, 0x63)).toBe(true);
    expect(kind(a)).toBe(ICT);
    expect(kind(b)).toBe(NIST);
    expect(cseq(c)).toBe(3);
    expect(isStranger(b)).toBe(true);
    expect(samePeer(peer(a), PEER_A)).toBe(true);
    expect(peerPort(peer(b))).toBe(5070);
  });

  it("a released slot taken again starts from zero: no timer, handler, code or keys of its former transaction", () => {
    const t = allocate(ICT, INVITE, 1, PEER_A);
    fill(t, 0x7a);
    release(t);
    expect(allocate(NIST, OPTIONS, 9, PEER_B)).toBe(t);
    expect(state(t)).toBe(0);
    expect(method(t)).toBe(OPTIONS);
    expect(blank(t)).toBe(true);
    expect(samePeer(peer(t), PEER_B)).toBe(true);
  });

  it("a branch or sent-by beyond its capacity, or a message beyond MESSAGE_CAPACITY, is refused and not stored", () => {
    const t = allocate(ICT, INVITE, 1, PEER_A);
    setState(t, CALLING);
    const src = ascii("x".repeat(MESSAGE_CAPACITY + 1));
    expect(setKeys(t, src, BRANCH_CAPACITY + 1, src, 4, 0)).toBe(false);
    expect(setKeys(t, src, 4, src, SENT_BY_CAPACITY + 1, 0)).toBe(false);
    expect(branchLength(t)).toBe(0);
    expect(keepMessage(t, src, MESSAGE_CAPACITY + 1)).toBe(false);
    expect(messageLength(t)).toBe(0);
    expect(state(t)).toBe(CALLING);
  });
});
