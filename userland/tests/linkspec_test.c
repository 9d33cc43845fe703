// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "veth" or "ipvlan[-l3|-l2][@DEV]" as --link and LINK read it: the kinds
 * and their defaults, the parent after '@', and what each refusal says.
 */
#include <string.h>

#include "kselftest_harness.h"

#include "util/linkspec.h"

TEST(kinds_and_parents)
{
	enum net_link kind;
	char dev[IF_NAMESIZE];

	ASSERT_EQ(NULL, linkspec_parse("veth", &kind, dev));
	EXPECT_EQ(LINK_VETH, kind);
	EXPECT_STREQ("", dev);
	ASSERT_EQ(NULL, linkspec_parse("ipvlan", &kind, dev));
	EXPECT_EQ(LINK_IPVLAN_L3, kind);
	EXPECT_STREQ("", dev);
	ASSERT_EQ(NULL, linkspec_parse("ipvlan@eth0", &kind, dev));
	EXPECT_EQ(LINK_IPVLAN_L3, kind);
	EXPECT_STREQ("eth0", dev);
	ASSERT_EQ(NULL, linkspec_parse("ipvlan-l3@enp0s31f6", &kind, dev));
	EXPECT_EQ(LINK_IPVLAN_L3, kind);
	EXPECT_STREQ("enp0s31f6", dev);
	ASSERT_EQ(NULL, linkspec_parse("ipvlan-l2@abcdefghijklmno", &kind, dev));
	EXPECT_EQ(LINK_IPVLAN_L2, kind);
	EXPECT_STREQ("abcdefghijklmno", dev);
	ASSERT_EQ(NULL, linkspec_parse("ipvlan-l2", &kind, dev));
	EXPECT_EQ(LINK_IPVLAN_L2, kind);
	EXPECT_STREQ("", dev);
}

TEST(unknown_kinds_list_the_valid_ones)
{
	const char *bad[] = { "", "vxlan", "ipvlan-l3s", "IPVLAN", "ipvla", "ipvlan-", "veth2",
			      "@eth0", "macvlan@eth0" };
	enum net_link kind = LINK_VETH;
	char dev[IF_NAMESIZE] = "keep";
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = linkspec_parse(bad[i], &kind, dev);

		ASSERT_NE(NULL, why) TH_LOG("'%s' was taken", bad[i]);
		EXPECT_NE(NULL, strstr(why, LINKSPEC_VALID)) TH_LOG("'%s': %s", bad[i], why);
	}
	/* A refusal changes nothing. */
	EXPECT_EQ(LINK_VETH, kind);
	EXPECT_STREQ("keep", dev);
}

TEST(bad_parents)
{
	const char *bad[] = { "ipvlan@", "ipvlan@abcdefghijklmnop", "ipvlan-l2@a/b", "ipvlan@a:b",
			      "ipvlan@a b", "ipvlan@.", "ipvlan@.." };
	enum net_link kind;
	char dev[IF_NAMESIZE];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = linkspec_parse(bad[i], &kind, dev);

		ASSERT_NE(NULL, why) TH_LOG("'%s' was taken", bad[i]);
		EXPECT_NE(NULL, strstr(why, "interface name")) TH_LOG("'%s': %s", bad[i], why);
	}
	/* "@" names a parent, which a veth pair has none of. */
	EXPECT_NE(NULL, strstr(linkspec_parse("veth@eth0", &kind, dev), "drop '@DEV'"));
}

TEST(names)
{
	EXPECT_STREQ("veth", linkspec_kind_name(LINK_VETH));
	EXPECT_STREQ("ipvlan-l3", linkspec_kind_name(LINK_IPVLAN_L3));
	EXPECT_STREQ("ipvlan-l2", linkspec_kind_name(LINK_IPVLAN_L2));
}

TEST_HARNESS_MAIN
