// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration file format: parsing, errors naming the line, edits
 * that keep comments, and the round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "util/config.h"

/* Parse @text; the error printed (if any) into @err. */
static int parse_text(const char *text, struct config *c, char *err, size_t len)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *saved = stderr, *capture;
	char *buf = NULL;
	size_t n = 0;
	int ret;

	capture = open_memstream(&buf, &n);
	stderr = capture;
	ret = config_parse(in, "web.conf", c);
	stderr = saved;
	fclose(capture);
	fclose(in);
	snprintf(err, len, "%s", buf ? buf : "");
	free(buf);
	return ret;
}

static char *write_text(const struct config *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);

	config_write(c, out);
	fclose(out);
	return buf;
}

TEST(parses_keys_comments_and_quotes)
{
	struct config c;
	char err[512], v[256];

	ASSERT_EQ(0, parse_text("# a guest\n\nXID=100\n  IP = \"192.0.2.10/24 2001:db8::10/64\"\n"
				"CPU=25%\n", &c, err, sizeof(err)));
	ASSERT_TRUE(config_get(&c, config_key_index("XID"), v, sizeof(v)));
	EXPECT_STREQ("100", v);
	ASSERT_TRUE(config_get(&c, config_key_index("IP"), v, sizeof(v)));
	EXPECT_STREQ("192.0.2.10/24 2001:db8::10/64", v);
	EXPECT_FALSE(config_get(&c, config_key_index("MEMORY"), v, sizeof(v)));
	EXPECT_EQ(5, c.nr_lines);
	config_free(&c);
}

TEST(errors_name_the_line)
{
	struct config c;
	char err[512];

	EXPECT_EQ(-1, parse_text("XID=100\n# ok\nCOLOUR=blue\n", &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "web.conf:3: unknown key")) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(err, "COLOUR")) TH_LOG("%s", err);
	EXPECT_EQ(-1, parse_text("XID=100\nXID=101\n", &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "web.conf:2: XID is already set on line 1")) TH_LOG("%s", err);
	EXPECT_EQ(-1, parse_text("\nno equals sign\n", &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "web.conf:2: not KEY=value")) TH_LOG("%s", err);
	EXPECT_EQ(-1, parse_text("IP=\"192.0.2.1\n", &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "web.conf:1: bad quoting")) TH_LOG("%s", err);
	EXPECT_EQ(-1, parse_text("xid=1\n", &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "unknown key")) TH_LOG("keys are upper case: %s", err);
}

TEST(edits_keep_comments_and_order)
{
	struct config c;
	char err[512], *out;

	ASSERT_EQ(0, parse_text("# web shop\nXID=100\n# limits\nCPU=25%\nMEMORY=1G\n", &c, err,
				sizeof(err)));
	ASSERT_EQ(0, config_set(&c, config_key_index("CPU"), "50%"));
	ASSERT_EQ(0, config_set(&c, config_key_index("XID"), NULL));
	ASSERT_EQ(0, config_set(&c, config_key_index("IP"), "192.0.2.10 192.0.2.11"));
	EXPECT_EQ(-EINVAL, config_set(&c, config_key_index("HOSTNAME"), "a\"b"));
	EXPECT_EQ(-EINVAL, config_set(&c, config_key_index("HOSTNAME"), "a\nb"));
	out = write_text(&c);
	EXPECT_STREQ("# web shop\n# limits\nCPU=50%\nMEMORY=1G\nIP=\"192.0.2.10 192.0.2.11\"\n", out);
	/* The index follows the lines that moved up. */
	ASSERT_EQ(0, config_set(&c, config_key_index("MEMORY"), "2G"));
	free(out);
	out = write_text(&c);
	EXPECT_STREQ("# web shop\n# limits\nCPU=50%\nMEMORY=2G\nIP=\"192.0.2.10 192.0.2.11\"\n", out);
	free(out);
	config_free(&c);
}

TEST(round_trip)
{
	struct config c, again;
	char err[512], v[256], *out;

	config_init(&c);
	ASSERT_EQ(0, config_set(&c, config_key_index("INIT"), "/sbin/init --verbose"));
	ASSERT_EQ(0, config_set(&c, config_key_index("STOP_SIGNAL"), "SIGRTMIN+3"));
	out = write_text(&c);
	ASSERT_EQ(0, parse_text(out, &again, err, sizeof(err)));
	ASSERT_TRUE(config_get(&again, config_key_index("INIT"), v, sizeof(v)));
	EXPECT_STREQ("/sbin/init --verbose", v);
	ASSERT_TRUE(config_get(&again, config_key_index("STOP_SIGNAL"), v, sizeof(v)));
	EXPECT_STREQ("SIGRTMIN+3", v);
	free(out);
	config_free(&c);
	config_free(&again);
}

TEST(config_dir_follows_the_environment)
{
	char path[PATH_MAX];

	unsetenv("VCTX_CONFIG_DIR");
	config_path_of("web", path);
	EXPECT_STREQ("/etc/vctx/web.conf", path);
	setenv("VCTX_CONFIG_DIR", "/tmp/x", 1);
	config_path_of("web", path);
	EXPECT_STREQ("/tmp/x/web.conf", path);
	unsetenv("VCTX_CONFIG_DIR");
}

TEST_HARNESS_MAIN
