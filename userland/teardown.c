// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one way a context goes away, whoever notices first (destroy, the
 * supervisor when init exits, run when its command ends, create when a step
 * fails): every piece may already be gone, which is fine.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "context.h"

#define KILL_TIMEOUT_MS 10000

void state_dir_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, STATE_DIR "/%s", name);
}

void state_dir_remove(const char *name)
{
	char path[PATH_MAX], root[PATH_MAX + 8];

	state_dir_of(name, path);
	snprintf(root, sizeof(root), "%s/root", path);
	rmdir(root);
	rmdir(path);
}

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
	ret = cgroup_wait_empty(cg, KILL_TIMEOUT_MS);
	if (ret) {
		*why = "its tasks did not exit within 10 s of SIGKILL";
		return ret;
	}
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
