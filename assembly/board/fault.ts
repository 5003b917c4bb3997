// Where AssemblyScript's abort() lands (asconfig.json: --use abort=...).
// The board ABI's only way to report a firmware fault: the host is told the
// message (a static UTF-16 string in linear memory), the source line and
// column, and the firmware then traps. See docs/board-abi.md.

@external("board", "fault")
declare function boardFault(message: usize, line: u32, column: u32): void;

export function onAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  boardFault(changetype<usize>(message), line, column);
  unreachable();
}
