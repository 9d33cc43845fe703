/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest guards: cgroup boundary, keyrings, abstract unix sockets, module
 * autoload, socket families (guard.c).
 */
#ifndef _VCTX_GUARD_H
#define _VCTX_GUARD_H

#include <linux/types.h>

int vctx_guard_init(void);
void vctx_guard_exit(void);
void vctx_guard_params_free(void);

bool vctx_guard_socket_denied(int family, int protocol);

#endif /* _VCTX_GUARD_H */
