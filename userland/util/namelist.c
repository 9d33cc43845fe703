// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "util/namelist.h"

const char *namelist_next(const char *list, size_t *pos, size_t *len)
{
	const char *p = list + *pos, *end;

	if (*pos > strlen(list))
		return NULL;
	end = strchr(p, ',');
	*len = end ? (size_t)(end - p) : strlen(p);
	*pos += *len + 1;
	return p;
}

void namelist_init(struct namelist_buf *b, char *buf, size_t size)
{
	b->buf = buf;
	b->size = size;
	b->len = 0;
	buf[0] = '\0';
}

void namelist_add(const char *name, void *arg)
{
	struct namelist_buf *b = arg;
	int n;

	if (b->len >= b->size)
		return;
	n = snprintf(b->buf + b->len, b->size - b->len, "%s%s", b->len ? "," : "", name);
	if (n > 0 && (size_t)n < b->size - b->len) {
		b->len += (size_t)n;
	} else {
		/* Whole names only, and none after one that did not fit. */
		b->buf[b->len] = '\0';
		b->len = b->size;
	}
}

void namelist_done(struct namelist_buf *b)
{
	if (!b->len)	/* nothing added (a cut list keeps what fitted) */
		snprintf(b->buf, b->size, "none");
}
