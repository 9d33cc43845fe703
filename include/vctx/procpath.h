/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule for procfs table paths (see VCTX_PROC_PATH_LEN in the uapi
 * header), shared by vctx.ko and the vctx tool (and tested on the host):
 * components of [A-Za-z0-9._:@+-] separated by single slashes, at most
 * VCTX_PROC_DEPTH_MAX of them, none "." or "..", the first not a process
 * directory (a number, "self", "thread-self"). Plain C, no kernel or libc
 * dependency.
 */
#ifndef _VCTX_PROCPATH_H
#define _VCTX_PROCPATH_H

static inline int vctx_proc_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == ':' || c == '@' || c == '+' || c == '-';
}

/* Whether the component @s (@len bytes) names a process directory. */
static inline int vctx_proc_is_pid_dir(const char *s, unsigned long len)
{
	unsigned long i;

	if ((len == 4 && !__builtin_memcmp(s, "self", 4)) ||
	    (len == 11 && !__builtin_memcmp(s, "thread-self", 11)))
		return 1;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/**
 * vctx_proc_path_valid() - check a table path held in a fixed-size buffer
 * @buf: the buffer (VCTX_PROC_PATH_LEN bytes in the ABI)
 * @size: its size
 * @max_depth: the most components allowed
 * @padded: also require every byte after the terminating NUL to be zero
 *
 * Return: the path's length when valid, else 0.
 */
static inline unsigned long vctx_proc_path_valid(const char *buf, unsigned long size,
						 unsigned int max_depth, int padded)
{
	unsigned long i, start = 0;
	unsigned int depth = 0;

	for (i = 0; i < size; i++) {
		if (buf[i] && buf[i] != '/') {
			if (!vctx_proc_char_ok(buf[i]))
				return 0;
			continue;
		}
		/* The end of a component: not empty, not "." or "..". */
		if (i == start || (i - start == 1 && buf[start] == '.') ||
		    (i - start == 2 && buf[start] == '.' && buf[start + 1] == '.'))
			return 0;
		if (!depth && vctx_proc_is_pid_dir(buf + start, i - start))
			return 0;
		if (++depth > max_depth)
			return 0;
		if (!buf[i])
			break;
		start = i + 1;
	}
	if (i == size)
		return 0;
	if (padded)
		for (start = i; start < size; start++)
			if (buf[start])
				return 0;
	return i;
}

#endif /* _VCTX_PROCPATH_H */
