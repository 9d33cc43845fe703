// SPDX-License-Identifier: GPL-2.0
/*
 * Soak: contexts created and destroyed by several processes at once, many
 * times over, and every setter and getter called at full rate against
 * contexts that come and go under it. vctx.ko must leak nothing (the
 * kernel's unreclaimable slab and vctx.ko's vmalloc areas come back to
 * where they were; on a kernel with kmemleak, no leak reported with vctx.ko
 * in its backtrace) and answer every call with success or a documented
 * error; the runner checks that the kernel log stays clean (KASAN, lockdep
 * and the other checkers of make check-debug report there).
 *
 * VCTX_SOAK_CYCLES sets the create/destroy cycles (default 2000, make check;
 * make check-debug runs 10000). Runs inside the test VM as root with
 * vctx.ko loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vctx.h>

#include "kselftest_harness.h"
#include "vctx_util.h"

#define SOAK_WORKERS 4
/* The static xids the setters aim at, churned by their own worker. */
#define CHURN_XID0 3000
#define CHURN_XIDS 8
#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static long soak_cycles(void)
{
	const char *s = getenv("VCTX_SOAK_CYCLES");
	long n = s ? strtol(s, NULL, 10) : 0;

	return n > 0 ? n : 2000;
}

/* SUnreclaim of /proc/meminfo, in bytes; -1 when it cannot be read. */
static long long slab_unreclaimable(void)
{
	char line[256];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SUnreclaim: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* The bytes of the vmalloc areas that vctx.ko allocated. */
static long long vctx_vmalloc(void)
{
	char line[512];
	long long sum = 0, size;
	FILE *f = fopen("/proc/vmallocinfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[vctx]") && sscanf(line, "%*s %lld", &size) == 1)
			sum += size;
	fclose(f);
	return sum;
}

static long long vctx_memory(void)
{
	long long slab = slab_unreclaimable(), vm = vctx_vmalloc();

	return slab < 0 || vm < 0 ? -1 : slab + vm;
}

/*
 * Worker @w: @cycles contexts created in its own cgroup, looked up and
 * destroyed, one after the other. Exit status 0, or the step that failed.
 */
static int churn_worker(int w, const char *base, long cycles)
{
	char dir[PATH_MAX], name[VCTX_NAME_LEN];
	int fd = vctx_open(), cgfd;
	long i;

	snprintf(dir, sizeof(dir), "%s/w%d", base, w);
	cgfd = cg_make(dir);
	if (fd < 0 || cgfd < 0)
		return 10;
	for (i = 0; i < cycles; i++) {
		struct vctx_info info;
		__u32 xid;

		snprintf(name, sizeof(name), "soak-%d-%ld", w, i);
		if (vctx_create_in(fd, cgfd, 0, name, 0, &xid))
			return 11;
		if (vctx_info_xid(fd, xid, &info) || strcmp(info.name, name))
			return 12;
		if (vctx_destroy_xid(fd, xid))
			return 13;
	}
	close(cgfd);
	close(fd);
	return rmdir(dir) ? 14 : 0;
}

/* Run @fn in SOAK_WORKERS processes at once; 0 when every one exited 0. */
static int run_workers(struct __test_metadata *_metadata, const char *base, long per_worker,
		       int (*fn)(int, const char *, long))
{
	pid_t pids[SOAK_WORKERS];
	int w, status, failed = 0;

	for (w = 0; w < SOAK_WORKERS; w++) {
		pids[w] = fork();
		if (pids[w] < 0)
			return -errno;
		if (pids[w] == 0)
			_exit(fn(w, base, per_worker));
	}
	for (w = 0; w < SOAK_WORKERS; w++) {
		if (waitpid(pids[w], &status, 0) != pids[w])
			return -errno;
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			TH_LOG("worker %d: status %#x", w, status);
			failed = 1;
		}
	}
	return failed;
}

/*
 * kmemleak reports an object only once it is older than its minimum age
 * (5 s, MSECS_MIN_AGE in mm/kmemleak.c) and was found unreferenced by a
 * scan: scan, and scan again once every object of the soak is past that
 * age. Returns the number of reports with vctx.ko in their backtrace, or
 * -1 when this kernel has no kmemleak.
 */
static int kmemleak_vctx_reports(double soak_end)
{
	char line[512];
	int reports = 0, in_vctx = 0;
	FILE *f;

	if (access(KMEMLEAK, W_OK))
		return -1;
	while (now_s() < soak_end + 6)
		usleep(200 * 1000);
	if (write_file(KMEMLEAK, "scan") || write_file(KMEMLEAK, "scan"))
		return -1;
	f = fopen(KMEMLEAK, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "unreferenced object", 19)) {
			reports += in_vctx;
			in_vctx = 0;
		} else if (strstr(line, "[vctx]")) {
			in_vctx = 1;
		}
		if (in_vctx)
			fputs(line, stderr);
	}
	fclose(f);
	return reports + in_vctx;
}

FIXTURE(soak) {
	int fd;
	char base[128];
};

FIXTURE_SETUP(soak)
{
	self->fd = vctx_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", VCTX_DEVICE_PATH, strerror(-self->fd));
	ASSERT_EQ(0, vctx_total(self->fd)) TH_LOG("contexts left over by an earlier test");
	snprintf(self->base, sizeof(self->base), CG_ROOT "/vctx-soak-%d", getpid());
	ASSERT_EQ(0, mkdir(self->base, 0755));
	/* Earlier leaks are not this test's: forget what kmemleak holds. */
	if (!access(KMEMLEAK, W_OK))
		write_file(KMEMLEAK, "clear");
}

FIXTURE_TEARDOWN(soak)
{
	char dir[PATH_MAX];
	int w;

	for (w = 0; w < SOAK_WORKERS; w++) {
		snprintf(dir, sizeof(dir), "%s/w%d", self->base, w);
		rmdir(dir);
	}
	rmdir(self->base);
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * The cycles run after a warm-up (a fifth of them) that fills the slab
 * caches the module shares with the kernel; memory must then come back to
 * the warm-up's level, within 256 KiB (per-CPU slab pages, RCU-deferred
 * frees still pending), so a leak of 128 bytes a cycle fails 2000 cycles.
 */
TEST_F_TIMEOUT(soak, create_destroy_from_several_processes_leaks_nothing, 3600)
{
	long cycles = soak_cycles(), per_worker = cycles / SOAK_WORKERS;
	const long long slack = 256 * 1024;
	long long before, after = -1;
	double deadline, end;
	int leaks;

	ASSERT_EQ(0, run_workers(_metadata, self->base, per_worker / 5 + 1, churn_worker));
	before = vctx_memory();
	ASSERT_LE(0, before);
	ASSERT_EQ(0, run_workers(_metadata, self->base, per_worker, churn_worker));
	end = now_s();
	EXPECT_EQ(0, vctx_total(self->fd));
	/* RCU callbacks free the last contexts' parts: wait for them, bounded. */
	for (deadline = end + 10; now_s() < deadline; usleep(100 * 1000)) {
		after = vctx_memory();
		if (after >= 0 && after <= before + slack)
			break;
	}
	TH_LOG("%ld cycles by %d processes: memory %+lld bytes", per_worker * SOAK_WORKERS,
	       SOAK_WORKERS, after - before);
	EXPECT_LE(after, before + slack)
		TH_LOG("memory grew by %lld bytes over %ld cycles", after - before, cycles);
	leaks = kmemleak_vctx_reports(end);
	if (leaks >= 0)
		EXPECT_EQ(0, leaks) TH_LOG("kmemleak: %d leaks in vctx.ko (above)", leaks);
}

/* Every error a setter or getter may answer a well-formed call with. */
static bool expected_errno(int e)
{
	switch (e) {
	case ENOENT:		/* the context is gone, or not there yet */
	case EINVAL:		/* a combination the module refuses */
	case EBUSY:
	case EOPNOTSUPP:	/* a controller missing in the cgroup */
		return true;
	}
	return false;
}

static int call(int fd, unsigned long cmd, void *arg, long *calls)
{
	++*calls;
	if (!ioctl(fd, cmd, arg))
		return 0;
	return expected_errno(errno) ? 0 : errno;
}

/* Worker 0: the static xids created and destroyed, round after round. */
static int xid_churner(const char *base, long rounds)
{
	char dir[PATH_MAX], name[VCTX_NAME_LEN];
	int fd = vctx_open(), cgfd[CHURN_XIDS], i;
	long r;

	if (fd < 0)
		return 20;
	for (i = 0; i < CHURN_XIDS; i++) {
		snprintf(dir, sizeof(dir), "%s/w0/c%d", base, i);
		cgfd[i] = cg_make(dir);
		if (cgfd[i] < 0)
			return 21;
	}
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < CHURN_XIDS; i++) {
			snprintf(name, sizeof(name), "churn-%d", i);
			if (vctx_create_in(fd, cgfd[i], CHURN_XID0 + i, name, 0, NULL))
				return 22;
		}
		for (i = 0; i < CHURN_XIDS; i++)
			if (vctx_destroy_xid(fd, CHURN_XID0 + i))
				return 23;
	}
	for (i = 0; i < CHURN_XIDS; i++) {
		close(cgfd[i]);
		snprintf(dir, sizeof(dir), "%s/w0/c%d", base, i);
		rmdir(dir);
	}
	return 0;
}

/*
 * Workers 1..: every setter and getter on those xids, with valid fields,
 * until the churner is done (its pid gone). The call count goes to the
 * pipe @out. Exit status 0, or the errno of an unexpected answer.
 */
static int setter(int w, int out, pid_t churner)
{
	struct vctx_net_addr addrs[2], got[VCTX_NET_ADDRS_MAX];
	struct vctx_proc_entry entries[8];
	struct vctx_info infos[16];
	unsigned int seed = w;
	long calls = 0;
	int fd = vctx_open(), err = 0;

	if (fd < 0)
		return 30;
	memset(addrs, 0, sizeof(addrs));
	addrs[0].family = 2;
	addrs[0].prefix = 24;
	memcpy(addrs[0].addr, "\x0a\x63\x00\x01", 4);		/* 10.99.0.1 */
	addrs[1].family = 10;
	addrs[1].prefix = 64;
	memcpy(addrs[1].addr, "\xfd\x00\x00\x63\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	while (!err && kill(churner, 0) == 0) {
		__u32 xid = CHURN_XID0 + rand_r(&seed) % CHURN_XIDS;
		struct vctx_set_flags fl = { .xid = xid };
		struct vctx_set_caps caps = { .xid = xid, .cap_bset = VU_CAP_BSET };
		struct vctx_set_sched sc = { .xid = xid, .mode = VCTX_SCHED_HARD, .fill_rate = 1,
					     .interval = 100, .tokens_max = 100, .tokens_min = 10 };
		struct vctx_set_sched off = { .xid = xid };
		struct vctx_sched_info si = { .xid = xid };
		struct vctx_proc_set ps = { .xid = xid, .flags = VCTX_PROC_HIDE, .path = "uptime" };
		struct vctx_proc_set pr = { .xid = xid, .op = VCTX_PROC_OP_REMOVE, .path = "uptime" };
		struct vctx_proc_list pl = { .xid = xid, .count = 8, .entry_size = sizeof(entries[0]),
					     .entries = (__u64)(uintptr_t)entries };
		struct vctx_net_set ns = { .xid = xid, .count = 2, .addr_size = sizeof(addrs[0]),
					   .addrs = (__u64)(uintptr_t)addrs };
		struct vctx_net_set nclear = { .xid = xid, .addr_size = sizeof(addrs[0]) };
		struct vctx_net_info ni = { .xid = xid, .count = VCTX_NET_ADDRS_MAX,
					    .addr_size = sizeof(got[0]),
					    .addrs = (__u64)(uintptr_t)got };
		struct vctx_sockfam sf = { .xid = xid, .families = { VCTX_SOCKFAM_DEFAULT } };
		struct vctx_sockfam sg = { .xid = xid };
		struct vctx_virt v = { .xid = xid, .virt = VCTX_VIRT_MEM | VCTX_VIRT_LOAD };
		struct vctx_virt vg = { .xid = xid };
		struct vctx_info info = { .xid = xid, .lookup = VCTX_LOOKUP_XID };
		struct vctx_list l = { .count = 16, .entry_size = sizeof(infos[0]),
				       .entries = (__u64)(uintptr_t)infos };

		err = call(fd, VCTX_IOC_SET_FLAGS, &fl, &calls) ?:
		      call(fd, VCTX_IOC_SET_CAPS, &caps, &calls) ?:
		      call(fd, VCTX_IOC_SET_SCHED, &sc, &calls) ?:
		      call(fd, VCTX_IOC_GET_SCHED, &si, &calls) ?:
		      call(fd, VCTX_IOC_SET_SCHED, &off, &calls) ?:
		      call(fd, VCTX_IOC_SET_PROC, &ps, &calls) ?:
		      call(fd, VCTX_IOC_LIST_PROC, &pl, &calls) ?:
		      call(fd, VCTX_IOC_SET_PROC, &pr, &calls) ?:
		      call(fd, VCTX_IOC_SET_NET, &ns, &calls) ?:
		      call(fd, VCTX_IOC_GET_NET, &ni, &calls) ?:
		      call(fd, VCTX_IOC_SET_NET, &nclear, &calls) ?:
		      call(fd, VCTX_IOC_SET_SOCKFAM, &sf, &calls) ?:
		      call(fd, VCTX_IOC_GET_SOCKFAM, &sg, &calls) ?:
		      call(fd, VCTX_IOC_SET_VIRT, &v, &calls) ?:
		      call(fd, VCTX_IOC_GET_VIRT, &vg, &calls) ?:
		      call(fd, VCTX_IOC_INFO, &info, &calls) ?:
		      call(fd, VCTX_IOC_LIST, &l, &calls);
	}
	if (write(out, &calls, sizeof(calls)) != sizeof(calls))
		return 31;
	close(fd);
	return err;
}

/*
 * The setters race the churner's destroys: a call finds its context,
 * the context is destroyed under it, and the call must still answer
 * cleanly (the kernel log is checked by the runner; KASAN and lockdep
 * watch on the debug kernel).
 */
TEST_F_TIMEOUT(soak, setters_race_create_and_destroy, 3600)
{
	long rounds = soak_cycles() / CHURN_XIDS + 1, calls = 0, n;
	pid_t churner, setters[SOAK_WORKERS - 1];
	char dir[PATH_MAX];
	int p[2], w, status;

	snprintf(dir, sizeof(dir), "%s/w0", self->base);
	ASSERT_EQ(0, mkdir(dir, 0755));
	ASSERT_EQ(0, pipe(p));
	churner = fork();
	ASSERT_LE(0, churner);
	if (churner == 0)
		_exit(xid_churner(self->base, rounds));
	for (w = 0; w < SOAK_WORKERS - 1; w++) {
		setters[w] = fork();
		ASSERT_LE(0, setters[w]);
		if (setters[w] == 0)
			_exit(setter(w + 1, p[1], churner));
	}
	close(p[1]);
	ASSERT_EQ(churner, waitpid(churner, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) TH_LOG("churner: status %#x", status);
	for (w = 0; w < SOAK_WORKERS - 1; w++) {
		ASSERT_EQ(setters[w], waitpid(setters[w], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("setter %d: status %#x (an errno: %s)", w + 1, status,
			       strerror(WEXITSTATUS(status)));
	}
	while (read(p[0], &n, sizeof(n)) == sizeof(n))
		calls += n;
	close(p[0]);
	TH_LOG("%ld rounds of %d contexts, %ld setter and getter calls", rounds, CHURN_XIDS, calls);
	EXPECT_LT(0, calls);
	EXPECT_EQ(0, vctx_total(self->fd));
	rmdir(dir);
}

TEST_HARNESS_MAIN
