// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The built-in init of a context: pid 1 reaps orphans so none lingers as a
 * zombie. With a command (vctx run) it starts it as pid 2, passes on the
 * signals processes send, and exits with the command's status, which ends
 * the pid namespace. Without one (vctx create) it just reaps, and exits on
 * SIGTERM, SIGINT or SIGPWR, the signals a container init is stopped with.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "context.h"
#include "proctitle.h"

void reaper_run(char **argv, int ready_fd)
{
	sigset_t all, old;
	siginfo_t si;
	pid_t main_pid = 0, pid;
	int status;

	/* pid 1 gets only signals it handles: take them all synchronously. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);

	if (argv) {
		main_pid = fork();
		if (main_pid < 0) {
			fprintf(stderr, "vctx: cannot start the command: %s\n", strerror(errno));
			_exit(EXIT_TOOL);
		}
		if (main_pid == 0) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			close(ready_fd);
			exec_or_die(argv);
		}
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
			/* The terminal's own signals reached the command already. */
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
