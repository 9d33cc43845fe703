/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pty of the guest's own between the admin's terminal and a command run
 * in a context (vctx exec, enter, run), as lxc-attach, `runc exec -t` and
 * machinectl shell do. The guest never holds the admin's terminal, so it
 * cannot push input into the admin's shell (TIOCSTI) nor read what is typed
 * after the command ended: vctx relays the bytes, and stops at its exit.
 *
 *   admin's tty <--> vctx (raw mode, poll relay) <--> master | slave <--> CMD
 */
#ifndef VCTX_RUNTIME_PTYPROXY_H
#define VCTX_RUNTIME_PTYPROXY_H

#include <stdbool.h>
#include <sys/types.h>

struct ptyproxy {
	int master;		/* -1: no terminal, nothing to relay */
	int slave;		/* the child's; the parent closes it when relaying */
	unsigned int mask;	/* which of fds 0, 1, 2 are terminals: bit N for fd N */
};

/* Which of fds 0, 1 and 2 are terminals: bit N for fd N (0 when none). */
unsigned int ptyproxy_tty_mask(void);

/*
 * Open a new pty through @ptmx for the fds of @mask. @guest: @ptmx is in a
 * context's mount namespace and guest-controlled, so no symlink is followed
 * and it must be the ptmx of a devpts instance. The slave is opened through
 * the master (TIOCGPTPEER), never by a path; it gets the terminal's modes
 * and window size. All descriptors close-on-exec.
 * Return: 0, or -errno with @p->master and @p->slave -1.
 */
int ptyproxy_open(struct ptyproxy *p, const char *ptmx, bool guest, unsigned int mask);

/* Close what is still open of @p (an error path). */
void ptyproxy_close(struct ptyproxy *p);

/*
 * In the child: put @slave on every fd of @mask and close it. Before or
 * after setsid(); ptyproxy_child_ctty() after. Return: 0 or -1 (errno).
 */
int ptyproxy_child_stdio(int slave, unsigned int mask);

/* In the child, a session leader: the pty on the fds of @mask becomes its controlling terminal. */
int ptyproxy_child_ctty(unsigned int mask);

/*
 * In the parent: close the slave, relay between fds 0/1/2 and the master
 * until the child @pid (@pidfd) exits, forwarding signals as
 * wait_forwarding() does and the window size on SIGWINCH, with the admin's
 * terminal in raw mode while stdin is one (restored on every way out, fatal
 * signals included); then drain what the guest wrote (bounded) and close
 * the master. Return: the child's exit status as wait_forwarding().
 */
int ptyproxy_relay(struct ptyproxy *p, pid_t pid, int pidfd);

#endif /* VCTX_RUNTIME_PTYPROXY_H */
