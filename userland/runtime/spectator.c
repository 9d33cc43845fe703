// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The spectator's process tree lives in its own cgroup: membership is what
 * the module goes by, and CLONE_INTO_CGROUP makes a child a spectator from
 * its first instruction. The caller stays a host process, so it can still
 * signal and wait for the child. A caller that is the spectator already (a
 * vctx ps in a spectator shell) may not rebind it and needs not: its
 * children are spectators too.
 */
#include <errno.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/spawn.h"
#include "runtime/spectator.h"
#include "util/err.h"

pid_t spectator_fork(int devfd, int *pidfd)
{
	struct vctx_info me;
	char path[PATH_MAX];
	const char *why;
	int cgfd, ret;
	pid_t pid;

	if (!vctx_info_by_pid(devfd, getpid(), &me) && me.xid == VCTX_XID_SPECTATOR) {
		pid = clone3_into(0, -1, pidfd);
		if (pid >= 0)
			return pid;
		ret = -errno;
		err_print_errno(ret, "cannot start a process");
		return ret;
	}
	cgfd = cgroup_open_spectator(path, &why);
	if (cgfd < 0) {
		err_print_errno(cgfd, "cannot set up the spectator: %s", why);
		return cgfd;
	}
	ret = vctx_set_spectator(devfd, cgfd);
	if (ret) {
		close(cgfd);
		err_print_errno(ret, "cannot make %s the spectator's cgroup%s", path,
				ret == -EBUSY ? " (an older spectator cgroup still has processes: end them first)" :
				"");
		return ret;
	}
	pid = clone3_into(0, cgfd, pidfd);
	ret = -errno;
	close(cgfd);
	if (pid < 0) {
		err_print_errno(ret, "cannot start a process as the spectator (clone3 into %s)", path);
		return ret;
	}
	return pid;
}
