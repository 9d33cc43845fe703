/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --net private: a context's own network namespace, linked to the host by
 * a veth pair or an ipvlan child of a host interface (--link).
 */
#ifndef VCTX_RUNTIME_PRIVNET_H
#define VCTX_RUNTIME_PRIVNET_H

#include <stdint.h>
#include <sys/types.h>

#include "runtime/spawn_error.h"
#include "runtime/spec.h"

/*
 * --net private: the veth pair or ipvlan link of the context whose init is
 * @pid (held before it runs), configured on both sides. 0, or -1 with @err
 * filled.
 */
int privnet_setup(const struct ctx_spec *spec, uint32_t xid, pid_t pid, struct spawn_error *err);

#endif /* VCTX_RUNTIME_PRIVNET_H */
