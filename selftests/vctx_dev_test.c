// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/vctx contract: the node, the version command, and the handling of
 * every malformed ioctl (unknown commands, sizes, pointers, reserved fields).
 * Runs inside the test VM, as root, with vctx.ko loaded.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"
#include "vctx_util.h"

#define MISC_MAJOR 10

/* The version command's number with another size or direction. */
#define VERSION_CMD(dir, size) _IOC(dir, VCTX_IOC_MAGIC, _IOC_NR(VCTX_IOC_VERSION), size)

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST(device_node_is_root_only_misc_char_device)
{
	unsigned int major, minor;
	char dev[32];
	struct stat st;

	ASSERT_EQ(0, stat(VCTX_DEVICE_PATH, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0, st.st_gid);
	ASSERT_EQ(0, read_line("/sys/class/misc/vctx/dev", dev, sizeof(dev)));
	ASSERT_EQ(2, sscanf(dev, "%u:%u", &major, &minor));
	EXPECT_EQ(MISC_MAJOR, major);
	EXPECT_EQ(major, major(st.st_rdev));
	EXPECT_EQ(minor, minor(st.st_rdev));
}

TEST_F(dev, version_answers_abi_and_module_version)
{
	struct vctx_version v;
	char sysfs_version[VCTX_VERSION_LEN];
	size_t i;

	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_VERSION, &v));
	EXPECT_EQ(VCTX_ABI_VERSION, v.abi_version);
	EXPECT_EQ(0, v.features & ~VCTX_FEATURES_ALL);
	ASSERT_NE(NULL, memchr(v.module_version, '\0', sizeof(v.module_version)));
	EXPECT_NE('\0', v.module_version[0]);
	ASSERT_EQ(0, read_line("/sys/module/vctx/version", sysfs_version,
				sizeof(sysfs_version)));
	EXPECT_STREQ(sysfs_version, v.module_version);
	EXPECT_EQ(0, v.flags);
	for (i = 0; i < sizeof(v.reserved) / sizeof(v.reserved[0]); i++)
		EXPECT_EQ(0, v.reserved[i]);
}

TEST_F(dev, version_rejects_flags_and_reserved_fields)
{
	struct vctx_version v, before;
	size_t i;

	memset(&v, 0, sizeof(v));
	v.flags = 1;
	memcpy(&before, &v, sizeof(v));
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, &v));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, memcmp(&before, &v, sizeof(v))) TH_LOG("a failed command wrote output");

	for (i = 0; i < sizeof(v.reserved) / sizeof(v.reserved[0]); i++) {
		memset(&v, 0, sizeof(v));
		v.reserved[i] = 1ULL << (8 * i + 3);
		EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, &v));
		EXPECT_EQ(EINVAL, errno);
	}
}

TEST_F(dev, unknown_commands_are_enotty)
{
	static const unsigned long cmds[] = {
		_IO(VCTX_IOC_MAGIC, 0x3f),
		_IOWR(VCTX_IOC_MAGIC, 0xff, struct vctx_version),
		_IOWR('x', _IOC_NR(VCTX_IOC_VERSION), struct vctx_version),
		VERSION_CMD(_IOC_NONE, 0),
		VERSION_CMD(_IOC_READ, sizeof(struct vctx_version)),
		VERSION_CMD(_IOC_WRITE, sizeof(struct vctx_version)),
		TCGETS,
		0,
	};
	struct vctx_version v;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(&v, 0, sizeof(v));
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], &v)) TH_LOG("cmd %#lx", cmds[i]);
		EXPECT_EQ(ENOTTY, errno) TH_LOG("cmd %#lx", cmds[i]);
	}
}

TEST_F(dev, bad_pointers_are_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	void *none, *ro;

	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, (void *)-4096L));
	EXPECT_EQ(EFAULT, errno);

	/* Unmapped: nothing to read. */
	none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, none));
	EXPECT_EQ(EFAULT, errno);
	munmap(none, page);

	/* Readable (valid input) but not writable: the answer cannot land. */
	ro = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, mprotect(ro, page, PROT_READ));
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION, ro));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, page);

	/* A struct that runs off the end of the mapping. */
	ro = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, munmap((char *)ro + page, page));
	EXPECT_EQ(-1, ioctl(self->fd, VCTX_IOC_VERSION,
			    (char *)ro + page - sizeof(struct vctx_version) / 2));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, page);
}

TEST_F(dev, too_small_struct_is_einval)
{
	unsigned char buf[VCTX_VERSION_SIZE_VER0] = { 0 };
	size_t size;

	for (size = 0; size < VCTX_VERSION_SIZE_VER0; size += 8) {
		EXPECT_EQ(-1, ioctl(self->fd, VERSION_CMD(_IOC_READ | _IOC_WRITE, size), buf))
			TH_LOG("size %zu", size);
		EXPECT_EQ(EINVAL, errno) TH_LOG("size %zu", size);
	}
	EXPECT_EQ(-1, ioctl(self->fd, VERSION_CMD(_IOC_READ | _IOC_WRITE,
						 VCTX_VERSION_SIZE_VER0 - 1), buf));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(dev, larger_struct_with_zero_tail_is_accepted)
{
	struct {
		struct vctx_version v;
		unsigned char tail[200];
	} big;
	unsigned char zero[sizeof(big.tail)] = { 0 };

	memset(&big, 0, sizeof(big));
	ASSERT_EQ(0, ioctl(self->fd, VERSION_CMD(_IOC_READ | _IOC_WRITE, sizeof(big)), &big));
	EXPECT_EQ(VCTX_ABI_VERSION, big.v.abi_version);
	EXPECT_EQ(0, memcmp(big.tail, zero, sizeof(zero))) TH_LOG("module wrote past its struct");
}

TEST_F(dev, nonzero_bytes_past_the_known_struct_are_e2big)
{
	struct {
		struct vctx_version v;
		unsigned char tail[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.tail[63] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, VERSION_CMD(_IOC_READ | _IOC_WRITE, sizeof(big)), &big));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(0, big.v.abi_version) TH_LOG("a failed command wrote output");
}

TEST_F(dev, struct_larger_than_the_limit_is_e2big)
{
	size_t size = VCTX_IOC_SIZE_MAX + 8;
	void *buf = calloc(1, size);

	ASSERT_NE(NULL, buf);
	EXPECT_EQ(-1, ioctl(self->fd, VERSION_CMD(_IOC_READ | _IOC_WRITE, size), buf));
	EXPECT_EQ(E2BIG, errno);
	free(buf);
}

static bool documented_errno(int e)
{
	switch (e) {
	case ENOTTY: case EINVAL: case E2BIG: case EFAULT: case EPERM:
	case ENOENT: case EEXIST: case EBUSY: case ENOSPC: case EBADF:
		return true;
	}
	return false;
}

/*
 * A hostile caller: random command numbers, sizes and pointers. Every call
 * must fail with one of the documented errors, or be a query that succeeds,
 * and change nothing; the runner checks the kernel log stays clean (KASAN
 * and UBSAN report there on make check-debug's kernel). VCTX_FUZZ_CALLS
 * sets the number of calls (default 200 000).
 */
TEST_F(dev, random_ioctls_fail_with_documented_errors)
{
	const char *n = getenv("VCTX_FUZZ_CALLS");
	long page = sysconf(_SC_PAGESIZE), calls = n ? atol(n) : 200000, i, queries = 0;
	struct vctx_list l;
	unsigned char *buf;
	unsigned int seed = 0x5eed;

	buf = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, mprotect(buf + page, page, PROT_NONE));

	ASSERT_LT(0, calls) TH_LOG("VCTX_FUZZ_CALLS=%s: not a count", n);
	for (i = 0; i < calls; i++) {
		unsigned long cmd;
		void *arg;
		int ret, r = rand_r(&seed);

		cmd = _IOC(r & 3, (r >> 2) & 1 ? VCTX_IOC_MAGIC : (r >> 3) & 0xff,
			   (r >> 11) & 0x1f, (unsigned int)rand_r(&seed) & 0x3fff);
		switch ((r >> 16) & 3) {
		case 0:
			arg = NULL;
			break;
		case 1:
			arg = buf + page - ((r >> 18) & 0xff);
			break;
		default:
			arg = buf + ((r >> 18) & 0xff);
			memset(buf, (r >> 26) & 1 ? 0 : r, page);
			break;
		}
		errno = 0;
		ret = ioctl(self->fd, cmd, arg);
		if (ret == 0) {
			unsigned int nr = _IOC_NR(cmd);

			ASSERT_EQ(VCTX_IOC_MAGIC, _IOC_TYPE(cmd));
			ASSERT_TRUE(nr == _IOC_NR(VCTX_IOC_VERSION) || nr == _IOC_NR(VCTX_IOC_INFO) ||
				    nr == _IOC_NR(VCTX_IOC_LIST)) TH_LOG("cmd %#lx succeeded", cmd);
			queries++;
			continue;
		}
		ASSERT_EQ(-1, ret);
		ASSERT_TRUE(documented_errno(errno)) TH_LOG("cmd %#lx: errno %d", cmd, errno);
	}
	munmap(buf, 2 * page);
	TH_LOG("%ld random ioctls, %ld of them queries that succeeded", calls, queries);

	memset(&l, 0, sizeof(l));
	l.entry_size = sizeof(struct vctx_info);
	ASSERT_EQ(0, ioctl(self->fd, VCTX_IOC_LIST, &l));
	EXPECT_EQ(0, l.total) TH_LOG("random ioctls registered a context");
}

TEST_HARNESS_MAIN
