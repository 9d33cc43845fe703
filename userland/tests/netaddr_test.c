// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "ADDR[/PREFIX][@DEV]" as vctx create --ip and vctx bind read it: what is
 * accepted, what each refusal says, and how addresses print.
 */
#include <arpa/inet.h>
#include <string.h>

#include "util/netaddr.h"
#include "kselftest_harness.h"

TEST(ipv4_with_prefix_and_device)
{
	struct netaddr n;
	char buf[64];

	ASSERT_EQ(NULL, netaddr_parse("192.0.2.10/24@dummy0", &n));
	EXPECT_EQ(AF_INET, n.a.family);
	EXPECT_EQ(24, n.a.prefix);
	EXPECT_STREQ("dummy0", n.dev);
	EXPECT_EQ(0, memcmp(n.a.addr, "\xc0\x00\x02\x0a", 4));
	EXPECT_STREQ("192.0.2.10/24", netaddr_format(&n.a, buf, sizeof(buf)));
}

TEST(a_missing_prefix_is_a_single_address)
{
	struct netaddr n;

	ASSERT_EQ(NULL, netaddr_parse("198.51.100.7", &n));
	EXPECT_EQ(32, n.a.prefix);
	EXPECT_STREQ("", n.dev);
	ASSERT_EQ(NULL, netaddr_parse("2001:db8::7", &n));
	EXPECT_EQ(AF_INET6, n.a.family);
	EXPECT_EQ(128, n.a.prefix);
}

TEST(ipv6_prints_canonically)
{
	struct netaddr n;
	char buf[64];

	ASSERT_EQ(NULL, netaddr_parse("2001:0db8:0000::0010/64@eth0", &n));
	EXPECT_STREQ("2001:db8::10/64", netaddr_format(&n.a, buf, sizeof(buf)));
}

TEST(malformed_input_is_refused_with_a_reason)
{
	struct netaddr n;

	EXPECT_STREQ("not an IPv4 or IPv6 address", netaddr_parse("192.0.2", &n));
	EXPECT_STREQ("not an IPv4 or IPv6 address", netaddr_parse("example.com", &n));
	EXPECT_STREQ("the prefix must be 0 to 32 for IPv4", netaddr_parse("192.0.2.1/33", &n));
	EXPECT_STREQ("the prefix must be 0 to 128 for IPv6", netaddr_parse("2001:db8::1/129", &n));
	EXPECT_STREQ("the prefix after '/' must be a number", netaddr_parse("192.0.2.1/", &n));
	EXPECT_STREQ("the prefix must be 0 to 32 for IPv4", netaddr_parse("192.0.2.1/2x", &n));
	EXPECT_NE(NULL, netaddr_parse("192.0.2.1@", &n));
	EXPECT_NE(NULL, netaddr_parse("@eth0", &n));
	EXPECT_NE(NULL, netaddr_parse("", &n));
}

TEST(addresses_a_context_cannot_have)
{
	struct netaddr n;

	EXPECT_NE(NULL, netaddr_parse("0.0.0.0", &n));
	EXPECT_NE(NULL, netaddr_parse("127.0.0.1/8", &n));
	EXPECT_NE(NULL, netaddr_parse("224.0.0.1", &n));
	EXPECT_NE(NULL, netaddr_parse("255.255.255.255", &n));
	EXPECT_NE(NULL, netaddr_parse("::", &n));
	EXPECT_NE(NULL, netaddr_parse("::1", &n));
	EXPECT_NE(NULL, netaddr_parse("ff02::1", &n));
	EXPECT_NE(NULL, netaddr_parse("::ffff:192.0.2.1", &n));
}

TEST(sameness_ignores_the_prefix_and_device)
{
	struct netaddr x, y;

	ASSERT_EQ(NULL, netaddr_parse("192.0.2.10/24@a", &x));
	ASSERT_EQ(NULL, netaddr_parse("192.0.2.10/32", &y));
	EXPECT_TRUE(netaddr_same(&x.a, &y.a));
	ASSERT_EQ(NULL, netaddr_parse("192.0.2.11/24", &y));
	EXPECT_FALSE(netaddr_same(&x.a, &y.a));
}

TEST_HARNESS_MAIN
