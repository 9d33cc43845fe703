/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Launching a context with a supervisor (vctx create, vctx start).
 */
#ifndef VCTX_RUNTIME_LAUNCH_H
#define VCTX_RUNTIME_LAUNCH_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/spec.h"

/*
 * Register context @spec and start its init with a supervisor. In the
 * background (create, start) return 0 once the init runs; in the
 * @foreground the caller is the supervisor and returns when the context
 * has stopped. @delegated: make its cgroup in the one systemd delegated to
 * the caller (cgroup_create_delegated()). @registered: the xid of a
 * persistent context that stopped, started again in its registration (0: a
 * new one). Errors are printed; the exit code.
 */
int context_launch(struct ctx_spec *spec, bool foreground, bool delegated, uint32_t registered);

#endif /* VCTX_RUNTIME_LAUNCH_H */
