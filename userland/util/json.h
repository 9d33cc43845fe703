/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON writer for `vctx --json`: one compact document per line,
 * commas and nesting handled here, strings escaped (invalid UTF-8 becomes
 * U+FFFD so scripts always receive valid JSON).
 */
#ifndef VCTX_UTIL_JSON_H
#define VCTX_UTIL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>


#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *out);

/* @key is the member name inside an object, NULL inside an array or at top. */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_uint(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, int64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);

#endif /* VCTX_UTIL_JSON_H */
