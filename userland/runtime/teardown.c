// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one way a context goes away, whoever notices first (destroy, the
 * supervisor when init exits, run when its command ends, create when a step
 * fails): every piece may already be gone, which is fine.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/state.h"
#include "runtime/teardown.h"

#define KILL_TIMEOUT_MS 10000

int context_teardown(int devfd, const char *name, uint32_t xid, bool unregister,
		     const char **why)
{
	char cg[PATH_MAX];
	int ret;

	cgroup_path_of(name, cg);
	if (cgroup_populated(cg)) {
		ret = cgroup_kill(cg);
		if (ret && ret != -ENOENT) {
			*why = "cannot kill its tasks through cgroup.kill";
			return ret;
		}
	}
	ret = cgroup_wait_killed(cg, KILL_TIMEOUT_MS);
	if (ret) {
		*why = "its tasks stopped exiting after SIGKILL (none exited for 10 s)";
		return ret;
	}
	context_release_net(devfd, xid);
	if (!unregister)
		return 0;

	ret = vctx_destroy(devfd, xid);
	if (ret && ret != -ENOENT) {
		*why = ret == -EBUSY ? "a task entered it while it was being destroyed; try again" :
				       "the module refused to unregister it";
		return ret;
	}
	ret = cgroup_remove(cg);
	if (ret) {
		*why = "cannot remove its cgroup";
		return ret;
	}
	state_dir_remove(name);
	return 0;
}
