/*
 * The monitor's per-hart stacks (src/core/stack.c): entry.S fills each with
 * STACK_PATTERN; the bottom STACK_GUARD bytes are never used and are
 * checked every few exits and at the end (src/core/main.c explains the
 * choice); the
 * untouched pattern measures the maximal use. Safe to include from
 * assembly.
 */
#ifndef MIRALIS_STACK_H
#define MIRALIS_STACK_H

#define STACK_PATTERN 0x0BADBED0
/* Also the largest frame the build allows (-Wframe-larger-than, mk/monitor.mk). */
#define STACK_GUARD 1024

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Whether the guard at the bottom of a stack still holds the pattern. */
bool stack_guard_intact(const uint32_t *bottom);
/* Bytes used at most in a stack of `size` bytes (measured from the pattern). */
uint64_t stack_used(const uint32_t *bottom, uint64_t size);
#endif

#endif /* MIRALIS_STACK_H */
