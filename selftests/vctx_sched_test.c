// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU limiter's ioctls: every invalid field of VCTX_IOC_SET_SCHED
 * answered with its errno and nothing changed, the round trip through
 * VCTX_IOC_GET_SCHED, holds through cgroup.freeze started by the bucket
 * and ended by the command, prio mode on cpu.weight (and EOPNOTSUPP
 * without the cpu controller), and a held context destroyed cleanly.
 * Runs inside the test VM as root with vctx.ko loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"

#define CG_ROOT "/sys/fs/cgroup"

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -errno;
}

static int read_file(const char *dir, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int set_sched(int fd, const struct vctx_set_sched *s)
{
	struct vctx_set_sched copy = *s;

	return ioctl(fd, VCTX_IOC_SET_SCHED, &copy) ? -errno : 0;
}

static int get_sched(int fd, __u32 xid, struct vctx_sched_info *info)
{
	memset(info, 0, sizeof(*info));
	info->xid = xid;
	return ioctl(fd, VCTX_IOC_GET_SCHED, info) ? -errno : 0;
}

static struct vctx_set_sched hard(__u32 xid, __u32 rate, __u32 interval, __u32 max, __u32 min)
{
	struct vctx_set_sched s = {
		.xid = xid, .mode = VCTX_SCHED_HARD, .fill_rate = rate, .interval = interval,
		.tokens_max = max, .tokens_min = min,
	};

	return s;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A busy child in @cgdir (entered before it starts spinning). */
static pid_t spinner_in(const char *cgdir)
{
	char path[PATH_MAX], me[32];
	int pipefd[2];
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		snprintf(path, sizeof(path), "%s/cgroup.procs", cgdir);
		snprintf(me, sizeof(me), "%d", getpid());
		if (write_file(path, me) || write(pipefd[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			;
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1) {
		close(pipefd[0]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(pipefd[0]);
	return pid;
}

/* Wait (bounded) until the module reports @xid held (or not). */
static int wait_held(int fd, __u32 xid, int want, double seconds)
{
	double end = now_s() + seconds;
	struct vctx_sched_info info;
	struct pollfd none = { .fd = -1 };

	do {
		if (get_sched(fd, xid, &info))
			return -errno;
		if ((int)info.held == want)
			return 0;
		poll(&none, 0, 10);
	} while (now_s() < end);
	return -ETIMEDOUT;
}

/*
 * Wait until @dir/@file reads @want. The limiter decides a hold at once
 * (held = 1) and applies it from a work item, so cgroup.freeze follows.
 */
static int wait_file(const char *dir, const char *file, const char *want, double seconds)
{
	double end = now_s() + seconds;
	struct pollfd none = { .fd = -1 };
	char buf[64];

	do {
		if (read_file(dir, file, buf, sizeof(buf)))
			return -errno;
		if (!strcmp(buf, want))
			return 0;
		poll(&none, 0, 10);
	} while (now_s() < end);
	return -ETIMEDOUT;
}

static int wait_unpopulated(const char *dir)
{
	char buf[256], path[PATH_MAX];
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

FIXTURE(sched) {
	int fd;
	char base[128];
	char with_cpu[256];
	char without_cpu[256];
	__u32 xid_cpu;
	__u32 xid_nocpu;
	pid_t spinner;
};

static __u32 create_in(int fd, const char *dir, const char *name)
{
	struct vctx_create c = { .cap_bset = 0x3 };
	int cgfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (cgfd < 0)
		return 0;
	c.cgroup_fd = cgfd;
	snprintf(c.name, sizeof(c.name), "%s", name);
	ret = ioctl(fd, VCTX_IOC_CREATE, &c);
	close(cgfd);
	return ret ? 0 : c.xid;
}

FIXTURE_SETUP(sched)
{
	char path[PATH_MAX], mid[160];

	self->fd = -EBADF;
	self->spinner = -1;
	self->xid_cpu = self->xid_nocpu = 0;
	self->fd = open(VCTX_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_GE(self->fd, 0);
	snprintf(self->base, sizeof(self->base), CG_ROOT "/vctx-schedtest-%d", getpid());
	ASSERT_EQ(0, mkdir(self->base, 0755));
	ASSERT_EQ(0, write_file(CG_ROOT "/cgroup.subtree_control", "+cpu"));
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", self->base);
	ASSERT_EQ(0, write_file(path, "+cpu"));
	/* One context with the cpu controller, one in a subtree without it. */
	snprintf(self->with_cpu, sizeof(self->with_cpu), "%s/cpu", self->base);
	ASSERT_EQ(0, mkdir(self->with_cpu, 0755));
	snprintf(mid, sizeof(mid), "%s/mid", self->base);
	ASSERT_EQ(0, mkdir(mid, 0755));
	snprintf(self->without_cpu, sizeof(self->without_cpu), "%s/nocpu", mid);
	ASSERT_EQ(0, mkdir(self->without_cpu, 0755));
	self->xid_cpu = create_in(self->fd, self->with_cpu, "sched-cpu");
	ASSERT_NE(0, self->xid_cpu);
	self->xid_nocpu = create_in(self->fd, self->without_cpu, "sched-nocpu");
	ASSERT_NE(0, self->xid_nocpu);
}

FIXTURE_TEARDOWN(sched)
{
	struct vctx_destroy d = { 0 };
	char mid[160];

	if (self->spinner > 0) {
		kill(self->spinner, SIGKILL);
		waitpid(self->spinner, NULL, 0);
		wait_unpopulated(self->with_cpu);
	}
	d.xid = self->xid_cpu;
	if (self->xid_cpu)
		ioctl(self->fd, VCTX_IOC_DESTROY, &d);
	d.xid = self->xid_nocpu;
	if (self->xid_nocpu)
		ioctl(self->fd, VCTX_IOC_DESTROY, &d);
	rmdir(self->with_cpu);
	rmdir(self->without_cpu);
	snprintf(mid, sizeof(mid), "%s/mid", self->base);
	rmdir(mid);
	rmdir(self->base);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(sched, a_new_context_has_no_limit)
{
	struct vctx_sched_info info;

	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(VCTX_SCHED_OFF, info.mode);
	EXPECT_EQ(0, info.tokens);
	EXPECT_EQ(0, info.held);
	EXPECT_EQ(0, info.nr_holds);
	EXPECT_EQ(0, info.hold_ns);
	EXPECT_EQ(0, info.fill_rate);
}

TEST_F(sched, set_and_get_round_trip)
{
	struct vctx_set_sched s = hard(self->xid_cpu, 1, 4, 100, 25);
	struct vctx_sched_info info;

	s.fill_rate2 = 1;
	s.interval2 = 2;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(VCTX_SCHED_HARD, info.mode);
	EXPECT_EQ(1, info.fill_rate);
	EXPECT_EQ(4, info.interval);
	EXPECT_EQ(1, info.fill_rate2);
	EXPECT_EQ(2, info.interval2);
	EXPECT_EQ(100, info.tokens_max);
	EXPECT_EQ(25, info.tokens_min);
	EXPECT_EQ(100, info.tokens);	/* a new limit starts full; nothing ran */
	EXPECT_EQ(0, info.held);

	s = hard(self->xid_cpu, 0, 0, 0, 0);
	s.mode = VCTX_SCHED_OFF;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(VCTX_SCHED_OFF, info.mode);
	EXPECT_EQ(0, info.tokens_max);
}

TEST_F(sched, set_rejects_every_bad_field)
{
	const struct vctx_set_sched good = hard(self->xid_cpu, 1, 4, 100, 25);
	struct vctx_set_sched bad[24];
	struct vctx_sched_info info;
	int n = 0, i;

	for (i = 0; i < 24; i++)
		bad[i] = good;
	bad[n++].mode = 3;
	bad[n++].fill_rate = 0;
	bad[n++].fill_rate = VCTX_SCHED_RATE_MAX + 1;
	bad[n++].interval = 0;
	bad[n++].interval = VCTX_SCHED_INTERVAL_MAX + 1;
	bad[n++].tokens_max = 0;
	bad[n++].tokens_max = VCTX_SCHED_TOKENS_MAX + 1;
	bad[n++].tokens_min = 101;
	bad[n++].fill_rate2 = VCTX_SCHED_RATE_MAX + 1;
	bad[n].fill_rate2 = 1;		/* idle fill without its interval */
	bad[n++].interval2 = 0;
	bad[n++].interval2 = 5;		/* an interval without idle fill */
	bad[n].fill_rate2 = 1;
	bad[n++].interval2 = VCTX_SCHED_INTERVAL_MAX + 1;
	bad[n++].flags = 1;
	bad[n++].reserved0 = 1;
	bad[n++].reserved[2] = 1;
	memset(&bad[n], 0, sizeof(bad[n]));	/* off takes no parameters */
	bad[n].xid = self->xid_cpu;
	bad[n++].fill_rate = 1;
	bad[n++].xid = VCTX_XID_HOST;
	bad[n++].xid = VCTX_XID_SPECTATOR;
	bad[n++].xid = VCTX_XID_DYNAMIC_MAX + 1;
	for (i = 0; i < n; i++) {
		errno = 0;
		EXPECT_EQ(-EINVAL, set_sched(self->fd, &bad[i])) TH_LOG("case %d", i);
	}
	bad[0] = good;
	bad[0].xid = 4242;
	EXPECT_EQ(-ENOENT, set_sched(self->fd, &bad[0]));

	/* Nothing changed. */
	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(VCTX_SCHED_OFF, info.mode);

	/* The query validates too. */
	memset(&info, 0, sizeof(info));
	info.xid = self->xid_cpu;
	info.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_GET_SCHED, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.xid = self->xid_cpu;
	info.reserved[3] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_GET_SCHED, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EINVAL, get_sched(self->fd, VCTX_XID_HOST, &info));
	EXPECT_EQ(-ENOENT, get_sched(self->fd, 4242, &info));
}

TEST_F(sched, prio_needs_the_cpu_controller)
{
	struct vctx_set_sched s = hard(self->xid_nocpu, 1, 4, 100, 25);
	struct vctx_sched_info info;

	s.mode = VCTX_SCHED_PRIO;
	EXPECT_EQ(-EOPNOTSUPP, set_sched(self->fd, &s));
	ASSERT_EQ(0, get_sched(self->fd, self->xid_nocpu, &info));
	EXPECT_EQ(VCTX_SCHED_OFF, info.mode);
	/* Hard mode needs only the freezer, which every cgroup has. */
	s.mode = VCTX_SCHED_HARD;
	EXPECT_EQ(0, set_sched(self->fd, &s));
}

TEST_F(sched, prio_sets_cpu_weight_and_restores_it)
{
	struct vctx_set_sched s = hard(self->xid_cpu, 1, 4, 100, 25);
	char buf[64], path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/cpu.weight", self->with_cpu);
	ASSERT_EQ(0, write_file(path, "250"));
	s.mode = VCTX_SCHED_PRIO;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	ASSERT_EQ(0, read_file(self->with_cpu, "cpu.weight", buf, sizeof(buf)));
	EXPECT_STREQ("1000", buf);	/* a full bucket */

	s.mode = VCTX_SCHED_HARD;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	ASSERT_EQ(0, read_file(self->with_cpu, "cpu.weight", buf, sizeof(buf)));
	EXPECT_STREQ("250", buf);
}

TEST_F(sched, an_empty_bucket_freezes_and_off_thaws_at_once)
{
	struct vctx_set_sched s = hard(self->xid_cpu, 1, 1000, 5, 5);
	struct vctx_sched_info info;
	char buf[64];

	ASSERT_EQ(0, set_sched(self->fd, &s));
	self->spinner = spinner_in(self->with_cpu);
	ASSERT_GT(self->spinner, 0);
	/* 5 ms of CPU empty the bucket; refilling 5 tokens takes 5 s. */
	ASSERT_EQ(0, wait_held(self->fd, self->xid_cpu, 1, 20));
	EXPECT_EQ(0, wait_file(self->with_cpu, "cgroup.freeze", "1", 5));
	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(1, info.nr_holds);
	EXPECT_LE(info.tokens, 0);

	memset(&s, 0, sizeof(s));
	s.xid = self->xid_cpu;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	/* Synchronous: thawed when the command returns. */
	ASSERT_EQ(0, read_file(self->with_cpu, "cgroup.freeze", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
	ASSERT_EQ(0, get_sched(self->fd, self->xid_cpu, &info));
	EXPECT_EQ(0, info.held);
	EXPECT_EQ(1, info.nr_holds);		/* the history stays */
	EXPECT_GT(info.hold_ns, 0);
	EXPECT_GT(info.cpu_ns, 5000000);
}

TEST_F(sched, a_held_context_is_destroyed_cleanly)
{
	struct vctx_set_sched s = hard(self->xid_cpu, 1, 1000, 5, 5);
	struct vctx_destroy d = { .xid = self->xid_cpu };
	char buf[64];

	ASSERT_EQ(0, set_sched(self->fd, &s));
	self->spinner = spinner_in(self->with_cpu);
	ASSERT_GT(self->spinner, 0);
	ASSERT_EQ(0, wait_held(self->fd, self->xid_cpu, 1, 20));
	/* SIGKILL reaches frozen tasks. */
	kill(self->spinner, SIGKILL);
	waitpid(self->spinner, NULL, 0);
	self->spinner = -1;
	ASSERT_EQ(0, wait_unpopulated(self->with_cpu));
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_DESTROY, &d));
	self->xid_cpu = 0;
	/* The module let go of the cgroup thawed. */
	ASSERT_EQ(0, read_file(self->with_cpu, "cgroup.freeze", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
}

TEST_HARNESS_MAIN
