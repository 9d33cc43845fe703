// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * close_fds_except() and null_stdio(): what a task entering a context
 * keeps of its parent's descriptors. Each test runs in a child of its own
 * (the harness forks), so closing everything is safe.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fds.h"
#include "kselftest_harness.h"

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

TEST(keeps_exactly_the_listed)
{
	int a = open("/", O_RDONLY), b = dup2(a, 40), c = dup2(a, 41), d = dup2(a, 300);
	/* Unsorted, duplicated, negative: all fine. */
	const int keep[] = { 41, -1, 2, 41, 0, 1, 300 };

	ASSERT_GE(a, 3);
	ASSERT_EQ(40, b);
	ASSERT_EQ(41, c);
	ASSERT_EQ(300, d);
	ASSERT_EQ(0, close_fds_except(keep, sizeof(keep) / sizeof(keep[0])));
	EXPECT_FALSE(is_open(a));
	EXPECT_FALSE(is_open(40));
	EXPECT_TRUE(is_open(41));
	EXPECT_TRUE(is_open(300));
	EXPECT_FALSE(is_open(301));
	EXPECT_TRUE(is_open(0));
	EXPECT_TRUE(is_open(1));
	EXPECT_TRUE(is_open(2));
}

TEST(nothing_kept_closes_all)
{
	int a = open("/", O_RDONLY);

	ASSERT_GE(a, 3);
	ASSERT_EQ(0, close_fds_except(NULL, 0));
	EXPECT_FALSE(is_open(a));
	EXPECT_FALSE(is_open(0));
}

TEST(too_many_is_refused)
{
	int keep[17] = { 0 };

	EXPECT_EQ(-1, close_fds_except(keep, 17));
}

TEST(null_stdio_even_with_0_closed)
{
	struct stat st, null;

	ASSERT_EQ(0, stat("/dev/null", &null));
	close(0);
	ASSERT_EQ(0, null_stdio());
	for (int fd = 0; fd < 3; fd++) {
		ASSERT_EQ(0, fstat(fd, &st));
		EXPECT_EQ(null.st_rdev, st.st_rdev);
		/* It must survive exec. */
		EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	}
	EXPECT_FALSE(is_open(3));
}

TEST_HARNESS_MAIN
