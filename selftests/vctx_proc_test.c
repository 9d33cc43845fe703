// SPDX-License-Identifier: GPL-2.0
/*
 * The procfs visibility ioctls: the secure defaults are there, every
 * invalid path, op, flag and reserved field is EINVAL with nothing
 * changed, set/remove round trips for the global table and a context's
 * overrides, a full table is ENOSPC, lists come sorted and page.
 * Runs inside the test VM as root with vctx.ko freshly loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"
#include "vctx_util.h"

static int set_proc(int fd, __u32 xid, __u32 op, __u32 flags, const char *path)
{
	struct vctx_proc_set s = { .xid = xid, .op = op, .flags = flags };

	snprintf(s.path, sizeof(s.path), "%s", path);
	return ioctl(fd, VCTX_IOC_SET_PROC, &s) ? -errno : 0;
}

/* Every entry of a table; returns the count or -errno. */
static int list_proc(int fd, __u32 xid, struct vctx_proc_entry *e, __u32 room, __u32 start)
{
	struct vctx_proc_list l = {
		.xid = xid, .start = start, .count = room, .entry_size = sizeof(*e),
		.entries = (__u64)(uintptr_t)e,
	};

	if (ioctl(fd, VCTX_IOC_LIST_PROC, &l))
		return -errno;
	return (int)l.count;
}

static int flags_of(int fd, __u32 xid, const char *path)
{
	static struct vctx_proc_entry e[VCTX_PROC_GLOBAL_MAX];
	int n = list_proc(fd, xid, e, VCTX_PROC_GLOBAL_MAX, 0), i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].path, path))
			return (int)e[i].flags;
	return -1;
}

FIXTURE(proc) {
	int fd;
	int cgfd;
	char cg[128];
	__u32 xid;
};

FIXTURE_SETUP(proc)
{
	self->cgfd = -EBADF;
	self->xid = 0;
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
	snprintf(self->cg, sizeof(self->cg), CG_ROOT "/vctx-proctest-%d", getpid());
	self->cgfd = cg_make(self->cg);
	ASSERT_GE(self->cgfd, 0);
	ASSERT_EQ(0, vctx_create_in(self->fd, self->cgfd, 0, "proctest", 0, &self->xid));
}

FIXTURE_TEARDOWN(proc)
{
	if (self->xid)
		vctx_destroy_xid(self->fd, self->xid);
	if (self->cgfd >= 0)
		close(self->cgfd);
	rmdir(self->cg);
	/* Undo what the tests added to the global table. */
	set_proc(self->fd, 0, VCTX_PROC_OP_REMOVE, 0, "vctx-test");
	set_proc(self->fd, 0, VCTX_PROC_OP_SET, VCTX_PROC_HIDE | VCTX_PROC_ADMIN, "kcore");
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(proc, secure_defaults_are_there)
{
	EXPECT_EQ(VCTX_PROC_HIDE | VCTX_PROC_ADMIN, flags_of(self->fd, 0, "kcore"));
	EXPECT_EQ(VCTX_PROC_HIDE | VCTX_PROC_ADMIN, flags_of(self->fd, 0, "kmsg"));
	EXPECT_EQ(VCTX_PROC_HIDE | VCTX_PROC_ADMIN, flags_of(self->fd, 0, "sys/kernel/core_pattern"));
	EXPECT_EQ(VCTX_PROC_ALL, flags_of(self->fd, 0, "modules"));
	EXPECT_EQ(-1, flags_of(self->fd, 0, "meminfo"));
	/* A new context has no overrides. */
	EXPECT_EQ(0, list_proc(self->fd, self->xid, NULL, 0, 0));
}

TEST_F(proc, set_and_remove_round_trip)
{
	ASSERT_EQ(0, set_proc(self->fd, 0, VCTX_PROC_OP_SET, VCTX_PROC_HIDE, "vctx-test"));
	EXPECT_EQ(VCTX_PROC_HIDE, flags_of(self->fd, 0, "vctx-test"));
	ASSERT_EQ(0, set_proc(self->fd, 0, VCTX_PROC_OP_SET, VCTX_PROC_WATCH, "vctx-test"));
	EXPECT_EQ(VCTX_PROC_WATCH, flags_of(self->fd, 0, "vctx-test"));
	ASSERT_EQ(0, set_proc(self->fd, 0, VCTX_PROC_OP_REMOVE, 0, "vctx-test"));
	EXPECT_EQ(-1, flags_of(self->fd, 0, "vctx-test"));
	EXPECT_EQ(-ENOENT, set_proc(self->fd, 0, VCTX_PROC_OP_REMOVE, 0, "vctx-test"));

	/* Overrides are the context's alone. */
	ASSERT_EQ(0, set_proc(self->fd, self->xid, VCTX_PROC_OP_SET, 0, "kcore"));
	EXPECT_EQ(0, flags_of(self->fd, self->xid, "kcore"));
	EXPECT_EQ(VCTX_PROC_HIDE | VCTX_PROC_ADMIN, flags_of(self->fd, 0, "kcore"));
	ASSERT_EQ(0, set_proc(self->fd, self->xid, VCTX_PROC_OP_REMOVE, 0, "kcore"));
	EXPECT_EQ(-1, flags_of(self->fd, self->xid, "kcore"));
}

TEST_F(proc, every_bad_field_is_refused)
{
	static const char *const bad_paths[] = {
		"", "/kcore", "kcore/", "a//b", ".", "..", "../kcore", "sys/./kernel", "1", "1/status",
		"self", "self/net/dev", "thread-self/x", "a b", "k*", "a/b/c/d/e/f/g/h/i",
	};
	struct vctx_proc_set s;
	size_t i;

	for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
		const char *p = bad_paths[i];

		EXPECT_EQ(-EINVAL, set_proc(self->fd, 0, VCTX_PROC_OP_SET, VCTX_PROC_HIDE, p))
			TH_LOG("path '%s' accepted", p);
	}
	EXPECT_EQ(-EINVAL, set_proc(self->fd, 0, VCTX_PROC_OP_SET, 8, "kcore"));
	EXPECT_EQ(-EINVAL, set_proc(self->fd, 0, 2, 0, "kcore"));
	EXPECT_EQ(-EINVAL, set_proc(self->fd, 0, VCTX_PROC_OP_REMOVE, VCTX_PROC_HIDE, "kcore"));
	EXPECT_EQ(-EINVAL, set_proc(self->fd, VCTX_XID_SPECTATOR, VCTX_PROC_OP_SET, 0, "kcore"));
	EXPECT_EQ(-ENOENT, set_proc(self->fd, 4242, VCTX_PROC_OP_SET, 0, "kcore"));

	memset(&s, 0, sizeof(s));
	strcpy(s.path, "kcore");
	s.reserved0 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_PROC, &s));
	EXPECT_EQ(EINVAL, errno);
	s.reserved0 = 0;
	s.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_PROC, &s));
	EXPECT_EQ(EINVAL, errno);
	s.reserved[1] = 0;
	s.path[100] = 'x';	/* garbage after the NUL */
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_SET_PROC, &s));
	EXPECT_EQ(EINVAL, errno);

	/* Nothing changed. */
	EXPECT_EQ(VCTX_PROC_HIDE | VCTX_PROC_ADMIN, flags_of(self->fd, 0, "kcore"));
}

TEST_F(proc, a_full_table_is_enospc)
{
	char path[32];
	int i;

	for (i = 0; i < VCTX_PROC_CONTEXT_MAX; i++) {
		snprintf(path, sizeof(path), "sys/vctx-test/e%d", i);
		ASSERT_EQ(0, set_proc(self->fd, self->xid, VCTX_PROC_OP_SET, VCTX_PROC_HIDE, path));
	}
	EXPECT_EQ(-ENOSPC, set_proc(self->fd, self->xid, VCTX_PROC_OP_SET, 0, "one-more"));
	/* Changing an entry there still works. */
	EXPECT_EQ(0, set_proc(self->fd, self->xid, VCTX_PROC_OP_SET, 0, "sys/vctx-test/e7"));
}

TEST_F(proc, lists_are_sorted_and_page)
{
	static struct vctx_proc_entry all[VCTX_PROC_GLOBAL_MAX], page[4];
	struct vctx_proc_list l;
	char big[2 * sizeof(struct vctx_proc_entry)];
	int n, i, got = 0;

	n = list_proc(self->fd, 0, all, VCTX_PROC_GLOBAL_MAX, 0);
	ASSERT_GE(n, 20);
	for (i = 1; i < n; i++)
		EXPECT_LT(strcmp(all[i - 1].path, all[i].path), 0);
	for (i = 0; i < n; i += 4) {
		int k = list_proc(self->fd, 0, page, 4, (__u32)i);

		ASSERT_GT(k, 0);
		EXPECT_STREQ(all[i].path, page[0].path);
		got += k;
	}
	EXPECT_EQ(n, got);

	/* A larger entry from a newer caller: the rest is zeroed. */
	memset(big, 0xaa, sizeof(big));
	memset(&l, 0, sizeof(l));
	l.count = 1;
	l.entry_size = sizeof(big);
	l.entries = (__u64)(uintptr_t)big;
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_LIST_PROC, &l));
	EXPECT_EQ(1, l.count);
	EXPECT_EQ(n, l.total);
	for (i = sizeof(struct vctx_proc_entry); i < (int)sizeof(big); i++)
		ASSERT_EQ(0, big[i]);
	l.entry_size = VCTX_PROC_ENTRY_SIZE_VER0 - 1;
	l.total = 0;
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_LIST_PROC, &l));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
