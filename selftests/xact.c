// SPDX-License-Identifier: GPL-2.0
/*
 * xact: act on another process and print what the kernel answered, for the
 * cross-context tests.
 *
 *   xact [--cgroup DIR] ACTION PID
 *
 * --cgroup DIR moves xact into that cgroup first (it then belongs to the
 * context, or the spectator, bound to DIR, while staying in the caller's pid
 * namespace, so it can name any pid). ACTION is one of:
 *   kill, tgkill, pidfd  SIGKILL through kill(2), tgkill(2), pidfd_send_signal(2)
 *   probe                kill(PID, 0)
 *   attach, seize        PTRACE_ATTACH / PTRACE_SEIZE (detached at exit)
 *   nice                 setpriority(PRIO_PROCESS, PID, its current value)
 *   ioprio               ioprio_set(2) of PID to its current I/O priority
 *   sched                sched_setscheduler(2) of PID to its current policy
 *   movemem              migrate_pages(2) of PID from node 0 to node 0
 *   traceme              PTRACE_TRACEME, xact itself (PID is ignored): its
 *                        parent becomes its tracer
 *   procread             open /proc/PID/stat for reading
 *   environ              open /proc/PID/environ (a ptrace "read" check)
 *   procwrite            open /proc/PID/oom_score_adj for writing
 *   sigio, sigioex,      make PID (sigiopgrp: its process group) the owner
 *   sigiopgrp            of a pipe with F_SETOWN (sigioex: F_SETOWN_EX),
 *                        then write to the pipe: SIGIO, which ends PID
 *   sigiosock            make PID the owner of a socket with FIOSETOWN
 *                        (the kernel's out-of-line f_setown(), on every
 *                        kernel), no signal sent
 *
 * Prints "ok" or the errno's name (ESRCH, EPERM, ...) and exits 0;
 * "ignored" when setting an owner succeeded but did not take. Exits 2 on a
 * usage error or when --cgroup fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vctx_util.h"

/* Not an errno: the kernel answered success but changed nothing. */
#define IGNORED	10000

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "ok";
	case IGNORED: return "ignored";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	default: return strerror(e);
	}
}

static int open_proc(int pid, const char *file, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, flags);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Owner of a pipe through F_SETOWN (@ex: F_SETOWN_EX), then SIGIO. */
static int sigio(int who, bool ex)
{
	struct f_owner_ex owner = { .type = who < 0 ? F_OWNER_PGRP : F_OWNER_PID,
				    .pid = who < 0 ? -who : who };
	int p[2], ret = 0;

	if (pipe(p))
		return errno;
	if (ex ? fcntl(p[0], F_SETOWN_EX, &owner) : fcntl(p[0], F_SETOWN, who)) {
		ret = errno;
		goto out;
	}
	if (fcntl(p[0], F_GETOWN) != who) {
		ret = IGNORED;
		goto out;
	}
	if (fcntl(p[0], F_SETFL, O_ASYNC) || write(p[1], "x", 1) != 1)
		ret = errno;
out:
	close(p[0]);
	close(p[1]);
	return ret;
}

/* <linux/ioprio.h>'s who for a single process; glibc has no wrapper. */
#define IOPRIO_WHO_PROCESS	1

static int set_ioprio(int pid)
{
	long prio = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, pid);

	if (prio < 0)
		return errno;
	return syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, pid, prio) ? errno : 0;
}

static int set_scheduler(int pid)
{
	struct sched_param param;
	int policy = sched_getscheduler(pid);

	if (policy < 0 || sched_getparam(pid, &param))
		return errno;
	return sched_setscheduler(pid, policy, &param) ? errno : 0;
}

/* Pages on node 0 "moved" to node 0: the permission checks, no movement. */
static int move_memory(int pid)
{
	unsigned long node0 = 1;

	return syscall(SYS_migrate_pages, pid, 8 * sizeof(node0), &node0, &node0) < 0 ? errno : 0;
}

/* Owner of a socket through FIOSETOWN: "ok" only if it took. */
static int sigio_socket(int who)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), ret = 0;

	if (s < 0)
		return errno;
	if (ioctl(s, FIOSETOWN, &who))
		ret = errno;
	else if (fcntl(s, F_GETOWN) != who)
		ret = IGNORED;
	close(s);
	return ret;
}

static int act(const char *action, int pid)
{
	int fd, prio;
	pid_t pgid;

	if (!strcmp(action, "kill"))
		return kill(pid, SIGKILL) ? errno : 0;
	if (!strcmp(action, "probe"))
		return kill(pid, 0) ? errno : 0;
	if (!strcmp(action, "tgkill"))
		return syscall(SYS_tgkill, pid, pid, SIGKILL) ? errno : 0;
	if (!strcmp(action, "pidfd")) {
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0)
			return errno;
		return syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0) ? errno : 0;
	}
	if (!strcmp(action, "attach"))
		return ptrace(PTRACE_ATTACH, pid, NULL, NULL) ? errno : 0;
	if (!strcmp(action, "seize"))
		return ptrace(PTRACE_SEIZE, pid, NULL, NULL) ? errno : 0;
	if (!strcmp(action, "nice")) {
		errno = 0;
		prio = getpriority(PRIO_PROCESS, pid);
		if (prio == -1 && errno)
			return errno;
		return setpriority(PRIO_PROCESS, pid, prio) ? errno : 0;
	}
	if (!strcmp(action, "ioprio"))
		return set_ioprio(pid);
	if (!strcmp(action, "sched"))
		return set_scheduler(pid);
	if (!strcmp(action, "movemem"))
		return move_memory(pid);
	if (!strcmp(action, "traceme"))
		return ptrace(PTRACE_TRACEME, 0, NULL, NULL) ? errno : 0;
	if (!strcmp(action, "procread"))
		return open_proc(pid, "stat", O_RDONLY);
	if (!strcmp(action, "environ"))
		return open_proc(pid, "environ", O_RDONLY);
	if (!strcmp(action, "procwrite"))
		return open_proc(pid, "oom_score_adj", O_WRONLY);
	if (!strcmp(action, "sigio"))
		return sigio(pid, false);
	if (!strcmp(action, "sigioex"))
		return sigio(pid, true);
	if (!strcmp(action, "sigiosock"))
		return sigio_socket(pid);
	if (!strcmp(action, "sigiopgrp")) {
		pgid = getpgid(pid);
		return pgid < 0 ? errno : sigio(-pgid, false);
	}
	return -1;
}

int main(int argc, char **argv)
{
	int i = 1, ret;

	if (argc == 5 && !strcmp(argv[1], "--cgroup")) {
		if (cg_enter(argv[2])) {
			fprintf(stderr, "xact: cannot join %s: %s\n", argv[2], strerror(errno));
			return 2;
		}
		i = 3;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: xact [--cgroup DIR] ACTION PID\n");
		return 2;
	}
	ret = act(argv[i], atoi(argv[i + 1]));
	if (ret < 0) {
		fprintf(stderr, "xact: unknown action %s\n", argv[i]);
		return 2;
	}
	puts(errno_name(ret));
	return 0;
}
