// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The built-in init of a context: pid 1 reaps orphans so none lingers as a
 * zombie. With a command (vctx run) it starts it as pid 2, passes on the
 * signals processes send, and exits with the command's status, which ends
 * the pid namespace. Without one (vctx create) it just reaps, and exits on
 * SIGTERM, SIGINT or SIGPWR, the signals a container init is stopped with.
 *
 * It never execs, so it holds for its whole life whatever it has open:
 * nothing but the guest's /dev/null on 0, 1, 2 by the time a guest process
 * runs (a guest reads /proc/1/fd), and its exe stays vctx's.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/exec.h"
#include "runtime/ptyproxy.h"
#include "runtime/reaper.h"
#include "util/err.h"
#include "util/fds.h"
#include "util/proctitle.h"

/*
 * The command's stdio, set aside above 2 (close-on-exec) so pid 1 can
 * take /dev/null before the command exists: the caller's fds, or the pty
 * for those of tty_mask.
 */
static void set_aside(const struct run_cmd *run, int fds[3])
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		fds[fd] = fcntl((run->tty_mask & (1U << fd)) ? run->tty : fd, F_DUPFD_CLOEXEC, 3);
	if (run->tty >= 0)
		close(run->tty);
}

/* pid 2: its stdio back on 0, 1, 2, a session of its own, the pty as its terminal. */
static void start_command(const struct run_cmd *run, const int fds[3], const sigset_t *mask)
	__attribute__((noreturn));
static void start_command(const struct run_cmd *run, const int fds[3], const sigset_t *mask)
{
	int fd;

	sigprocmask(SIG_SETMASK, mask, NULL);
	for (fd = 0; fd < 3; fd++)
		if (fds[fd] >= 0 && dup2(fds[fd], fd) < 0)
			_exit(EXIT_TOOL);
	setsid();
	if (run->tty_mask && ptyproxy_child_ctty(run->tty_mask)) {
		fprintf(stderr, "vctx: cannot make the pty the command's terminal: %s\n",
			strerror(errno));
		_exit(EXIT_TOOL);
	}
	exec_or_die(run->argv);
}

void reaper_run(const struct run_cmd *run, int ready_fd)
{
	sigset_t all, old;
	siginfo_t si;
	pid_t main_pid = 0, pid;
	int status, fds[3] = { -1, -1, -1 }, fd;

	/* pid 1 gets only signals it handles: take them all synchronously. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);

	/*
	 * Never dumpable: /proc/1/exe is the host's vctx binary (runc
	 * CVE-2019-5736), and a guest without CAP_SYS_PTRACE opens nothing
	 * of pid 1 then (exe, fd, cwd, root, mem). The command it forks is
	 * reset by its execve.
	 */
	prctl(PR_SET_DUMPABLE, 0);
	if (run)
		set_aside(run, fds);
	/* Before any guest code runs: pid 1 holds nothing of the caller's. */
	null_stdio();
	if (run) {
		main_pid = fork();
		if (main_pid < 0) {
			dprintf(fds[2] >= 0 ? fds[2] : 2, "vctx: cannot start the command: %s\n",
				strerror(errno));
			_exit(EXIT_TOOL);
		}
		if (main_pid == 0) {
			close(ready_fd);
			start_command(run, fds, &old);
		}
		for (fd = 0; fd < 3; fd++)
			if (fds[fd] >= 0)
				close(fds[fd]);
	}
	/* The command has its own copy of its arguments now. */
	proctitle_set("vctx-init");
	/* Up and running: the starter reads EOF. */
	close(ready_fd);

	for (;;) {
		if (sigwaitinfo(&all, &si) < 0)
			continue;
		switch (si.si_signo) {
		case SIGCHLD:
			while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
				if (pid == main_pid)
					_exit(exit_code_of(status));
			break;
		case SIGTERM:
		case SIGINT:
		case SIGHUP:
		case SIGQUIT:
		case SIGPWR:
			if (!main_pid)
				_exit(0);
			/* pid 1 has no terminal: what the kernel sends it is not the command's. */
			if (si.si_code != SI_KERNEL)
				kill(main_pid, si.si_signo);
			break;
		default:
			if (main_pid && si.si_code != SI_KERNEL)
				kill(main_pid, si.si_signo);
			break;
		}
	}
}
