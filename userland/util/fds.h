/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Descriptors a process takes into a context. Whatever the host opened
 * (/dev/vctx, a cgroup directory, a socket, the admin's shell's own fds)
 * must be gone before guest code can see the process: an fd of a host
 * directory lets a guest walk ".." out of its root (runc CVE-2024-21626).
 */
#ifndef VCTX_UTIL_FDS_H
#define VCTX_UTIL_FDS_H

#include <stddef.h>


/*
 * Close every descriptor but the @n in @keep (order and duplicates do not
 * matter, negative entries are ignored). Return: 0, or -1 with errno set.
 */
int close_fds_except(const int *keep, size_t n);

/*
 * Put /dev/null on 0, 1 and 2, as seen from the caller's root (call it
 * inside the context, so it is the guest's /dev/null). Return: 0 or -1.
 */
int null_stdio(void);

#endif /* VCTX_UTIL_FDS_H */
