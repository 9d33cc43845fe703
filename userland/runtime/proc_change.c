// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Changing the procfs visibility flags of one /proc entry, globally or in
 * a context's table: vctx proc and a guest's PROC_HIDE and PROC_UNHIDE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libvctx.h"
#include "runtime/proc_change.h"
#include "util/err.h"

bool proc_table_path(const char *arg, char out[VCTX_PROC_PATH_LEN])
{
	const char *p = arg;

	if (!strncmp(p, "/proc/", 6))
		p += 6;
	if (!vctx_valid_proc_path(p))
		return false;
	memset(out, 0, VCTX_PROC_PATH_LEN);
	strcpy(out, p);
	return true;
}

int proc_entry_flags(const struct vctx_proc_entry *e, int n, const char *path)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].path, path))
			return (int)e[i].flags;
	return -1;
}

int proc_change_apply(int fd, __u32 xid, const char *ctx_name, const char *path,
			const struct proc_change *c)
{
	struct vctx_proc_entry *global = NULL, *over = NULL;
	int ng, no, flags, ret;

	ng = vctx_list_proc(fd, 0, &global);
	no = xid ? vctx_list_proc(fd, xid, &over) : 0;
	if (ng < 0 || no < 0) {
		ret = ng < 0 ? ng : no;
		free(global);
		free(over);
		return err_print_errno(ret, "cannot read the procfs flags");
	}
	if (c->reset) {
		ret = vctx_set_proc(fd, xid, VCTX_PROC_OP_REMOVE, 0, path);
	} else {
		flags = xid ? proc_entry_flags(over, no, path) : -1;
		if (flags < 0)
			flags = proc_entry_flags(global, ng, path);
		if (flags < 0)
			flags = 0;
		flags = (flags | (int)c->set) & ~(int)c->clear;
		ret = vctx_set_proc(fd, xid, VCTX_PROC_OP_SET, (__u32)flags, path);
	}
	free(global);
	free(over);
	if (ret == -ENOENT && c->reset)
		return err_print("'%s' has no %s entry to reset%s%s", path,
				 xid ? "context" : "global", xid ? " for " : "", xid ? ctx_name : "");
	if (ret == -ENOSPC)
		return err_print("cannot flag '%s': the %s table is full (%d entries); reset entries first",
				 path, xid ? "context's" : "global",
				 xid ? VCTX_PROC_CONTEXT_MAX : VCTX_PROC_GLOBAL_MAX);
	if (ret)
		return err_print_errno(ret, "cannot flag '%s'", path);
	return 0;
}
