/* A QEMU TCG plugin for the boot bench (test/bench/boot-register.ts): counts
 * every guest instruction executed from reset, and the first time the core
 * reaches each marked address, writes "name count" (the instructions executed
 * before it) to the file `out`. Arguments: out=PATH, then NAME=ADDRESS (hex,
 * a Thumb function's address with bit 0 cleared), up to MARKS of them.
 *
 * QEMU 7.2 installs no qemu-plugin.h, so the few entry points used are
 * declared here after QEMU's documented plugin API ("TCG Plugins" in QEMU's
 * developer documentation): a translation callback per block, an inline add
 * per instruction, and an execution callback on the marked ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb*));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn* insn, enum qemu_plugin_op op, void* ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn, void (*cb)(unsigned int, void*), enum qemu_plugin_cb_flags flags,
                                            void* userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MARKS 8

struct mark {
  char name[32];
  uint64_t address;
  int seen;
};

static struct mark marks[MARKS];
static int mark_count;
static uint64_t executed; /* one core (the Cortex-M4): no other vCPU adds to it */
static FILE* out;

/* `executed` counts the instructions before this one (and, if QEMU runs the inline add first, this one: one instruction at most). */
static void reached(unsigned int vcpu, void* userdata) {
  (void)vcpu;
  struct mark* m = userdata;
  if (m->seen) return;
  m->seen = 1;
  fprintf(out, "%s %llu\n", m->name, (unsigned long long)executed);
  fflush(out);
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; i++) {
    struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t at = qemu_plugin_insn_vaddr(insn);
    for (int k = 0; k < mark_count; k++)
      if (marks[k].address == at && !marks[k].seen) qemu_plugin_register_vcpu_insn_exec_cb(insn, reached, QEMU_PLUGIN_CB_NO_REGS, &marks[k]);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
  }
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc, char** argv) {
  (void)info;
  for (int i = 0; i < argc; i++) {
    const char* eq = strchr(argv[i], '=');
    if (!eq) return -1;
    size_t len = (size_t)(eq - argv[i]);
    if (len == 3 && strncmp(argv[i], "out", 3) == 0) {
      out = fopen(eq + 1, "w");
      if (!out) return -1;
    } else if (mark_count < MARKS && len < sizeof marks[0].name) {
      memcpy(marks[mark_count].name, argv[i], len);
      marks[mark_count].name[len] = 0;
      marks[mark_count++].address = strtoull(eq + 1, 0, 16);
    } else {
      return -1;
    }
  }
  if (!out) return -1;
  qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
  return 0;
}
