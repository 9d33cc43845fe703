/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capability names, the bounding sets vctx gives contexts, and dropping
 * the rest in a context's tasks.
 */
#ifndef VCTX_RUNTIME_CAPS_H
#define VCTX_RUNTIME_CAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "runtime/spawn_error.h"

/* Capabilities 0..CAPS_LAST (CAP_CHECKPOINT_RESTORE), as of Linux 6.12. */
#define CAPS_LAST 40

/* The name of capability @cap without "CAP_", lower case; NULL if unknown. */
const char *cap_name(unsigned int cap);

/* "sys_admin", "SYS_ADMIN" or "CAP_SYS_ADMIN": the number, or -1. */
int cap_from_name(const char *name);

/*
 * Apply a comma-separated list of names to @set: added when @add, removed
 * otherwise. "all" names every capability. On an unknown name returns false
 * and points @bad at it (inside @list, up to the next comma).
 */
bool caps_apply_list(uint64_t *set, const char *list, bool add, const char **bad, size_t *bad_len);

/*
 * The default bounding set: what a VServer guest root needs to administer
 * its own files and users, nothing that reaches the host (no SYS_ADMIN,
 * SYS_MODULE, SYS_RAWIO, SYS_TIME, MKNOD -- there is no device
 * cgroup --, NET_ADMIN, DAC_READ_SEARCH, LINUX_IMMUTABLE, SYSLOG, MAC_*,
 * AUDIT_CONTROL). NET_RAW only with a network namespace of its own.
 * SYS_BOOT is kept: reboot(2) in a pid namespace only ends that namespace
 * (its init's parent restarts or stops the guest), and vctx.ko refuses
 * kexec to every guest.
 */
uint64_t caps_default(bool own_netns);

/* Write the names in @set as "chown,kill,..." ("none" when empty). */
void caps_print(FILE *out, uint64_t set);

/* Drop every capability outside @bset from the bounding, ambient and own sets. */
int caps_limit(uint64_t bset, struct spawn_error *err);

#endif /* VCTX_RUNTIME_CAPS_H */
