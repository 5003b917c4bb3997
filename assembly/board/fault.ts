// Where AssemblyScript's abort() lands (asconfig.json: --use abort=...).
// The board ABI's only way to report a firmware fault: the host is told the
// message as ASCII octets and their count, the source line and column, and
// the firmware then traps. See docs/board-abi.md.

@external("board", "fault")
declare function boardFault(text: usize, len: i32, line: u32, column: u32): void;

/** The most octets of a fault's message the board is told (a longer one is cut). */
const FAULT_TEXT_CAPACITY = 120;
const FAULT_TEXT: usize = memory.data(FAULT_TEXT_CAPACITY);

/**
 * The message (AssemblyScript's UTF-16 string at `message`, its byte length in the u32 just
 * before it, or 0 for none) as printable ASCII in FAULT_TEXT, another character as '?': its
 * length. Read as memory, not as a string: the runtime has no allocator nor shadow stack.
 */
function faultText(message: usize): i32 {
  if (message == 0) return 0;
  const n = min(<i32>(load<u32>(message - 4) >>> 1), FAULT_TEXT_CAPACITY);
  for (let i = 0; i < n; i++) {
    const c = load<u16>(message + (<usize>i << 1));
    store<u8>(FAULT_TEXT + <usize>i, c >= 0x20 && c < 0x7f ? <u8>c : 0x3f);
  }
  return n;
}

export function onAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  boardFault(FAULT_TEXT, faultText(changetype<usize>(message)), line, column);
  unreachable();
}
