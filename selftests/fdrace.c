// SPDX-License-Identifier: GPL-2.0
/*
 * fdrace: what a hostile guest root races for while the admin runs
 * `vctx exec`: every process that shows up in /proc is examined over and
 * over, and whatever of the host its /proc/PID/fd/N, exe, cwd or root
 * gives is reported (runc CVE-2016-9962, CVE-2024-21626). Static, for a
 * minimal root.
 *
 *   fdrace [-u] [-p PPID] SECONDS MARKER DEV:INO STOPFILE
 *
 * MARKER is a file name in the host's / (never in the guest's): any
 * directory from which ".." walks to it is the host's. DEV:INO is the vctx
 * binary: an exe or fd that is it is the host's. Any fd above 2 counts too.
 * It prints "ready" once watching, one "leak: ..." line per link that gave
 * something, then "examined N processes"; it stops when STOPFILE exists or
 * after SECONDS. -u: stop at the first finding (the baseline); -p: only
 * children of PPID (on the host). Exit 0: nothing found; 1: found; 2: setup.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PID_MAX (1 << 22)

static unsigned char seen[PID_MAX / 8];
static const char *marker;
static dev_t exe_dev;
static ino_t exe_ino;
static int nr_seen, nr_found;
static bool until_found;
static long only_ppid = -1;

#define REPORTED_MAX 256

/* Each (pid, link, reason) is reported once, the first REPORTED_MAX of them. */
static void found(int pid, const char *what, const char *target, const char *why)
{
	static struct { int pid; char what[16]; const char *why; } reported[REPORTED_MAX];
	static int nr_reported;
	int i;

	nr_found++;
	for (i = 0; i < nr_reported; i++)
		if (reported[i].pid == pid && reported[i].why == why && !strcmp(reported[i].what, what))
			return;
	if (nr_reported == REPORTED_MAX)
		return;
	reported[nr_reported].pid = pid;
	reported[nr_reported].why = why;
	snprintf(reported[nr_reported].what, sizeof(reported[0].what), "%s", what);
	nr_reported++;
	printf("leak: pid %d %s -> %s (%s)\n", pid, what, target, why);
	fflush(stdout);
}

/* Walk ".." up from @fd (consumed): does it reach MARKER? */
static bool reaches_host(int fd)
{
	struct stat st, up;
	int i, parent;
	bool hit = false;

	for (i = 0; i < 64 && !hit; i++) {
		if (!faccessat(fd, marker, F_OK, 0))
			hit = true;
		parent = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (parent < 0 || fstat(fd, &st) || fstat(parent, &up) ||
		    (st.st_dev == up.st_dev && st.st_ino == up.st_ino)) {
			if (parent >= 0)
				close(parent);
			break;
		}
		close(fd);
		fd = parent;
	}
	close(fd);
	return hit;
}

/* One link of /proc/PID: open it as the guest would, judge what it gives. */
static void examine_link(int pid, const char *what, bool any_is_leak)
{
	char path[96], target[256];
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, what);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = 0;
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st)) {
		close(fd);
		return;
	}
	if (st.st_dev == exe_dev && st.st_ino == exe_ino)
		found(pid, what, target, "the host's vctx binary");
	else if (any_is_leak)
		found(pid, what, target, "a descriptor above 2");
	if (S_ISDIR(st.st_mode) && reaches_host(fd))
		found(pid, what, target, "'..' walks to the host's /");
	else if (!S_ISDIR(st.st_mode))
		close(fd);
}

static long ppid_of(int pid)
{
	char path[64], buf[512], *p;
	long ppid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	/* comm may hold anything: the fields after it follow the last ')'. */
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %*c %ld", &ppid);
	fclose(f);
	return ppid;
}

static void examine(int pid)
{
	char path[64], what[64];
	struct dirent *d;
	DIR *dir;

	if (only_ppid >= 0 && ppid_of(pid) != only_ppid)
		return;
	if (pid < PID_MAX && !(seen[pid / 8] & (1 << (pid % 8)))) {
		seen[pid / 8] |= 1 << (pid % 8);
		nr_seen++;
	}
	examine_link(pid, "exe", false);
	examine_link(pid, "cwd", false);
	examine_link(pid, "root", false);
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(what, sizeof(what), "fd/%d", atoi(d->d_name));
		examine_link(pid, what, atoi(d->d_name) > 2);
	}
	closedir(dir);
}

int main(int argc, char **argv)
{
	unsigned long long dev, ino;
	const char *stopfile;
	struct timespec start, now;
	struct dirent *d;
	long seconds;
	int opt, self = getpid();
	DIR *proc;

	while ((opt = getopt(argc, argv, "up:")) != -1) {
		if (opt == 'u')
			until_found = true;
		else if (opt == 'p')
			only_ppid = atol(optarg);
		else
			return 2;
	}
	if (argc - optind != 4 || sscanf(argv[optind + 2], "%llu:%llu", &dev, &ino) != 2) {
		fprintf(stderr, "usage: fdrace [-u] [-p PPID] SECONDS MARKER DEV:INO STOPFILE\n");
		return 2;
	}
	seconds = atol(argv[optind]);
	marker = argv[optind + 1];
	exe_dev = (dev_t)dev;
	exe_ino = (ino_t)ino;
	stopfile = argv[optind + 3];
	if (!access(marker, F_OK) && only_ppid < 0) {
		printf("setup: the marker %s is visible in this root\n", marker);
		return 2;
	}
	proc = opendir("/proc");
	if (!proc) {
		printf("setup: /proc: %s\n", strerror(errno));
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		rewinddir(proc);
		while ((d = readdir(proc))) {
			int pid = atoi(d->d_name);

			if (pid > 0 && pid != self)
				examine(pid);
		}
		if (until_found && nr_found)
			break;
		if (!access(stopfile, F_OK))
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= seconds)
			break;
	}
	printf("examined %d processes\n", nr_seen);
	return nr_found ? 1 : 0;
}
