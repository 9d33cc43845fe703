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

#include "cgroup.h"
#include "cli.h"
#include "context.h"
#include "version.h"

#define KILL_TIMEOUT_MS 10000

void state_dir_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, STATE_DIR "/%s", name);
}

static void state_file_of(const char *name, const char *file, char path[PATH_MAX])
{
	char dir[PATH_MAX];

	state_dir_of(name, dir);
	snprintf(path, PATH_MAX, "%.*s/%s", (int)(PATH_MAX - 16), dir, file);
}

void state_dir_remove(const char *name)
{
	char path[PATH_MAX];

	state_file_of(name, "supervisor", path);
	unlink(path);
	state_file_of(name, "cgroup", path);
	unlink(path);
	state_file_of(name, "log", path);
	unlink(path);
	state_file_of(name, "options.conf", path);
	unlink(path);
	state_file_of(name, LIMITS_DEFAULTS_FILE, path);
	unlink(path);
	state_file_of(name, LIMITS_DEFAULTS_FILE ".new", path);
	unlink(path);
	state_file_of(name, "root", path);
	rmdir(path);
	state_dir_of(name, path);
	rmdir(path);
}

void supervisor_record(const char *name)
{
	char path[PATH_MAX];
	FILE *f;

	state_file_of(name, "supervisor", path);
	f = fopen(path, "we");
	if (f) {
		fprintf(f, "%d\n", getpid());
		fclose(f);
	}
}

void supervisor_forget(const char *name)
{
	char path[PATH_MAX];

	state_file_of(name, "supervisor", path);
	unlink(path);
}

pid_t supervisor_pid(const char *name)
{
	char path[PATH_MAX];
	int pid = 0, n;
	FILE *f;

	state_file_of(name, "supervisor", path);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fscanf(f, "%d", &pid);
	fclose(f);
	return n == 1 && pid > 0 ? pid : -1;
}

int supervisor_pidfd(const char *name)
{
	char path[PATH_MAX], comm[32];
	pid_t pid = supervisor_pid(name);
	bool ours;
	int fd;
	FILE *f;

	if (pid <= 0)
		return -1;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	/* With the pidfd held, make sure the pid was not recycled. */
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	ours = f && fgets(comm, sizeof(comm), f) && !strcmp(comm, "vctx\n");
	if (f)
		fclose(f);
	if (!ours) {
		close(fd);
		return -1;
	}
	return fd;
}

void supervisor_wait(int pidfd)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	if (pidfd < 0)
		return;
	poll(&pfd, 1, KILL_TIMEOUT_MS);
	close(pidfd);
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

/*
 * The socket families of @spec, when the module has the allow-list. A
 * module without it applies none: that is only an error when a list other
 * than the default was asked for.
 */
static int apply_sockfam(int devfd, const struct ctx_spec *spec, uint32_t xid)
{
	struct vctx_version v;
	struct sockfam_set def;
	char list[512];
	int ret;

	if (!spec->sockfam_given)
		return 0;
	sockfam_default(&def);
	ret = vctx_get_version(devfd, &v);
	if (ret)
		return cli_error_errno(ret, "cannot ask the module for its features"), ret;
	if (!(v.features & VCTX_FEATURE_GUARD)) {
		if (sockfam_equal(&spec->sockfam, &def))
			return 0;
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		cli_error("cannot set the socket families of '%s': the loaded vctx module (%s) is too old for --socket-families (no socket-family allow-list); load the module that came with this tool (%s), or drop the option",
			  spec->name, v.module_version, VCTX_TOOL_VERSION);
		return -EOPNOTSUPP;
	}
	ret = vctx_set_sockfam(devfd, xid, spec->sockfam.fam);
	/* A module that names the feature but lacks the ioctl is too old just the same. */
	if (ret == -ENOTTY && sockfam_equal(&spec->sockfam, &def))
		return 0;
	if (ret == -ENOTTY) {
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		cli_error("cannot set the socket families of '%s': the loaded vctx module (%s) is too old for --socket-families (it lacks VCTX_IOC_SET_SOCKFAM); load the module that came with this tool (%s), or drop the option",
			  spec->name, v.module_version, VCTX_TOOL_VERSION);
		return ret;
	}
	if (ret) {
		sockfam_format(&spec->sockfam, list, sizeof(list));
		cli_error_errno(ret, "cannot set the socket families of '%s' to %s%s", spec->name,
				list, ret == -EINVAL ? " (a family the running kernel does not know?)" : "");
	}
	return ret;
}

int context_apply_limits(int devfd, const struct ctx_spec *spec, uint32_t xid, const char *cg)
{
	struct vctx_info info;
	char path[PATH_MAX];
	int ret;

	/* A new context: no record of defaults from an earlier one of the name. */
	state_file_of(spec->name, LIMITS_DEFAULTS_FILE, path);
	unlink(path);
	if (limit_opts_given(&spec->limits)) {
		memset(&info, 0, sizeof(info));
		info.xid = xid;
		snprintf(info.name, sizeof(info.name), "%s", spec->name);
		ret = limits_apply(devfd, &info, cg, &spec->limits, LIMITS_CPU_CHECK);
		if (ret)
			return ret;
	}
	return apply_sockfam(devfd, spec, xid);
}

int context_apply_cpu_limit(int devfd, const struct ctx_spec *spec, uint32_t xid)
{
	struct vctx_info info;

	memset(&info, 0, sizeof(info));
	info.xid = xid;
	snprintf(info.name, sizeof(info.name), "%s", spec->name);
	return limits_apply_cpu(devfd, &info, &spec->limits);
}
