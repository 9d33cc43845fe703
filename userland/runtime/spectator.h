/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running as the spectator (xid 1): a process of the host that sees every
 * context's processes and may act on none of them.
 */
#ifndef VCTX_RUNTIME_SPECTATOR_H
#define VCTX_RUNTIME_SPECTATOR_H

#include <sys/types.h>

/*
 * Bind the spectator to its cgroup (/sys/fs/cgroup/vctx/spectator, made
 * when missing) through @devfd and start a child there: like fork(), 0 in
 * the child, its pid in the parent with its pidfd in *@pidfd. On failure
 * prints why and returns a negative errno.
 */
pid_t spectator_fork(int devfd, int *pidfd);

#endif /* VCTX_RUNTIME_SPECTATOR_H */
