// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The supervisor of a context: its init's parent, for as long as it runs.
 *
 *   init exits, killed by SIGHUP  the guest ran reboot(2): the kernel ended
 *                                 its pid namespace and reports the restart
 *                                 that way. What is left is killed and a new
 *                                 init started, in the same registration,
 *                                 cgroup, limits and addresses.
 *   init exits otherwise          (poweroff(2) reports SIGINT) the context
 *                                 stops: what is left is killed and, unless
 *                                 persistent, it is unregistered.
 *   SIGTERM or SIGINT to us       vctx stop (sigqueue() carries its timeout),
 *                                 systemd stopping the unit, ^C in the
 *                                 foreground: the init gets the stop signal,
 *                                 and the whole cgroup SIGKILL after the
 *                                 timeout.
 *
 * It holds no /dev/vctx while it waits, so it never keeps the module busy.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/keyring.h"
#include "runtime/spawn.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"
#include "runtime/state.h"
#include "runtime/supervisor.h"
#include "runtime/teardown.h"
#include "util/err.h"

#define KILL_WAIT_MS 10000
/* A guest that reboots this often is stopped instead: it loops. */
#define REBOOTS_MAX 10
#define REBOOTS_WINDOW_S 60

pid_t context_start_init(int devfd, const struct ctx_spec *spec, uint32_t xid, int cgfd,
			 struct spawn_error *err)
{
	pid_t init;
	int pidfd, ret;

	/*
	 * Here, in the host-side parent (the supervisor, background or
	 * foreground): the guest may be refused keyctl(2) itself. Its init
	 * and all it starts share this fresh keyring, never the admin's.
	 */
	ret = keyring_join_fresh();
	if (ret) {
		memset(err, 0, sizeof(*err));
		err->err = -ret;
		err->exit_code = EXIT_TOOL;
		snprintf(err->msg, sizeof(err->msg), "cannot join a fresh session keyring (keyctl)");
		return -1;
	}
	init = spawn_context(spec, xid, cgfd, SPAWN_DAEMON, NULL, &pidfd, err);
	if (init < 0)
		return -1;
	close(pidfd);
	ret = vctx_set_init(devfd, xid, init);
	if (ret) {
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		memset(err, 0, sizeof(*err));
		err->err = -ret;
		err->exit_code = EXIT_TOOL;
		snprintf(err->msg, sizeof(err->msg), "cannot report its init to the module");
		return -1;
	}
	memset(err, 0, sizeof(*err));
	return init;
}

static void sup_log(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * To stderr (the journal under systemd, /run/vctx/NAME/log otherwise) and to
 * syslog, which outlives the state directory of a guest that stopped.
 */
static void sup_log(const char *name, const char *fmt, ...)
{
	char when[32], msg[512];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
	fprintf(stderr, "%s vctx[%d]: %s: %s\n", when, (int)getpid(), name, msg);
	syslog(LOG_DAEMON | LOG_NOTICE, "guest %s: %s", name, msg);
}

void supervisor_log_to_state(const char *name)
{
	char path[PATH_MAX], file[PATH_MAX + 8];
	int fd;

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
	state_dir_of(name, path);
	snprintf(file, sizeof(file), "%s/log", path);
	fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

/* A private network's host end goes away with the old namespace, asynchronously. */
static void wait_link_gone(uint32_t xid)
{
	char name[IF_NAMESIZE];
	int i;

	snprintf(name, sizeof(name), "vctx%u", xid);
	for (i = 0; i < 100 && if_nametoindex(name); i++)
		poll(NULL, 0, 100);
}

/* After a reboot: kill what is left and start a new init. Its pid, or -1. */
static pid_t restart_init(const struct ctx_spec *spec, uint32_t xid, int cgfd)
{
	struct spawn_error err;
	struct vctx_info info;
	char cg[PATH_MAX];
	pid_t init;
	int devfd;

	cgroup_path_of(spec->name, cg);
	if (cgroup_populated(cg))
		cgroup_kill(cg);
	if (cgroup_wait_killed(cg, KILL_WAIT_MS)) {
		sup_log(spec->name, "cannot restart: its tasks stopped exiting after SIGKILL (none exited for 10 s)");
		return -1;
	}
	if (spec->net == NET_PRIVATE)
		wait_link_gone(xid);
	devfd = vctx_open();
	if (devfd < 0) {
		sup_log(spec->name, "cannot restart: cannot open /dev/vctx: %s", strerror(-devfd));
		return -1;
	}
	if (vctx_info_by_xid(devfd, xid, &info) || strcmp(info.name, spec->name)) {
		close(devfd);
		sup_log(spec->name, "not restarted: it was destroyed meanwhile");
		return -1;
	}
	init = context_start_init(devfd, spec, xid, cgfd, &err);
	close(devfd);
	if (init < 0)
		sup_log(spec->name, "cannot restart: %s%s%s", err.msg, err.err ? ": " : "",
			err.err ? strerror(err.err) : "");
	return init;
}

/* The end: kill what is left, unregister unless persistent. */
static void finish(const char *name, uint32_t xid)
{
	struct vctx_info info;
	const char *why = NULL;
	int fd, ret = 0;

	fd = vctx_open();
	/* Persistence may have changed since creation: ask the module. */
	if (fd >= 0 && !vctx_info_by_xid(fd, xid, &info) && !strcmp(info.name, name)) {
		if (info.flags & VCTX_F_PERSISTENT) {
			ret = context_teardown(fd, name, xid, false, &why);
			supervisor_forget(name);
		} else {
			ret = context_teardown(fd, name, xid, true, &why);
		}
	}
	if (ret)
		sup_log(name, "cannot tear it down: %s: %s", why, strerror(-ret));
	if (fd >= 0)
		close(fd);
}

static void supervisor_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGALRM);
}

void supervisor_block_signals(void)
{
	sigset_t set;

	supervisor_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* Whether one more reboot now makes REBOOTS_MAX within REBOOTS_WINDOW_S. */
static bool reboot_loop(time_t *times, unsigned int *n)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* times[] is a ring of the last REBOOTS_MAX reboots. */
	if (*n >= REBOOTS_MAX && now.tv_sec - times[*n % REBOOTS_MAX] < REBOOTS_WINDOW_S)
		return true;
	times[(*n)++ % REBOOTS_MAX] = now.tv_sec;
	return false;
}

int supervise(const struct ctx_spec *spec, uint32_t xid, int cgfd, pid_t init)
{
	time_t reboots[REBOOTS_MAX];
	unsigned int nr_reboots = 0;
	char cg[PATH_MAX];
	bool stopping = false;
	sigset_t set;
	siginfo_t si;
	int status, timeout;
	pid_t r;

	supervisor_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		r = waitpid(init, &status, WNOHANG);
		if (r == init) {
			if (!stopping && WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP) {
				if (reboot_loop(reboots, &nr_reboots)) {
					sup_log(spec->name, "rebooted %d times within %d s: stopped instead",
						REBOOTS_MAX, REBOOTS_WINDOW_S);
					break;
				}
				sup_log(spec->name, "its init (pid %d) rebooted the guest: restarting",
					(int)init);
				init = restart_init(spec, xid, cgfd);
				if (init > 0)
					continue;
			}
			break;
		}
		if (r < 0 && errno != EINTR)
			break;
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		switch (si.si_signo) {
		case SIGTERM:
		case SIGINT:
			if (stopping)
				break;
			stopping = true;
			timeout = (int)spec->stop_timeout;
			if (si.si_code == SI_QUEUE && si.si_value.sival_int >= 0)
				timeout = si.si_value.sival_int;
			sup_log(spec->name, "stopping: SIG%s to its init, %d s to exit",
				sigabbrev_np(spec->stop_signal) ?: "?", timeout);
			kill(init, timeout ? spec->stop_signal : SIGKILL);
			if (timeout)
				alarm((unsigned int)timeout);
			else
				raise(SIGALRM);
			break;
		case SIGALRM:
			if (!stopping)
				break;
			sup_log(spec->name, "still running after the stop timeout: killing it");
			cgroup_path_of(spec->name, cg);
			cgroup_kill(cg);
			break;
		}
	}
	alarm(0);
	close(cgfd);
	finish(spec->name, xid);
	return 0;
}

int supervisor_find(const char *name, pid_t *pid)
{
	int pidfd = supervisor_pidfd(name);

	*pid = supervisor_pid(name);
	if (pidfd < 0 || *pid <= 0) {
		if (pidfd >= 0)
			close(pidfd);
		err_print("context '%s' has no supervisor (it was not started by vctx create or vctx start); 'vctx destroy --force %s' kills it",
			  name, name);
		return -1;
	}
	return pidfd;
}

int supervisor_stop(const char *name, int pidfd, pid_t pid, int timeout)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	union sigval value = { .sival_int = timeout };
	int ret, wait_s;

	if (sigqueue(pid, SIGTERM, value)) {
		ret = -errno;
		close(pidfd);
		err_print_errno(ret, "cannot ask the supervisor of '%s' (pid %d) to stop it", name,
				(int)pid);
		return -1;
	}
	wait_s = timeout + STOP_GRACE_S;
	ret = poll(&pfd, 1, wait_s * 1000);
	close(pidfd);
	if (ret <= 0) {
		err_print("guest '%s' did not stop within %d s; see %s/%s/log", name, wait_s,
			  STATE_DIR, name);
		return -1;
	}
	return 0;
}
