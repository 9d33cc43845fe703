// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx enter/exec: join a running context and run a command there.
 *
 * setns() through a pidfd of the context's init moves this process into its
 * namespaces at once (and its root, with the mount namespace); the command
 * is then started with clone3(CLONE_INTO_CGROUP) so it is born inside the
 * context's cgroup -- and pid namespace, which only children enter -- and
 * limited to the context's bounding set before it runs.
 *
 * The child is visible in the guest's /proc from birth, with whatever the
 * parent had open (runc CVE-2016-9962): it is non-dumpable from birth (the
 * parent's flag, inherited through fork, reset by execve) and closes all
 * but 0, 1, 2 before doing anything else. It gets a session of its own and,
 * when vctx runs on a terminal, a pty of the guest's devpts instead of the
 * admin's terminal (ptyproxy.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sched.h>

#include "lib/libvctx.h"
#include "runtime/caps.h"
#include "runtime/cgroup.h"
#include "runtime/exec.h"
#include "runtime/join.h"
#include "runtime/keyring.h"
#include "runtime/ptyproxy.h"
#include "runtime/spawn_error.h"
#include "util/err.h"
#include "util/fds.h"

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

static void child_die(const char *what) __attribute__((noreturn));
static void child_die(const char *what)
{
	fprintf(stderr, "vctx: %s: %s\n", what, strerror(errno));
	_exit(EXIT_TOOL);
}

/* The joined child, from clone3 to exec. @initfd: a pidfd of the context's init. */
static void join_child(int initfd, const struct ptyproxy *pty, uint64_t bset, char **argv)
	__attribute__((noreturn));
static void join_child(int initfd, const struct ptyproxy *pty, uint64_t bset, char **argv)
{
	const int keep[] = { 0, 1, 2, initfd, pty->slave };
	struct spawn_error err = { 0 };

	/* At once: the cgroup fd and whatever the caller had open stay outside. */
	if (close_fds_except(keep, sizeof(keep) / sizeof(keep[0])))
		child_die("cannot close the descriptors it inherited");
	if (pty->slave >= 0 && ptyproxy_child_stdio(pty->slave, pty->mask))
		child_die("cannot put the pty on its standard descriptors");
	/*
	 * vctx gone, nobody would wait for it: die too. Born in the guest's
	 * pid namespace, it sees its host parent as pid 0; orphaned before
	 * the prctl, it would see the guest's init.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != 0)
		_exit(EXIT_TOOL);
	/*
	 * The cgroup namespace last, here: joined by the parent before
	 * clone3, it would put the context's cgroup outside the caller's
	 * cgroup namespace, which nsdelegate refuses (ENOENT).
	 */
	if (setns(initfd, CLONE_NEWCGROUP))
		child_die("cannot join the context's cgroup namespace");
	close(initfd);
	/* Its own session: no way back to the admin's terminal (/dev/tty, TIOCSTI). */
	if (setsid() < 0 || (pty->mask && pty->slave >= 0 && ptyproxy_child_ctty(pty->mask)))
		child_die("cannot start a session of its own on its pty");
	if (chdir("/") || caps_limit(bset, &err)) {
		fprintf(stderr, "vctx: %s: %s\n", err.msg[0] ? err.msg : "cannot enter /",
			strerror(err.err ? err.err : errno));
		_exit(EXIT_TOOL);
	}
	context_environment();
	if (!argv)
		exec_login_shell();
	exec_or_die(argv);
}

int join_context(int devfd, const struct vctx_info *info, char **argv)
{
	int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET;
	struct ptyproxy pty = { .master = -1, .slave = -1 };
	unsigned int mask = ptyproxy_tty_mask();
	const char *name = info->name;
	pid_t init_pid = info->init_pid;
	struct vctx_info check;
	struct clone_args args;
	char cg[PATH_MAX];
	int pidfd, cgfd, childfd = -1, ret, code;
	pid_t pid;

	pidfd = (int)syscall(SYS_pidfd_open, init_pid, 0);
	if (pidfd < 0) {
		close(devfd);
		return err_print_errno(errno, "cannot reach the init (pid %d) of context '%s'",
				       init_pid, name);
	}
	/* The pidfd pins the process: is it still this context's init? */
	if (vctx_info_by_pid(devfd, init_pid, &check) || check.xid != info->xid) {
		close(devfd);
		close(pidfd);
		return err_print("context '%s' stopped while joining it", name);
	}
	close(devfd);
	cgroup_path_of(name, cg);
	cgfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0) {
		close(pidfd);
		return err_print_errno(errno, "cannot open the cgroup %s of context '%s'", cg, name);
	}
	if (ns_differs(init_pid, "time"))
		flags |= CLONE_NEWTIME;
	/* Here, host-side: the guest may be refused keyctl(2) itself. */
	ret = keyring_join_fresh();
	if (ret) {
		close(pidfd);
		close(cgfd);
		return err_print_errno(ret, "cannot join a fresh session keyring (keyctl)");
	}
	if (setns(pidfd, flags)) {
		ret = -errno;
		close(pidfd);
		close(cgfd);
		return err_print_errno(ret, "cannot join the namespaces of context '%s'", name);
	}
	/* In the guest's mount namespace now: its own devpts instance. */
	if (mask) {
		ret = ptyproxy_open(&pty, "/dev/pts/ptmx", true, mask);
		if (ret) {
			close(pidfd);
			close(cgfd);
			return err_print_errno(ret, "cannot open a pty in context '%s' (its /dev/pts/ptmx)",
					       name);
		}
	}
	/* Before clone3: the child is never dumpable until it execs. */
	if (prctl(PR_SET_DUMPABLE, 0)) {
		ret = -errno;
		ptyproxy_close(&pty);
		close(pidfd);
		close(cgfd);
		return err_print_errno(ret, "cannot make vctx non-dumpable");
	}

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP | CLONE_PIDFD;
	args.cgroup = (uint64_t)cgfd;
	args.pidfd = (uint64_t)(uintptr_t)&childfd;
	args.exit_signal = SIGCHLD;
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		join_child(pidfd, &pty, info->cap_bset, argv);
	ret = -errno;
	close(cgfd);
	close(pidfd);
	if (pid < 0) {
		ptyproxy_close(&pty);
		return err_print_errno(ret, "cannot start a process in context '%s' (xid %u)", name,
				       info->xid);
	}
	code = pty.master >= 0 ? ptyproxy_relay(&pty, pid, childfd) : wait_forwarding(pid, childfd);
	close(childfd);
	return code;
}
