// SPDX-License-Identifier: GPL-2.0
/*
 * hookbench: what the hooked kernel paths cost one task, for
 * scripts/bench-hooks.sh (SPEC 6: bind, connect, kill(..., 0), fork+exit,
 * /proc readdir). Prints "NAME NS_PER_OP" for each, the median of several
 * rounds, so the script can compare runs with and without vctx.ko.
 *
 *   hookbench ops                 time each operation
 *   hookbench contexts N          register N contexts (cgroups under
 *                                 /sys/fs/cgroup/hookbench, no tasks), print N
 *   hookbench drop N              unregister and remove them
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vctx_util.h"

#define CG "/sys/fs/cgroup/hookbench"

static void op_kill(void *unused)
{
	kill(getpid(), 0);
}

static void op_bind(void *unused)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	bind(s, (struct sockaddr *)&a, sizeof(a));
	close(s);
}

static void op_connect(void *unused)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	connect(s, (struct sockaddr *)&a, sizeof(a));
	close(s);
}

static void op_fork(void *unused)
{
	pid_t pid = fork();

	if (!pid)
		_exit(0);
	waitpid(pid, NULL, 0);
}

static void op_readdir(void *unused)
{
	DIR *d = opendir("/proc");

	while (d && readdir(d))
		;
	if (d)
		closedir(d);
}

static int contexts(int n, int create)
{
	int fd = vctx_open(), i, done = 0;
	char path[128];

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", VCTX_DEVICE_PATH, strerror(-fd));
		return 1;
	}
	if (create)
		mkdir(CG, 0755);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), CG "/c%d", i);
		if (create) {
			char name[VCTX_NAME_LEN];
			int cg = cg_make(path), ret = cg;

			snprintf(name, sizeof(name), "hookbench-%d", i);
			if (cg >= 0)
				ret = vctx_create_in(fd, cg, 20000 + i, name, VCTX_F_PERSISTENT, NULL);
			if (cg >= 0)
				close(cg);
			if (ret) {
				fprintf(stderr, "VCTX_IOC_CREATE: %s\n", strerror(-ret));
				break;
			}
		} else {
			vctx_destroy_xid(fd, 20000 + i);
			rmdir(path);
		}
		done++;
	}
	if (!create)
		rmdir(CG);
	close(fd);
	printf("%d\n", done);
	return done == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && (!strcmp(argv[1], "contexts") || !strcmp(argv[1], "drop")))
		return contexts(atoi(argv[2]), !strcmp(argv[1], "contexts"));
	if (argc != 2 || strcmp(argv[1], "ops")) {
		fprintf(stderr, "usage: hookbench ops | contexts N | drop N\n");
		return 2;
	}
	printf("kill0 %.0f\n", median_ns(op_kill, NULL, 20000, NULL));
	printf("bind %.0f\n", median_ns(op_bind, NULL, 2000, NULL));
	printf("connect %.0f\n", median_ns(op_connect, NULL, 2000, NULL));
	printf("fork_exit %.0f\n", median_ns(op_fork, NULL, 200, NULL));
	printf("proc_readdir %.0f\n", median_ns(op_readdir, NULL, 200, NULL));
	return 0;
}
