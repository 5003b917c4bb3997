// A slice of memory as one returned value (issue 15: a result is returned,
// never left in a module variable for the caller to read afterwards): its
// address in the low 32 bits, its length in the high 32.

// @ts-ignore: decorator
@inline export function span(at: usize, length: i32): u64 { return (<u64>length << 32) | <u64><u32>at; }
// @ts-ignore: decorator
@inline export function spanAt(s: u64): usize { return <usize><u32>s; }
// @ts-ignore: decorator
@inline export function spanLength(s: u64): i32 { return <i32>(s >>> 32); }
