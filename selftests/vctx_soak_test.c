// SPDX-License-Identifier: GPL-2.0
/*
 * Soak: contexts created and destroyed by several processes at once, many
 * times over, and every setter and getter called at full rate against
 * contexts that come and go under it. vctx.ko must leak nothing (the
 * kernel's unreclaimable slab and vctx.ko's vmalloc areas come back to
 * where they were) and answer every call with success or a documented
 * error; the runner checks that the kernel log stays clean (KASAN, lockdep
 * and the other checkers of make check-debug report there), and on a
 * kernel with kmemleak, kmemleak_check.sh looks for vctx.ko's leaks once
 * the whole suite has run.
 *
 * VCTX_SOAK_CYCLES sets the create/destroy cycles (default 2000, make check;
 * make check-debug runs 10000). Runs inside the test VM as root with
 * vctx.ko loaded.
 */
#include <dirent.h>
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

/*
 * Every slab cache shrunk (kmem_cache_shrink through SLUB's sysfs): the
 * empty slabs SLUB keeps per CPU go back to the page allocator, and on a
 * KASAN kernel the objects its quarantine holds back from reuse are
 * released first (kasan_cache_shrink). Without it the quarantine, which
 * grows to a share of RAM, reads as a leak on make check-debug's kernel.
 */
static void shrink_slab_caches(void)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/sys/kernel/slab");

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", d->d_name);
		write_file(path, "1");
	}
	closedir(dir);
}

static long long vctx_memory(void)
{
	long long slab, vm;

	shrink_slab_caches();
	slab = slab_unreclaimable();
	vm = vctx_vmalloc();

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
}

/* The setters' and getters' calls, in the order a round makes them. */
enum soak_call {
	C_SET_FLAGS, C_SET_CAPS, C_SET_SCHED, C_GET_SCHED, C_SCHED_OFF, C_SET_PROC,
	C_LIST_PROC, C_REMOVE_PROC, C_SET_NET, C_GET_NET, C_CLEAR_NET, C_SET_SOCKFAM,
	C_GET_SOCKFAM, C_SET_VIRT, C_GET_VIRT, C_INFO, C_LIST, C_CALLS
};

static const char *const soak_call_name[C_CALLS] = {
	"SET_FLAGS", "SET_CAPS", "SET_SCHED", "GET_SCHED", "SET_SCHED off", "SET_PROC",
	"LIST_PROC", "SET_PROC remove", "SET_NET", "GET_NET", "SET_NET clear",
	"SET_SOCKFAM", "GET_SOCKFAM", "SET_VIRT", "GET_VIRT", "INFO", "LIST"
};

/* What one setter made of its calls, sent to the test through a pipe. */
struct soak_tally {
	long calls;
	long ok[C_CALLS];
};

/*
 * A well-formed call on a context that the churner may be destroying has
 * two right answers: done, or ENOENT (gone, or not there yet). The CPU
 * limiter's also EOPNOTSUPP, when the cgroup lacks the cpu controller.
 * Anything else is a bug, returned as the errno.
 */
static int call(int fd, enum soak_call c, unsigned long cmd, void *arg, struct soak_tally *t)
{
	bool sched = c == C_SET_SCHED || c == C_GET_SCHED || c == C_SCHED_OFF;

	t->calls++;
	if (!ioctl(fd, cmd, arg)) {
		t->ok[c]++;
		return 0;
	}
	if (errno == ENOENT || (sched && errno == EOPNOTSUPP))
		return 0;
	return errno;
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
 * until the churner is done (its pid gone). The tally goes to the pipe
 * @out. Exit status 0, or the errno of an unexpected answer.
 */
static int setter(int w, int out, pid_t churner)
{
	struct vctx_net_addr addrs[2], got[VCTX_NET_ADDRS_MAX];
	struct vctx_proc_entry entries[8];
	struct vctx_info infos[16];
	struct soak_tally t = { 0 };
	unsigned int seed = w;
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

		err = call(fd, C_SET_FLAGS, VCTX_IOC_SET_FLAGS, &fl, &t) ?:
		      call(fd, C_SET_CAPS, VCTX_IOC_SET_CAPS, &caps, &t) ?:
		      call(fd, C_SET_SCHED, VCTX_IOC_SET_SCHED, &sc, &t) ?:
		      call(fd, C_GET_SCHED, VCTX_IOC_GET_SCHED, &si, &t) ?:
		      call(fd, C_SCHED_OFF, VCTX_IOC_SET_SCHED, &off, &t) ?:
		      call(fd, C_SET_PROC, VCTX_IOC_SET_PROC, &ps, &t) ?:
		      call(fd, C_LIST_PROC, VCTX_IOC_LIST_PROC, &pl, &t) ?:
		      call(fd, C_REMOVE_PROC, VCTX_IOC_SET_PROC, &pr, &t) ?:
		      call(fd, C_SET_NET, VCTX_IOC_SET_NET, &ns, &t) ?:
		      call(fd, C_GET_NET, VCTX_IOC_GET_NET, &ni, &t) ?:
		      call(fd, C_CLEAR_NET, VCTX_IOC_SET_NET, &nclear, &t) ?:
		      call(fd, C_SET_SOCKFAM, VCTX_IOC_SET_SOCKFAM, &sf, &t) ?:
		      call(fd, C_GET_SOCKFAM, VCTX_IOC_GET_SOCKFAM, &sg, &t) ?:
		      call(fd, C_SET_VIRT, VCTX_IOC_SET_VIRT, &v, &t) ?:
		      call(fd, C_GET_VIRT, VCTX_IOC_GET_VIRT, &vg, &t) ?:
		      call(fd, C_INFO, VCTX_IOC_INFO, &info, &t) ?:
		      call(fd, C_LIST, VCTX_IOC_LIST, &l, &t);
	}
	if (write(out, &t, sizeof(t)) != sizeof(t))
		return 31;
	close(fd);
	return err;
}

/*
 * The setters race the churner's destroys: a call finds its context,
 * the context is destroyed under it, and the call must still answer
 * cleanly (the kernel log is checked by the runner; KASAN and lockdep
 * watch on the debug kernel). Every call must also have been done at
 * least once, on a live context: ENOENT for all would test nothing.
 */
TEST_F_TIMEOUT(soak, setters_race_create_and_destroy, 3600)
{
	long rounds = soak_cycles() / CHURN_XIDS + 1, calls = 0;
	long ok[C_CALLS] = { 0 };
	struct soak_tally t;
	pid_t churner, setters[SOAK_WORKERS - 1];
	char dir[PATH_MAX];
	int p[2], w, c, status;

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
	while (read(p[0], &t, sizeof(t)) == sizeof(t)) {
		calls += t.calls;
		for (c = 0; c < C_CALLS; c++)
			ok[c] += t.ok[c];
	}
	close(p[0]);
	TH_LOG("%ld rounds of %d contexts, %ld setter and getter calls", rounds, CHURN_XIDS, calls);
	for (c = 0; c < C_CALLS; c++)
		EXPECT_LT(0, ok[c]) TH_LOG("%s never found its context live", soak_call_name[c]);
	EXPECT_EQ(0, vctx_total(self->fd));
	rmdir(dir);
}

TEST_HARNESS_MAIN
