/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The limiter's state, embedded in every context (struct vctx_context):
 * layout only, the code that works on it is sched.c.
 */
#ifndef _VCTX_SCHED_TYPES_H
#define _VCTX_SCHED_TYPES_H

#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <vctx/bucket.h>

/**
 * struct vctx_sched - a context's limiter
 * @lock: protects everything up to @dying; taken in the scheduler's
 *	runtime tracepoint, hence raw and with interrupts off
 * @mode: VCTX_SCHED_*; read without the lock to skip unlimited contexts
 * @fill_rate: R, as set (for reporting)
 * @interval: T, ms
 * @fill_rate2: R2
 * @interval2: T2, ms
 * @tokens_max: S
 * @tokens_min: M
 * @bucket: the bucket, in ns
 * @idle_checked: when idle fill was last credited
 * @held: the context should be held (hard mode)
 * @level: the bucket's level in VCTX_PRIO_STEPS (prio mode)
 * @hold_start: when the current hold began
 * @hold_total: time held, finished holds only
 * @nr_holds: holds so far
 * @dying: the context is going away: arm nothing any more
 * @frozen: what vctx last wrote to cgroup.freeze (only @apply touches it)
 * @weight_set: vctx changed cpu.weight (only @apply and set touch it)
 * @saved_weight: cpu.weight before prio mode began, restored after it
 * @ever_limited: a limit was set once: teardown must wait for the probe
 * @kick: raised from the tracepoint, where no work may be queued directly
 * @apply: brings cgroup.freeze and cpu.weight in line with the state
 * @release: ends a hold when the bucket reaches M
 */
struct vctx_sched {
	raw_spinlock_t lock;
	u32 mode;
	u32 fill_rate;
	u32 interval;
	u32 fill_rate2;
	u32 interval2;
	u32 tokens_max;
	u32 tokens_min;
	struct vctx_bucket bucket;
	u64 idle_checked;
	bool held;
	unsigned int level;
	u64 hold_start;
	u64 hold_total;
	u64 nr_holds;
	bool dying;

	bool frozen;
	bool weight_set;
	u32 saved_weight;
	bool ever_limited;
	struct irq_work kick;
	struct work_struct apply;
	struct hrtimer release;
};

#endif /* _VCTX_SCHED_TYPES_H */
