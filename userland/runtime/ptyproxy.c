// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pty relay (ptyproxy.h). One poll() loop, no threads: the admin's
 * input goes to the master through a small buffer (the master is
 * non-blocking, so a guest that does not read cannot stall its own output),
 * the master's output is written to the admin's terminal as it comes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "runtime/exec.h"
#include "runtime/ptyproxy.h"
#include "util/err.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif
#ifndef DEVPTS_SUPER_MAGIC
#define DEVPTS_SUPER_MAGIC 0x1cd1
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define PTMX_MAJOR 5
#define PTMX_MINOR 2
/* After the command: what the guest still writes is read for so long, so much. */
#define DRAIN_QUIET_MS 100
#define DRAIN_MAX_MS 2000
#define DRAIN_MAX_BYTES (1 << 20)

unsigned int ptyproxy_tty_mask(void)
{
	unsigned int mask = 0;
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (isatty(fd))
			mask |= 1U << fd;
	return mask;
}

/* The first terminal of @mask: where modes and window size come from. */
static int tty_fd_of(unsigned int mask)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (mask & (1U << fd))
			return fd;
	return -1;
}

static int open_ptmx(const char *ptmx, bool guest)
{
	struct open_how how = {
		.flags = O_RDWR | O_NOCTTY | O_CLOEXEC,
		/* The guest owns every name on the way but /dev's mounts. */
		.resolve = RESOLVE_NO_SYMLINKS,
	};
	int fd;

	if (!guest)
		return open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC);
	fd = (int)syscall(SYS_openat2, AT_FDCWD, ptmx, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	return fd;
}

int ptyproxy_open(struct ptyproxy *p, const char *ptmx, bool guest, unsigned int mask)
{
	struct winsize ws;
	struct termios t;
	struct statfs sfs;
	struct stat st;
	int unlock = 0, from = tty_fd_of(mask), err;

	p->mask = mask;
	p->slave = -1;
	p->master = open_ptmx(ptmx, guest);
	if (p->master < 0)
		return -errno;
	/* A guest's node 5:2 on its tmpfs would open the host's devpts instance. */
	if (fstat(p->master, &st) || !S_ISCHR(st.st_mode) || major(st.st_rdev) != PTMX_MAJOR ||
	    minor(st.st_rdev) != PTMX_MINOR ||
	    (guest && (fstatfs(p->master, &sfs) || sfs.f_type != DEVPTS_SUPER_MAGIC))) {
		err = -ENOTTY;
		goto fail;
	}
	if (ioctl(p->master, TIOCSPTLCK, &unlock))
		goto fail_errno;
	p->slave = ioctl(p->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0)
		goto fail_errno;
	if (from >= 0 && !tcgetattr(from, &t))
		tcsetattr(p->slave, TCSANOW, &t);
	if (from >= 0 && !ioctl(from, TIOCGWINSZ, &ws))
		ioctl(p->master, TIOCSWINSZ, &ws);
	return 0;

fail_errno:
	err = -errno;
fail:
	ptyproxy_close(p);
	return err;
}

void ptyproxy_close(struct ptyproxy *p)
{
	if (p->slave >= 0)
		close(p->slave);
	if (p->master >= 0)
		close(p->master);
	p->slave = p->master = -1;
}

int ptyproxy_child_stdio(int slave, unsigned int mask)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if ((mask & (1U << fd)) && fd != slave && dup2(slave, fd) < 0)
			return -1;
	if (slave > 2)
		close(slave);
	return 0;
}

int ptyproxy_child_ctty(unsigned int mask)
{
	return ioctl(tty_fd_of(mask), TIOCSCTTY, 0);
}

/*
 * The admin's terminal modes while raw. Static: the fatal-signal handler
 * restores them (tcsetattr() is async-signal-safe).
 */
static struct termios saved_modes;
static volatile sig_atomic_t raw_on;

/* Not in the background of the terminal on stdin (or it is not vctx's controlling one). */
static bool in_foreground(void)
{
	pid_t pg = tcgetpgrp(0);

	return pg < 0 || pg == getpgrp();
}

static void raw_restore(void)
{
	/* From the background tcsetattr() would stop vctx: the shell has reset them. */
	if (raw_on && in_foreground())
		tcsetattr(0, TCSADRAIN, &saved_modes);
	raw_on = 0;
}

/*
 * Raw while vctx is in the terminal's foreground: from the background,
 * tcsetattr() and read() would stop it (SIGTTOU, SIGTTIN), as the shell
 * expects of a job started with '&'. The modes are saved once, so a
 * SIGCONT after the shell reset them never saves raw ones.
 */
static bool raw_enter(void)
{
	static bool saved;
	struct termios t;

	if (!in_foreground()) {
		raw_on = 0;	/* the shell took the terminal back, and its modes */
		return false;
	}
	if (!saved && tcgetattr(0, &saved_modes))
		return false;
	saved = true;
	t = saved_modes;
	cfmakeraw(&t);
	if (tcsetattr(0, TCSADRAIN, &t))
		return false;
	raw_on = 1;
	return true;
}

/* Signals that would end vctx with the terminal still raw. */
static const int fatal[] = {
	SIGABRT, SIGALRM, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGSYS, SIGTRAP, SIGVTALRM,
	SIGPROF, SIGXCPU, SIGXFSZ, SIGPWR, SIGSTKFLT,
};
#define NR_FATAL (sizeof(fatal) / sizeof(fatal[0]))

static void on_fatal(int sig)
{
	raw_restore();
	/* SA_RESETHAND | SA_NODEFER: this ends the process as the signal would. */
	raise(sig);
}

static void fatal_handlers(struct sigaction *old, bool install)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NR_FATAL; i++)
		sigaction(fatal[i], install ? &sa : &old[i], install ? &old[i] : NULL);
}

static void copy_winsize(const struct ptyproxy *p)
{
	struct winsize ws;
	int from = tty_fd_of(p->mask);

	if (from >= 0 && !ioctl(from, TIOCGWINSZ, &ws))
		ioctl(p->master, TIOCSWINSZ, &ws);
}

/* All of @buf to @fd; on a lasting error the rest is dropped. */
static void write_all(int fd, const char *buf, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			if (poll(&pfd, 1, 1000) <= 0)
				return;
		} else if (n == 0 || errno != EINTR) {
			return;
		}
	}
}

static long ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*
 * The command exited: pass on what it (or what it left running) wrote.
 * EIO comes once no slave is open; a leftover holding one gets DRAIN_*.
 */
static void drain(int master, int out_fd)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	struct timespec start;
	size_t total = 0;
	char buf[4096];
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (total < DRAIN_MAX_BYTES && ms_since(&start) < DRAIN_MAX_MS) {
		if (poll(&pfd, 1, DRAIN_QUIET_MS) <= 0)
			return;
		n = read(master, buf, sizeof(buf));
		if (n > 0) {
			write_all(out_fd, buf, (size_t)n);
			total += (size_t)n;
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			return;
		}
	}
}

int ptyproxy_relay(struct ptyproxy *p, pid_t pid, int pidfd)
{
	struct sigaction old_fatal[NR_FATAL], old_pipe, ign;
	struct signalfd_siginfo ssi;
	struct pollfd pfd[4];
	sigset_t set, old;
	char in[4096], out[4096];
	size_t in_len = 0, in_off = 0;
	bool stdin_open = p->mask & 1, master_open = true, fg = false;
	/* The guest's output goes to the first terminal of stdout, stderr, stdin. */
	int out_fd = (p->mask & 2) ? 1 : (p->mask & 4) ? 2 : 0;
	int status;
	ssize_t n;

	if (p->slave >= 0)
		close(p->slave);
	p->slave = -1;
	context_forwarded_signals(&set);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGCONT);
	sigprocmask(SIG_BLOCK, &set, &old);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	fatal_handlers(old_fatal, true);
	fcntl(p->master, F_SETFL, fcntl(p->master, F_GETFL) | O_NONBLOCK);
	if (stdin_open)
		fg = raw_enter();

	pfd[0].fd = pidfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = signalfd(-1, &set, SFD_CLOEXEC);
	pfd[1].events = POLLIN;
	for (;;) {
		pfd[2].fd = master_open ? p->master : -1;
		pfd[2].events = POLLIN | (in_len ? POLLOUT : 0);
		pfd[3].fd = stdin_open && fg && !in_len ? 0 : -1;
		pfd[3].events = POLLIN;
		if (poll(pfd, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			break;
		if ((pfd[1].revents & POLLIN) && read(pfd[1].fd, &ssi, sizeof(ssi)) == sizeof(ssi)) {
			if (ssi.ssi_signo == SIGCONT) {
				/* fg, or continued: the shell may have reset the modes. */
				if (stdin_open)
					fg = raw_enter();
				copy_winsize(p);
			} else if (ssi.ssi_signo == SIGWINCH) {
				copy_winsize(p);
			} else {
				kill(pid, (int)ssi.ssi_signo);
			}
		}
		if (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(p->master, out, sizeof(out));
			if (n > 0) {
				write_all(out_fd, out, (size_t)n);
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				/* EIO: no slave is open any more; input has nowhere to go. */
				master_open = false;
				in_len = in_off = 0;
			}
		}
		if (master_open && in_len && (pfd[2].revents & POLLOUT)) {
			n = write(p->master, in + in_off, in_len - in_off);
			if (n > 0)
				in_off += (size_t)n;
			if ((n > 0 && in_off == in_len) || (n < 0 && errno != EAGAIN && errno != EINTR))
				in_len = in_off = 0;
		}
		if (pfd[3].fd >= 0 && (pfd[3].revents & (POLLIN | POLLHUP | POLLERR))) {
			n = read(0, in, sizeof(in));
			if (n > 0 && master_open)
				in_len = (size_t)n;
			else if (n > 0)
				;	/* the guest's pty is gone: nobody to type to */
			else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				stdin_open = false;
		}
	}
	/* From here on nothing of the guest reads the admin's terminal. */
	drain(p->master, out_fd);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = EXIT_TOOL << 8;
			break;
		}
	}
	raw_restore();
	ptyproxy_close(p);
	if (pfd[1].fd >= 0)
		close(pfd[1].fd);
	fatal_handlers(old_fatal, false);
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return exit_code_of(status);
}
