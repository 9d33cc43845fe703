/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load average and memory figures of a context (struct vctx_context):
 * layout only, the code that works on them is virt.c.
 */
#ifndef _VCTX_VIRT_TYPES_H
#define _VCTX_VIRT_TYPES_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/**
 * struct vctx_load - a context's load average, as the kernel keeps its own
 * @avenrun: the 1, 5 and 15 minute averages, fixed point (FSHIFT)
 * @running: runnable tasks at the last count
 * @blocked: uninterruptible tasks that count for load, at the last count
 * @tasks: all its tasks at the last count
 *
 * Written by the 5 s update only, read locklessly.
 */
struct vctx_load {
	unsigned long avenrun[3];
	unsigned int running;
	unsigned int blocked;
	unsigned int tasks;
};

/* The memory.stat keys meminfo's lines are made of (virt.c's list). */
#define VCTX_MEMSTAT_NR	12

/**
 * struct vctx_memstat - a context's memory.stat figures, kept a while
 * @lock: serializes the readers that refresh it
 * @stamp: ktime_get_ns() of the read they come from, 0 for none yet
 * @kb: the figures in kB, in the order of virt.c's key list
 *
 * The kernel itself brings memory.stat up to date only every 2 s or so
 * (rstat's periodic flush), so figures a second old are as fresh as its
 * own, and a reader of /proc/meminfo does not pay for formatting memory.stat
 * every time. Live figures (usage, limits) are never kept.
 */
struct vctx_memstat {
	struct mutex lock;	/* serializes the readers that refresh it */
	u64 stamp;
	u64 kb[VCTX_MEMSTAT_NR];
};

/**
 * struct vctx_cpumax - the CPU share cpu.max gives a context, kept a while
 * @share: the lowest quota/period on its cgroup path, in thousandths of a
 *	CPU; 0 for none
 * @stamp: ktime_get_ns() of the read it comes from, 0 for none yet
 * @queued: a refresh is queued (bit 0)
 * @work: the refresh, in process context: cpu.max is a file to read, and
 *	its readers (sched_getaffinity, cpuinfo) run in atomic context
 *
 * The kernel keeps cpu.max where the module cannot read it but as a file,
 * so a reader uses the share of the last read and asks for a new one when
 * it is a second old: while a context's tasks read, a change shows within
 * about a second; the first read after a quiet spell may still see the
 * share before it, the next one the new.
 */
struct vctx_cpumax {
	u32 share;
	u64 stamp;
	unsigned long queued;
	struct work_struct work;
};

#endif /* _VCTX_VIRT_TYPES_H */
