// SPDX-License-Identifier: GPL-2.0
/*
 * The context registry of vctx.ko: create, lookup, list, destroy, flags,
 * capabilities and init, membership through the cgroup subtree, every
 * invalid field answered with its errno and nothing changed, who may call
 * what, /proc/vctx, and concurrent create/destroy.
 * Runs inside the test VM as root with vctx.ko loaded and cgroup2 mounted.
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
#include <dirent.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"
#include "vctx_util.h"

static int set_spectator(int fd, int cgroup_fd)
{
	struct vctx_set_spectator s = { .cgroup_fd = cgroup_fd };

	return ioctl(fd, VCTX_IOC_SET_SPECTATOR, &s) ? -errno : 0;
}

static __u64 spectator_cgroup_id(int fd)
{
	struct vctx_info info;

	return vctx_info_xid(fd, VCTX_XID_SPECTATOR, &info) ? ~0ULL : info.cgroup_id;
}

FIXTURE(reg) {
	int fd;
	char base[128];
	int ncg;
	char cg[32][256];
	int cgfd[32];
};

/* Make cgroup @i at base/name (nested paths allowed), open it. */
static int make_cg(FIXTURE_DATA(reg) *self, int i, const char *name)
{
	snprintf(self->cg[i], sizeof(self->cg[i]), "%s/%s", self->base, name);
	self->cgfd[i] = cg_make(self->cg[i]);
	if (self->cgfd[i] < 0)
		return self->cgfd[i];
	if (i >= self->ncg)
		self->ncg = i + 1;
	return 0;
}

static int create(FIXTURE_DATA(reg) *self, __u32 xid, const char *name, int cgi, __u32 *out)
{
	return vctx_create_in(self->fd, self->cgfd[cgi], xid, name, 0, out);
}

FIXTURE_SETUP(reg)
{
	int i;

	self->fd = -EBADF;
	self->ncg = 0;
	for (i = 0; i < 32; i++)
		self->cgfd[i] = -EBADF;
	/* The pids controller gives the module its task count. */
	if (!cg_has_controller("pids"))
		SKIP(return, "no cgroup pids controller (CONFIG_CGROUP_PIDS)");
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
	ASSERT_EQ(0, vctx_total(self->fd)) TH_LOG("contexts left over by an earlier test");
	snprintf(self->base, sizeof(self->base), CG_ROOT "/vctx-selftest-%d", getpid());
	ASSERT_EQ(0, mkdir(self->base, 0755));
	ASSERT_EQ(0, cg_enable(CG_ROOT, "+pids"));
	ASSERT_EQ(0, cg_enable(self->base, "+pids"));
}

FIXTURE_TEARDOWN(reg)
{
	struct vctx_list l;
	struct vctx_info e[64];
	int i;

	/* Unregister whatever the test left, then remove its cgroups. */
	memset(&l, 0, sizeof(l));
	l.count = 64;
	l.entry_size = sizeof(e[0]);
	l.entries = (__u64)(uintptr_t)e;
	if (self->fd >= 0 && !ioctl(self->fd, VCTX_IOC_LIST, &l))
		for (i = 0; i < (int)l.count; i++)
			vctx_destroy_xid(self->fd, e[i].xid);
	if (self->fd >= 0)
		set_spectator(self->fd, -1);
	for (i = self->ncg - 1; i >= 0; i--) {
		if (self->cgfd[i] >= 0)
			close(self->cgfd[i]);
		rmdir(self->cg[i]);
	}
	rmdir(self->base);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(reg, create_static_context_and_look_it_up)
{
	struct vctx_info info;
	struct stat st;
	__u32 xid;

	ASSERT_EQ(0, make_cg(self, 0, "a"));
	ASSERT_EQ(0, create(self, 100, "web1", 0, &xid));
	EXPECT_EQ(100, xid);

	ASSERT_EQ(0, vctx_info_xid(self->fd, 100, &info));
	EXPECT_STREQ("web1", info.name);
	EXPECT_EQ(VCTX_STATE_CREATED, info.state);
	EXPECT_EQ(0, info.nr_tasks);
	EXPECT_EQ(0, info.init_pid);
	EXPECT_EQ(0x3, info.cap_bset);
	EXPECT_EQ(0, info.info_flags);
	ASSERT_EQ(0, fstat(self->cgfd[0], &st));
	EXPECT_EQ(st.st_ino, info.cgroup_id);
	EXPECT_GT(info.created_ns, (__u64)(time(NULL) - 60) * 1000000000ULL);

	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_NAME;
	strcpy(info.name, "web1");
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(100, info.xid);
	EXPECT_EQ(1, vctx_total(self->fd));

	EXPECT_EQ(0, vctx_destroy_xid(self->fd, 100));
	EXPECT_EQ(-ENOENT, vctx_info_xid(self->fd, 100, &info));
	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_NAME;
	strcpy(info.name, "web1");
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, vctx_total(self->fd));
}

TEST_F(reg, dynamic_xids_start_at_49152)
{
	__u32 x1, x2;

	ASSERT_EQ(0, make_cg(self, 0, "a"));
	ASSERT_EQ(0, make_cg(self, 1, "b"));
	ASSERT_EQ(0, create(self, 0, "dyn1", 0, &x1));
	ASSERT_EQ(0, create(self, 0, "dyn2", 1, &x2));
	EXPECT_GE(x1, VCTX_XID_DYNAMIC_MIN);
	EXPECT_LE(x1, VCTX_XID_DYNAMIC_MAX);
	EXPECT_NE(x1, x2);
	EXPECT_GE(x2, VCTX_XID_DYNAMIC_MIN);
}

TEST_F(reg, host_and_spectator_answer_lookups)
{
	struct vctx_info info;

	ASSERT_EQ(0, vctx_info_xid(self->fd, VCTX_XID_HOST, &info));
	EXPECT_STREQ("host", info.name);
	EXPECT_EQ(VCTX_INFO_BUILTIN, info.info_flags);
	EXPECT_EQ(VCTX_STATE_RUNNING, info.state);
	ASSERT_EQ(0, vctx_info_xid(self->fd, VCTX_XID_SPECTATOR, &info));
	EXPECT_STREQ("spectator", info.name);
	EXPECT_EQ(VCTX_INFO_BUILTIN, info.info_flags);

	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_NAME;
	strcpy(info.name, "spectator");
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(VCTX_XID_SPECTATOR, info.xid);

	ASSERT_EQ(0, vctx_info_pid(self->fd, getpid(), &info));
	EXPECT_EQ(VCTX_XID_HOST, info.xid);
	/* Built-ins are never listed, created or destroyed. */
	EXPECT_EQ(0, vctx_total(self->fd));
	EXPECT_EQ(-EINVAL, vctx_destroy_xid(self->fd, VCTX_XID_HOST));
	EXPECT_EQ(-EINVAL, vctx_destroy_xid(self->fd, VCTX_XID_SPECTATOR));
}

TEST_F(reg, membership_is_the_cgroup_subtree)
{
	struct vctx_info info;
	pid_t a, b;

	ASSERT_EQ(0, make_cg(self, 0, "m"));
	ASSERT_EQ(0, make_cg(self, 1, "m/sub"));
	ASSERT_EQ(0, create(self, 200, "members", 0, NULL));

	a = fork_into(self->cg[0], VU_PARK);
	ASSERT_GT(a, 0);
	b = fork_into(self->cg[1], VU_PARK);
	ASSERT_GT(b, 0);

	ASSERT_EQ(0, vctx_info_pid(self->fd, a, &info));
	EXPECT_EQ(200, info.xid);
	ASSERT_EQ(0, vctx_info_pid(self->fd, b, &info));
	EXPECT_EQ(200, info.xid) TH_LOG("a task of a sub-cgroup belongs to the context");
	EXPECT_EQ(VCTX_STATE_RUNNING, info.state);
	EXPECT_EQ(2, info.nr_tasks);

	/* A context with tasks cannot be unregistered. */
	EXPECT_EQ(-EBUSY, vctx_destroy_xid(self->fd, 200));
	reap(a);
	reap(b);
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg[0]));
	ASSERT_EQ(0, vctx_info_xid(self->fd, 200, &info));
	EXPECT_EQ(0, info.nr_tasks);
	EXPECT_EQ(0, vctx_destroy_xid(self->fd, 200));
	EXPECT_EQ(-ENOENT, vctx_info_pid(self->fd, a, &info));
}

TEST_F(reg, task_count_without_the_pids_controller)
{
	char path[PATH_MAX];
	struct vctx_info info;
	pid_t a;

	/* A sibling tree where pids is not enabled for the context's cgroup. */
	ASSERT_EQ(0, make_cg(self, 0, "nopids"));
	ASSERT_EQ(0, cg_enable(self->base, "-pids"));
	snprintf(path, sizeof(path), "%s/pids.current", self->cg[0]);
	ASSERT_NE(0, access(path, F_OK));
	ASSERT_EQ(0, create(self, 201, "nopids", 0, NULL));
	a = fork_into(self->cg[0], VU_PARK);
	ASSERT_GT(a, 0);
	ASSERT_EQ(0, vctx_info_xid(self->fd, 201, &info));
	EXPECT_EQ(1, info.nr_tasks);
	reap(a);
}

TEST_F(reg, init_is_reported_by_the_creator)
{
	struct vctx_set_init s = { .xid = 300 };
	struct vctx_info info;
	pid_t init, outsider;

	ASSERT_EQ(0, make_cg(self, 0, "i"));
	ASSERT_EQ(0, create(self, 300, "withinit", 0, NULL));
	init = fork_into(self->cg[0], VU_PARK);
	ASSERT_GT(init, 0);

	s.pid = init;
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_SET_INIT, &s));
	ASSERT_EQ(0, vctx_info_xid(self->fd, 300, &info));
	EXPECT_EQ(init, info.init_pid);
	EXPECT_EQ(VCTX_STATE_RUNNING, info.state);

	/* Only a member may be its init; a missing pid is ENOENT. */
	outsider = fork();
	if (outsider == 0) {
		pause();
		_exit(0);
	}
	s.pid = outsider;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_INIT, &s));
	EXPECT_EQ(EINVAL, errno);
	reap(outsider);
	s.pid = outsider;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_INIT, &s));
	EXPECT_EQ(ENOENT, errno);

	reap(init);
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg[0]));
	ASSERT_EQ(0, vctx_info_xid(self->fd, 300, &info));
	EXPECT_EQ(VCTX_STATE_STOPPED, info.state);
	EXPECT_EQ(0, info.init_pid) TH_LOG("a dead init has no pid");
}

TEST_F(reg, flags_and_caps_change_and_validate)
{
	struct vctx_set_flags f = { .xid = 400, .flags = VCTX_F_PERSISTENT, .mask = VCTX_F_PERSISTENT };
	struct vctx_set_caps c = { .xid = 400, .cap_bset = 0x1234 };
	struct vctx_info info;

	ASSERT_EQ(0, make_cg(self, 0, "f"));
	ASSERT_EQ(0, create(self, 400, "flags", 0, NULL));
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_SET_CAPS, &c));
	ASSERT_EQ(0, vctx_info_xid(self->fd, 400, &info));
	EXPECT_EQ(VCTX_F_PERSISTENT, info.flags);
	EXPECT_EQ(0x1234, info.cap_bset);

	f.flags = 0;
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	ASSERT_EQ(0, vctx_info_xid(self->fd, 400, &info));
	EXPECT_EQ(0, info.flags);

	/* flags outside the mask, unknown bits, reserved fields, bad xids */
	f.flags = VCTX_F_PERSISTENT;
	f.mask = 0;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	EXPECT_EQ(EINVAL, errno);
	f.mask = f.flags = 1U << 31;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	EXPECT_EQ(EINVAL, errno);
	f.mask = f.flags = VCTX_F_PERSISTENT;
	f.reserved0 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	EXPECT_EQ(EINVAL, errno);
	f.reserved0 = 0;
	f.xid = 401;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	EXPECT_EQ(ENOENT, errno);
	f.xid = VCTX_XID_HOST;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f));
	EXPECT_EQ(EINVAL, errno);

	c.cap_bset = 1ULL << 63;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_CAPS, &c));
	EXPECT_EQ(EINVAL, errno);
	c.cap_bset = 0;
	c.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_CAPS, &c));
	EXPECT_EQ(EINVAL, errno);
	c.flags = 0;
	c.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_CAPS, &c));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, vctx_info_xid(self->fd, 400, &info));
	EXPECT_EQ(0, info.flags) TH_LOG("a failed command changed the flags");
	EXPECT_EQ(0x1234, info.cap_bset) TH_LOG("a failed command changed the caps");
}

/* Every invalid create: the errno, and the registry unchanged. */
TEST_F(reg, create_rejects_every_bad_field)
{
	static const char *const bad_names[] = {
		"", "-a", ".a", "_a", "A", "a b", "a/b", "a\n", "\xc3\xa9",
	};
	struct vctx_create c;
	char regular[] = "/tmp/vctx-selftest-XXXXXX";
	int rootfd, filefd;
	size_t i;

	ASSERT_EQ(0, make_cg(self, 0, "v"));
	ASSERT_EQ(0, make_cg(self, 1, "w"));
	ASSERT_EQ(0, make_cg(self, 2, "v/child"));
	ASSERT_EQ(0, create(self, 500, "taken", 0, NULL));

#define EXPECT_CREATE_FAILS(err) do {					\
		EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_CREATE, &c));	\
		EXPECT_EQ(err, errno);					\
		EXPECT_EQ(1, vctx_total(self->fd));			\
	} while (0)
#define RESET() do {							\
		memset(&c, 0, sizeof(c));				\
		c.cgroup_fd = self->cgfd[1];				\
		strcpy(c.name, "fresh");				\
	} while (0)

	RESET();
	c.flags = 1U << 30;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.reserved0 = 1;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.reserved[3] = 1;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.xid = VCTX_XID_SPECTATOR;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.xid = VCTX_XID_DYNAMIC_MIN;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.xid = 0xffffffff;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.cap_bset = 1ULL << 63;
	EXPECT_CREATE_FAILS(EINVAL);

	for (i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		RESET();
		memset(c.name, 0, sizeof(c.name));
		strcpy(c.name, bad_names[i]);
		EXPECT_CREATE_FAILS(EINVAL);
	}
	RESET();
	memset(c.name, 'a', sizeof(c.name));	/* no terminating NUL */
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.name[10] = 'x';			/* garbage after the NUL */
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	strcpy(c.name, "host");
	EXPECT_CREATE_FAILS(EEXIST);
	RESET();
	strcpy(c.name, "spectator");
	EXPECT_CREATE_FAILS(EEXIST);
	RESET();
	strcpy(c.name, "taken");
	EXPECT_CREATE_FAILS(EEXIST);
	RESET();
	c.xid = 500;
	EXPECT_CREATE_FAILS(EEXIST);

	/* cgroups: none, not a cgroup, the root, the same, nested either way */
	RESET();
	c.cgroup_fd = -1;
	EXPECT_CREATE_FAILS(EBADF);
	filefd = mkstemp(regular);
	ASSERT_GE(filefd, 0);
	RESET();
	c.cgroup_fd = filefd;
	EXPECT_CREATE_FAILS(EBADF);
	close(filefd);
	unlink(regular);
	rootfd = open(CG_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(rootfd, 0);
	RESET();
	c.cgroup_fd = rootfd;
	EXPECT_CREATE_FAILS(EINVAL);
	RESET();
	c.cgroup_fd = self->cgfd[0];
	EXPECT_CREATE_FAILS(EEXIST);
	RESET();
	c.cgroup_fd = self->cgfd[2];
	EXPECT_CREATE_FAILS(EBUSY);
	close(rootfd);
	rootfd = open(self->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(rootfd, 0);
	RESET();
	c.cgroup_fd = rootfd;
	EXPECT_CREATE_FAILS(EBUSY);
	close(rootfd);

	/* And the good one still works afterwards. */
	RESET();
	EXPECT_EQ(0, ioctl(self->fd, VCTX_IOC_CREATE, &c));
	EXPECT_EQ(2, vctx_total(self->fd));
#undef RESET
#undef EXPECT_CREATE_FAILS
}

TEST_F(reg, info_destroy_and_list_reject_bad_fields)
{
	struct vctx_destroy d = { .xid = 600 };
	struct vctx_info info, e[2];
	struct vctx_list l;

	ASSERT_EQ(0, make_cg(self, 0, "x"));
	ASSERT_EQ(0, create(self, 600, "valid", 0, NULL));

	memset(&info, 0, sizeof(info));
	info.lookup = 7;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_NAME;
	strcpy(info.name, "Bad Name");
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_XID;
	info.xid = 600;
	info.pid = 1;			/* a field of another lookup */
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.lookup = VCTX_LOOKUP_PID;
	info.pid = -5;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-ENOENT, vctx_info_pid(self->fd, INT_MAX, &info));

	d.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_DESTROY, &d));
	EXPECT_EQ(EINVAL, errno);
	d.flags = 0;
	d.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_DESTROY, &d));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EINVAL, vctx_destroy_xid(self->fd, 0xffffffff));
	EXPECT_EQ(-ENOENT, vctx_destroy_xid(self->fd, 601));
	EXPECT_EQ(1, vctx_total(self->fd));

	memset(&l, 0, sizeof(l));
	l.entries = (__u64)(uintptr_t)e;
	l.count = 2;
	l.entry_size = VCTX_INFO_SIZE_VER0 - 8;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_LIST, &l));
	EXPECT_EQ(EINVAL, errno);
	l.entry_size = sizeof(e[0]);
	l.count = 1000000;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_LIST, &l));
	EXPECT_EQ(EINVAL, errno);
	l.count = 2;
	l.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_LIST, &l));
	EXPECT_EQ(EINVAL, errno);
	l.flags = 0;
	l.entries = 16;			/* not a user address */
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_LIST, &l));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(reg, list_pages_through_every_context_once)
{
	struct {
		struct vctx_info info;
		unsigned char future[40];
	} page[7];
	unsigned char zero[40] = { 0 };
	struct vctx_list l;
	int seen[30] = { 0 };
	__u32 last = 0;
	int i, n = 0, calls = 0;
	char name[32];

	for (i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "l%02d", i);
		ASSERT_EQ(0, make_cg(self, i, name));
		/* static and dynamic xids mixed */
		ASSERT_EQ(0, create(self, i % 2 ? 1000 + i : 0, name, i, NULL));
	}
	memset(&l, 0, sizeof(l));
	do {
		memset(page, 0, sizeof(page));
		l.count = 7;
		l.entry_size = sizeof(page[0]);
		l.entries = (__u64)(uintptr_t)page;
		l.total = 0;
		l.start_xid = l.next_xid;
		l.next_xid = 0;
		ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_LIST, &l));
		EXPECT_EQ(30, l.total);
		for (i = 0; i < (int)l.count; i++) {
			int idx = atoi(page[i].info.name + 1);

			EXPECT_GT(page[i].info.xid, last) TH_LOG("not in xid order");
			last = page[i].info.xid;
			if (idx < 0 || idx >= 30) {
				ASSERT_TRUE(0) TH_LOG("unexpected context %s", page[i].info.name);
				break;
			}
			seen[idx]++;
			EXPECT_EQ(0, memcmp(page[i].future, zero, sizeof(zero)));
			n++;
		}
		ASSERT_LT(++calls, 10);
	} while (l.next_xid);
	EXPECT_EQ(30, n);
	for (i = 0; i < 30; i++) {
		int times = seen[i];

		EXPECT_EQ(1, times) TH_LOG("context l%02d seen %d times", i, times);
	}
}

TEST_F(reg, proc_vctx_shows_each_context)
{
	char path[PATH_MAX], buf[1024];
	struct stat st;
	pid_t init;

	ASSERT_EQ(0, make_cg(self, 0, "p"));
	ASSERT_EQ(0, create(self, 700, "procview", 0, NULL));
	init = fork_into(self->cg[0], VU_PARK);
	ASSERT_GT(init, 0);
	{
		struct vctx_set_init s = { .xid = 700, .pid = init };

		ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_SET_INIT, &s));
	}
	ASSERT_EQ(0, read_file("/proc/vctx/700/info", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "xid: 700\n"));
	EXPECT_NE(NULL, strstr(buf, "name: procview\n"));
	EXPECT_NE(NULL, strstr(buf, "persistent: no\n"));
	snprintf(path, sizeof(path), "cgroup: %s\n", self->cg[0] + strlen(CG_ROOT));
	EXPECT_NE(NULL, strstr(buf, path)) TH_LOG("info: %s", buf);
	ASSERT_EQ(0, read_file("/proc/vctx/700/status", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "state: running\n"));
	EXPECT_NE(NULL, strstr(buf, "tasks: 1\n"));
	snprintf(path, sizeof(path), "init_pid: %d\n", init);
	EXPECT_NE(NULL, strstr(buf, path));
	reap(init);
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg[0]));
	ASSERT_EQ(0, vctx_destroy_xid(self->fd, 700));
	EXPECT_NE(0, stat("/proc/vctx/700", &st));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * A guest (a task in a context's cgroup) holding an inherited /dev/vctx fd
 * is refused every command, and cannot open the device; it reads only its
 * own /proc/vctx entry.
 */
TEST_F(reg, guests_cannot_use_the_device_or_read_other_contexts)
{
	char buf[256];
	int status;
	pid_t pid;

	ASSERT_EQ(0, make_cg(self, 0, "g"));
	ASSERT_EQ(0, make_cg(self, 1, "other"));
	ASSERT_EQ(0, create(self, 800, "guest", 0, NULL));
	ASSERT_EQ(0, create(self, 801, "neighbour", 1, NULL));

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct vctx_version v = { 0 };
		struct vctx_info info;
		if (cg_enter(self->cg[0]))
			_exit(10);
		if (ioctl(self->fd, VCTX_IOC_VERSION, &v) != -1 || errno != EPERM)
			_exit(11);
		if (vctx_info_xid(self->fd, 800, &info) != -EPERM)
			_exit(12);
		if (vctx_destroy_xid(self->fd, 801) != -EPERM)
			_exit(13);
		if (open(VCTX_DEVICE_PATH, O_RDWR) != -1 || errno != EPERM)
			_exit(14);
		if (read_file("/proc/vctx/801/info", buf, sizeof(buf)) != -ENOENT)
			_exit(15);
		if (read_file("/proc/vctx/800/status", buf, sizeof(buf)) ||
		    !strstr(buf, "state: running"))
			_exit(16);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("guest check %d failed", WEXITSTATUS(status));
	EXPECT_EQ(2, vctx_total(self->fd)) TH_LOG("the guest changed the registry");
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg[0]));
}

TEST_F(reg, unprivileged_host_callers_may_query_but_not_change)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, make_cg(self, 0, "u"));
	ASSERT_EQ(0, create(self, 900, "priv", 0, NULL));

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct vctx_info info;
		struct vctx_set_flags f = { .xid = 900, .mask = VCTX_F_PERSISTENT };

		/* Keeps the open fd, loses CAP_SYS_ADMIN. */
		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (vctx_info_xid(self->fd, 900, &info))
			_exit(11);
		if (vctx_destroy_xid(self->fd, 900) != -EPERM)
			_exit(12);
		if (ioctl(self->fd, VCTX_IOC_SET_FLAGS, &f) != -1 || errno != EPERM)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("check %d failed", WEXITSTATUS(status));
	EXPECT_EQ(1, vctx_total(self->fd));
}

TEST_F(reg, spectator_binds_to_a_cgroup)
{
	struct vctx_info info;
	struct stat st;
	pid_t p;

	ASSERT_EQ(0, make_cg(self, 0, "spec"));
	ASSERT_EQ(0, make_cg(self, 1, "spec/sub"));
	ASSERT_EQ(0, fstat(self->cgfd[0], &st));
	ASSERT_EQ(0, set_spectator(self->fd, -1));
	EXPECT_EQ(0, spectator_cgroup_id(self->fd)) TH_LOG("unbound: no cgroup");

	ASSERT_EQ(0, set_spectator(self->fd, self->cgfd[0]));
	EXPECT_EQ(st.st_ino, spectator_cgroup_id(self->fd));
	EXPECT_EQ(0, set_spectator(self->fd, self->cgfd[0])) TH_LOG("binding again is a no-op");
	EXPECT_EQ(0, vctx_total(self->fd)) TH_LOG("the spectator is not a created context");

	/* Its tasks, and those of its descendants, are xid 1. */
	p = fork_into(self->cg[1], VU_PARK);
	ASSERT_GT(p, 0);
	ASSERT_EQ(0, vctx_info_pid(self->fd, p, &info));
	EXPECT_EQ(VCTX_XID_SPECTATOR, info.xid);
	EXPECT_STREQ("spectator", info.name);
	EXPECT_EQ(VCTX_INFO_BUILTIN, info.info_flags);
	EXPECT_EQ(0, vctx_info_pid(self->fd, getpid(), &info));
	EXPECT_EQ(VCTX_XID_HOST, info.xid);

	/* No moving or unbinding while it has tasks. */
	EXPECT_EQ(-EBUSY, set_spectator(self->fd, -1));
	ASSERT_EQ(0, make_cg(self, 2, "other"));
	EXPECT_EQ(-EBUSY, set_spectator(self->fd, self->cgfd[2]));
	EXPECT_EQ(st.st_ino, spectator_cgroup_id(self->fd));
	reap(p);
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg[0]));

	ASSERT_EQ(0, set_spectator(self->fd, self->cgfd[2]));
	ASSERT_EQ(0, fstat(self->cgfd[2], &st));
	EXPECT_EQ(st.st_ino, spectator_cgroup_id(self->fd));
	EXPECT_EQ(0, set_spectator(self->fd, -1));
	EXPECT_EQ(0, spectator_cgroup_id(self->fd));
	EXPECT_EQ(0, set_spectator(self->fd, -1)) TH_LOG("unbinding twice is a no-op");
}

TEST_F(reg, spectator_and_contexts_do_not_overlap)
{
	__u64 bound;

	ASSERT_EQ(0, make_cg(self, 0, "ctx"));
	ASSERT_EQ(0, make_cg(self, 1, "ctx/inner"));
	ASSERT_EQ(0, make_cg(self, 2, "spec"));
	ASSERT_EQ(0, make_cg(self, 3, "spec/inner"));
	ASSERT_EQ(0, create(self, 300, "ctx", 0, NULL));
	ASSERT_EQ(0, set_spectator(self->fd, self->cgfd[2]));
	bound = spectator_cgroup_id(self->fd);

	EXPECT_EQ(-EEXIST, set_spectator(self->fd, self->cgfd[0]));
	EXPECT_EQ(-EBUSY, set_spectator(self->fd, self->cgfd[1]));
	EXPECT_EQ(-EBUSY, set_spectator(self->fd, self->cgfd[3])) TH_LOG("inside the bound one");
	EXPECT_EQ(bound, spectator_cgroup_id(self->fd)) TH_LOG("a failed bind changed it");
	EXPECT_EQ(-EEXIST, create(self, 301, "inspec", 2, NULL));
	EXPECT_EQ(-EBUSY, create(self, 301, "inspec", 3, NULL));
	EXPECT_EQ(1, vctx_total(self->fd));
	EXPECT_EQ(0, set_spectator(self->fd, -1));
}

TEST_F(reg, set_spectator_rejects_bad_input)
{
	struct vctx_set_spectator s;
	int file, root;
	__u64 bound;
	size_t i;

	ASSERT_EQ(0, make_cg(self, 0, "spec"));
	ASSERT_EQ(0, set_spectator(self->fd, self->cgfd[0]));
	bound = spectator_cgroup_id(self->fd);

	memset(&s, 0, sizeof(s));
	s.cgroup_fd = self->cgfd[0];
	s.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_SPECTATOR, &s));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < sizeof(s.reserved) / sizeof(s.reserved[0]); i++) {
		memset(&s, 0, sizeof(s));
		s.cgroup_fd = self->cgfd[0];
		s.reserved[i] = 1;
		EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_SPECTATOR, &s));
		EXPECT_EQ(EINVAL, errno) TH_LOG("reserved[%zu]", i);
	}
	EXPECT_EQ(-EINVAL, set_spectator(self->fd, -2));
	EXPECT_EQ(-EBADF, set_spectator(self->fd, 1000));
	file = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(file, 0);
	EXPECT_EQ(-EBADF, set_spectator(self->fd, file));
	close(file);
	root = open(CG_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(root, 0);
	EXPECT_EQ(-EINVAL, set_spectator(self->fd, root));
	close(root);
	EXPECT_EQ(bound, spectator_cgroup_id(self->fd)) TH_LOG("bad input changed the binding");

	/* Only the privileged host binds it. */
	{
		int status;
		pid_t pid = fork();

		ASSERT_GE(pid, 0);
		if (pid == 0) {
			if (setgid(65534) || setuid(65534))
				_exit(10);
			_exit(set_spectator(self->fd, -1) == -EPERM ? 0 : 11);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	EXPECT_EQ(bound, spectator_cgroup_id(self->fd));
	EXPECT_EQ(0, set_spectator(self->fd, -1));
}

/* 100 contexts created and destroyed by 4 processes at once, twice over. */
TEST_F(reg, concurrent_create_and_destroy_leaves_nothing)
{
	pid_t pids[4];
	int w, status, ok = 1;
	DIR *d;

	for (w = 0; w < 4; w++) {
		pids[w] = fork();
		ASSERT_GE(pids[w], 0);
		if (pids[w] == 0) {
			int fd = open(VCTX_DEVICE_PATH, O_RDWR | O_CLOEXEC);
			int round, i;

			for (round = 0; round < 2; round++) {
				__u32 xids[25];

				for (i = 0; i < 25; i++) {
					char dir[PATH_MAX], name[VCTX_NAME_LEN];
					int cgfd;

					snprintf(dir, sizeof(dir), "%s/c%d-%d", self->base, w, i);
					snprintf(name, sizeof(name), "conc-%d-%d", w, i);
					cgfd = cg_make(dir);
					if (cgfd < 0)
						_exit(10);
					if (vctx_create_in(fd, cgfd, 0, name, 0, &xids[i]))
						_exit(11);
					close(cgfd);
				}
				for (i = 0; i < 25; i++) {
					struct vctx_info info;

					if (vctx_info_xid(fd, xids[i], &info))
						_exit(12);
					if (vctx_destroy_xid(fd, xids[i]))
						_exit(13);
				}
			}
			for (i = 0; i < 25; i++) {
				char dir[PATH_MAX];

				snprintf(dir, sizeof(dir), "%s/c%d-%d", self->base, w, i);
				if (rmdir(dir))
					_exit(14);
			}
			_exit(0);
		}
	}
	for (w = 0; w < 4; w++) {
		ASSERT_EQ(pids[w], waitpid(pids[w], &status, 0));
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			ok = 0;
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("worker %d: status %#x", w, status);
	}
	EXPECT_TRUE(ok);
	EXPECT_EQ(0, vctx_total(self->fd));
	/* /proc/vctx is empty again. */
	d = opendir("/proc/vctx");
	ASSERT_NE(NULL, d);
	{
		struct dirent *de;
		int entries = 0;

		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				entries++;
		EXPECT_EQ(0, entries);
	}
	closedir(d);
}

/*
 * A destroyed context's dynamic xid goes to the next context created only
 * once its /proc/vctx/<xid> directory is gone: two processes that create
 * and destroy at once keep being handed the same few xids, and each new
 * context finds its own directory there. Before the fix, a create between
 * the destroy's unpublishing and its procfs removal failed, with the
 * kernel's "proc_dir_entry ... already registered" warning.
 */
#define REUSE_WORKERS 4
#define REUSE_ROUNDS 1000

/* 4000 creations and /proc entries: minutes, not seconds, under KASAN. */
TEST_F_TIMEOUT(reg, reused_xid_gets_its_own_proc_entry, 900)
{
	pid_t pids[REUSE_WORKERS];
	int w, status;

	for (w = 0; w < REUSE_WORKERS; w++) {
		pids[w] = fork();
		ASSERT_GE(pids[w], 0);
		if (pids[w] == 0) {
			int fd = open(VCTX_DEVICE_PATH, O_RDWR | O_CLOEXEC);
			char dir[PATH_MAX], name[VCTX_NAME_LEN], path[64], want[VCTX_NAME_LEN + 16];
			char buf[1024];
			int cgfd, round;
			__u32 xid;

			snprintf(dir, sizeof(dir), "%s/reuse%d", self->base, w);
			snprintf(name, sizeof(name), "reuse-%d", w);
			snprintf(want, sizeof(want), "name: %s\n", name);
			cgfd = cg_make(dir);
			if (fd < 0 || cgfd < 0)
				_exit(10);
			for (round = 0; round < REUSE_ROUNDS; round++) {
				if (vctx_create_in(fd, cgfd, 0, name, 0, &xid))
					_exit(11);
				snprintf(path, sizeof(path), "/proc/vctx/%u/info", xid);
				if (read_file(path, buf, sizeof(buf)) || !strstr(buf, want))
					_exit(12);
				if (vctx_destroy_xid(fd, xid))
					_exit(13);
			}
			close(cgfd);
			_exit(rmdir(dir) ? 14 : 0);
		}
	}
	for (w = 0; w < REUSE_WORKERS; w++) {
		ASSERT_EQ(pids[w], waitpid(pids[w], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("worker %d: status %#x (11 create, 12 /proc/vctx entry, 13 destroy)",
			       w, status);
	}
	EXPECT_EQ(0, vctx_total(self->fd));
}

TEST_HARNESS_MAIN
