// The firmware's runtime: there is no heap. Every state lives in static
// memory (memory.data, @unmanaged structs over it, globals). AssemblyScript
// calls these hooks whenever code would allocate a managed object; here each
// hook counts the attempt and aborts, so an allocation anywhere is a fault the
// host sees at once, never a silent leak on a board with no memory to spare.

// @ts-ignore: decorator
@global let __allocationAttempts: u32 = 0;

// @ts-ignore: decorator
@global @inline
function refuse(): usize {
  __allocationAttempts++;
  abort("allocation in allocation-free firmware", null, 0, 0);
  return 0;
}

// @ts-ignore: decorator
@unsafe @global
function __alloc(size: usize): usize { return refuse(); }

// @ts-ignore: decorator
@unsafe @global
function __realloc(ptr: usize, size: usize): usize { return refuse(); }

// @ts-ignore: decorator
@unsafe @global
function __free(ptr: usize): void { refuse(); }

// @ts-ignore: decorator
@unsafe @global
function __reset(): void { }

// @ts-ignore: decorator
@unsafe @global
function __new(size: usize, id: u32): usize { return refuse(); }

// @ts-ignore: decorator
@unsafe @global
function __renew(oldPtr: usize, size: usize): usize { return refuse(); }

// @ts-ignore: decorator
@global @unsafe
function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void { }

// @ts-ignore: decorator
@global @unsafe
function __pin(ptr: usize): usize { return ptr; }

// @ts-ignore: decorator
@global @unsafe
function __unpin(ptr: usize): void { }

// @ts-ignore: decorator
@global @unsafe
function __visit(ptr: usize, cookie: u32): void { }

// @ts-ignore: decorator
@global @unsafe
function __collect(): void { }
