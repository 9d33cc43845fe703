// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx enter/exec: join a running context and run a command there.
 *
 * setns() through a pidfd of the context's init moves this process into all
 * of its namespaces at once (and its root, with the mount namespace); the
 * command is then started with clone3(CLONE_INTO_CGROUP) so it is born
 * inside the context's cgroup -- and pid namespace, which only children
 * enter -- and limited to the context's bounding set before it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sched.h>

#include "cgroup.h"
#include "cli.h"
#include "context.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The namespaces of @pid differ from ours in @type ("time", ...)? */
static int ns_differs(pid_t pid, const char *type)
{
	char theirs[64], ours[64];
	struct stat a, b;

	snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", pid, type);
	snprintf(ours, sizeof(ours), "/proc/self/ns/%s", type);
	if (stat(theirs, &a) || stat(ours, &b))
		return 0;
	return a.st_ino != b.st_ino || a.st_dev != b.st_dev;
}

int join_context(int devfd, const struct vctx_info *info, char **argv)
{
	int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWCGROUP |
		    CLONE_NEWNET;
	const char *name = info->name;
	pid_t init_pid = info->init_pid;
	struct spawn_error err = { 0 };
	struct vctx_info check;
	struct clone_args args;
	char cg[PATH_MAX];
	int pidfd, cgfd, childfd = -1;
	pid_t pid;

	pidfd = (int)syscall(SYS_pidfd_open, init_pid, 0);
	if (pidfd < 0) {
		close(devfd);
		return cli_error_errno(errno, "cannot reach the init (pid %d) of context '%s'",
				       init_pid, name);
	}
	/* The pidfd pins the process: is it still this context's init? */
	if (vctx_info_by_pid(devfd, init_pid, &check) || check.xid != info->xid) {
		close(devfd);
		close(pidfd);
		return cli_error("context '%s' stopped while joining it", name);
	}
	close(devfd);
	cgroup_path_of(name, cg);
	cgfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0) {
		close(pidfd);
		return cli_error_errno(errno, "cannot open the cgroup %s of context '%s'", cg, name);
	}
	if (ns_differs(init_pid, "time"))
		flags |= CLONE_NEWTIME;
	if (setns(pidfd, flags)) {
		int e = errno;

		close(pidfd);
		close(cgfd);
		return cli_error_errno(e, "cannot join the namespaces of context '%s'", name);
	}
	close(pidfd);

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP | CLONE_PIDFD;
	args.cgroup = (uint64_t)cgfd;
	args.pidfd = (uint64_t)(uintptr_t)&childfd;
	args.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0) {
		int e = errno;

		close(cgfd);
		return cli_error_errno(e, "cannot start a process in context '%s' (xid %u)", name,
				       info->xid);
	}
	if (pid == 0) {
		if (chdir("/") || caps_limit(info->cap_bset, &err)) {
			fprintf(stderr, "vctx: %s: %s\n", err.msg[0] ? err.msg : "cannot enter /",
				strerror(err.err ? err.err : errno));
			_exit(EXIT_TOOL);
		}
		context_environment();
		if (!argv)
			exec_login_shell();
		exec_or_die(argv);
	}
	close(cgfd);
	return wait_forwarding(pid, childfd);
}
