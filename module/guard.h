/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest guards: cgroup boundary, keyrings, abstract unix sockets, module
 * autoload, device nodes, socket families (guard.c).
 */
#ifndef _VCTX_GUARD_H
#define _VCTX_GUARD_H

#include <linux/types.h>

struct vctx_feature;

extern const struct vctx_feature vctx_guard_feature;

int vctx_guard_init(void);
void vctx_guard_exit(void);
void vctx_guard_params_free(void);

struct inode;

bool vctx_guard_socket_denied(int family, int protocol);
bool vctx_guard_device_denied(const struct inode *inode);

#endif /* _VCTX_GUARD_H */
