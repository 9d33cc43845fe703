/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule for context names, shared by vctx.ko and the vctx tool (and
 * tested on the host): [a-z0-9][a-z0-9_.-]{0,62}. Plain C, no kernel or
 * libc dependency.
 */
#ifndef _VCTX_NAME_H
#define _VCTX_NAME_H

static inline int vctx_name_char_ok(char c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	return !first && (c == '_' || c == '.' || c == '-');
}

/**
 * vctx_name_valid() - check a name held in a fixed-size buffer
 * @buf: the buffer (VCTX_NAME_LEN bytes in the ABI)
 * @size: its size
 * @padded: also require every byte after the terminating NUL to be zero
 *	(the module's name table compares whole buffers)
 *
 * Return: 1 when @buf holds a valid, NUL-terminated name, else 0.
 */
static inline int vctx_name_valid(const char *buf, unsigned long size, int padded)
{
	unsigned long i;

	for (i = 0; i < size && buf[i]; i++)
		if (!vctx_name_char_ok(buf[i], i == 0))
			return 0;
	if (i == 0 || i == size)
		return 0;
	if (padded)
		for (; i < size; i++)
			if (buf[i])
				return 0;
	return 1;
}

#endif /* _VCTX_NAME_H */
