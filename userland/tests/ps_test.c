// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vctx ps reads of a process: /proc/<pid>/stat with hostile command
 * names, status with nested pid namespaces, cmdline into one line.
 */
#include <errno.h>
#include <string.h>

#include "util/procps.h"
#include "kselftest_harness.h"

/* A /proc/<pid>/stat line whose comm is @comm: state S, ppid 7, 3+4 ticks. */
#define STAT(comm)	"42 (" comm ") S 7 42 42 0 -1 4194560 100 0 0 0 3 4 0 0 20 0 1 0 " \
			"500 10485760 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n"

TEST(stat_fields)
{
	struct ps_proc p = { 0 };

	ASSERT_EQ(0, ps_parse_stat(STAT("sleep"), 4, &p));
	EXPECT_STREQ("sleep", p.comm);
	EXPECT_EQ('S', p.state);
	EXPECT_EQ(7, p.ppid);
	EXPECT_EQ(7, p.ticks);
	EXPECT_EQ(10240, p.vsz_kb);
	EXPECT_EQ(1024, p.rss_kb);
}

TEST(stat_comm_may_hold_parens_and_blanks)
{
	struct ps_proc p = { 0 };

	ASSERT_EQ(0, ps_parse_stat(STAT("a) R 1 (b"), 4, &p));
	EXPECT_STREQ("a) R 1 (b", p.comm);
	EXPECT_EQ('S', p.state);
	EXPECT_EQ(7, p.ppid);
	ASSERT_EQ(0, ps_parse_stat(STAT(""), 4, &p));
	EXPECT_STREQ("", p.comm);
}

TEST(stat_malformed)
{
	struct ps_proc p = { 0 };

	EXPECT_EQ(-EINVAL, ps_parse_stat("", 4, &p));
	EXPECT_EQ(-EINVAL, ps_parse_stat("42 sleep S 7", 4, &p));
	EXPECT_EQ(-EINVAL, ps_parse_stat("42 (sleep) S 7 42", 4, &p));
	EXPECT_EQ(-EINVAL, ps_parse_stat("42 )sleep( S 7 42 42 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1", 4, &p));
}

TEST(status_uid_and_innermost_pid)
{
	struct ps_proc p = { .pid = 4242 };

	ASSERT_EQ(0, ps_parse_status("Name:\tsleep\nUid:\t1000\t1001\t1002\t1003\n"
				     "NSpid:\t4242\t17\t1\n", &p));
	EXPECT_EQ(1000, p.uid);
	EXPECT_EQ(1, p.vpid);

	p.pid = 99;
	ASSERT_EQ(0, ps_parse_status("Uid:\t0\t0\t0\t0\nNSpid:\t99\n", &p));
	EXPECT_EQ(99, p.vpid);
	/* Kernels without NSpid: the pid is the only one. */
	p.pid = 5;
	ASSERT_EQ(0, ps_parse_status("Uid:\t0\t0\t0\t0\n", &p));
	EXPECT_EQ(5, p.vpid);
	EXPECT_EQ(-EINVAL, ps_parse_status("Name:\tx\n", &p));
	EXPECT_EQ(-EINVAL, ps_parse_status("", &p));
}

TEST(cmdline_becomes_one_line)
{
	static const char argv[] = "sh\0-c\0echo a\nb\0";
	struct ps_proc p = { .comm = "kthreadd" };

	ps_set_args(&p, argv, sizeof(argv) - 1);
	EXPECT_STREQ("sh -c echo a b", p.args);
	/* Kernel threads have none: [comm], like ps. */
	ps_set_args(&p, "", 0);
	EXPECT_STREQ("[kthreadd]", p.args);
	ps_set_args(&p, "\0\0", 2);
	EXPECT_STREQ("[kthreadd]", p.args);
}

TEST(cmdline_longer_than_the_buffer_is_cut)
{
	static char big[8192];
	struct ps_proc p = { 0 };

	memset(big, 'x', sizeof(big));
	ps_set_args(&p, big, sizeof(big));
	EXPECT_EQ(sizeof(p.args) - 1, strlen(p.args));
}

TEST_HARNESS_MAIN
