// SPDX-License-Identifier: GPL-2.0
/*
 * The selftests' shared helpers (vctx_util.h), linked into every test
 * program and helper; nothing here uses the kselftest harness.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vctx_util.h"

int vctx_open(void)
{
	int fd = open(VCTX_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int vctx_create_in(int fd, int cgroup_fd, __u32 xid, const char *name, __u32 flags, __u32 *xid_out)
{
	struct vctx_create c = {
		.xid = xid, .flags = flags, .cgroup_fd = cgroup_fd, .cap_bset = VU_CAP_BSET,
	};

	snprintf(c.name, sizeof(c.name), "%s", name);
	if (ioctl(fd, VCTX_IOC_CREATE, &c))
		return -errno;
	if (xid_out)
		*xid_out = c.xid;
	return 0;
}

int vctx_destroy_xid(int fd, __u32 xid)
{
	struct vctx_destroy d = { .xid = xid };

	return ioctl(fd, VCTX_IOC_DESTROY, &d) ? -errno : 0;
}

int vctx_info_xid(int fd, __u32 xid, struct vctx_info *info)
{
	memset(info, 0, sizeof(*info));
	info->lookup = VCTX_LOOKUP_XID;
	info->xid = xid;
	return ioctl(fd, VCTX_IOC_INFO, info) ? -errno : 0;
}

int vctx_info_pid(int fd, pid_t pid, struct vctx_info *info)
{
	memset(info, 0, sizeof(*info));
	info->lookup = VCTX_LOOKUP_PID;
	info->pid = pid;
	return ioctl(fd, VCTX_IOC_INFO, info) ? -errno : 0;
}

/* How many contexts are registered; UINT_MAX when the list fails. */
__u32 vctx_total(int fd)
{
	struct vctx_list l = { .entry_size = sizeof(struct vctx_info) };

	if (ioctl(fd, VCTX_IOC_LIST, &l))
		return UINT_MAX;
	return l.total;
}

int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -errno;
}

int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int read_line(const char *path, char *buf, size_t len)
{
	int ret = read_file(path, buf, len);

	if (!ret)
		buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

/* mkdir @dir (it may exist) and open it: the descriptor or -errno. */
int cg_make(const char *dir)
{
	int fd;

	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The first line of @dir/@file, without its newline. */
int cg_read(const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return read_line(path, buf, len);
}

/* Write @controllers ("+cpu +pids") to @dir/cgroup.subtree_control. */
int cg_enable(const char *dir, const char *controllers)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	return write_file(path, controllers);
}

/* Whether the root cgroup offers @controller (the kernel was built with it). */
bool cg_has_controller(const char *controller)
{
	char buf[512], *tok, *save;

	if (read_line(CG_ROOT "/cgroup.controllers", buf, sizeof(buf)))
		return false;
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!strcmp(tok, controller))
			return true;
	return false;
}

/* Move the calling process into @dir. */
int cg_enter(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	return write_file(path, "0");
}

/* Wait (at most 10 s) until cgroup.events says @dir has no task left. */
int cg_wait_unpopulated(const char *dir)
{
	char path[PATH_MAX], buf[256];
	struct pollfd pfd;
	int i, ret = -ETIMEDOUT;

	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	pfd.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pfd.fd < 0)
		return -errno;
	pfd.events = POLLPRI;
	for (i = 0; i < 100; i++) {
		if (pread(pfd.fd, buf, sizeof(buf) - 1, 0) > 0 && strstr(buf, "populated 0")) {
			ret = 0;
			break;
		}
		poll(&pfd, 1, 100);
	}
	close(pfd.fd);
	return ret;
}

/*
 * A child in @cgdir, parked in pause() or spinning on the CPU until killed;
 * it has entered the cgroup when this returns. -1 when it could not.
 */
pid_t fork_into(const char *cgdir, enum vu_child what)
{
	int pipefd[2];
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		if (cg_enter(cgdir) || write(pipefd[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			if (what == VU_PARK)
				pause();
	}
	close(pipefd[1]);
	if (pid < 0 || read(pipefd[0], &c, 1) != 1) {
		close(pipefd[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return -1;
	}
	close(pipefd[0]);
	return pid;
}

/* Kill and wait for @pid (nothing when @pid is not a child's). */
void reap(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median_ns(void (*op)(void *), void *arg, int n, struct vu_spread *spread)
{
	double r[VU_ROUNDS], t;
	int i, k;

	for (k = 0; k < VU_ROUNDS; k++) {
		t = now_s() * 1e9;
		for (i = 0; i < n; i++)
			op(arg);
		r[k] = (now_s() * 1e9 - t) / n;
	}
	qsort(r, VU_ROUNDS, sizeof(r[0]), cmp_double);
	if (spread) {
		spread->low = r[0];
		spread->high = r[VU_ROUNDS - 1];
	}
	return r[VU_ROUNDS / 2];
}
