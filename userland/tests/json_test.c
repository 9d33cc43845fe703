// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON writer behind `vctx --json`: whatever the strings hold, scripts
 * get one valid JSON document per line.
 */
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "kselftest_harness.h"

FIXTURE(doc) {
	char *buf;
	size_t len;
	FILE *out;
	struct json j;
};

FIXTURE_SETUP(doc)
{
	self->buf = NULL;
	self->out = open_memstream(&self->buf, &self->len);
	ASSERT_NE(NULL, self->out);
	json_init(&self->j, self->out);
}

FIXTURE_TEARDOWN(doc)
{
	if (self->out)
		fclose(self->out);
	free(self->buf);
}

static const char *text(FIXTURE_DATA(doc) *self)
{
	fflush(self->out);
	return self->buf;
}

TEST_F(doc, members_are_comma_separated_and_nested)
{
	json_object_begin(&self->j, NULL);
	json_string(&self->j, "a", "x");
	json_uint(&self->j, "b", 18446744073709551615ULL);
	json_int(&self->j, "c", -5);
	json_object_begin(&self->j, "d");
	json_bool(&self->j, "t", true);
	json_bool(&self->j, "f", false);
	json_object_end(&self->j);
	json_array_begin(&self->j, "e");
	json_uint(&self->j, NULL, 1);
	json_object_begin(&self->j, NULL);
	json_object_end(&self->j);
	json_null(&self->j, NULL);
	json_array_end(&self->j);
	json_string(&self->j, "n", NULL);
	json_object_end(&self->j);
	EXPECT_STREQ("{\"a\":\"x\",\"b\":18446744073709551615,\"c\":-5,"
		     "\"d\":{\"t\":true,\"f\":false},\"e\":[1,{},null],\"n\":null}\n",
		     text(self));
}

TEST_F(doc, empty_containers)
{
	json_array_begin(&self->j, NULL);
	json_array_end(&self->j);
	json_object_begin(&self->j, NULL);
	json_object_end(&self->j);
	EXPECT_STREQ("[]\n{}\n", text(self));
}

TEST_F(doc, quotes_backslashes_and_controls_are_escaped)
{
	json_array_begin(&self->j, NULL);
	json_string(&self->j, NULL, "q\"b\\s/\n\t\r\x01\x1f");
	json_array_end(&self->j);
	EXPECT_STREQ("[\"q\\\"b\\\\s/\\n\\t\\r\\u0001\\u001f\"]\n", text(self));
}

TEST_F(doc, keys_are_escaped_too)
{
	json_object_begin(&self->j, NULL);
	json_uint(&self->j, "a\"b", 1);
	json_object_end(&self->j);
	EXPECT_STREQ("{\"a\\\"b\":1}\n", text(self));
}

TEST_F(doc, valid_utf8_passes_through)
{
	json_array_begin(&self->j, NULL);
	json_string(&self->j, NULL, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7");
	json_array_end(&self->j);
	EXPECT_STREQ("[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"]\n", text(self));
}

TEST_F(doc, invalid_utf8_becomes_replacement_characters)
{
	json_array_begin(&self->j, NULL);
	/* Stray continuation, overlong '/', surrogate, truncated sequence, 0xff. */
	json_string(&self->j, NULL, "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82" "e\xff");
	json_array_end(&self->j);
	EXPECT_STREQ("[\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffdd\\ufffd\\ufffde\\ufffd\"]\n",
		     text(self));
}

TEST_HARNESS_MAIN
