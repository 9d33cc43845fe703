// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The global defaults file, vctx.conf: built-in values when a key (or the
 * file) is missing, the shipped file the same as the built-in values, and
 * errors that name FILE:LINE, MASK entries included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "runtime/defaults.h"

/* Parse @text as "vctx.conf"; the error printed (if any) into @err. */
static int parse_text(const char *text, struct vctx_defaults *d, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *saved = stderr, *capture;
	char *buf = NULL;
	size_t n = 0;
	int ret;

	capture = open_memstream(&buf, &n);
	stderr = capture;
	ret = defaults_parse(in, "vctx.conf", d);
	stderr = saved;
	fclose(capture);
	fclose(in);
	snprintf(err, len, "%s", buf ? buf : "");
	free(buf);
	return ret;
}

TEST(an_empty_file_means_the_built_in_values)
{
	struct vctx_defaults d;
	char err[512];

	ASSERT_EQ(0, parse_text("# nothing\n\n", &d, err, sizeof(err)));
	EXPECT_STREQ("1024", d.value[DEF_PIDS]);
	EXPECT_STREQ("50%", d.value[DEF_MEMORY]);
	EXPECT_STREQ(DEFAULT_MASK, d.value[DEF_MASK]);
	EXPECT_FALSE(d.from_file[DEF_PIDS]);
	EXPECT_STREQ("vctx.conf", d.path);
}

TEST(the_file_overrides_each_key)
{
	struct vctx_defaults d;
	char err[512];

	ASSERT_EQ(0, parse_text("PIDS=64\nMEMORY=256M\nMASK=\"/etc/shadow /srv/*\"\n", &d, err,
				sizeof(err)));
	EXPECT_STREQ("64", d.value[DEF_PIDS]);
	EXPECT_STREQ("256M", d.value[DEF_MEMORY]);
	EXPECT_STREQ("/etc/shadow /srv/*", d.value[DEF_MASK]);
	EXPECT_TRUE(d.from_file[DEF_PIDS]);
	EXPECT_TRUE(d.from_file[DEF_MASK]);

	ASSERT_EQ(0, parse_text("PIDS=max\nMEMORY=max\nMASK=\"\"\n", &d, err, sizeof(err)));
	EXPECT_STREQ("max", d.value[DEF_PIDS]);
	EXPECT_STREQ("max", d.value[DEF_MEMORY]);
	EXPECT_STREQ("", d.value[DEF_MASK]);
}

TEST(only_some_keys_set_leaves_the_others_built_in)
{
	struct vctx_defaults d;
	char err[512];

	ASSERT_EQ(0, parse_text("MEMORY=25%\n", &d, err, sizeof(err)));
	EXPECT_STREQ("1024", d.value[DEF_PIDS]);
	EXPECT_STREQ("25%", d.value[DEF_MEMORY]);
	EXPECT_STREQ(DEFAULT_MASK, d.value[DEF_MASK]);
}

TEST(bad_values_name_the_line)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "PIDS=0\n", "vctx.conf:1: invalid PIDS '0'" },
		{ "# c\nPIDS=lots\n", "vctx.conf:2: invalid PIDS 'lots'" },
		{ "MEMORY=0%\n", "vctx.conf:1: invalid MEMORY '0%'" },
		{ "\nMEMORY=120%\n", "vctx.conf:2: invalid MEMORY '120%'" },
		{ "MEMORY=\n", "vctx.conf:1: invalid MEMORY ''" },
		{ "MASK=\"/etc/shadow etc/passwd\"\n", "vctx.conf:1: invalid MASK entry 'etc/passwd': not an absolute path" },
		{ "\n\nMASK=/\n", "vctx.conf:3: invalid MASK entry '/': the root itself" },
		{ "MASK=/var/../etc\n", "vctx.conf:1: invalid MASK entry '/var/../etc': '.' and '..'" },
		{ "MASK=/etc/./shadow\n", "vctx.conf:1: invalid MASK entry '/etc/./shadow'" },
		{ "XID=5\n", "vctx.conf:1: unknown key (the global file takes PIDS, MEMORY and MASK" },
		{ "PIDS=1\nPIDS=2\n", "vctx.conf:2: PIDS is already set on line 1" },
	};
	struct vctx_defaults d;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, parse_text(bad[i].text, &d, err, sizeof(err)))
			TH_LOG("'%s' accepted", bad[i].text);
		EXPECT_NE(NULL, strstr(err, bad[i].want)) TH_LOG("for '%s': %s", bad[i].text, err);
	}
}

TEST(mask_entries)
{
	EXPECT_EQ(NULL, defaults_mask_invalid("/etc/shadow"));
	EXPECT_EQ(NULL, defaults_mask_invalid("/etc/ssh/ssh_host_*_key"));
	EXPECT_EQ(NULL, defaults_mask_invalid("/var/lib/vctx/"));
	EXPECT_EQ(NULL, defaults_mask_invalid("/home/.cache"));
	EXPECT_NE(NULL, defaults_mask_invalid("//"));
	EXPECT_NE(NULL, defaults_mask_invalid("relative"));
	EXPECT_NE(NULL, defaults_mask_invalid("/a/.."));
	EXPECT_NE(NULL, defaults_mask_invalid(""));
}

/* The installed file must say what vctx does without it. */
TEST(the_shipped_file_is_the_built_in_values)
{
	struct vctx_defaults d;
	FILE *f = fopen(VCTX_CONF_SRC, "r");
	int k;

	ASSERT_NE(NULL, f) TH_LOG("cannot open %s", VCTX_CONF_SRC);
	ASSERT_EQ(0, defaults_parse(f, VCTX_CONF_SRC, &d));
	fclose(f);
	for (k = 0; k < DEF_NR; k++) {
		EXPECT_TRUE(d.from_file[k]) TH_LOG("%s is not in the shipped file", defaults_keys[k].key);
		EXPECT_STREQ(d.value[k], (k == DEF_PIDS ? DEFAULT_PIDS : k == DEF_MEMORY ?
					  DEFAULT_MEMORY : DEFAULT_MASK));
	}
}

TEST_HARNESS_MAIN
