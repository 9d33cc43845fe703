/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vctx ps shows of a process, read from /proc/<pid>.
 */
#ifndef VCTX_UTIL_PROCPS_H
#define VCTX_UTIL_PROCPS_H

#include <sys/types.h>


struct ps_proc {
	pid_t pid;
	pid_t ppid;
	pid_t vpid;			/* its pid in its own pid namespace */
	uid_t uid;			/* real uid */
	char state;			/* R, S, D, Z, T, ... */
	unsigned long long ticks;	/* user + system CPU time, clock ticks */
	unsigned long long vsz_kb;
	unsigned long long rss_kb;
	char comm[64];
	char args[4096];		/* the command line, or "[comm]" */
};

/*
 * Parse the contents of /proc/<pid>/stat and /proc/<pid>/status into @p
 * (pure functions, for the tests). Return: 0, or -EINVAL when malformed.
 */
int ps_parse_stat(const char *stat, long page_kb, struct ps_proc *p);
int ps_parse_status(const char *status, struct ps_proc *p);

/*
 * Turn a /proc/<pid>/cmdline of @len bytes into one line in @p->args
 * (arguments separated by blanks); an empty one becomes "[comm]".
 */
void ps_set_args(struct ps_proc *p, const char *cmdline, size_t len);

/* Read the process @pid. Return: 0, or -ENOENT when it is gone, -errno. */
int ps_read(pid_t pid, struct ps_proc *p);

#endif /* VCTX_UTIL_PROCPS_H */
