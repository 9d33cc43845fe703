// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting commands inside a context, and waiting for them from outside.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/exec.h"
#include "util/err.h"

void context_environment(void)
{
	const char *term = getenv("TERM");
	char *keep = term ? strdup(term) : NULL;

	/* Nothing of the caller's environment leaks in but the terminal type. */
	clearenv();
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("container", "vctx", 1);
	if (keep) {
		setenv("TERM", keep, 1);
		free(keep);
	}
}

void exec_or_die(char **argv)
{
	int err;

	execvp(argv[0], argv);
	err = errno;
	fprintf(stderr, "vctx: cannot execute '%s' in the context: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

void exec_login_shell(void)
{
	static char *bash[] = { "-bash", NULL }, *sh[] = { "-sh", NULL };

	if (!access("/bin/bash", X_OK))
		execv("/bin/bash", bash);
	execv("/bin/sh", sh);
	fprintf(stderr, "vctx: no shell to run (/bin/bash, /bin/sh): %s\n", strerror(errno));
	_exit(EXIT_NOT_FOUND);
}

int exit_code_of(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void context_forwarded_signals(sigset_t *set)
{
	static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(set, forwarded[i]);
}

int wait_forwarding(pid_t pid, int pidfd)
{
	struct signalfd_siginfo ssi;
	struct pollfd pfd[2];
	sigset_t set, old;
	int status;

	context_forwarded_signals(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	pfd[0].fd = pidfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = signalfd(-1, &set, SFD_CLOEXEC);
	pfd[1].events = POLLIN;

	for (;;) {
		if (poll(pfd, pfd[1].fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		/*
		 * The terminal's signals too: the command is in a session of its
		 * own, so ^C on the admin's terminal reaches only vctx.
		 */
		if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN) &&
		    read(pfd[1].fd, &ssi, sizeof(ssi)) == sizeof(ssi))
			kill(pid, (int)ssi.ssi_signo);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = EXIT_TOOL << 8;
			break;
		}
	}
	if (pfd[1].fd >= 0)
		close(pfd[1].fd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return exit_code_of(status);
}
