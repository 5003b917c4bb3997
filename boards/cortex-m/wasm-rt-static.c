/* wasm2c's runtime for bare metal, in place of WABT's wasm-rt-impl.c (which
 * reserves memory with mmap, grows it with realloc and catches traps with
 * signals and longjmp): the module's linear memory is one static array of its
 * fixed size (2 pages, docs/board-abi.md), function types live in a static
 * table, and a trap goes to the port's hal_restart. No heap, no OS. */
#include <stdarg.h>
#include <string.h>
#include "wasm-rt.h"
#include "hal.h"

#define PAGE_BYTES 65536u
/* The module declares initial = maximum = 2 pages; the array is exactly that. */
#ifndef INTERCOM_MEMORY_PAGES
#define INTERCOM_MEMORY_PAGES 2u
#endif
#define MAX_FUNC_TYPES 32
#define MAX_TYPE_ARITY 12

static uint8_t linear_memory[INTERCOM_MEMORY_PAGES * PAGE_BYTES] __attribute__((aligned(8)));

#if WASM_RT_USE_STACK_DEPTH_COUNT
uint32_t wasm_rt_call_stack_depth;
#endif

void wasm_rt_init(void) {}

bool wasm_rt_is_initialized(void) {
  return true;
}

void wasm_rt_free(void) {}

const char* wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no trap";
    case WASM_RT_TRAP_OOB: return "out-of-bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable (a firmware fault)";
    case WASM_RT_TRAP_CALL_INDIRECT: return "indirect call signature mismatch";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
    default: return "call stack exhausted";
  }
}

void wasm_rt_trap(wasm_rt_trap_t code) {
  hal_restart(wasm_rt_strerror(code));
}

/* The module's one memory: the static array, zeroed (its data segments are loaded next). */
void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  if (initial_pages > INTERCOM_MEMORY_PAGES) hal_restart("the module needs more linear memory than INTERCOM_MEMORY_PAGES");
  memset(linear_memory, 0, sizeof linear_memory);
  memory->data = linear_memory;
  memory->pages = initial_pages;
  memory->max_pages = max_pages < INTERCOM_MEMORY_PAGES ? max_pages : INTERCOM_MEMORY_PAGES;
  memory->size = initial_pages * PAGE_BYTES;
}

/* memory.grow within the static array; -1 past it (the firmware never grows). */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  uint32_t old = memory->pages;
  if (delta > memory->max_pages - old) return (uint32_t)-1;
  memory->pages = old + delta;
  memory->size = memory->pages * PAGE_BYTES;
  return old;
}

void wasm_rt_free_memory(wasm_rt_memory_t* memory) {
  (void)memory;
}

/* The module's one function table (call_indirect: the firmware passes a handler, e.g. the SIP
 * user agent's reoffer handler, sip/ua/session.ts), in a static array: a module whose table
 * outgrows it traps at start (the firmware's table holds a handful of entries). */
#define MAX_TABLE_ELEMENTS 16
static wasm_rt_funcref_t table_elements[MAX_TABLE_ELEMENTS];

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements, uint32_t max_elements) {
  if (elements > MAX_TABLE_ELEMENTS) wasm_rt_trap(WASM_RT_TRAP_OOB);
  for (uint32_t i = 0; i < elements; i++) table_elements[i] = wasm_rt_funcref_null_value;
  table->data = table_elements;
  table->size = elements;
  table->max_size = max_elements < MAX_TABLE_ELEMENTS ? max_elements : MAX_TABLE_ELEMENTS;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
  (void)table;
}

/* Function types, compared by their parameter and result types; index + 1 as in WABT's runtime. */
static struct {
  uint8_t params, results;
  uint8_t types[MAX_TYPE_ARITY];
} func_types[MAX_FUNC_TYPES];
static uint32_t func_type_count;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  uint8_t types[MAX_TYPE_ARITY];
  if (params + results > MAX_TYPE_ARITY) hal_restart("a function type with more than 12 parameters and results");
  va_list args;
  va_start(args, results);
  for (uint32_t i = 0; i < params + results; i++) types[i] = (uint8_t)va_arg(args, int);
  va_end(args);
  for (uint32_t i = 0; i < func_type_count; i++) {
    if (func_types[i].params == params && func_types[i].results == results && memcmp(func_types[i].types, types, params + results) == 0) return i + 1;
  }
  if (func_type_count == MAX_FUNC_TYPES) hal_restart("more than 32 function types");
  func_types[func_type_count].params = (uint8_t)params;
  func_types[func_type_count].results = (uint8_t)results;
  memcpy(func_types[func_type_count].types, types, params + results);
  return ++func_type_count;
}
