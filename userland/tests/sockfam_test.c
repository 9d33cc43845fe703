// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Socket-family lists: the names, the three forms of a list (default,
 * the whole list, changes to the default), errors naming the bad word, and
 * printing a set back.
 */
#include <string.h>
#include <sys/socket.h>

#include "kselftest_harness.h"

#include "runtime/sockfam.h"

static bool has(const struct sockfam_set *s, int af)
{
	return s->fam[af / 64] & (1ULL << (af % 64));
}

TEST(names_and_numbers)
{
	EXPECT_EQ(AF_UNIX, sockfam_lookup("unix", 4));
	EXPECT_EQ(AF_UNIX, sockfam_lookup("local", 5));
	EXPECT_EQ(AF_INET6, sockfam_lookup("AF_INET6", 8));
	EXPECT_EQ(AF_VSOCK, sockfam_lookup("Vsock", 5));
	EXPECT_EQ(AF_MCTP, sockfam_lookup("mctp", 4));
	EXPECT_EQ(-1, sockfam_lookup("unspec", 6));
	EXPECT_EQ(-1, sockfam_lookup("inet7", 5));
	EXPECT_EQ(-1, sockfam_lookup("AF_", 3));
	EXPECT_STREQ("unix", sockfam_name(AF_UNIX));
	EXPECT_STREQ("smc", sockfam_name(AF_SMC));
	EXPECT_EQ(NULL, sockfam_name(0));
}

/* Every AF_ the headers define up to AF_MAX has a name here. */
TEST(every_family_is_named)
{
	int af;

	for (af = 1; af < AF_MAX; af++)
		EXPECT_NE(NULL, sockfam_name(af)) TH_LOG("AF %d has no name", af);
}

TEST(the_default_is_the_modules)
{
	struct sockfam_set s, d;
	const char *bad;
	size_t len;
	char buf[256];

	sockfam_default(&d);
	EXPECT_EQ((__u64)VCTX_SOCKFAM_DEFAULT, d.fam[0]);
	EXPECT_EQ(0, d.fam[1]);
	ASSERT_EQ(NULL, sockfam_parse("default", &s, &bad, &len));
	EXPECT_TRUE(sockfam_equal(&s, &d));
	sockfam_format(&s, buf, sizeof(buf));
	EXPECT_STREQ("unix,inet,inet6,netlink,packet", buf);
	ASSERT_EQ(NULL, sockfam_parse("unix,inet,inet6,netlink,packet", &s, &bad, &len));
	EXPECT_TRUE(sockfam_equal(&s, &d));
}

TEST(whole_lists_and_changes)
{
	struct sockfam_set s;
	const char *bad;
	size_t len;
	char buf[256];

	ASSERT_EQ(NULL, sockfam_parse("unix,inet", &s, &bad, &len));
	EXPECT_TRUE(has(&s, AF_UNIX));
	EXPECT_TRUE(has(&s, AF_INET));
	EXPECT_FALSE(has(&s, AF_INET6));
	EXPECT_FALSE(has(&s, AF_PACKET));

	ASSERT_EQ(NULL, sockfam_parse("-packet,+vsock,+AF_TIPC", &s, &bad, &len));
	sockfam_format(&s, buf, sizeof(buf));
	EXPECT_STREQ("unix,inet,inet6,netlink,tipc,vsock", buf);

	ASSERT_EQ(NULL, sockfam_parse("none", &s, &bad, &len));
	sockfam_format(&s, buf, sizeof(buf));
	EXPECT_STREQ("none", buf);

	ASSERT_EQ(NULL, sockfam_parse("mctp,unix", &s, &bad, &len));
	sockfam_format(&s, buf, sizeof(buf));
	EXPECT_STREQ("unix,mctp", buf);
}

TEST(errors_name_the_bad_family)
{
	static const struct {
		const char *list, *word;
	} bad[] = {
		{ "unix,inet7", "inet7" },
		{ "+bogus", "+bogus" },
		{ "unix,-packet", "-packet" },
		{ "-packet,unix", "unix" },
		{ "unix,,inet", "" },
		{ ",unix", "" },
		{ "unix,", "" },
		{ "", "" },
		{ "+", "+" },
	};
	struct sockfam_set s;
	const char *why, *at;
	size_t i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = sockfam_parse(bad[i].list, &s, &at, &len);
		EXPECT_NE(NULL, why) TH_LOG("'%s' accepted", bad[i].list);
		EXPECT_EQ(strlen(bad[i].word), len) TH_LOG("for '%s'", bad[i].list);
		EXPECT_EQ(0, strncmp(bad[i].word, at, len)) TH_LOG("for '%s': '%.*s'", bad[i].list,
								  (int)len, at);
	}
}

TEST(unnamed_bits_print_as_numbers)
{
	struct sockfam_set s;
	char buf[64];

	memset(&s, 0, sizeof(s));
	s.fam[1] = 1ULL << (100 - 64);
	sockfam_format(&s, buf, sizeof(buf));
	EXPECT_STREQ("af100", buf);
}

TEST_HARNESS_MAIN
