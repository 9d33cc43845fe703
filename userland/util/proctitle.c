// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel shows a process's command line from the memory its arguments
 * were passed in; overwriting that memory (and zeroing the rest of it)
 * changes what ps prints. Only the argument strings are used, never the
 * environment after them.
 */
#include <string.h>
#include <sys/prctl.h>

#include "util/proctitle.h"

static char *title_start;
static size_t title_space;

void proctitle_init(int argc, char **argv)
{
	if (argc < 1 || !argv[0])
		return;
	title_start = argv[0];
	/* The strings are contiguous; the space ends after the last one. */
	title_space = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
}

void proctitle_set(const char *title)
{
	size_t len;

	prctl(PR_SET_NAME, title, 0, 0, 0);
	if (!title_start || title_space < 2)
		return;
	len = strlen(title);
	if (len > title_space - 1)
		len = title_space - 1;
	memcpy(title_start, title, len);
	memset(title_start + len, '\0', title_space - len);
}
