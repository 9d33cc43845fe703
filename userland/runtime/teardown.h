/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one way a context goes away, whoever notices first.
 */
#ifndef VCTX_RUNTIME_TEARDOWN_H
#define VCTX_RUNTIME_TEARDOWN_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Kill what is left of context @name, then (when @unregister) unregister
 * @xid and remove its cgroup and state directory. A persistent context that
 * stopped keeps its registration and cgroup. Already-gone pieces are fine.
 * Return: 0 or -errno with @why set.
 */
int context_teardown(int devfd, const char *name, uint32_t xid, bool unregister,
		     const char **why);

#endif /* VCTX_RUNTIME_TEARDOWN_H */
