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
#include "vctx_util.h"

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
		if (cg_read(dir, file, buf, sizeof(buf)))
			return -errno;
		if (!strcmp(buf, want))
			return 0;
		poll(&none, 0, 10);
	} while (now_s() < end);
	return -ETIMEDOUT;
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

/* A context for the cgroup @dir: its xid, 0 when it cannot be created. */
static __u32 create_in(int fd, const char *dir, const char *name)
{
	int cgfd = cg_make(dir);
	__u32 xid = 0;

	if (cgfd < 0)
		return 0;
	if (vctx_create_in(fd, cgfd, 0, name, 0, &xid))
		xid = 0;
	close(cgfd);
	return xid;
}

FIXTURE_SETUP(sched)
{
	char mid[160];

	self->fd = -EBADF;
	self->spinner = -1;
	self->xid_cpu = self->xid_nocpu = 0;
	/* Prio mode writes cpu.weight, hard mode needs cgroup.freeze (v2 core). */
	if (!cg_has_controller("cpu"))
		SKIP(return, "no cgroup cpu controller (CONFIG_CGROUP_SCHED, CONFIG_FAIR_GROUP_SCHED)");
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
	snprintf(self->base, sizeof(self->base), CG_ROOT "/vctx-schedtest-%d", getpid());
	ASSERT_EQ(0, mkdir(self->base, 0755));
	ASSERT_EQ(0, cg_enable(CG_ROOT, "+cpu"));
	ASSERT_EQ(0, cg_enable(self->base, "+cpu"));
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
	char mid[160];

	if (self->spinner > 0) {
		reap(self->spinner);
		cg_wait_unpopulated(self->with_cpu);
	}
	if (self->xid_cpu)
		vctx_destroy_xid(self->fd, self->xid_cpu);
	if (self->xid_nocpu)
		vctx_destroy_xid(self->fd, self->xid_nocpu);
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
	ASSERT_EQ(0, cg_read(self->with_cpu, "cpu.weight", buf, sizeof(buf)));
	EXPECT_STREQ("1000", buf);	/* a full bucket */

	s.mode = VCTX_SCHED_HARD;
	ASSERT_EQ(0, set_sched(self->fd, &s));
	ASSERT_EQ(0, cg_read(self->with_cpu, "cpu.weight", buf, sizeof(buf)));
	EXPECT_STREQ("250", buf);
}

TEST_F(sched, an_empty_bucket_freezes_and_off_thaws_at_once)
{
	struct vctx_set_sched s = hard(self->xid_cpu, 1, 1000, 5, 5);
	struct vctx_sched_info info;
	char buf[64];

	ASSERT_EQ(0, set_sched(self->fd, &s));
	self->spinner = fork_into(self->with_cpu, VU_SPIN);
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
	ASSERT_EQ(0, cg_read(self->with_cpu, "cgroup.freeze", buf, sizeof(buf)));
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
	self->spinner = fork_into(self->with_cpu, VU_SPIN);
	ASSERT_GT(self->spinner, 0);
	ASSERT_EQ(0, wait_held(self->fd, self->xid_cpu, 1, 20));
	/* SIGKILL reaches frozen tasks. */
	kill(self->spinner, SIGKILL);
	waitpid(self->spinner, NULL, 0);
	self->spinner = -1;
	ASSERT_EQ(0, cg_wait_unpopulated(self->with_cpu));
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_DESTROY, &d));
	self->xid_cpu = 0;
	/* The module let go of the cgroup thawed. */
	ASSERT_EQ(0, cg_read(self->with_cpu, "cgroup.freeze", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
}

TEST_HARNESS_MAIN
