// SPDX-License-Identifier: GPL-2.0
/*
 * hog: the resource consumers the limit tests run inside contexts.
 *
 *   hog spin THREADS SECONDS  burn THREADS CPUs for SECONDS (0: forever)
 *   hog work LOOPS            a fixed amount of CPU work; prints the
 *                             wall-clock milliseconds it took
 *   hog holdwatch SECONDS     a busy child watched by its parent: prints
 *                             "clean" when no stop or continue ever
 *                             reached either (waitid(WSTOPPED|WCONTINUED),
 *                             a SIGCONT handler), else what was seen
 *   hog forks MAX             fork sleeping children until MAX or a fork
 *                             fails; prints "N errno-name"
 *   hog bomb                  a fork bomb: every process forks for ever; a
 *                             failed fork is retried after 100 ms, so the
 *                             task table stays full without burning the CPU
 *   hog mem MIB               touch MIB MiB of memory, then print "done"
 *   hog killprobe PID N       kill(PID, 0) N times; prints how many failed
 *                             with EPERM (a denied event each)
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vctx_util.h"

static volatile sig_atomic_t conts;

static void *burn(void *arg)
{
	volatile unsigned long n = 0;
	double end = *(double *)arg;

	for (;;) {
		n++;
		if (!(n & 0xfffff) && end && now_s() >= end)
			break;
	}
	return NULL;
}

static int spin(int threads, int seconds)
{
	static double end;
	pthread_t t;
	int i;

	end = seconds ? now_s() + seconds : 0;
	for (i = 1; i < threads; i++)
		if (pthread_create(&t, NULL, burn, &end))
			return 1;
	burn(&end);
	return 0;
}

static int work(unsigned long loops)
{
	volatile unsigned long x = 0;
	double start = now_s();
	unsigned long i;

	for (i = 0; i < loops; i++)
		x += i ^ (x >> 3);
	printf("%.0f\n", (now_s() - start) * 1000);
	return 0;
}

static void on_cont(int sig)
{
	(void)sig;
	conts++;
}

static int holdwatch(int seconds)
{
	double end = now_s() + seconds;
	struct sigaction sa;
	siginfo_t si;
	pid_t child;
	int stops = 0, continues = 0, status;
	int pipefd[2];
	char report[32];
	ssize_t n;

	if (pipe(pipefd))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_cont;
		sigaction(SIGCONT, &sa, NULL);
		close(pipefd[0]);
		while (now_s() < end)
			;
		n = snprintf(report, sizeof(report), "%d", (int)conts);
		if (write(pipefd[1], report, (size_t)n) != n)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, child, &si, WSTOPPED | WCONTINUED | WEXITED) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (si.si_code == CLD_STOPPED)
			stops++;
		else if (si.si_code == CLD_CONTINUED)
			continues++;
		else
			break;
	}
	n = read(pipefd[0], report, sizeof(report) - 1);
	report[n > 0 ? n : 0] = '\0';
	status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	if (!stops && !continues && !conts && !strcmp(report, "0") && status == 0)
		printf("clean\n");
	else
		printf("stops %d continues %d parent-sigcont %d child-sigcont %s status %d\n",
		       stops, continues, (int)conts, report, status);
	return 0;
}

static void bomb(void) __attribute__((noreturn));
static void bomb(void)
{
	const struct timespec pause_ts = { 0, 100 * 1000 * 1000 };

	for (;;)
		if (fork() < 0)
			nanosleep(&pause_ts, NULL);
}

static int forks(int max)
{
	pid_t *pids = calloc((size_t)max + 1, sizeof(*pids));
	int n = 0, err = 0, i;

	if (!pids)
		return 1;
	while (n < max) {
		pids[n] = fork();
		if (pids[n] < 0) {
			err = errno;
			break;
		}
		if (pids[n] == 0) {
			pause();
			_exit(0);
		}
		n++;
	}
	printf("%d %s\n", n, err ? strerrorname_np(err) : "none");
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	free(pids);
	return 0;
}

static int mem(long mib)
{
	size_t len = (size_t)mib << 20, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < len; i += 4096)
		p[i] = 1;
	printf("done\n");
	return 0;
}

static int killprobe(pid_t pid, long n)
{
	long i, denied = 0;

	for (i = 0; i < n; i++)
		if (kill(pid, 0) && errno == EPERM)
			denied++;
	printf("%ld\n", denied);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "spin"))
		return spin(atoi(argv[2]), atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "work"))
		return work(strtoul(argv[2], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "holdwatch"))
		return holdwatch(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "forks"))
		return forks(atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "bomb"))
		bomb();
	if (argc == 3 && !strcmp(argv[1], "mem"))
		return mem(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "killprobe"))
		return killprobe(atoi(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: hog spin THREADS SECONDS | work LOOPS | holdwatch SECONDS | forks MAX | bomb | mem MIB | killprobe PID N\n");
	return 2;
}
