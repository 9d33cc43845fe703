// SPDX-License-Identifier: GPL-2.0
/*
 * The rule for procfs table paths (include/vctx/procpath.h), which vctx.ko and
 * the vctx tool both apply: what a path may and may not be.
 */
#include <string.h>

#include <linux/vctx.h>

#include <vctx/procpath.h>
#include "kselftest_harness.h"

/* The path @s in a zero-padded ABI buffer, checked as the module does. */
static unsigned long check(const char *s)
{
	char buf[VCTX_PROC_PATH_LEN];

	memset(buf, 0, sizeof(buf));
	strncpy(buf, s, sizeof(buf));
	return vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 1);
}

TEST(entries_of_proc_and_its_subtrees_are_valid)
{
	EXPECT_EQ(5, check("kcore"));
	EXPECT_EQ(23, check("sys/kernel/core_pattern"));
	EXPECT_EQ(7, check("net/dev"));
	EXPECT_EQ(13, check("sysrq-trigger"));
	EXPECT_EQ(14, check("tty/driver/x:1"));
	EXPECT_EQ(12, check("sys/fs/a+b@c"));
	EXPECT_EQ(2, check("1a"));		/* not a number */
	EXPECT_EQ(9, check("net/12345"));	/* a number below the top is a name */
}

TEST(empty_components_and_dots_are_invalid)
{
	EXPECT_EQ(0, check(""));
	EXPECT_EQ(0, check("/kcore"));
	EXPECT_EQ(0, check("kcore/"));
	EXPECT_EQ(0, check("sys//kernel"));
	EXPECT_EQ(0, check("."));
	EXPECT_EQ(0, check(".."));
	EXPECT_EQ(0, check("sys/../kcore"));
	EXPECT_EQ(0, check("sys/./kernel"));
	EXPECT_EQ(4, check("...a"));		/* only "." and ".." are special */
}

TEST(process_directories_are_invalid)
{
	EXPECT_EQ(0, check("1"));
	EXPECT_EQ(0, check("1234/status"));
	EXPECT_EQ(0, check("self"));
	EXPECT_EQ(0, check("self/net/dev"));
	EXPECT_EQ(0, check("thread-self"));
	EXPECT_EQ(7, check("selfish"));
}

TEST(characters_outside_the_set_are_invalid)
{
	EXPECT_EQ(0, check("k core"));
	EXPECT_EQ(0, check("kcore\n"));
	EXPECT_EQ(0, check("sys/kernel/*"));
	EXPECT_EQ(0, check("a\\b"));
	EXPECT_EQ(0, check("\xc3\xa9t\xc3\xa9"));
}

TEST(depth_and_length_are_bounded)
{
	char buf[VCTX_PROC_PATH_LEN];

	EXPECT_EQ(15, check("a/b/c/d/e/f/g/h"));
	EXPECT_EQ(0, check("a/b/c/d/e/f/g/h/i"));
	memset(buf, 'a', sizeof(buf));
	EXPECT_EQ(0, vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 1));
	buf[sizeof(buf) - 1] = '\0';
	EXPECT_EQ(sizeof(buf) - 1, vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 1));
}

TEST(bytes_after_the_terminator_must_be_zero_when_padded)
{
	char buf[VCTX_PROC_PATH_LEN];

	memset(buf, 0, sizeof(buf));
	strcpy(buf, "kmsg");
	buf[10] = 'x';
	EXPECT_EQ(0, vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 1));
	EXPECT_EQ(4, vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 0));
}

TEST_HARNESS_MAIN
