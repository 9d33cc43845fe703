/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting a context's init in its new namespaces and cgroup.
 */
#ifndef VCTX_RUNTIME_SPAWN_H
#define VCTX_RUNTIME_SPAWN_H

#include <stdint.h>
#include <sys/types.h>

#include "runtime/reaper.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"

enum spawn_mode {
	SPAWN_DAEMON,	/* stdio to /dev/null, own session: vctx create */
	SPAWN_RUN,	/* stdio inherited, the reaper runs one command: vctx run */
};

/*
 * Start a context's init (pid 1 of new pid, mount, uts, ipc, cgroup, time
 * and, unless shared, net namespaces) inside the cgroup @cgroup_fd, with its
 * root, /proc, /sys, /dev, hostname and bounding set built. In SPAWN_RUN
 * mode the reaper starts @run as its child and exits with its status. The
 * init keeps none of the caller's descriptors (but @run's pty slave).
 *
 * Return: the init's pid, its pidfd in *@pidfd; or -1 with @err filled.
 */
pid_t spawn_context(const struct ctx_spec *spec, uint32_t xid, int cgroup_fd,
		    enum spawn_mode mode, const struct run_cmd *run, int *pidfd,
		    struct spawn_error *err);

/*
 * clone3() with @flags into the cgroup @cgroup_fd (-1: the caller's); the
 * child's pidfd in *@pidfd.
 */
pid_t clone3_into(uint64_t flags, int cgroup_fd, int *pidfd);

#endif /* VCTX_RUNTIME_SPAWN_H */
