// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting a context's init: clone3() into fresh namespaces and straight
 * into the context's cgroup, then the child builds the root. Failures in the
 * child travel back over a close-on-exec pipe: EOF means it is running.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sched.h>

#include "runtime/caps.h"
#include "runtime/exec.h"
#include "runtime/privnet.h"
#include "runtime/reaper.h"
#include "runtime/rootfs.h"
#include "runtime/spawn.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"
#include "util/fds.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static void report(int fd, const struct spawn_error *err)
{
	ssize_t n = write(fd, err, sizeof(*err));

	(void)n;
}

static void child_fail(int fd, struct spawn_error *err) __attribute__((noreturn));
static void child_fail(int fd, struct spawn_error *err)
{
	if (!err->exit_code)
		err->exit_code = 125;
	report(fd, err);
	_exit(err->exit_code);
}

pid_t clone3_into(uint64_t flags, int cgroup_fd, int *pidfd)
{
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	args.pidfd = (uint64_t)(uintptr_t)pidfd;
	args.exit_signal = SIGCHLD;
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* A pipe for the child's report, and one it waits on for --net private. */
static int open_pipes(const struct ctx_spec *spec, int pipefd[2], int gofd[2],
		      struct spawn_error *err)
{
	if (pipe2(pipefd, O_CLOEXEC)) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot create a pipe");
		return -1;
	}
	/* A private network is set up from outside while the init waits. */
	if (spec->net == NET_PRIVATE && pipe2(gofd, O_CLOEXEC)) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot create a pipe");
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	return 0;
}

static void close_pipes(int pipefd[2], int gofd[2])
{
	close(pipefd[0]);
	close(pipefd[1]);
	if (gofd[0] >= 0) {
		close(gofd[0]);
		close(gofd[1]);
	}
}

/* The init's namespaces: time too where the kernel has it. */
static pid_t clone_init(const struct ctx_spec *spec, int cgroup_fd, int *pidfd)
{
	uint64_t flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWTIME;
	pid_t pid;

	if (spec->net != NET_SHARED)
		flags |= CLONE_NEWNET;
	pid = clone3_into(flags, cgroup_fd, pidfd);
	if (pid < 0 && errno == EINVAL) {
		/* A kernel without time namespaces. */
		flags &= ~(uint64_t)CLONE_NEWTIME;
		pid = clone3_into(flags, cgroup_fd, pidfd);
	}
	return pid;
}

/*
 * The child, pid 1 of the context: build it, then exec its init or become
 * the built-in one. Failures go to @report_fd.
 */
static void init_child(const struct ctx_spec *spec, uint32_t xid, enum spawn_mode mode,
		       const struct run_cmd *run, int report_fd, int go_fd,
		       struct spawn_error *err) __attribute__((noreturn));
static void init_child(const struct ctx_spec *spec, uint32_t xid, enum spawn_mode mode,
		       const struct run_cmd *run, int report_fd, int go_fd,
		       struct spawn_error *err)
{
	/* 0, 1, 2 stay until replaced: the guest's /dev/null, or run's command's. */
	const int keep[] = { 0, 1, 2, report_fd, go_fd, run ? run->tty : -1 };
	sigset_t none;
	char go;

	/*
	 * First of all: the init never execs (the built-in one), so
	 * close-on-exec never fires. Whatever its parent had open
	 * (/dev/vctx, the cgroup directory, syslog's socket, the
	 * admin's own descriptors) would stay in pid 1 for the guest
	 * to walk out of through /proc/1/fd.
	 */
	if (close_fds_except(keep, sizeof(keep) / sizeof(keep[0]))) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot close the descriptors it inherited");
		child_fail(report_fd, err);
	}
	/* No controlling terminal: the admin's is one open("/dev/tty") away. */
	setsid();
	/* Nothing of the supervisor's signal handling reaches the guest. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGHUP, SIG_DFL);
	if (go_fd >= 0) {
		/* EOF: the parent is done with the network (or gone). */
		while (read(go_fd, &go, 1) < 0 && errno == EINTR)
			;
		close(go_fd);
	}
	/* The cgroup namespace is rooted where the task is: unshare now. */
	if (unshare(CLONE_NEWCGROUP)) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot create a cgroup namespace");
		child_fail(report_fd, err);
	}
	if (rootfs_build(spec, xid, err) || caps_limit(spec->cap_bset, err))
		child_fail(report_fd, err);
	context_environment();
	/* The guest's /dev/null now: nothing of the host's stdio stays. */
	if (mode == SPAWN_DAEMON && null_stdio()) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot open /dev/null inside the context");
		child_fail(report_fd, err);
	}
	if (mode == SPAWN_RUN || !spec->init_argv)
		reaper_run(mode == SPAWN_RUN ? run : NULL, report_fd);

	/* A given init: the pipe closes when exec succeeds. */
	execvp(spec->init_argv[0], spec->init_argv);
	err->err = errno;
	err->exit_code = errno == ENOENT ? 127 : 126;
	snprintf(err->msg, sizeof(err->msg), "cannot execute init '%s' inside the context",
		 spec->init_argv[0]);
	child_fail(report_fd, err);
}

/*
 * In the parent: the private network while the child waits, then the
 * child's report. Return: 0 once its init runs, or -1 with @err filled
 * (the child reaped, *@pidfd closed).
 */
static int init_started(const struct ctx_spec *spec, uint32_t xid, pid_t pid, int pipefd[2],
			int gofd[2], int *pidfd, struct spawn_error *err)
{
	ssize_t n;

	close(pipefd[1]);
	if (gofd[0] >= 0) {
		close(gofd[0]);
		if (privnet_setup(spec, xid, pid, err)) {
			kill(pid, SIGKILL);
			close(gofd[1]);
			close(pipefd[0]);
			waitpid(pid, NULL, 0);
			close(*pidfd);
			return -1;
		}
		close(gofd[1]);
	}
	n = read(pipefd[0], err, sizeof(*err));
	close(pipefd[0]);
	if (n == 0)
		return 0;
	if (n != sizeof(*err)) {
		memset(err, 0, sizeof(*err));
		snprintf(err->msg, sizeof(err->msg), "the context's init died while starting");
	}
	if (!err->exit_code)
		err->exit_code = 125;
	waitpid(pid, NULL, 0);
	close(*pidfd);
	return -1;
}

pid_t spawn_context(const struct ctx_spec *spec, uint32_t xid, int cgroup_fd,
		    enum spawn_mode mode, const struct run_cmd *run, int *pidfd,
		    struct spawn_error *err)
{
	int pipefd[2], gofd[2] = { -1, -1 };
	pid_t pid;

	memset(err, 0, sizeof(*err));
	if (open_pipes(spec, pipefd, gofd, err))
		return -1;
	pid = clone_init(spec, cgroup_fd, pidfd);
	if (pid < 0) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot start the context's init (clone3)");
		close_pipes(pipefd, gofd);
		return -1;
	}
	if (pid == 0)
		init_child(spec, xid, mode, run, pipefd[1], gofd[0], err);
	return init_started(spec, xid, pid, pipefd, gofd, pidfd, err) ? -1 : pid;
}
