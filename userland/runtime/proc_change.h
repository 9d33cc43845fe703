/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Changing the procfs visibility flags of one /proc entry: vctx proc, and a
 * guest's PROC_HIDE and PROC_UNHIDE when it starts.
 */
#ifndef VCTX_RUNTIME_PROC_CHANGE_H
#define VCTX_RUNTIME_PROC_CHANGE_H

#include <stdbool.h>

#include "lib/libvctx.h"


/* A change of flags: bits to set and bits to clear, or back to the default. */
struct proc_change {
	unsigned int set, clear;
	bool reset;
};

/* "/proc/sys/kernel/x" or "sys/kernel/x" into @out; false when invalid. */
bool proc_table_path(const char *arg, char out[VCTX_PROC_PATH_LEN]);

/* The flags of @path among the @n entries @e, or -1 when it has none. */
int proc_entry_flags(const struct vctx_proc_entry *e, int n, const char *path);

/*
 * Apply @c to @path in the table of @xid (0: the global one; @ctx_name
 * names it in errors). Return: 0, or EXIT_TOOL after printing why.
 */
int proc_change_apply(int fd, __u32 xid, const char *ctx_name, const char *path,
		      const struct proc_change *c);

#endif /* VCTX_RUNTIME_PROC_CHANGE_H */
