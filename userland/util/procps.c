// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a process from /proc/<pid>: stat for the numbers, status for the
 * ids, cmdline for the command line. A process may exit between any two
 * reads; that is reported as -ENOENT and the caller skips it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/procps.h"

int ps_parse_stat(const char *stat, long page_kb, struct ps_proc *p)
{
	const char *open = strchr(stat, '('), *close = strrchr(stat, ')');
	unsigned long long utime, stime, vsize;
	long long rss;
	size_t len;
	int ppid;

	/* comm may hold anything, ')' and blanks included: it ends at the last ')'. */
	if (!open || !close || close < open)
		return -EINVAL;
	len = (size_t)(close - open - 1);
	if (len >= sizeof(p->comm))
		len = sizeof(p->comm) - 1;
	memcpy(p->comm, open + 1, len);
	p->comm[len] = '\0';
	/* Fields 3..24 of proc(5): state ppid ... utime stime ... vsize rss */
	if (sscanf(close + 1,
		   " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %*u %llu %lld",
		   &p->state, &ppid, &utime, &stime, &vsize, &rss) != 6)
		return -EINVAL;
	p->ppid = ppid;
	p->ticks = utime + stime;
	p->vsz_kb = vsize / 1024;
	p->rss_kb = rss > 0 ? (unsigned long long)rss * (unsigned long long)page_kb : 0;
	return 0;
}

int ps_parse_status(const char *status, struct ps_proc *p)
{
	const char *line;
	bool have_uid = false;
	unsigned int uid;

	p->vpid = p->pid;
	for (line = status; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, "Uid:", 4) && sscanf(line + 4, "%u", &uid) == 1) {
			p->uid = uid;
			have_uid = true;
		} else if (!strncmp(line, "NSpid:", 6)) {
			const char *end = strchr(line, '\n'), *last = NULL, *c;

			/* The last number is the pid in the innermost namespace. */
			for (c = line + 6; *c && c != end; c++)
				if ((*c >= '0' && *c <= '9') && (c[-1] == '\t' || c[-1] == ' '))
					last = c;
			if (last)
				p->vpid = atoi(last);
		}
	}
	return have_uid ? 0 : -EINVAL;
}

void ps_set_args(struct ps_proc *p, const char *cmdline, size_t len)
{
	size_t i;

	while (len && cmdline[len - 1] == '\0')
		len--;
	if (!len) {
		snprintf(p->args, sizeof(p->args), "[%s]", p->comm);
		return;
	}
	if (len >= sizeof(p->args))
		len = sizeof(p->args) - 1;
	for (i = 0; i < len; i++)
		p->args[i] = cmdline[i] == '\0' || cmdline[i] == '\n' ? ' ' : cmdline[i];
	p->args[len] = '\0';
}

/* Read /proc/<pid>/<file> into @buf; return its length or -errno. */
static ssize_t read_proc(pid_t pid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n, total = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ESRCH ? -ENOENT : -errno;
	while ((size_t)total < size - 1 && (n = read(fd, buf + total, size - 1 - (size_t)total)) > 0)
		total += n;
	if (n < 0 && total == 0) {
		n = errno == ESRCH ? -ENOENT : -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

int ps_read(pid_t pid, struct ps_proc *p)
{
	static char buf[8192];
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	ssize_t n;
	int ret;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	n = read_proc(pid, "stat", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ret = ps_parse_stat(buf, page_kb, p);
	if (ret)
		return ret;
	n = read_proc(pid, "status", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ret = ps_parse_status(buf, p);
	if (ret)
		return ret;
	n = read_proc(pid, "cmdline", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ps_set_args(p, buf, (size_t)n);
	return 0;
}
