// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capability names and bounding sets of the vctx tool.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>

#include "runtime/caps.h"
#include "kselftest_harness.h"

#define BIT64(n) (UINT64_C(1) << (n))

TEST(names_in_every_spelling)
{
	EXPECT_EQ(CAP_SYS_ADMIN, cap_from_name("sys_admin"));
	EXPECT_EQ(CAP_SYS_ADMIN, cap_from_name("SYS_ADMIN"));
	EXPECT_EQ(CAP_SYS_ADMIN, cap_from_name("CAP_SYS_ADMIN"));
	EXPECT_EQ(CAP_SYS_ADMIN, cap_from_name("cap_sys_admin"));
	EXPECT_EQ(CAP_CHOWN, cap_from_name("chown"));
	EXPECT_EQ(CAP_CHECKPOINT_RESTORE, cap_from_name("checkpoint_restore"));
	EXPECT_EQ(-1, cap_from_name("sys_admi"));
	EXPECT_EQ(-1, cap_from_name("cap_"));
	EXPECT_EQ(-1, cap_from_name(""));
	EXPECT_STREQ("net_raw", cap_name(CAP_NET_RAW));
	EXPECT_EQ(NULL, cap_name(CAPS_LAST + 1));
}

TEST(lists_add_and_remove)
{
	uint64_t set = 0;
	const char *bad;
	size_t len;

	ASSERT_TRUE(caps_apply_list(&set, "chown,CAP_KILL,Sys_Time", true, &bad, &len));
	EXPECT_EQ(BIT64(CAP_CHOWN) | BIT64(CAP_KILL) | BIT64(CAP_SYS_TIME), set);
	ASSERT_TRUE(caps_apply_list(&set, "kill", false, &bad, &len));
	EXPECT_EQ(BIT64(CAP_CHOWN) | BIT64(CAP_SYS_TIME), set);
	ASSERT_TRUE(caps_apply_list(&set, "all", false, &bad, &len));
	EXPECT_EQ(0, set);
	ASSERT_TRUE(caps_apply_list(&set, "all", true, &bad, &len));
	EXPECT_EQ(BIT64(CAPS_LAST + 1) - 1, set);
}

TEST(unknown_name_is_pointed_at_and_nothing_changes)
{
	uint64_t set = BIT64(CAP_CHOWN);
	const char *list = "kill,bogus,setuid", *bad = NULL;
	size_t len = 0;

	EXPECT_FALSE(caps_apply_list(&set, list, true, &bad, &len));
	EXPECT_EQ(list + 5, bad);
	EXPECT_EQ(5, len);
	EXPECT_EQ(BIT64(CAP_CHOWN), set);
	EXPECT_FALSE(caps_apply_list(&set, "chown,", true, &bad, &len));
	EXPECT_EQ(0, len) TH_LOG("an empty name after a comma is an error");
}

TEST(default_set_keeps_nothing_that_reaches_the_host)
{
	static const int never[] = {
		CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME,
		CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_AUDIT_CONTROL, CAP_SYSLOG,
		CAP_DAC_READ_SEARCH, CAP_LINUX_IMMUTABLE, CAP_NET_ADMIN, CAP_MKNOD,
		CAP_SYS_PTRACE, CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE,
	};
	uint64_t shared = caps_default(false), own = caps_default(true);
	size_t i;

	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		EXPECT_FALSE(shared & BIT64(never[i])) TH_LOG("cap %d kept", never[i]);
		EXPECT_FALSE(own & BIT64(never[i])) TH_LOG("cap %d kept", never[i]);
	}
	/* reboot(2) only ends the guest's pid namespace; vctx.ko refuses kexec. */
	EXPECT_TRUE(shared & BIT64(CAP_SYS_BOOT));
	EXPECT_FALSE(shared & BIT64(CAP_NET_RAW));
	EXPECT_TRUE(own & BIT64(CAP_NET_RAW));
	EXPECT_EQ(shared | BIT64(CAP_NET_RAW), own);
	EXPECT_TRUE(shared & BIT64(CAP_CHOWN));
	EXPECT_TRUE(shared & BIT64(CAP_SETUID));
}

TEST(print_lists_names_in_order)
{
	char buf[256] = { 0 };
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ASSERT_NE(NULL, f);
	caps_print(f, BIT64(CAP_KILL) | BIT64(CAP_CHOWN));
	fputc('|', f);
	caps_print(f, 0);
	fclose(f);
	EXPECT_STREQ("chown,kill|none", buf);
}

TEST_HARNESS_MAIN
