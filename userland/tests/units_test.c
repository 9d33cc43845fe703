// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of the values admins type into vctx limit: sizes, counts, CPU
 * rates and CPU lists.
 */
#include <stdint.h>
#include <string.h>

#include "util/units.h"
#include "kselftest_harness.h"

TEST(sizes_with_binary_units)
{
	uint64_t b;

	ASSERT_TRUE(parse_size("0", false, &b));
	EXPECT_EQ(0, b);
	ASSERT_TRUE(parse_size("1048576", false, &b));
	EXPECT_EQ(1048576, b);
	ASSERT_TRUE(parse_size("64k", false, &b));
	EXPECT_EQ(65536, b);
	ASSERT_TRUE(parse_size("512M", false, &b));
	EXPECT_EQ(512ULL << 20, b);
	ASSERT_TRUE(parse_size("2G", false, &b));
	EXPECT_EQ(2ULL << 30, b);
	ASSERT_TRUE(parse_size("2GiB", false, &b));
	EXPECT_EQ(2ULL << 30, b);
	ASSERT_TRUE(parse_size("3T", false, &b));
	EXPECT_EQ(3ULL << 40, b);
	ASSERT_TRUE(parse_size("100B", false, &b));
	EXPECT_EQ(100, b);
	ASSERT_TRUE(parse_size("max", true, &b));
	EXPECT_EQ(UNITS_MAX, b);
}

TEST(bad_sizes_are_refused)
{
	static const char *const bad[] = {
		"", "M", "-1", "+5", " 5", "5 ", "1.5G", "5X", "5MM", "0x10", "max",
		"9999999999999999999999", "8388609T", "1Gi",
	};
	uint64_t b;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];

		EXPECT_FALSE(parse_size(s, false, &b)) TH_LOG("'%s' accepted", s);
	}
}

TEST(memory_shares_of_the_host)
{
	const uint64_t total = UINT64_C(1004572) * 1024;	/* a 1 GiB VM's MemTotal */
	uint64_t b;

	ASSERT_TRUE(parse_size_share("50%", true, total, 4096, &b));
	EXPECT_EQ(total / 2 / 4096 * 4096, b);
	EXPECT_EQ(0, b % 4096);
	ASSERT_TRUE(parse_size_share("100%", true, total, 4096, &b));
	EXPECT_EQ(total / 4096 * 4096, b);
	ASSERT_TRUE(parse_size_share("1%", false, UINT64_C(1) << 62, 4096, &b));
	EXPECT_EQ((UINT64_C(1) << 62) / 100 / 4096 * 4096, b);
	/* Plain sizes and max go through unchanged. */
	ASSERT_TRUE(parse_size_share("512M", false, total, 4096, &b));
	EXPECT_EQ(UINT64_C(512) << 20, b);
	ASSERT_TRUE(parse_size_share("max", true, total, 4096, &b));
	EXPECT_EQ(UNITS_MAX, b);
}

TEST(bad_memory_shares_are_refused)
{
	static const char *const bad[] = { "0%", "101%", "%", "50%%", "-5%", "5.5%", "50 %", "x%" };
	uint64_t b;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];

		EXPECT_FALSE(parse_size_share(s, true, UINT64_C(1) << 30, 4096, &b))
			TH_LOG("'%s' accepted", s);
	}
	/* A share too small for one page is no limit anyone meant. */
	EXPECT_FALSE(parse_size_share("1%", true, 4096, 4096, &b));
}

TEST(counts_in_range)
{
	uint64_t n;

	ASSERT_TRUE(parse_count("20", 1, 100, false, &n));
	EXPECT_EQ(20, n);
	ASSERT_TRUE(parse_count("max", 1, 100, true, &n));
	EXPECT_EQ(UNITS_MAX, n);
	EXPECT_FALSE(parse_count("0", 1, 100, false, &n));
	EXPECT_FALSE(parse_count("101", 1, 100, false, &n));
	EXPECT_FALSE(parse_count("max", 1, 100, false, &n));
	EXPECT_FALSE(parse_count("-1", 0, 100, false, &n));
	EXPECT_FALSE(parse_count("1e3", 0, 10000, false, &n));
}

TEST(rates_as_fraction_or_percent)
{
	uint32_t r, t;

	ASSERT_TRUE(parse_rate("1/4", 1000000, &r, &t));
	EXPECT_EQ(1, r);
	EXPECT_EQ(4, t);
	/* A fraction is kept as given: 2/8 fills twice as much, half as often. */
	ASSERT_TRUE(parse_rate("2/8", 1000000, &r, &t));
	EXPECT_EQ(2, r);
	EXPECT_EQ(8, t);
	ASSERT_TRUE(parse_rate("25%", 1000000, &r, &t));
	EXPECT_EQ(1, r);
	EXPECT_EQ(4, t);
	ASSERT_TRUE(parse_rate("150%", 1000000, &r, &t));
	EXPECT_EQ(3, r);
	EXPECT_EQ(2, t);
	ASSERT_TRUE(parse_rate("33%", 1000000, &r, &t));
	EXPECT_EQ(33, r);
	EXPECT_EQ(100, t);
}

TEST(bad_rates_are_refused)
{
	static const char *const bad[] = {
		"", "1", "/4", "1/", "0/4", "1/0", "0%", "25", "25%%", "1/4ms", "a/b", "-1/4",
		"1/2000000",
	};
	uint32_t r, t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];

		EXPECT_FALSE(parse_rate(s, 1000000, &r, &t)) TH_LOG("'%s' accepted", s);
	}
}

TEST(cpu_lists)
{
	EXPECT_TRUE(parse_cpu_list("0"));
	EXPECT_TRUE(parse_cpu_list("0-3"));
	EXPECT_TRUE(parse_cpu_list("0-1,3,5-7"));
	EXPECT_FALSE(parse_cpu_list(""));
	EXPECT_FALSE(parse_cpu_list("3-1"));
	EXPECT_FALSE(parse_cpu_list("1,1"));
	EXPECT_FALSE(parse_cpu_list("2,0"));
	EXPECT_FALSE(parse_cpu_list("0-"));
	EXPECT_FALSE(parse_cpu_list("0,,1"));
	EXPECT_FALSE(parse_cpu_list("0,"));
	EXPECT_FALSE(parse_cpu_list("4096"));
	EXPECT_FALSE(parse_cpu_list("a"));
}

TEST(sizes_formatted_exactly)
{
	char buf[32];

	format_size(512ULL << 20, buf, sizeof(buf));
	EXPECT_STREQ("512M", buf);
	format_size(3ULL << 30, buf, sizeof(buf));
	EXPECT_STREQ("3G", buf);
	format_size(1536ULL << 10, buf, sizeof(buf));
	EXPECT_STREQ("1536K", buf);
	format_size(1000, buf, sizeof(buf));
	EXPECT_STREQ("1000", buf);
}

TEST_HARNESS_MAIN
