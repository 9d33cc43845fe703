// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Closing everything a process inherited but a few descriptors, in a few
 * close_range(2) calls: no loop over a possibly huge fd table, nothing
 * missed because /proc is not mounted (the child of clone3 may have no
 * usable /proc yet).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/fds.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define KEEP_MAX 16

/* Close [first, last]; close_range() or, before Linux 5.9, one by one. */
static int close_span(unsigned int first, unsigned int last)
{
	struct rlimit rl;
	unsigned int fd;

	if (!syscall(SYS_close_range, first, last, 0))
		return 0;
	if (errno != ENOSYS)
		return -1;
	/* Nothing above the limit can be open unless it was lowered since. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max != RLIM_INFINITY &&
	    rl.rlim_max - 1 < last)
		last = (unsigned int)(rl.rlim_max - 1);
	if (last > 1U << 20)
		last = 1U << 20;
	for (fd = first; fd <= last && fd >= first; fd++)
		close((int)fd);
	return 0;
}

int close_fds_except(const int *keep, size_t n)
{
	int sorted[KEEP_MAX];
	unsigned int next = 0;
	size_t i, j, m = 0;

	if (n > KEEP_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* Sorted, so the gaps between them are the ranges to close. */
	for (i = 0; i < n; i++) {
		if (keep[i] < 0)
			continue;
		for (j = m++; j > 0 && sorted[j - 1] > keep[i]; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = keep[i];
	}
	for (i = 0; i < m; i++) {
		unsigned int fd = (unsigned int)sorted[i];

		if (fd < next)
			continue;	/* a duplicate */
		if (fd > next && close_span(next, fd - 1))
			return -1;
		next = fd + 1;
	}
	return close_span(next, UINT_MAX);
}

int null_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC), i;

	if (fd < 0)
		return -1;
	/* Landed on 0, 1 or 2 itself (one was closed): it must survive exec. */
	if (fd <= 2)
		fcntl(fd, F_SETFD, 0);
	for (i = 0; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			break;
	if (fd > 2)
		close(fd);
	return i == 3 ? 0 : -1;
}
