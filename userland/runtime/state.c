// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state directory of a context, /run/vctx/NAME, and the record of its
 * supervisor there.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/state.h"

/* How long destroy waits for the supervisor: as long as for the tasks. */
#define SUPERVISOR_WAIT_MS 10000

void state_dir_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, STATE_DIR "/%s", name);
}

void state_file_of(const char *name, const char *file, char path[PATH_MAX])
{
	char dir[PATH_MAX];

	state_dir_of(name, dir);
	snprintf(path, PATH_MAX, "%.*s/%s", (int)(PATH_MAX - 16), dir, file);
}

/* Create the state directory, and the default root's staging point in it. */
int state_dir_create(const char *name)
{
	char path[PATH_MAX], file[PATH_MAX + 8];

	if (mkdir(STATE_DIR, 0755) && errno != EEXIST)
		return -errno;
	state_dir_of(name, path);
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	/* A record left by a crash would point at another cgroup. */
	snprintf(file, sizeof(file), "%s/cgroup", path);
	unlink(file);
	snprintf(file, sizeof(file), "%s/root", path);
	if (mkdir(file, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

void state_dir_remove(const char *name)
{
	char path[PATH_MAX];

	state_file_of(name, "supervisor", path);
	unlink(path);
	state_file_of(name, "cgroup", path);
	unlink(path);
	state_file_of(name, "log", path);
	unlink(path);
	state_file_of(name, "options.conf", path);
	unlink(path);
	state_file_of(name, LIMITS_DEFAULTS_FILE, path);
	unlink(path);
	state_file_of(name, LIMITS_DEFAULTS_FILE ".new", path);
	unlink(path);
	state_file_of(name, "root", path);
	rmdir(path);
	state_dir_of(name, path);
	rmdir(path);
}

void supervisor_record(const char *name)
{
	char path[PATH_MAX];
	FILE *f;

	state_file_of(name, "supervisor", path);
	f = fopen(path, "we");
	if (f) {
		fprintf(f, "%d\n", getpid());
		fclose(f);
	}
}

void supervisor_forget(const char *name)
{
	char path[PATH_MAX];

	state_file_of(name, "supervisor", path);
	unlink(path);
}

pid_t supervisor_pid(const char *name)
{
	char path[PATH_MAX];
	int pid = 0, n;
	FILE *f;

	state_file_of(name, "supervisor", path);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fscanf(f, "%d", &pid);
	fclose(f);
	return n == 1 && pid > 0 ? pid : -1;
}

int supervisor_pidfd(const char *name)
{
	char path[PATH_MAX], comm[32];
	pid_t pid = supervisor_pid(name);
	bool ours;
	int fd;
	FILE *f;

	if (pid <= 0)
		return -1;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	/* With the pidfd held, make sure the pid was not recycled. */
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	ours = f && fgets(comm, sizeof(comm), f) && !strcmp(comm, "vctx\n");
	if (f)
		fclose(f);
	if (!ours) {
		close(fd);
		return -1;
	}
	return fd;
}

void supervisor_wait(int pidfd)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	if (pidfd < 0)
		return;
	poll(&pfd, 1, SUPERVISOR_WAIT_MS);
	close(pidfd);
}
