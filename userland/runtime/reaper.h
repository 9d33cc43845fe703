/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vctx's built-in init for a context that has none of its own.
 */
#ifndef VCTX_RUNTIME_REAPER_H
#define VCTX_RUNTIME_REAPER_H

/* vctx run's command, which the built-in init starts as pid 2. */
struct run_cmd {
	char **argv;
	int tty;		/* a pty slave for the fds of tty_mask, or -1 */
	unsigned int tty_mask;	/* bit N: fd N gets the pty (ptyproxy.h) */
};

/*
 * The built-in init. @run: the command to run and follow (vctx run), with
 * the caller's stdio or @run's pty; NULL: just reap (create). pid 1 itself
 * ends with the guest's /dev/null on 0, 1, 2.
 */
void reaper_run(const struct run_cmd *run, int ready_fd) __attribute__((noreturn));

#endif /* VCTX_RUNTIME_REAPER_H */
