// SPDX-License-Identifier: GPL-2.0
/*
 * /proc and sysinfo virtualization (SPEC 3.8): what a context's tasks read
 * of memory, swap, uptime, load and CPUs is their context's, by the
 * context's VCTX_VIRT_* flags; the host and the spectator read the host's.
 *
 * Three ways in, none calling the kernel through a pointer the module
 * looked up (IBT, KERNEL-NOTES.md):
 *   show functions  meminfo_proc_show, show_stat, uptime_proc_show,
 *                   loadavg_proc_show, show_cpus_attr, swap_show: for a
 *                   reader in a context the hook sends the call to the
 *                   module's own show function with the same arguments.
 *                   For meminfo and stat that function has the kernel
 *                   write the host's text first, through the seq_file's
 *                   own show (m->op->show, a pointer the kernel holds)
 *                   with a @v of the module's, which the hook lets
 *                   through: it cannot loop. It then rewrites the lines it
 *                   virtualizes in place, labels and widths kept, every
 *                   other line as the kernel wrote it. For swaps it writes
 *                   the header and the context's one line.
 *   kretprobes      si_swapinfo (all of sysinfo(2), and meminfo's Swap
 *                   lines), show_cpuinfo (one CPU's block: dropped, or
 *                   renumbered) and sched_getaffinity: the result the
 *                   kernel filled is corrected on return, from page
 *                   counters and the context's own fields (atomic context:
 *                   nothing that sleeps). Their entry handlers arm no
 *                   return handler for a reader that reads the host's.
 *   cpu.max         read in process context, kept a second
 *                   (struct vctx_cpumax); memory.stat likewise.
 *   a 5 s count     the load average: every LOAD_FREQ each context's
 *                   tasks (those of its pid namespace) are counted and
 *                   averaged with the kernel's own calc_load(); the cost
 *                   grows with the contexts' tasks, not the host's.
 */
#include <linux/cgroup.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/page_counter.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <asm/processor.h>

#include "cgfile.h"
#include "context.h"
#include "hook.h"
#include "registry.h"
#include "virt.h"

/* The @v of the module's own call of a show function: let through. */
static char vctx_virt_pass;

/* What of /proc/stat a context may read as its own. */
#define VCTX_VIRT_STAT	(VCTX_VIRT_CPU | VCTX_VIRT_UPTIME | VCTX_VIRT_LOAD)

/*
 * The reader's context when it reads @what as its own, under RCU: a
 * created context with a cgroup and the flag set.
 */
static struct vctx_context *notrace vctx_virt_ctx_rcu(u32 what)
{
	struct vctx_context *ctx = vctx_task_context_rcu(current);

	if (!ctx || vctx_is_builtin(ctx) || !ctx->cgrp || !(READ_ONCE(ctx->virt) & what))
		return NULL;
	return ctx;
}

/* The same, referenced (vctx_put() it), for show functions that sleep. */
static struct vctx_context *vctx_virt_ctx_get(u32 what)
{
	struct vctx_context *ctx;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(what);
	if (ctx)
		ctx = vctx_get(ctx);
	rcu_read_unlock();
	return ctx;
}

/* The boot time of @ctx: its init's birth, or 0 before it has one. */
static u64 notrace vctx_virt_boot_rcu(const struct vctx_context *ctx)
{
	struct pid *pid = READ_ONCE(ctx->init);
	struct task_struct *init = pid ? pid_task(pid, PIDTYPE_PID) : NULL;

	return init ? init->start_boottime : 0;
}

/* The CPUs @ctx may run on: its init's (its cpuset), else the reader's. */
static const struct cpumask *notrace vctx_virt_allowed_rcu(struct vctx_context *ctx)
{
	struct pid *pid = READ_ONCE(ctx->init);
	struct task_struct *init = pid ? pid_task(pid, PIDTYPE_PID) : NULL;

	return init ? init->cpus_ptr : current->cpus_ptr;
}

static struct workqueue_struct *vctx_virt_wq;

/* The lowest cpu.max share on @ctx's cgroup path, in 1/1000 CPU; 0: none. */
static u32 vctx_cpumax_read(struct vctx_context *ctx)
{
	struct cgroup *cg;
	u64 quota, period;
	u32 share = 0, s;
	unsigned int up;
	char buf[48];
	bool own;

	for (cg = ctx->cgrp, up = 0; cg && cgroup_parent(cg); cg = cgroup_parent(cg), up++) {
		/* Only a cgroup with the cpu controller has a cpu.max. */
		rcu_read_lock();
		own = rcu_access_pointer(cg->subsys[cpu_cgrp_id]);
		rcu_read_unlock();
		if (own && vctx_cgroup_read_above(ctx, up, "cpu.max", buf, sizeof(buf)) > 0 &&
		    sscanf(buf, "%llu %llu", &quota, &period) == 2 && period) {
			/* Kept below the CPUs there are: no u32 wraps, and no cap. */
			s = clamp_t(u64, div64_u64(quota * 1000, period), 1, nr_cpu_ids * 1000ULL);
			share = share ? min(share, s) : s;
		}
	}
	return share;
}

static void vctx_cpumax_refresh(struct work_struct *work)
{
	struct vctx_context *ctx = container_of(work, struct vctx_context, cpumax.work);

	WRITE_ONCE(ctx->cpumax.share, vctx_cpumax_read(ctx));
	WRITE_ONCE(ctx->cpumax.stamp, ktime_get_ns());
	clear_bit_unlock(0, &ctx->cpumax.queued);
	vctx_put(ctx);
}

/* @ctx's cpu.max share; a refresh is queued when it is a second old. */
static u32 notrace vctx_cpumax_share_rcu(struct vctx_context *ctx)
{
	u64 stamp = READ_ONCE(ctx->cpumax.stamp);

	if ((!stamp || ktime_get_ns() - stamp >= NSEC_PER_SEC) &&
	    !test_and_set_bit_lock(0, &ctx->cpumax.queued)) {
		if (vctx_get(ctx))
			queue_work(vctx_virt_wq, &ctx->cpumax.work);
		else
			clear_bit_unlock(0, &ctx->cpumax.queued);
	}
	return READ_ONCE(ctx->cpumax.share);
}

/*
 * The number of CPUs a reader of @ctx sees: those it may run on, capped at
 * the token bucket's share and cpu.max's, rounded up. 0: as many as the
 * host has online.
 */
static unsigned int notrace vctx_virt_cpus_rcu(struct vctx_context *ctx)
{
	u32 rate = READ_ONCE(ctx->sched.fill_rate);
	u32 interval = READ_ONCE(ctx->sched.interval);
	unsigned int n, share = 0, quota;

	n = cpumask_weight_and(vctx_virt_allowed_rcu(ctx), cpu_online_mask);
	if (READ_ONCE(ctx->sched.mode) != VCTX_SCHED_OFF && rate && interval)
		share = DIV_ROUND_UP(rate, interval);
	quota = DIV_ROUND_UP(vctx_cpumax_share_rcu(ctx), 1000);
	if (quota && (!share || quota < share))
		share = quota;
	if (share && share < n)
		n = share;
	return n && n < num_online_cpus() ? n : 0;
}

/*
 * The number a reader of @ctx sees host CPU @cpu as: its rank among the
 * first vctx_virt_cpus_rcu() CPUs the context may run on; -1 when it is
 * not one of them; -2 when the reader sees the host's CPUs as they are.
 */
static int notrace vctx_virt_cpu_rank_rcu(struct vctx_context *ctx, unsigned int cpu)
{
	unsigned int n = vctx_virt_cpus_rcu(ctx), c, rank = 0;

	if (!n)
		return -2;
	for_each_cpu_and(c, vctx_virt_allowed_rcu(ctx), cpu_online_mask) {
		if (rank == n)
			break;
		if (c == cpu)
			return rank;
		rank++;
	}
	return -1;
}

/*
 * Memory: page counters of the context's own memory cgroup, and the lowest
 * limits on its path.
 */
struct vctx_virt_mem {
	unsigned long max, usage, swap_max, swap_usage;
};

static bool notrace vctx_virt_mem_rcu(struct vctx_context *ctx, struct vctx_virt_mem *v)
{
	struct cgroup_subsys_state *css;
	struct mem_cgroup *memcg, *iter;

	/* Its own memory controller, or no figures of its own. */
	css = rcu_dereference(ctx->cgrp->subsys[memory_cgrp_id]);
	if (!css)
		return false;
	memcg = mem_cgroup_from_css(css);
	v->max = PAGE_COUNTER_MAX;
	v->swap_max = PAGE_COUNTER_MAX;
	for (iter = memcg; iter; iter = parent_mem_cgroup(iter)) {
		v->max = min(v->max, READ_ONCE(iter->memory.max));
		v->swap_max = min(v->swap_max, READ_ONCE(iter->swap.max));
	}
	v->usage = page_counter_read(&memcg->memory);
	v->swap_usage = page_counter_read(&memcg->swap);
	return true;
}

/* The memory.stat keys of struct vctx_memstat, in its order. */
enum {
	VCTX_MS_ACTIVE_ANON, VCTX_MS_INACTIVE_ANON, VCTX_MS_ACTIVE_FILE, VCTX_MS_INACTIVE_FILE,
	VCTX_MS_SHMEM, VCTX_MS_SRECLAIM, VCTX_MS_SUNRECLAIM, VCTX_MS_MAPPED, VCTX_MS_ANON,
	VCTX_MS_DIRTY, VCTX_MS_WRITEBACK, VCTX_MS_FILE,
	/* Then the figures made from the page counters. */
	VCTX_MF_TOTAL = VCTX_MEMSTAT_NR, VCTX_MF_FREE, VCTX_MF_AVAIL, VCTX_MF_NR
};

static const char *const vctx_memstat_keys[VCTX_MEMSTAT_NR] = {
	"active_anon", "inactive_anon", "active_file", "inactive_file", "shmem",
	"slab_reclaimable", "slab_unreclaimable", "file_mapped", "anon", "file_dirty",
	"file_writeback", "file",
};

/* memory.stat's text @stat (bytes) into @kb, by vctx_memstat_keys. */
static void vctx_memstat_parse(const char *stat, u64 *kb)
{
	const char *p = stat, *sp;
	size_t i;
	u64 v;

	memset(kb, 0, VCTX_MEMSTAT_NR * sizeof(*kb));
	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		sp = strchr(p, ' ');
		if (!sp || sscanf(sp + 1, "%llu", &v) != 1)
			continue;
		for (i = 0; i < VCTX_MEMSTAT_NR; i++)
			if (strlen(vctx_memstat_keys[i]) == sp - p &&
			    !strncmp(p, vctx_memstat_keys[i], sp - p))
				kb[i] = v >> 10;
	}
}

/*
 * @ctx's memory.stat figures into @kb: those kept, when they are less
 * than a second old; else read anew (struct vctx_memstat says why).
 */
static void vctx_memstat_get(struct vctx_context *ctx, u64 *kb)
{
	struct vctx_memstat *ms = &ctx->memstat;
	char *stat;
	u64 now;

	mutex_lock(&ms->lock);
	now = ktime_get_ns();	/* after the wait: a refresh made meanwhile counts */
	if (!ms->stamp || now - ms->stamp >= NSEC_PER_SEC) {
		stat = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (stat && vctx_cgroup_read(ctx, "memory.stat", stat, PAGE_SIZE) >= 0) {
			vctx_memstat_parse(stat, ms->kb);
			ms->stamp = now;
		}
		kfree(stat);
	}
	memcpy(kb, ms->kb, sizeof(ms->kb));
	mutex_unlock(&ms->lock);
}

/*
 * The meminfo figures of @ctx into @f (kB, by VCTX_MS_* and VCTX_MF_*).
 * False when it has no memory controller of its own, or no limit below the
 * host's memory: the host's figures stand.
 */
static bool vctx_mem_figures(struct vctx_context *ctx, u64 *f)
{
	struct vctx_virt_mem v;
	bool own;

	rcu_read_lock();
	own = vctx_virt_mem_rcu(ctx, &v);
	rcu_read_unlock();
	if (!own || v.max >= totalram_pages())
		return false;

	vctx_memstat_get(ctx, f);
	f[VCTX_MF_TOTAL] = (u64)v.max << (PAGE_SHIFT - 10);
	v.usage <<= PAGE_SHIFT - 10;
	f[VCTX_MF_FREE] = v.usage < f[VCTX_MF_TOTAL] ? f[VCTX_MF_TOTAL] - v.usage : 0;
	/* LXCFS's formula: what is free plus what reclaim would give back. */
	f[VCTX_MF_AVAIL] = min(f[VCTX_MF_TOTAL], f[VCTX_MF_FREE] + f[VCTX_MS_ACTIVE_FILE] +
			       f[VCTX_MS_INACTIVE_FILE] + f[VCTX_MS_SRECLAIM]);
	return true;
}

#define VCTX_MEMLINE(_key, _a, _b) { _key, sizeof(_key) - 1, _a, _b }
#define VCTX_MF_NONE VCTX_MF_NR

/*
 * meminfo's lines the module writes: the sum of one or two figures, or 0
 * for none (Buffers, SwapCached). MemTotal, MemFree and MemAvailable come
 * from one reading of the page counters, so the three agree.
 */
static const struct {
	const char *key;
	size_t len;
	u8 a, b;
} vctx_memlines[] = {
	VCTX_MEMLINE("MemTotal:", VCTX_MF_TOTAL, VCTX_MF_NONE),
	VCTX_MEMLINE("MemFree:", VCTX_MF_FREE, VCTX_MF_NONE),
	VCTX_MEMLINE("MemAvailable:", VCTX_MF_AVAIL, VCTX_MF_NONE),
	VCTX_MEMLINE("Buffers:", VCTX_MF_NONE, VCTX_MF_NONE),
	VCTX_MEMLINE("Cached:", VCTX_MS_FILE, VCTX_MF_NONE),
	VCTX_MEMLINE("SwapCached:", VCTX_MF_NONE, VCTX_MF_NONE),
	VCTX_MEMLINE("Active:", VCTX_MS_ACTIVE_ANON, VCTX_MS_ACTIVE_FILE),
	VCTX_MEMLINE("Inactive:", VCTX_MS_INACTIVE_ANON, VCTX_MS_INACTIVE_FILE),
	VCTX_MEMLINE("Active(anon):", VCTX_MS_ACTIVE_ANON, VCTX_MF_NONE),
	VCTX_MEMLINE("Inactive(anon):", VCTX_MS_INACTIVE_ANON, VCTX_MF_NONE),
	VCTX_MEMLINE("Active(file):", VCTX_MS_ACTIVE_FILE, VCTX_MF_NONE),
	VCTX_MEMLINE("Inactive(file):", VCTX_MS_INACTIVE_FILE, VCTX_MF_NONE),
	VCTX_MEMLINE("Dirty:", VCTX_MS_DIRTY, VCTX_MF_NONE),
	VCTX_MEMLINE("Writeback:", VCTX_MS_WRITEBACK, VCTX_MF_NONE),
	VCTX_MEMLINE("AnonPages:", VCTX_MS_ANON, VCTX_MF_NONE),
	VCTX_MEMLINE("Mapped:", VCTX_MS_MAPPED, VCTX_MF_NONE),
	VCTX_MEMLINE("Shmem:", VCTX_MS_SHMEM, VCTX_MF_NONE),
	VCTX_MEMLINE("KReclaimable:", VCTX_MS_SRECLAIM, VCTX_MF_NONE),
	VCTX_MEMLINE("Slab:", VCTX_MS_SRECLAIM, VCTX_MS_SUNRECLAIM),
	VCTX_MEMLINE("SReclaimable:", VCTX_MS_SRECLAIM, VCTX_MF_NONE),
	VCTX_MEMLINE("SUnreclaim:", VCTX_MS_SUNRECLAIM, VCTX_MF_NONE),
};

/*
 * Rewrite the host's text at @start of @m: a kB line is a 16-character
 * label, the number right-aligned in 8 and " kB" (show_val_kb()).
 */
#define VCTX_MEMINFO_LABEL	16
#define VCTX_MEMINFO_WIDTH	8

/* The figure for the meminfo line @line, or false to keep the line. */
static bool vctx_mem_line(const u64 *f, const char *line, u64 *v)
{
	const char *colon = memchr(line, ':', VCTX_MEMINFO_LABEL);
	size_t i, len;

	if (!colon)
		return false;
	len = colon - line + 1;
	for (i = 0; i < ARRAY_SIZE(vctx_memlines); i++) {
		if (vctx_memlines[i].len == len && !memcmp(line, vctx_memlines[i].key, len)) {
			*v = 0;
			if (vctx_memlines[i].a != VCTX_MF_NONE)
				*v += f[vctx_memlines[i].a];
			if (vctx_memlines[i].b != VCTX_MF_NONE)
				*v += f[vctx_memlines[i].b];
			return true;
		}
	}
	return false;
}

/*
 * @v right-aligned in the @width characters at @field, as "%*llu" would
 * write it (vsnprintf per line is most of a rewrite's cost). False, and
 * @field unchanged, when it does not fit, or when the field is wider than
 * @min (a host's number of more digits) and @v narrower: "%<min>llu" makes
 * a shorter field then.
 */
static bool vctx_put_number(char *field, size_t width, u64 v, size_t min)
{
	char digits[20];
	size_t n = 0;

	do {
		digits[n++] = '0' + v % 10;
		v /= 10;
	} while (v && n < sizeof(digits));
	if (n > width || (width > min && n < width))
		return false;
	memset(field, ' ', width - n);
	for (; n; n--)
		field[width - n] = digits[n - 1];
	return true;
}

/* Rewrite the host's meminfo text at @start of @m for a reader of @ctx. */
static void vctx_meminfo_rewrite(struct seq_file *m, size_t start, struct vctx_context *ctx)
{
	size_t len = m->count - start, pos, ll, width;
	char *text = m->buf + start, *line, *nl;
	u64 f[VCTX_MF_NR], v;
	bool in_place = true;

	if (!vctx_mem_figures(ctx, f))
		return;
	/*
	 * A context's figure is written over the host's number in place when
	 * it fills the field as the kernel's "%8lu" would; only a number
	 * narrower than a host's of more than 8 digits (a host of 100 GB or
	 * more) needs the text copied and rewritten.
	 */
	for (pos = 0; pos < len && in_place; pos += ll) {
		line = text + pos;
		nl = memchr(line, '\n', len - pos);
		ll = nl ? nl - line + 1 : len - pos;
		if (ll <= VCTX_MEMINFO_LABEL + 4 || memcmp(line + ll - 4, " kB\n", 4) ||
		    !vctx_mem_line(f, line, &v))
			continue;
		width = ll - VCTX_MEMINFO_LABEL - 4;
		in_place = vctx_put_number(line + VCTX_MEMINFO_LABEL, width, v, VCTX_MEMINFO_WIDTH);
	}
	if (in_place)
		return;
	text = kmemdup_nul(m->buf + start, len, GFP_KERNEL);
	if (!text)
		return;
	m->count = start;
	for (pos = 0; pos < len; pos += ll) {
		line = text + pos;
		nl = strchr(line, '\n');
		ll = nl ? nl - line + 1 : len - pos;
		if (ll > VCTX_MEMINFO_LABEL + 4 && !strncmp(line + ll - 4, " kB\n", 4) &&
		    vctx_mem_line(f, line, &v)) {
			seq_write(m, line, VCTX_MEMINFO_LABEL);
			seq_printf(m, "%*llu kB\n", VCTX_MEMINFO_WIDTH, v);
		} else {
			seq_write(m, line, ll);
		}
	}
	kfree(text);
}

/* USER_HZ ticks of @ns, as /proc/stat counts them (nsec_to_clock_t()). */
static u64 vctx_clock_t(u64 ns)
{
	return div_u64(ns, NSEC_PER_SEC / USER_HZ);
}

/* The user and system time @ctx's cgroups spent on @cpu, ns (rstat). */
static void notrace vctx_virt_cputime_rcu(struct vctx_context *ctx, unsigned int cpu,
					  u64 *user, u64 *sys)
{
	struct cgroup_subsys_state *pos;
	struct cgroup_rstat_cpu *rc;

	css_for_each_descendant_pre(pos, &ctx->cgrp->self) {
		rc = per_cpu_ptr(pos->cgroup->rstat_cpu, cpu);
		*user += READ_ONCE(rc->bstat.cputime.utime);
		*sys += READ_ONCE(rc->bstat.cputime.stime);
	}
}

/* The CPU time @ctx's cgroups have used on every CPU, ns (rstat, live). */
static u64 notrace vctx_virt_runtime_rcu(struct vctx_context *ctx)
{
	struct cgroup_subsys_state *pos;
	unsigned int cpu;
	u64 ns = 0;

	for_each_possible_cpu(cpu)
		css_for_each_descendant_pre(pos, &ctx->cgrp->self)
			ns += READ_ONCE(per_cpu_ptr(pos->cgroup->rstat_cpu,
						    cpu)->bstat.cputime.sum_exec_runtime);
	return ns;
}

/* One cpu line of /proc/stat: user, nice, system, idle, then six zeros. */
static void vctx_stat_cpu_line(struct seq_file *m, u64 user, u64 sys, u64 idle)
{
	seq_printf(m, " %llu 0 %llu %llu 0 0 0 0 0 0\n",
		   vctx_clock_t(user), vctx_clock_t(sys), vctx_clock_t(idle));
}

/*
 * The cpu lines of a context's /proc/stat: @n CPUs with the times @t
 * (user, system pairs) its cgroups spent, each idle for the rest of its
 * uptime @up, and their sum first.
 */
static void vctx_stat_cpus(struct seq_file *m, const u64 *t, unsigned int n, u64 up)
{
	u64 user = 0, sys = 0, idle = 0, busy;
	unsigned int i;

	for (i = 0; i < n; i++) {
		user += t[2 * i];
		sys += t[2 * i + 1];
		busy = t[2 * i] + t[2 * i + 1];
		idle += busy < up ? up - busy : 0;
	}
	seq_puts(m, "cpu ");
	vctx_stat_cpu_line(m, user, sys, idle);
	for (i = 0; i < n; i++) {
		busy = t[2 * i] + t[2 * i + 1];
		seq_printf(m, "cpu%u", i);
		vctx_stat_cpu_line(m, t[2 * i], t[2 * i + 1], busy < up ? up - busy : 0);
	}
}

/*
 * The times of @ctx's @n CPUs: what its cgroups spent on each online CPU,
 * folded onto @n (a capped context ran on more CPUs than it is shown).
 */
static u64 *vctx_stat_times(struct vctx_context *ctx, unsigned int n)
{
	unsigned int cpu, i = 0;
	u64 *t;

	t = kcalloc(2 * n, sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	rcu_read_lock();
	for_each_online_cpu(cpu) {
		vctx_virt_cputime_rcu(ctx, cpu, &t[2 * (i % n)], &t[2 * (i % n) + 1]);
		i++;
	}
	rcu_read_unlock();
	return t;
}

/*
 * Rewrite the host's /proc/stat text at @start of @m for a reader of @ctx:
 * its CPUs and their times (cpu), its boot (uptime), its tasks (load).
 * The interrupt, context switch, process and softirq lines stay the host's.
 */
static void vctx_stat_rewrite(struct seq_file *m, size_t start, struct vctx_context *ctx)
{
	size_t len = m->count - start, pos, ll;
	u64 now = ktime_get_boottime_ns(), boot, up, *t = NULL;
	u32 virt = READ_ONCE(ctx->virt);
	bool cpus_done = false;
	unsigned int n = 0;
	struct timespec64 bt;
	const char *line;
	char *text, *nl;

	rcu_read_lock();
	boot = virt & VCTX_VIRT_UPTIME ? vctx_virt_boot_rcu(ctx) : 0;
	if (virt & VCTX_VIRT_CPU)
		n = vctx_virt_cpus_rcu(ctx) ?: num_online_cpus();
	rcu_read_unlock();
	up = boot && boot < now ? now - boot : now;
	if (n) {
		t = vctx_stat_times(ctx, n);
		if (!t)
			return;
	}
	text = kmemdup_nul(m->buf + start, len, GFP_KERNEL);
	if (!text)
		goto out;
	getboottime64(&bt);
	m->count = start;
	for (pos = 0; pos < len; pos += ll) {
		line = text + pos;
		nl = strchr(line, '\n');
		ll = nl ? nl - line + 1 : len - pos;
		if (n && !strncmp(line, "cpu", 3)) {
			if (!cpus_done)
				vctx_stat_cpus(m, t, n, up);
			cpus_done = true;
		} else if (boot && !strncmp(line, "btime ", 6)) {
			seq_printf(m, "btime %llu\n", (u64)bt.tv_sec + div_u64(boot, NSEC_PER_SEC));
		} else if ((virt & VCTX_VIRT_LOAD) && !strncmp(line, "procs_running ", 14)) {
			/* The reader itself runs. */
			seq_printf(m, "procs_running %u\n", max(READ_ONCE(ctx->load.running), 1U));
		} else if ((virt & VCTX_VIRT_LOAD) && !strncmp(line, "procs_blocked ", 14)) {
			seq_printf(m, "procs_blocked %u\n", READ_ONCE(ctx->load.blocked));
		} else {
			seq_write(m, line, ll);
		}
	}
	kfree(text);
out:
	kfree(t);
}

/**
 * vctx_virt_rewrite_show() - a show function's stand-in that edits the host's text
 * @m: the reader's seq_file
 * @what: VCTX_VIRT_MEM (meminfo) or VCTX_VIRT_STAT (stat)
 *
 * The kernel writes the host's text first, through the seq_file's own show
 * (m->op->show, a pointer the kernel holds) with a @v of the module's, which
 * the hook lets through; the module then rewrites what the reader's context
 * reads as its own. Calls its rewriters directly: no pointer of the module's
 * choosing is called either.
 *
 * Return: what the kernel's show returned.
 */
static int vctx_virt_rewrite_show(struct seq_file *m, u32 what)
{
	struct vctx_context *ctx;
	size_t start = m->count;
	int ret;

	ret = m->op->show(m, &vctx_virt_pass);
	if (!ret && !seq_has_overflowed(m)) {
		ctx = vctx_virt_ctx_get(what);
		if (ctx && what == VCTX_VIRT_MEM)
			vctx_meminfo_rewrite(m, start, ctx);
		else if (ctx)
			vctx_stat_rewrite(m, start, ctx);
		if (ctx)
			vctx_put(ctx);
	}
	module_put(THIS_MODULE);
	return ret;
}

/* meminfo_proc_show()'s stand-in: the host's text, rewritten. */
static noinline int vctx_virt_meminfo_show(struct seq_file *m, void *v)
{
	return vctx_virt_rewrite_show(m, VCTX_VIRT_MEM);
}

/* show_stat()'s stand-in: the host's text, rewritten. */
static noinline int vctx_virt_stat_show(struct seq_file *m, void *v)
{
	return vctx_virt_rewrite_show(m, VCTX_VIRT_STAT);
}

/* "S.CC" of @ns, as /proc/uptime and /proc/loadavg print figures. */
static void vctx_seq_secs(struct seq_file *m, u64 ns, char end)
{
	struct timespec64 t = ns_to_timespec64(ns);

	seq_printf(m, "%llu.%02lu%c", (u64)t.tv_sec, t.tv_nsec / (NSEC_PER_SEC / 100), end);
}

/*
 * uptime_proc_show()'s stand-in: the context's boot is its init's birth;
 * idle is what its CPUs did not use for it since.
 */
static noinline int vctx_virt_uptime_show(struct seq_file *m, void *v)
{
	u64 now = ktime_get_boottime_ns(), boot = 0, used = 0, up, idle;
	struct vctx_context *ctx;
	unsigned int cpus = 0;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_UPTIME);
	if (ctx) {
		boot = vctx_virt_boot_rcu(ctx);
		if (READ_ONCE(ctx->virt) & VCTX_VIRT_CPU)
			cpus = vctx_virt_cpus_rcu(ctx);
		used = vctx_virt_runtime_rcu(ctx);
	}
	rcu_read_unlock();
	if (!cpus)
		cpus = num_online_cpus();
	up = boot && boot < now ? now - boot : now;
	idle = up * cpus;
	idle = idle > used ? idle - used : 0;
	vctx_seq_secs(m, up, ' ');
	vctx_seq_secs(m, idle, '\n');
	module_put(THIS_MODULE);
	return 0;
}

/*
 * loadavg_proc_show()'s stand-in: the kernel's format, the context's
 * averages and tasks; the last pid is the reader's pid namespace's, as the
 * kernel's own.
 */
static noinline int vctx_virt_loadavg_show(struct seq_file *m, void *v)
{
	struct vctx_context *ctx = vctx_virt_ctx_get(VCTX_VIRT_LOAD);
	unsigned long a[3] = { 0 };
	unsigned int running = 0, tasks = 0;
	int i;

	if (ctx) {
		for (i = 0; i < 3; i++)
			a[i] = READ_ONCE(ctx->load.avenrun[i]) + FIXED_1 / 200;
		running = READ_ONCE(ctx->load.running);
		tasks = READ_ONCE(ctx->load.tasks);
		vctx_put(ctx);
	}
	seq_printf(m, "%lu.%02lu %lu.%02lu %lu.%02lu %u/%u %d\n",
		   LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]), LOAD_FRAC(a[1]),
		   LOAD_INT(a[2]), LOAD_FRAC(a[2]), running, tasks,
		   idr_get_cursor(&task_active_pid_ns(current)->idr) - 1);
	module_put(THIS_MODULE);
	return 0;
}

/* show_cpus_attr()'s stand-in for "online": the context's CPUs, 0-N. */
static noinline ssize_t vctx_virt_cpus_show(struct device *dev, struct device_attribute *attr,
					    char *buf)
{
	struct vctx_context *ctx;
	unsigned int n = 0;
	ssize_t ret;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_CPU);
	if (ctx)
		n = vctx_virt_cpus_rcu(ctx);
	rcu_read_unlock();
	ret = n > 1 ? sysfs_emit(buf, "0-%u\n", n - 1) : sysfs_emit(buf, "0\n");
	module_put(THIS_MODULE);
	return ret;
}

/*
 * /proc/swaps. swap_show(m, v) writes the header (v is SEQ_START_TOKEN) or
 * one device's line. A reader whose context's swap limit is below the
 * host's swap sees the header and one line for that swap, as LXCFS shows
 * it, and no device. The devices are counted by walking the seq_file's own
 * iterator (m->op->next, the kernel's pointer), which needs no lock the
 * reader does not hold already: swap_start() took swapon_mutex.
 */
static unsigned long notrace vctx_swaps_host_pages(struct seq_file *m)
{
	struct swap_info_struct *si;
	unsigned long pages = 0;
	loff_t pos = 0;
	void *p = SEQ_START_TOKEN;

	while ((p = m->op->next(m, p, &pos))) {
		si = p;
		pages += si->pages;
	}
	return pages;
}

/* The context's swap pages for a reader of @m, or 0 when it has none of its own. */
static unsigned long notrace vctx_swaps_ctx_rcu(struct seq_file *m,
						struct vctx_context *ctx, unsigned long *used)
{
	unsigned long host;
	struct vctx_virt_mem v;

	if (!vctx_virt_mem_rcu(ctx, &v) || v.swap_max == PAGE_COUNTER_MAX)
		return 0;
	host = vctx_swaps_host_pages(m);
	if (v.swap_max >= host)
		return 0;
	*used = min(v.swap_usage, v.swap_max);
	return v.swap_max;
}

/* swap_show()'s stand-in: the header and the context's line, or nothing. */
static noinline int vctx_virt_swap_show(struct seq_file *m, void *v)
{
	unsigned long pages = 0, used = 0;
	struct vctx_context *ctx;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
		rcu_read_lock();
		ctx = vctx_virt_ctx_rcu(VCTX_VIRT_SWAP);
		if (ctx)
			pages = vctx_swaps_ctx_rcu(m, ctx, &used);
		rcu_read_unlock();
		pages <<= PAGE_SHIFT - 10;
		used <<= PAGE_SHIFT - 10;
		/* swap_show()'s format; "none" and "virtual" are LXCFS's words. */
		if (pages)
			seq_printf(m, "%-40s%s\t%lu\t%s%lu\t%s%d\n", "none", "virtual",
				   pages, pages < 10000000 ? "\t" : "",
				   used, used < 10000000 ? "\t" : "", 0);
	}
	module_put(THIS_MODULE);
	return 0;
}

/* swap_show(m, v) */
static void notrace vctx_virt_swaps_entry(unsigned long ip, unsigned long parent_ip,
					  struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct seq_file *m = (void *)vctx_hook_arg(fregs, 0);
	struct vctx_context *ctx;
	unsigned long used, pages = 0;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_SWAP);
	if (ctx)
		pages = vctx_swaps_ctx_rcu(m, ctx, &used);
	rcu_read_unlock();
	if (pages && try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, vctx_virt_swap_show);
}

/* Send a show function's call to @show when the reader reads @what as its context's. */
static void notrace vctx_virt_show_hook(struct ftrace_regs *fregs, u32 what, const void *show)
{
	bool virt;

	if ((void *)vctx_hook_arg(fregs, 1) == &vctx_virt_pass)
		return;		/* the call made by a stand-in of the module's */
	rcu_read_lock();
	virt = vctx_virt_ctx_rcu(what);
	rcu_read_unlock();
	if (virt && try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, show);
}

/* meminfo_proc_show(m, v) */
static void notrace vctx_virt_meminfo_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_virt_show_hook(fregs, VCTX_VIRT_MEM, vctx_virt_meminfo_show);
}

/* show_stat(m, v) */
static void notrace vctx_virt_stat_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_virt_show_hook(fregs, VCTX_VIRT_STAT, vctx_virt_stat_show);
}

/* uptime_proc_show(m, v) */
static void notrace vctx_virt_uptime_entry(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_virt_show_hook(fregs, VCTX_VIRT_UPTIME, vctx_virt_uptime_show);
}

/* loadavg_proc_show(m, v) */
static void notrace vctx_virt_loadavg_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_virt_show_hook(fregs, VCTX_VIRT_LOAD, vctx_virt_loadavg_show);
}

/* show_cpus_attr(dev, attr, buf): /sys/devices/system/cpu/{online,possible,present} */
static void notrace vctx_virt_cpus_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct device_attribute *attr = (void *)vctx_hook_arg(fregs, 1);
	struct vctx_context *ctx;
	unsigned int n = 0;

	if (strcmp(attr->attr.name, "online"))
		return;
	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_CPU);
	if (ctx)
		n = vctx_virt_cpus_rcu(ctx);
	rcu_read_unlock();
	if (n && try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, vctx_virt_cpus_show);
}

static struct vctx_hook vctx_virt_hooks[] = {
	VCTX_HOOK(meminfo_proc_show, vctx_virt_meminfo_entry),
	VCTX_HOOK(show_stat, vctx_virt_stat_entry),
	VCTX_HOOK(uptime_proc_show, vctx_virt_uptime_entry),
	VCTX_HOOK(loadavg_proc_show, vctx_virt_loadavg_entry),
	VCTX_HOOK(show_cpus_attr, vctx_virt_cpus_entry),
	VCTX_HOOK(swap_show, vctx_virt_swaps_entry),
};

static struct vctx_hook_table vctx_virt_hooks_table = VCTX_HOOK_TABLE(vctx_virt_hooks);

/*
 * Kernel functions whose result the module corrects on return. Their
 * handlers run in atomic context: page counters and context fields only.
 */
struct vctx_virt_ret {
	void *arg;
	size_t start;
	int rank;
};

/*
 * Keep argument @n, the one the return handler corrects, when the reader
 * reads @what as its own. Else no return handler: the host pays for the
 * entry's context lookup only.
 */
static int notrace vctx_virt_arm(struct kretprobe_instance *ri, struct pt_regs *regs,
				 u32 what, unsigned int n)
{
	bool virt;

	rcu_read_lock();
	virt = vctx_virt_ctx_rcu(what);
	rcu_read_unlock();
	if (!virt)
		return 1;
	((struct vctx_virt_ret *)ri->data)->arg = (void *)regs_get_kernel_argument(regs, n);
	return 0;
}

/* si_swapinfo(val): sysinfo(2)'s memory, swap, uptime, loads and procs */
static int notrace vctx_virt_si_swapinfo_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return vctx_virt_arm(ri, regs, VCTX_VIRT_ALL, 0);
}

/* sched_getaffinity(pid, mask) */
static int notrace vctx_virt_affinity_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return vctx_virt_arm(ri, regs, VCTX_VIRT_CPU, 1);
}

/*
 * show_cpuinfo(m, c) writes one CPU's block. For a reader of a context
 * whose CPUs are not the host's, the block of a CPU it is not shown is
 * dropped and the others are numbered from 0: the return handler cuts or
 * renumbers what the call added at @start.
 */
static int notrace vctx_virt_cpuinfo_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vctx_virt_ret *r = (struct vctx_virt_ret *)ri->data;
	struct seq_file *m = (void *)regs_get_kernel_argument(regs, 0);
	struct cpuinfo_x86 *c = (void *)regs_get_kernel_argument(regs, 1);
	struct vctx_context *ctx;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_CPU);
	r->rank = ctx ? vctx_virt_cpu_rank_rcu(ctx, c->cpu_index) : -2;
	rcu_read_unlock();
	r->arg = m;
	r->start = m->count;
	return r->rank == -2;	/* the host's CPUs: no return handler */
}

/* "processor\t: N" at @start of @m becomes "processor\t: @rank". */
static void notrace vctx_cpuinfo_renumber(struct seq_file *m, size_t start, unsigned int rank)
{
	static const char key[] = "processor\t: ";
	char *num = m->buf + start + sizeof(key) - 1, *end, digits[12];
	int len;

	if (m->count - start <= sizeof(key) || memcmp(m->buf + start, key, sizeof(key) - 1))
		return;
	end = memchr(num, '\n', m->buf + m->count - num);
	len = snprintf(digits, sizeof(digits), "%u", rank);
	/* A rank is never longer than the CPU number it stands for. */
	if (!end || len > end - num)
		return;
	memmove(num + len, end, m->buf + m->count - end);
	memcpy(num, digits, len);
	m->count -= (end - num) - len;
}

static int notrace vctx_virt_cpuinfo_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vctx_virt_ret *r = (struct vctx_virt_ret *)ri->data;
	struct seq_file *m = r->arg;

	if (regs_return_value(regs))
		return 0;
	if (r->rank < 0)
		m->count = r->start;
	else if (!seq_has_overflowed(m))
		vctx_cpuinfo_renumber(m, r->start, r->rank);
	return 0;
}

/*
 * si_swapinfo(val): the swap figures; and, as do_sysinfo() and
 * meminfo_proc_show() filled them before it (si_meminfo() first), memory
 * and sysinfo(2)'s uptime, loads and procs. One probe for all of sysinfo(2):
 * si_meminfo() itself, which the kernel also calls to size its own tables,
 * is left alone.
 */
static int notrace vctx_virt_si_swapinfo_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct sysinfo *val = ((struct vctx_virt_ret *)ri->data)->arg;
	struct vctx_context *ctx;
	struct vctx_virt_mem m;
	u64 boot, now;
	int i;

	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_MEM);
	if (ctx && vctx_virt_mem_rcu(ctx, &m) && m.max < val->totalram) {
		val->totalram = m.max;
		val->freeram = m.usage < m.max ? m.max - m.usage : 0;
		val->sharedram = min(val->sharedram, val->totalram);
		val->bufferram = 0;
		val->totalhigh = 0;
		val->freehigh = 0;
	}
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_SWAP);
	if (ctx && vctx_virt_mem_rcu(ctx, &m) && m.swap_max < val->totalswap) {
		val->totalswap = m.swap_max;
		val->freeswap = m.swap_usage < m.swap_max ? m.swap_max - m.swap_usage : 0;
	}
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_UPTIME);
	boot = ctx ? vctx_virt_boot_rcu(ctx) : 0;
	now = ktime_get_boottime_ns();
	if (boot && boot < now)
		val->uptime = div_u64(now - boot + NSEC_PER_SEC - 1, NSEC_PER_SEC);
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_LOAD);
	if (ctx) {
		for (i = 0; i < 3; i++)
			val->loads[i] = READ_ONCE(ctx->load.avenrun[i]) << (SI_LOAD_SHIFT - FSHIFT);
		val->procs = READ_ONCE(ctx->load.tasks);
	}
	rcu_read_unlock();
	return 0;
}

/* sched_getaffinity(pid, mask): a capped context's first CPUs only. */
static int notrace vctx_virt_affinity_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct cpumask *mask = ((struct vctx_virt_ret *)ri->data)->arg;
	unsigned int n = 0, cpu, seen = 0;
	struct vctx_context *ctx;

	if (regs_return_value(regs))
		return 0;
	rcu_read_lock();
	ctx = vctx_virt_ctx_rcu(VCTX_VIRT_CPU);
	if (ctx)
		n = vctx_virt_cpus_rcu(ctx);
	rcu_read_unlock();
	if (!n)
		return 0;
	for_each_cpu(cpu, mask)
		if (++seen > n)
			cpumask_clear_cpu(cpu, mask);
	return 0;
}

#define VCTX_VIRT_KRETPROBE(_func, _entry, _ret) {			\
	.kp.symbol_name = #_func, .entry_handler = (_entry),		\
	.handler = (_ret), .data_size = sizeof(struct vctx_virt_ret),	\
}

static struct kretprobe vctx_virt_krps[] = {
	VCTX_VIRT_KRETPROBE(si_swapinfo, vctx_virt_si_swapinfo_entry, vctx_virt_si_swapinfo_ret),
	VCTX_VIRT_KRETPROBE(sched_getaffinity, vctx_virt_affinity_entry, vctx_virt_affinity_ret),
	VCTX_VIRT_KRETPROBE(show_cpuinfo, vctx_virt_cpuinfo_entry, vctx_virt_cpuinfo_ret),
};

static struct kretprobe *vctx_virt_krp_list[ARRAY_SIZE(vctx_virt_krps)];

/*
 * The load average. Every LOAD_FREQ the tasks of each context's pid
 * namespace are counted: runnable, and uninterruptible ones that count
 * for load (not TASK_NOLOAD), as the kernel's own average counts them.
 */
static void vctx_virt_load_count(struct vctx_context *ctx, unsigned long *active)
{
	unsigned int running = 0, blocked = 0, tasks = 0, state;
	struct pid_namespace *ns;
	struct task_struct *t;
	struct pid *pid;
	int nr;

	rcu_read_lock();
	ns = READ_ONCE(ctx->pidns);
	for (nr = 1; ns && (pid = find_ge_pid(nr, ns)); nr = pid_nr_ns(pid, ns) + 1) {
		t = pid_task(pid, PIDTYPE_PID);
		if (!t)
			continue;
		tasks++;
		state = READ_ONCE(t->__state);
		if (state == TASK_RUNNING)
			running++;
		else if ((state & TASK_UNINTERRUPTIBLE) && !(state & TASK_NOLOAD))
			blocked++;
	}
	rcu_read_unlock();
	*active = (unsigned long)(running + blocked) * FIXED_1;
	WRITE_ONCE(ctx->load.running, running);
	WRITE_ONCE(ctx->load.blocked, blocked);
	WRITE_ONCE(ctx->load.tasks, tasks);
}

static void vctx_virt_load_update(struct work_struct *work);
static DECLARE_DELAYED_WORK(vctx_virt_load_work, vctx_virt_load_update);

static void vctx_virt_load_update(struct work_struct *work)
{
	static const unsigned long exp[3] = { EXP_1, EXP_5, EXP_15 };
	struct vctx_context *ctx;
	unsigned long active;
	u32 xid;
	int i;

	for (xid = 0; (ctx = vctx_next_get(&xid)); xid++) {
		vctx_virt_load_count(ctx, &active);
		for (i = 0; i < 3; i++)
			WRITE_ONCE(ctx->load.avenrun[i],
				   calc_load(ctx->load.avenrun[i], exp[i], active));
		vctx_put(ctx);
		cond_resched();
	}
	schedule_delayed_work(&vctx_virt_load_work, LOAD_FREQ);
}

/* A new context reads everything as its own. */
static int vctx_virt_ctx_init(struct vctx_context *ctx)
{
	ctx->virt = VCTX_VIRT_ALL;
	mutex_init(&ctx->memstat.lock);
	INIT_WORK(&ctx->cpumax.work, vctx_cpumax_refresh);
	return 0;
}

static void vctx_virt_ctx_free(struct vctx_context *ctx)
{
	mutex_destroy(&ctx->memstat.lock);
}

const struct vctx_feature vctx_virt_feature = {
	.name = "virt",
	.init = vctx_virt_ctx_init,
	.free = vctx_virt_ctx_free,
};

int vctx_virt_init(void)
{
	size_t i;
	int ret;

	vctx_virt_wq = alloc_workqueue("vctx_virt", 0, 0);
	if (!vctx_virt_wq)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(vctx_virt_krps); i++) {
		vctx_virt_krps[i].maxactive = 4 * num_possible_cpus();
		vctx_virt_krp_list[i] = &vctx_virt_krps[i];
	}
	ret = register_kretprobes(vctx_virt_krp_list, ARRAY_SIZE(vctx_virt_krp_list));
	if (ret) {
		pr_err("cannot probe si_swapinfo, sched_getaffinity and show_cpuinfo for /proc virtualization: %d\n",
		       ret);
		goto err_wq;
	}
	ret = vctx_hooks_attach(&vctx_virt_hooks_table);
	if (ret)
		goto err_krps;
	schedule_delayed_work(&vctx_virt_load_work, LOAD_FREQ);
	return 0;

err_krps:
	unregister_kretprobes(vctx_virt_krp_list, ARRAY_SIZE(vctx_virt_krp_list));
err_wq:
	destroy_workqueue(vctx_virt_wq);
	return ret;
}

void vctx_virt_exit(void)
{
	cancel_delayed_work_sync(&vctx_virt_load_work);
	vctx_hooks_detach(&vctx_virt_hooks_table);
	unregister_kretprobes(vctx_virt_krp_list, ARRAY_SIZE(vctx_virt_krp_list));
	/* The refreshes queued run, and drop their contexts. */
	destroy_workqueue(vctx_virt_wq);
}
