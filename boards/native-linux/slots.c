/* The native board's supervisor (slots.h): `intercom-native --slots DIR ...`.
 * Each boot chooses a slot by the shared trial rules (boards/common/boot/
 * choose.h) from DIR/boot-record.bin, DIR/slot-a.img and DIR/slot-b.img
 * (docs/images.md kind 2 for native-linux, SHA-256 checked), writes the
 * payload to DIR/running.tmp as it is checked, renames it to DIR/running and
 * runs it (fork + exec) with the board's other options and --booted-from
 * DIR. When the child ends: status 0 (quit, or a signal it handled) ends the
 * supervisor; SLOTS_EXIT_REBOOT boots again at once; any other end (a crash,
 * another status) boots again after RESTART_PAUSE_MS, as a watchdog would,
 * so that a trial that never confirmed falls back to the other slot. Each
 * step is a JSON line on stdout, as the board's others (lines.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bootfs.h"
#include "choose.h"
#include "native.h"
#include "slots.h"

#define RESTART_PAUSE_MS 1000
#define STOP_TRIES 5
#define BOARD_NAME "native-linux"

static const char* const slot_files[2] = {"slot-a.img", "slot-b.img"};
static const char* slots_dir;
static char running[PATH_MAX], running_tmp[PATH_MAX];
static int out_fd = -1;     /* DIR/running.tmp while a slot is checked */
static int out_failed;      /* a write to it failed */
static int on_trial;        /* the slot chosen boots on trial */
static int last_boot;       /* this boot fell back: 1 from a trial never confirmed, 2 from a refused image (SLOTS_BOOT_ENV) */
static volatile sig_atomic_t stop_signal, stop_sent;
static volatile pid_t child_pid;

/* SIGINT and SIGTERM are passed on to the child, and again each second (SIGALRM): one that lands just
 * before the board's poll() is seen only at the next; after STOP_TRIES the child is killed. */
static void on_stop(int sig) {
  if (sig != SIGALRM) stop_signal = sig;
  if (!stop_signal || child_pid <= 0) return;
  kill(child_pid, ++stop_sent > STOP_TRIES ? SIGKILL : stop_signal);
  alarm(1);
}

static const char* slot_name(int slot) {
  return slot ? "B" : "A";
}

/* The payload goes to DIR/running.tmp (the target's callbacks, image.h). */
static const char* header(const image_target* t, const image_info* info) {
  (void)t;
  if (info->size > SLOTS_IMAGE_MAX) return "size: the payload is larger than a slot (64 MiB)";
  out_fd = open(running_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
  out_failed = out_fd < 0;
  return out_failed ? "size: the payload cannot be written to DIR/running.tmp" : 0;
}

static uint8_t* place(const image_target* t, uint32_t offset, uint32_t n) {
  static uint8_t chunk[1024];
  (void)t;
  (void)offset;
  (void)n;
  return chunk;
}

static const char* placed(const image_target* t, const uint8_t* p, uint32_t n) {
  (void)t;
  for (uint32_t done = 0; done < n;) {
    ssize_t w = write(out_fd, p + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return out_failed = 1, "size: the payload cannot be written to DIR/running.tmp";
    done += (uint32_t)w;
  }
  return 0;
}

static const image_target linux_target = {
  .kind = IMAGE_KIND_LINUX,
  .board = BOARD_NAME,
  .kind_refusal = "kind: not a Linux executable (kind 2)",
  .board_refusal = "board: the image is for another board, not " BOARD_NAME,
  .header = header,
  .place = place,
  .placed = placed,
  .payload = 0,
  .context = 0,
};

/* The payload written for a slot that was then refused is not kept. */
static void discard_output(void) {
  if (out_fd >= 0) close(out_fd);
  out_fd = -1;
  unlink(running_tmp);
}

static int open_slot(boot_board* b, int slot) {
  (void)b;
  discard_output();
  return bootfs_open(slot_files[slot], BOOTFS_READ);
}

static const image_target* target(boot_board* b, int slot) {
  (void)b;
  (void)slot;
  return &linux_target;
}

static void say_slot(const char* event, int slot, const char* key, const char* value) {
  printf("{\"t\":%u,\"event\":\"%s\",\"slot\":\"%s\"", clock_now(), event, slot_name(slot));
  if (key) printf(",\"%s\":\"%s\"", key, value);
  puts("}");
}

static void fallback(int from, const char* why) {
  printf("{\"t\":%u,\"event\":\"fallback\",\"from\":\"%s\",\"to\":\"%s\",\"why\":\"%s\"}\n", clock_now(), slot_name(from), slot_name(from ^ 1), why);
}

/* Each step of the choice as a JSON line. The refusals are fixed ASCII texts (image.c), safe in a JSON string as they are. */
static void report(boot_board* b, boot_step step, int slot, const char* why, const image_info* info) {
  (void)b;
  switch (step) {
    case BOOT_COPY_DAMAGED: line_warning(clock_now(), slot ? "boot record copy 2 is damaged, ignored" : "boot record copy 1 is damaged, ignored"); break;
    case BOOT_NO_RECORD: line_warning(clock_now(), "no boot record, slot A"); break;
    case BOOT_ACTIVE: on_trial = 0; say_slot("slot", slot, "state", "active"); break;
    case BOOT_ON_TRIAL: on_trial = 1; say_slot("slot", slot, "state", "trial"); break;
    case BOOT_NOT_TRIED: on_trial = 0; last_boot = 1; fallback(slot, "the boot record cannot be written"); break;
    case BOOT_NEVER_CONFIRMED: on_trial = 0; last_boot = 1; fallback(slot, "never confirmed"); break;
    case BOOT_EMPTY: say_slot("slot", slot, "state", "empty"); break;
    case BOOT_REFUSED: last_boot = 2; say_slot("refused", slot, "message", why); break;
    case BOOT_GIVEN_UP: on_trial = 0; fallback(slot, "refused on trial"); break;
    case BOOT_TRYING: say_slot("slot", slot, "state", "trying"); break;
    case BOOT_STARTING: {
      char version[16];
      snprintf(version, sizeof version, "%u.%u.%u", info->major, info->minor, info->revision);
      say_slot("boot", slot, "version", version);
      break;
    }
    case BOOT_UNWRITABLE: line_error(clock_now(), "the boot record cannot be written", slots_dir); break;
    case BOOT_NONE: break;
  }
  fflush(stdout);
}

/* The child: DIR/running with the board's options, --slots DIR dropped, --booted-from DIR added, and how it
 * booted in SLOTS_BOOT_ENV. */
static pid_t spawn_child(int argc, char** argv, int slot) {
  static char* args[256];
  int n = 0;
  args[n++] = running;
  for (int i = 1; i < argc && n < 252; i++) {
    if (!strcmp(argv[i], "--slots") && i + 1 < argc) i++;
    else args[n++] = argv[i];
  }
  args[n++] = "--booted-from";
  args[n++] = (char*)slots_dir;
  args[n] = NULL;
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    /* The child ends with the supervisor, even one killed by SIGKILL (Linux prctl(2)). */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    char boot[24];
    snprintf(boot, sizeof boot, "%d %d", slot, last_boot);
    setenv(SLOTS_BOOT_ENV, boot, 1);
    execv(running, args);
    fprintf(stderr, "intercom-native: cannot run %s: %s\n", running, strerror(errno));
    _exit(127);
  }
  return pid;
}

/* Waits for the child, passing on SIGINT and SIGTERM (on_stop); its wait status. */
static int wait_child(pid_t pid) {
  int status = 0;
  child_pid = pid;
  if (stop_signal) on_stop(SIGALRM); /* a stop that came before the child had a pid */
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  child_pid = 0;
  alarm(0);
  return status;
}

static void pause_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !stop_signal) {}
}

int slots_supervise(const char* dir, int argc, char** argv) {
  slots_dir = dir;
  bootfs_root(dir);
  clock_start();
  if (snprintf(running, sizeof running, "%s/running", dir) >= (int)sizeof running ||
      snprintf(running_tmp, sizeof running_tmp, "%s/running.tmp", dir) >= (int)sizeof running_tmp) {
    fprintf(stderr, "--slots: the directory's path is too long: %s\n", dir);
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  boot_board board = {open_slot, target, report, 0};
  while (!stop_signal) {
    image_info info;
    last_boot = 0;
    int slot = boot_choose(&board, &info);
    if (slot < 0 || out_failed) {
      discard_output();
      fprintf(stderr, "intercom-native: no bootable slot in %s: put an image of kind 2 for native-linux (intercom pack build/native/intercom-native "
              "slot-a.img --version X.Y.Z) in slot-a.img or slot-b.img\n", dir);
      return 1;
    }
    close(out_fd);
    out_fd = -1;
    if (rename(running_tmp, running) != 0) {
      fprintf(stderr, "intercom-native: cannot write %s: %s\n", running, strerror(errno));
      return 1;
    }
    fflush(stdout);
    pid_t pid = spawn_child(argc, argv, slot);
    if (pid < 0) {
      fprintf(stderr, "intercom-native: cannot start the child: %s\n", strerror(errno));
      return 1;
    }
    int status = wait_child(pid);
    if (stop_signal || (WIFEXITED(status) && WEXITSTATUS(status) == 0)) return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    /* Wrong options are the command line's fault, not the image's: the same image would refuse them again. */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2 && !on_trial) return 2;
    if (WIFSIGNALED(status)) printf("{\"t\":%u,\"event\":\"ended\",\"slot\":\"%s\",\"signal\":%d}\n", clock_now(), slot_name(slot), WTERMSIG(status));
    else printf("{\"t\":%u,\"event\":\"ended\",\"slot\":\"%s\",\"status\":%d}\n", clock_now(), slot_name(slot), WEXITSTATUS(status));
    fflush(stdout);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == SLOTS_EXIT_REBOOT)) pause_ms(RESTART_PAUSE_MS);
  }
  return 0;
}
