/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's root: its own or a read-only view of the host's, with its
 * /proc, /sys, /dev, /run and /tmp.
 */
#ifndef VCTX_RUNTIME_ROOTFS_H
#define VCTX_RUNTIME_ROOTFS_H

#include <stdint.h>

#include "runtime/spawn_error.h"
#include "runtime/spec.h"

/* Inside the new namespaces: build the root and pivot into it. */
int rootfs_build(const struct ctx_spec *spec, uint32_t xid, struct spawn_error *err);

#endif /* VCTX_RUNTIME_ROOTFS_H */
