// SPDX-License-Identifier: GPL-2.0
/*
 * The context name rule, include/vctx/name.h, shared by vctx.ko and the tool.
 */
#include <string.h>

#include <linux/vctx.h>

#include <vctx/name.h>
#include "kselftest_harness.h"

static int valid(const char *name)
{
	char buf[VCTX_NAME_LEN] = { 0 };

	if (strlen(name) >= sizeof(buf))
		return vctx_name_valid(name, strlen(name), 1);
	strcpy(buf, name);
	return vctx_name_valid(buf, sizeof(buf), 1);
}

TEST(good_names)
{
	static const char *const good[] = {
		"a", "0", "web1", "db.example.com", "a_b-c.d", "9lives",
		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *name = good[i];

		EXPECT_TRUE(valid(name)) TH_LOG("'%s' refused", name);
	}
}

TEST(bad_names)
{
	static const char *const bad[] = {
		"", "-a", ".a", "_a", "A", "aB", "a b", "a/b", "a\n", "a:b", "\xc3\xa9t\xc3\xa9",
		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *name = bad[i];

		EXPECT_FALSE(valid(name)) TH_LOG("'%s' accepted", name);
	}
}

TEST(padding_must_be_zero_when_asked)
{
	char buf[VCTX_NAME_LEN] = "web1";

	buf[20] = 'x';
	EXPECT_FALSE(vctx_name_valid(buf, sizeof(buf), 1));
	EXPECT_TRUE(vctx_name_valid(buf, sizeof(buf), 0));
}

TEST(unterminated_buffer_is_refused)
{
	char buf[8];

	memset(buf, 'a', sizeof(buf));
	EXPECT_FALSE(vctx_name_valid(buf, sizeof(buf), 0));
}

TEST_HARNESS_MAIN
