/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The token bucket's arithmetic, shared by vctx.ko and the host unit test:
 * plain C on 64-bit integers, no locking, no clock. Amounts are kept in
 * nanoseconds of CPU time (one token is one millisecond) so a charge of a
 * few microseconds is never rounded away.
 */
#ifndef _VCTX_BUCKET_H
#define _VCTX_BUCKET_H

#ifdef __KERNEL__
#include <linux/math64.h>
#include <linux/types.h>
#else
typedef unsigned long long u64;
typedef long long s64;
static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}
#endif

#define VCTX_TOKEN_NS		1000000ULL	/* one token: 1 ms of CPU */

/**
 * struct vctx_bucket - a token bucket
 * @fill: tokens added per @interval, in ns
 * @interval: the fill interval, in ns
 * @fill2: tokens added per @interval2 of idle CPU time, in ns; 0: none
 * @interval2: in ns
 * @max: the bucket's size, in ns
 * @min: the level that ends a hold, in ns
 * @tokens: the level now; below zero after a charge past empty
 * @last_fill: the time up to which whole intervals were credited
 * @idle_ref: the idle CPU time up to which idle fill was credited
 */
struct vctx_bucket {
	u64 fill;
	u64 interval;
	u64 fill2;
	u64 interval2;
	u64 max;
	u64 min;
	s64 tokens;
	u64 last_fill;
	u64 idle_ref;
};

/* Add @n portions of @per, without overflow, up to the bucket's size. */
static inline void vctx_bucket_add(struct vctx_bucket *b, u64 n, u64 per)
{
	u64 room;

	if (!n || !per || b->tokens >= (s64)b->max) {
		if (b->tokens > (s64)b->max)
			b->tokens = b->max;
		return;
	}
	room = (u64)((s64)b->max - b->tokens);
	if (n > div64_u64(room, per))
		b->tokens = b->max;
	else
		b->tokens += (s64)(n * per);
}

/**
 * vctx_bucket_fill() - credit the whole intervals elapsed until @now
 * @b: the bucket
 * @now: monotonic time in ns, never before @b->last_fill
 *
 * A partial interval stays pending: the fill comes in steps of @b->fill,
 * as VServer's does, so a context held at 1 token per 4 ms gets exactly one
 * token every 4 ms, whatever the times it is looked at.
 */
static inline void vctx_bucket_fill(struct vctx_bucket *b, u64 now)
{
	u64 n;

	if (now < b->last_fill + b->interval)
		return;
	n = div64_u64(now - b->last_fill, b->interval);
	b->last_fill += n * b->interval;
	vctx_bucket_add(b, n, b->fill);
}

/**
 * vctx_bucket_fill_idle() - credit idle CPU time
 * @b: the bucket, with @b->fill2 set
 * @idle: total idle CPU time of the machine (all CPUs) in ns, as a
 *	counter; it may restart lower (CPU hotplug), which credits nothing
 */
static inline void vctx_bucket_fill_idle(struct vctx_bucket *b, u64 idle)
{
	u64 n;

	if (!b->fill2)
		return;
	if (idle < b->idle_ref) {
		b->idle_ref = idle;
		return;
	}
	n = div64_u64(idle - b->idle_ref, b->interval2);
	b->idle_ref += n * b->interval2;
	vctx_bucket_add(b, n, b->fill2);
}

/* Take @ns of CPU time out of the bucket; the level may go below zero. */
static inline void vctx_bucket_charge(struct vctx_bucket *b, u64 ns)
{
	b->tokens -= (s64)ns;
}

/**
 * vctx_bucket_when() - when the regular fill brings the bucket to @level
 * @b: the bucket, filled up to now
 * @level: in ns, at most @b->max
 *
 * Return: the monotonic time in ns (@b->last_fill when it is there already).
 */
static inline u64 vctx_bucket_when(const struct vctx_bucket *b, s64 level)
{
	u64 need, steps;

	if (b->tokens >= level)
		return b->last_fill;
	need = (u64)(level - b->tokens);
	steps = div64_u64(need + b->fill - 1, b->fill);
	return b->last_fill + steps * b->interval;
}

/*
 * The bucket's level in @steps steps: 0 when it is empty (or in debt),
 * @steps when it is full.
 */
static inline unsigned int vctx_bucket_level(const struct vctx_bucket *b, unsigned int steps)
{
	if (b->tokens <= 0)
		return 0;
	if (b->tokens >= (s64)b->max)
		return steps;
	return (unsigned int)div64_u64((u64)b->tokens * steps, b->max);
}

/**
 * vctx_bucket_set() - (re)configure a bucket, keeping its level
 * @b: the bucket; all zero for a new one, which starts full
 * @fill: R, tokens
 * @interval: T, ms
 * @fill2: R2, tokens (0: no idle fill)
 * @interval2: T2, ms (ignored without @fill2)
 * @max: S, tokens
 * @min: M, tokens
 * @now: monotonic time in ns
 * @idle: the machine's idle CPU time counter in ns (see fill_idle)
 *
 * The caller has validated the parameters (non-zero @fill, @interval and
 * @max, @min <= @max).
 */
static inline void vctx_bucket_set(struct vctx_bucket *b, u64 fill, u64 interval, u64 fill2,
				   u64 interval2, u64 max, u64 min, u64 now, u64 idle)
{
	int fresh = !b->interval;

	if (!fresh)
		vctx_bucket_fill(b, now);
	b->fill = fill * VCTX_TOKEN_NS;
	b->interval = interval * VCTX_TOKEN_NS;
	b->fill2 = fill2 * VCTX_TOKEN_NS;
	b->interval2 = fill2 ? interval2 * VCTX_TOKEN_NS : 0;
	b->max = max * VCTX_TOKEN_NS;
	b->min = min * VCTX_TOKEN_NS;
	b->idle_ref = idle;
	if (fresh) {
		b->tokens = (s64)b->max;
		b->last_fill = now;
	} else if (b->tokens > (s64)b->max) {
		b->tokens = (s64)b->max;
	}
}

/* Whole tokens in the bucket, rounded down (towards minus infinity). */
static inline s64 vctx_bucket_tokens(const struct vctx_bucket *b)
{
	if (b->tokens >= 0)
		return (s64)div64_u64((u64)b->tokens, VCTX_TOKEN_NS);
	return -(s64)div64_u64((u64)(-b->tokens) + VCTX_TOKEN_NS - 1, VCTX_TOKEN_NS);
}

#endif /* _VCTX_BUCKET_H */
