/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Comma-separated lists of names, as options and configuration keys write
 * sets of flags (--virt mem,load, --socket-families unix,inet).
 */
#ifndef VCTX_UTIL_NAMELIST_H
#define VCTX_UTIL_NAMELIST_H

#include <stddef.h>

/*
 * The entry of @list at *@pos: its start, its length in *@len (0 for an
 * empty entry); *@pos moves past it and its comma. Return: NULL after the
 * last entry.
 */
const char *namelist_next(const char *list, size_t *pos, size_t *len);

/* A list being written into a caller's buffer, cut after the last whole name that fits. */
struct namelist_buf {
	char *buf;
	size_t size, len;
};

/* Start an empty list in @buf (@size > 0). */
void namelist_init(struct namelist_buf *b, char *buf, size_t size);

/* Append @name, a comma first unless it is the first; @arg is the namelist_buf. */
void namelist_add(const char *name, void *arg);

/* "none" when nothing was added. */
void namelist_done(struct namelist_buf *b);

#endif /* VCTX_UTIL_NAMELIST_H */
