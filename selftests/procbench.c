// SPDX-License-Identifier: GPL-2.0
/*
 * procbench: what a virtualized file or system call costs one reader, for
 * scripts/bench-proc.sh (SPEC 3.8, 6), and contexts with tasks for the
 * load average's cost.
 *
 *   procbench read NAME=PATH...   open, read whole and close each PATH;
 *                                 prints "NAME NS LOW HIGH" (median of
 *                                 VU_ROUNDS rounds, their spread)
 *   procbench call                the same for sysinfo(2) and
 *                                 sched_getaffinity(2)
 *   procbench contexts N T        register N contexts (cgroups under
 *                                 /sys/fs/cgroup/procbench), each with an
 *                                 init in a pid namespace of its own and T
 *                                 threads beside it, all asleep; prints N
 *   procbench drop N              kill their tasks, unregister, remove
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "vctx_util.h"

#define CG "/sys/fs/cgroup/procbench"
#define XID_BASE 30000

/* Reads a file as cat does: open, read to the end, close. */
static void op_read(void *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

static void op_sysinfo(void *unused)
{
	struct sysinfo si;

	sysinfo(&si);
}

static void op_affinity(void *unused)
{
	cpu_set_t set;

	sched_getaffinity(0, sizeof(set), &set);
}

static void report(const char *name, void (*op)(void *), void *arg, int n)
{
	struct vu_spread s;
	double ns = median_ns(op, arg, n, &s);

	printf("%s %.0f %.0f %.0f\n", name, ns, s.low, s.high);
}

static void *sleeper(void *unused)
{
	for (;;)
		pause();
	return NULL;
}

/* The init of a context: @threads sleeping threads, then sleep itself. */
static void init_main(int threads)
{
	pthread_attr_t attr;
	pthread_t t;
	int i;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
	for (i = 0; i < threads; i++)
		if (pthread_create(&t, &attr, sleeper, NULL))
			_exit(1);
	sleeper(NULL);
}

/* A child that is pid 1 of a new pid namespace, born in @cgroup_fd. */
static pid_t spawn_init(int cgroup_fd, int threads)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = cgroup_fd,
	};
	long pid = syscall(SYS_clone3, &args, sizeof(args));

	if (pid == 0)
		init_main(threads);
	return pid;
}

static int make_contexts(int fd, int n, int threads)
{
	struct vctx_set_init si = { 0 };
	char path[128], name[VCTX_NAME_LEN];
	int i, cg, ret;
	pid_t pid;

	mkdir(CG, 0755);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), CG "/c%d", i);
		snprintf(name, sizeof(name), "procbench-%d", i);
		cg = cg_make(path);
		if (cg < 0) {
			fprintf(stderr, "%s: %s\n", path, strerror(-cg));
			return i;
		}
		ret = vctx_create_in(fd, cg, XID_BASE + i, name, VCTX_F_PERSISTENT, NULL);
		pid = ret ? -1 : spawn_init(cg, threads);
		close(cg);
		si.xid = XID_BASE + i;
		si.pid = pid;
		if (!ret && pid < 0)
			ret = -errno;
		if (!ret && ioctl(fd, VCTX_IOC_SET_INIT, &si))
			ret = -errno;
		if (ret) {
			fprintf(stderr, "context %d: %s\n", i, strerror(-ret));
			return i;
		}
	}
	return n;
}

static int drop_contexts(int fd, int n)
{
	char path[128], kill_file[160];
	int i, done = 0;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), CG "/c%d", i);
		snprintf(kill_file, sizeof(kill_file), "%s/cgroup.kill", path);
		if (access(path, F_OK))
			continue;
		if (write_file(kill_file, "1") == 0 && cg_wait_unpopulated(path) == 0 &&
		    vctx_destroy_xid(fd, XID_BASE + i) == 0 && rmdir(path) == 0)
			done++;
	}
	rmdir(CG);
	return done;
}

int main(int argc, char **argv)
{
	int i, fd, done;

	if (argc >= 3 && !strcmp(argv[1], "read")) {
		for (i = 2; i < argc; i++) {
			char *eq = strchr(argv[i], '=');

			if (!eq)
				break;
			*eq = '\0';
			report(argv[i], op_read, eq + 1, 500);
		}
		return i == argc ? 0 : 2;
	}
	if (argc == 2 && !strcmp(argv[1], "call")) {
		report("sysinfo", op_sysinfo, NULL, 5000);
		report("sched_getaffinity", op_affinity, NULL, 5000);
		return 0;
	}
	if ((argc == 4 && !strcmp(argv[1], "contexts")) || (argc == 3 && !strcmp(argv[1], "drop"))) {
		fd = vctx_open();
		if (fd < 0) {
			fprintf(stderr, "%s: %s\n", VCTX_DEVICE_PATH, strerror(-fd));
			return 1;
		}
		if (argv[1][0] == 'c') {
			signal(SIGCHLD, SIG_IGN);
			done = make_contexts(fd, atoi(argv[2]), atoi(argv[3]));
		} else {
			done = drop_contexts(fd, atoi(argv[2]));
		}
		close(fd);
		printf("%d\n", done);
		return done == atoi(argv[2]) ? 0 : 1;
	}
	fprintf(stderr, "usage: procbench read NAME=PATH... | call | contexts N THREADS | drop N\n");
	return 2;
}
