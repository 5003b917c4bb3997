/* What the boot stage tells the image it starts (the idea of MCUboot's shared
 * data): 16 octets at the top of RAM (__boot_handoff, mps2-an386-sections.ld),
 * below no stack and outside every start-up's .data and .bss, so they live
 * from the jump until the image reads them. The image takes them once at
 * start and clears the magic, so a reset that skips the boot stage (an image
 * linked at address 0) finds none: it runs outside the slots. */
#ifndef HANDOFF_H
#define HANDOFF_H

#include <stdint.h>

#define HANDOFF_MAGIC 0x48424349u /* "ICBH" */
/* last_boot: as BootInfo's (docs/serial-agent.md "BootInfo"). */
#define HANDOFF_AS_CHOSEN 0u
#define HANDOFF_FELL_BACK_UNCONFIRMED 1u
#define HANDOFF_FELL_BACK_DAMAGED 2u

typedef struct {
  uint32_t magic;
  uint8_t slot;      /* 0 A, 1 B */
  uint8_t trial;     /* started on trial (the record's trial, before any confirmation) */
  uint8_t last_boot; /* HANDOFF_AS_CHOSEN, ... */
  uint8_t reserved;
  uint32_t check;    /* ~(magic ^ the word of slot, trial, last_boot): RAM after power-up fails it */
  uint32_t unused;
} boot_handoff;

extern boot_handoff __boot_handoff;

/* The check word of a handoff whose other fields are set. */
static inline uint32_t handoff_check(const boot_handoff* h) {
  uint32_t word = (uint32_t)h->slot | (uint32_t)h->trial << 8 | (uint32_t)h->last_boot << 16 | (uint32_t)h->reserved << 24;
  return ~(h->magic ^ word);
}

#endif
