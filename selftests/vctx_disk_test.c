// SPDX-License-Identifier: GPL-2.0
/*
 * VCTX_IOC_SET_DISK's validation: every bad field answered with its errno,
 * filesystems without quota refused, who may call it. The watch itself
 * (events at 90 % and 100 % of a project quota on ext4) is disk_test.sh's.
 * Runs inside the test VM as root with vctx.ko loaded and cgroup2 mounted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"
#include "vctx_util.h"

#define XID 1700

static int set_disk(int fd, const struct vctx_disk *d)
{
	return ioctl(fd, VCTX_IOC_SET_DISK, d) ? -errno : 0;
}

static int set_disk3(int fd, __u32 xid, int file, __u32 projid)
{
	struct vctx_disk d = { .xid = xid, .fd = file, .projid = projid };

	return set_disk(fd, &d);
}

FIXTURE(disk) {
	int fd;
	int cgfd;
	char cg[128];
	char tmpfs[128];
	bool mounted;
};

FIXTURE_SETUP(disk)
{
	self->fd = -EBADF;
	self->cgfd = -EBADF;
	self->mounted = false;
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
	snprintf(self->cg, sizeof(self->cg), CG_ROOT "/vctx-disktest-%d", getpid());
	self->cgfd = cg_make(self->cg);
	ASSERT_GE(self->cgfd, 0);
	ASSERT_EQ(0, vctx_create_in(self->fd, self->cgfd, XID, "disk1", 0, NULL));
	snprintf(self->tmpfs, sizeof(self->tmpfs), "/tmp/vctx-disktest-%d", getpid());
	ASSERT_EQ(0, mkdir(self->tmpfs, 0755));
	ASSERT_EQ(0, mount("none", self->tmpfs, "tmpfs", 0, "size=1m"));
	self->mounted = true;
}

FIXTURE_TEARDOWN(disk)
{
	if (self->fd >= 0) {
		vctx_destroy_xid(self->fd, XID);
		close(self->fd);
	}
	if (self->cgfd >= 0)
		close(self->cgfd);
	rmdir(self->cg);
	if (self->mounted)
		umount(self->tmpfs);
	rmdir(self->tmpfs);
}

TEST_F(disk, feature_bit_is_reported)
{
	struct vctx_version v = { 0 };

	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_VERSION, &v));
	EXPECT_TRUE(v.features & VCTX_FEATURE_DISK);
}

TEST_F(disk, removing_no_watch_is_a_no_op)
{
	EXPECT_EQ(0, set_disk3(self->fd, XID, -1, 0));
	EXPECT_EQ(0, set_disk3(self->fd, XID, -1, 0));
}

TEST_F(disk, bad_fields_are_einval)
{
	int root = open("/", O_PATH | O_CLOEXEC);
	struct vctx_disk d;

	ASSERT_GE(root, 0);

	memset(&d, 0, sizeof(d));
	d.xid = XID;
	d.fd = -1;
	d.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, set_disk(self->fd, &d)) TH_LOG("reserved[0]");
	d.reserved[0] = 0;
	d.reserved[1] = 1ULL << 63;
	EXPECT_EQ(-EINVAL, set_disk(self->fd, &d)) TH_LOG("reserved[1]");
	d.reserved[1] = 0;
	d.flags = 1;
	EXPECT_EQ(-EINVAL, set_disk(self->fd, &d)) TH_LOG("flags");
	d.flags = 0;

	/* fd and projid go together: -1 with 0, an fd with a project. */
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, XID, -1, 4242));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, XID, root, 0));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, XID, -2, 0));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, XID, -2, 4242));
	/* (projid_t)-1 is no project. */
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, XID, root, 0xffffffffU));

	/* The built-ins have no disk of their own. */
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, VCTX_XID_HOST, -1, 0));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, VCTX_XID_SPECTATOR, -1, 0));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, VCTX_XID_HOST, root, 4242));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, VCTX_XID_SPECTATOR, root, 4242));
	EXPECT_EQ(-EINVAL, set_disk3(self->fd, VCTX_XID_DYNAMIC_MAX + 1, -1, 0));
	close(root);
}

TEST_F(disk, struct_size_follows_the_conventions)
{
	unsigned char big[VCTX_DISK_SIZE_VER0 + 8];
	struct vctx_disk *d = (struct vctx_disk *)big;
	unsigned long small = _IOW(VCTX_IOC_MAGIC, 0x1b, __u64[3]);
	unsigned long large = _IOW(VCTX_IOC_MAGIC, 0x1b, big);

	memset(big, 0, sizeof(big));
	d->xid = XID;
	d->fd = -1;
	EXPECT_EQ(-1, ioctl(self->fd, small, big));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, ioctl(self->fd, large, big)) TH_LOG("zero tail: %s", strerror(errno));
	big[VCTX_DISK_SIZE_VER0 + 3] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, large, big));
	EXPECT_EQ(E2BIG, errno);
	/* Read-write direction is not the command. */
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(VCTX_IOC_MAGIC, 0x1b, struct vctx_disk), big));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(disk, unknown_context_is_enoent)
{
	int root = open("/", O_PATH | O_CLOEXEC);

	ASSERT_GE(root, 0);
	EXPECT_EQ(-ENOENT, set_disk3(self->fd, XID + 1, -1, 0));
	EXPECT_EQ(-ENOENT, set_disk3(self->fd, XID + 1, root, 4242));
	EXPECT_EQ(-ENOENT, set_disk3(self->fd, VCTX_XID_DYNAMIC_MIN + 77, root, 4242));
	close(root);
}

TEST_F(disk, closed_fd_is_ebadf)
{
	int f = open("/", O_PATH | O_CLOEXEC);

	ASSERT_GE(f, 0);
	ASSERT_EQ(0, close(f));
	EXPECT_EQ(-EBADF, set_disk3(self->fd, XID, f, 4242));
	EXPECT_EQ(-EBADF, set_disk3(self->fd, XID, 100000, 4242));
}

TEST_F(disk, filesystems_without_quota_are_eopnotsupp)
{
	const char *paths[] = { "/proc", "/sys/fs/cgroup", "/dev/null", NULL };
	int i, f;

	f = open(self->tmpfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_GE(f, 0);
	EXPECT_EQ(-EOPNOTSUPP, set_disk3(self->fd, XID, f, 4242)) TH_LOG("tmpfs");
	close(f);
	for (i = 0; paths[i]; i++) {
		f = open(paths[i], O_PATH | O_CLOEXEC);
		ASSERT_GE(f, 0);
		EXPECT_EQ(-EOPNOTSUPP, set_disk3(self->fd, XID, f, 4242)) TH_LOG("%s", paths[i]);
		close(f);
	}
	/* A pipe (pipefs) and the device itself. */
	{
		int p[2];

		ASSERT_EQ(0, pipe(p));
		EXPECT_EQ(-EOPNOTSUPP, set_disk3(self->fd, XID, p[0], 4242));
		close(p[0]);
		close(p[1]);
	}
	EXPECT_EQ(-EOPNOTSUPP, set_disk3(self->fd, XID, self->fd, 4242));
	/* Nothing was registered: the tmpfs unmounts at once. */
	EXPECT_EQ(0, umount(self->tmpfs));
	self->mounted = false;
}

TEST_F(disk, non_root_and_guests_get_eperm)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Keeps the open fd, loses CAP_SYS_ADMIN. */
		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (set_disk3(self->fd, XID, -1, 0) != -EPERM)
			_exit(11);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("non-root check %d failed", WEXITSTATUS(status));

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int root = open("/", O_PATH | O_CLOEXEC);

		if (cg_enter(self->cg))
			_exit(10);
		if (set_disk3(self->fd, XID, -1, 0) != -EPERM)
			_exit(11);
		if (set_disk3(self->fd, XID, root, 4242) != -EPERM)
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("guest check %d failed", WEXITSTATUS(status));
	ASSERT_EQ(0, cg_wait_unpopulated(self->cg));
}

TEST_HARNESS_MAIN
