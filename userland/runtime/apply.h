/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context just registered gets the settings of its spec before any task
 * of it runs: limits, socket families, procfs overrides.
 */
#ifndef VCTX_RUNTIME_APPLY_H
#define VCTX_RUNTIME_APPLY_H

#include <stdint.h>

#include "runtime/spec.h"

/*
 * Apply @spec's limits to the context just registered as @xid, before any
 * task of it runs; its CPU limit is only checked here, and set by
 * context_apply_cpu_limit() once the init (or run's command) is started.
 * Return: 0, or -errno after printing why.
 */
int context_apply_limits(int devfd, const struct ctx_spec *spec, uint32_t xid, const char *cg);
int context_apply_cpu_limit(int devfd, const struct ctx_spec *spec, uint32_t xid);

/*
 * @spec's PROC_HIDE and PROC_UNHIDE entries in @xid's procfs table.
 * Return: 0, or -EINVAL after printing why.
 */
int context_apply_proc(int devfd, const struct ctx_spec *spec, uint32_t xid);

#endif /* VCTX_RUNTIME_APPLY_H */
