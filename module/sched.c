// SPDX-License-Identifier: GPL-2.0
/*
 * The token-bucket CPU limiter.
 *
 * Accounting: a probe on the scheduler's sched_stat_runtime tracepoint,
 * which reports the CPU time of the running task at every tick and every
 * switch, charges it to the task's context. The probe is attached only
 * while some context has a limit, so the scheduler pays nothing otherwise,
 * and returns after one load for tasks of unlimited contexts.
 *
 * Enforcement uses the context cgroup's own controls, from process
 * context: cgroup.freeze holds the whole context (hard mode) and
 * cpu.weight follows the bucket (prio mode). The probe runs with the
 * runqueue locked, where nothing may be woken, so it only changes the
 * state and raises an irq_work, which queues the work that writes the
 * files. A high-priority hrtimer ends each hold when the bucket is back at
 * M tokens. The hold takes effect a few microseconds to a tick late; what
 * the context runs meanwhile is charged as debt, so the share over time
 * is still exactly R/T.
 */
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/kernel_stat.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/tick.h>
#include <linux/timekeeping.h>
#include <trace/events/sched.h>

#include "cgfile.h"
#include "context.h"
#include "events.h"
#include "registry.h"
#include "sched.h"
#include "tracepoint.h"

/* Prio mode: cpu.weight by bucket level, 10^(1 + level/4): 10, 100 at half, 1000. */
#define VCTX_PRIO_STEPS		8
static const u32 vctx_prio_weights[VCTX_PRIO_STEPS + 1] = {
	10, 18, 32, 56, 100, 178, 316, 562, 1000,
};

/* Idle CPU time is summed over all CPUs: not more often than this. */
#define VCTX_IDLE_PERIOD_MIN	(10 * NSEC_PER_MSEC)

static struct vctx_tracepoint vctx_runtime_tp = { .name = "sched_stat_runtime" };
static struct workqueue_struct *vctx_sched_wq;

/* Serializes limit changes and teardown, and counts the limited contexts. */
static DEFINE_MUTEX(vctx_sched_mutex);
static unsigned int vctx_sched_users;

/* Idle time of the whole machine, all CPUs summed, in ns. */
static u64 vctx_idle_ns(void)
{
	u64 sum = 0, us;
	int cpu;

	for_each_online_cpu(cpu) {
		us = get_cpu_idle_time_us(cpu, NULL);
		if (us == (u64)-1)	/* no NO_HZ: the tick's own accounting */
			us = div_u64(kcpustat_cpu(cpu).cpustat[CPUTIME_IDLE], NSEC_PER_USEC);
		sum += us;
	}
	return sum * NSEC_PER_USEC;
}

static u64 vctx_idle_period(const struct vctx_sched *s)
{
	return max_t(u64, s->bucket.interval2, VCTX_IDLE_PERIOD_MIN);
}

/* Credit what time (and, when due, idle time) has added. Lock held. */
static void vctx_sched_refill(struct vctx_sched *s, u64 now)
{
	vctx_bucket_fill(&s->bucket, now);
	if (s->bucket.fill2 && now - s->idle_checked >= vctx_idle_period(s)) {
		s->idle_checked = now;
		vctx_bucket_fill_idle(&s->bucket, vctx_idle_ns());
	}
}

static void vctx_sched_end_hold(struct vctx_sched *s, u64 now)
{
	s->held = false;
	s->hold_total += now - s->hold_start;
}

/* Hard mode: start a hold when the bucket ran dry. Return: a hold began. */
static bool vctx_sched_check_hold(struct vctx_sched *s, u64 now)
{
	if (s->held || s->bucket.tokens > 0)
		return false;
	s->held = true;
	s->hold_start = now;
	s->nr_holds++;
	return true;
}

/* Prio mode: track the level. Return: it changed. */
static bool vctx_sched_check_level(struct vctx_sched *s)
{
	unsigned int level = vctx_bucket_level(&s->bucket, VCTX_PRIO_STEPS);

	if (level == s->level)
		return false;
	s->level = level;
	return true;
}

/* When the release timer should look again. Lock held, bucket refilled. */
static u64 vctx_sched_release_at(const struct vctx_sched *s, u64 now)
{
	u64 at = vctx_bucket_when(&s->bucket, s->bucket.min);

	if (s->bucket.fill2)
		at = min(at, now + vctx_idle_period(s));
	return at;
}

static void vctx_sched_charge(struct vctx_sched *s, u64 runtime)
{
	unsigned long flags;
	bool kick = false;
	u64 now;

	raw_spin_lock_irqsave(&s->lock, flags);
	if (s->mode == VCTX_SCHED_OFF)
		goto out;
	now = ktime_get_ns();
	vctx_sched_refill(s, now);
	vctx_bucket_charge(&s->bucket, runtime);
	if (s->mode == VCTX_SCHED_HARD)
		kick = vctx_sched_check_hold(s, now);
	else
		kick = vctx_sched_check_level(s);
out:
	raw_spin_unlock_irqrestore(&s->lock, flags);
	if (kick)
		irq_work_queue(&s->kick);
}

/* sched_stat_runtime(tsk, runtime): the CPU time @tsk just used. */
static void vctx_sched_runtime(void *data, struct task_struct *tsk, u64 runtime)
{
	struct vctx_context *ctx;

	rcu_read_lock();
	ctx = vctx_task_context_rcu(tsk);
	if (READ_ONCE(ctx->sched.mode))
		vctx_sched_charge(&ctx->sched, runtime);
	rcu_read_unlock();
}

/* The same before 6.8, whose tracepoint also passed the task's vruntime. */
static void vctx_sched_runtime_vr(void *data, struct task_struct *tsk, u64 runtime,
				  u64 vruntime)
{
	vctx_sched_runtime(data, tsk, runtime);
}

static void vctx_sched_kick(struct irq_work *work)
{
	struct vctx_sched *s = container_of(work, struct vctx_sched, kick);

	queue_work(vctx_sched_wq, &s->apply);
}

/*
 * Ends the hold once the bucket is back at M, else looks again when it
 * should be. The timer is re-armed with hrtimer_start(), never by editing
 * its expiry, because the apply work may (re)start it at the same time.
 */
static enum hrtimer_restart vctx_sched_release_timer(struct hrtimer *timer)
{
	struct vctx_sched *s = container_of(timer, struct vctx_sched, release);
	unsigned long flags;
	bool released = false;
	u64 now;

	raw_spin_lock_irqsave(&s->lock, flags);
	if (s->held && !s->dying) {
		now = ktime_get_ns();
		vctx_sched_refill(s, now);
		if (s->bucket.tokens >= (s64)s->bucket.min) {
			vctx_sched_end_hold(s, now);
			released = true;
		} else {
			hrtimer_start(timer, ns_to_ktime(vctx_sched_release_at(s, now)),
				      HRTIMER_MODE_ABS_SOFT);
		}
	}
	raw_spin_unlock_irqrestore(&s->lock, flags);
	if (released)
		queue_work(vctx_sched_wq, &s->apply);
	return HRTIMER_NORESTART;
}

static void vctx_sched_apply_weight(struct vctx_context *ctx, u32 mode, unsigned int level)
{
	struct vctx_sched *s = &ctx->sched;
	char value[16];

	if (mode == VCTX_SCHED_PRIO) {
		snprintf(value, sizeof(value), "%u\n", vctx_prio_weights[level]);
		if (!vctx_cgroup_write(ctx, "cpu.weight", value))
			s->weight_set = true;
	} else if (s->weight_set) {
		snprintf(value, sizeof(value), "%u\n", s->saved_weight);
		if (!vctx_cgroup_write(ctx, "cpu.weight", value) || s->dying)
			s->weight_set = false;
	}
}

/* Bring the cgroup's files in line with the limiter's state. */
static void vctx_sched_apply(struct work_struct *work)
{
	struct vctx_sched *s = container_of(work, struct vctx_sched, apply);
	struct vctx_context *ctx = container_of(s, struct vctx_context, sched);
	unsigned long flags;
	unsigned int level;
	u64 release_at = 0;
	bool hold;
	u32 mode;
	int ret;

	raw_spin_lock_irqsave(&s->lock, flags);
	hold = s->held;
	mode = s->mode;
	level = s->level;
	if (hold && !s->dying) {
		u64 now = ktime_get_ns();

		vctx_sched_refill(s, now);
		release_at = vctx_sched_release_at(s, now);
	}
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (hold != s->frozen) {
		ret = vctx_cgroup_write(ctx, "cgroup.freeze", hold ? "1\n" : "0\n");
		if (!ret)
			vctx_event_ctx(hold ? VCTX_EVENT_HOLD : VCTX_EVENT_UNHOLD, ctx, NULL);
		if (!ret || s->dying)
			s->frozen = hold;
		if (ret && !s->dying)
			pr_warn_ratelimited("context %u (%s): cannot %s its cgroup: %d\n",
					    ctx->xid, ctx->name, hold ? "freeze" : "thaw", ret);
	}
	if (release_at)
		hrtimer_start(&s->release, ns_to_ktime(release_at), HRTIMER_MODE_ABS_SOFT);
	vctx_sched_apply_weight(ctx, mode, level);
}

/* The first limited context attaches the probe; the last one detaches it. */
static int vctx_sched_user_get(void)
{
	void *probe = __builtin_choose_expr(VCTX_TP_RUNTIME_HAS_VRUNTIME,
					    (void *)vctx_sched_runtime_vr,
					    (void *)vctx_sched_runtime);
	int ret;

	lockdep_assert_held(&vctx_sched_mutex);
	if (vctx_sched_users) {
		vctx_sched_users++;
		return 0;
	}
	ret = vctx_tracepoint_attach(&vctx_runtime_tp, probe);
	if (!ret)
		vctx_sched_users = 1;
	return ret;
}

static void vctx_sched_user_put(void)
{
	lockdep_assert_held(&vctx_sched_mutex);
	if (!--vctx_sched_users)
		vctx_tracepoint_detach(&vctx_runtime_tp);
}

/* The cgroup files @mode needs exist; for prio, remember cpu.weight. */
static int vctx_sched_check_cgroup(struct vctx_context *ctx, u32 mode)
{
	struct vctx_sched *s = &ctx->sched;
	char buf[16];
	u64 weight;
	int ret = 0;

	if (mode == VCTX_SCHED_HARD) {
		ret = vctx_cgroup_read(ctx, "cgroup.freeze", buf, sizeof(buf));
		ret = ret < 0 ? ret : 0;
	} else if (mode == VCTX_SCHED_PRIO && !s->weight_set) {
		ret = vctx_cgroup_read_key(ctx, "cpu.weight", NULL, &weight);
		if (!ret)
			s->saved_weight = weight;
	}
	return ret == -ENOENT ? -EOPNOTSUPP : ret;
}

static int vctx_sched_set(struct vctx_context *ctx, const struct vctx_set_sched *p)
{
	struct vctx_sched *s = &ctx->sched;
	u64 now, idle = 0;
	unsigned long flags;
	u32 was;
	int ret;

	mutex_lock(&vctx_sched_mutex);
	if (s->dying) {
		ret = -ENOENT;
		goto out;
	}
	ret = vctx_sched_check_cgroup(ctx, p->mode);
	if (ret)
		goto out;
	was = s->mode;
	if (was == VCTX_SCHED_OFF && p->mode != VCTX_SCHED_OFF) {
		ret = vctx_sched_user_get();
		if (ret)
			goto out;
	}
	if (p->fill_rate2)
		idle = vctx_idle_ns();

	raw_spin_lock_irqsave(&s->lock, flags);
	now = ktime_get_ns();
	if (p->mode == VCTX_SCHED_OFF || was == VCTX_SCHED_OFF)
		memset(&s->bucket, 0, sizeof(s->bucket));
	if (p->mode != VCTX_SCHED_OFF)
		vctx_bucket_set(&s->bucket, p->fill_rate, p->interval, p->fill_rate2,
				p->interval2, p->tokens_max, p->tokens_min, now, idle);
	s->fill_rate = p->fill_rate;
	s->interval = p->interval;
	s->fill_rate2 = p->fill_rate2;
	s->interval2 = p->interval2;
	s->tokens_max = p->tokens_max;
	s->tokens_min = p->tokens_min;
	s->idle_checked = now;
	WRITE_ONCE(s->mode, p->mode);
	if (p->mode != VCTX_SCHED_OFF)
		s->ever_limited = true;
	if (s->held && (p->mode != VCTX_SCHED_HARD || s->bucket.tokens >= (s64)s->bucket.min))
		vctx_sched_end_hold(s, now);
	else if (p->mode == VCTX_SCHED_HARD)
		vctx_sched_check_hold(s, now);
	s->level = 0;
	if (p->mode == VCTX_SCHED_PRIO)
		vctx_sched_check_level(s);
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (was != VCTX_SCHED_OFF && p->mode == VCTX_SCHED_OFF)
		vctx_sched_user_put();
	/* The cgroup is as the new limit wants it when the command returns. */
	queue_work(vctx_sched_wq, &s->apply);
	flush_work(&s->apply);
out:
	mutex_unlock(&vctx_sched_mutex);
	return ret;
}

/* A new context starts unlimited. */
static int vctx_sched_ctx_init(struct vctx_context *ctx)
{
	struct vctx_sched *s = &ctx->sched;

	raw_spin_lock_init(&s->lock);
	init_irq_work(&s->kick, vctx_sched_kick);
	INIT_WORK(&s->apply, vctx_sched_apply);
	hrtimer_init(&s->release, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	s->release.function = vctx_sched_release_timer;
	return 0;
}

/**
 * vctx_sched_ctx_release() - remove a context's limit for good
 * @ctx: a context taken out of the registry (or never published)
 *
 * Thaws the cgroup and restores cpu.weight, then waits until no probe,
 * timer or work of the context can run any more. Process context.
 */
static void vctx_sched_ctx_release(struct vctx_context *ctx)
{
	struct vctx_sched *s = &ctx->sched;
	unsigned long flags;
	u32 was;

	mutex_lock(&vctx_sched_mutex);
	raw_spin_lock_irqsave(&s->lock, flags);
	was = s->mode;
	WRITE_ONCE(s->mode, VCTX_SCHED_OFF);
	s->dying = true;
	if (s->held)
		vctx_sched_end_hold(s, ktime_get_ns());
	raw_spin_unlock_irqrestore(&s->lock, flags);
	if (was != VCTX_SCHED_OFF)
		vctx_sched_user_put();
	mutex_unlock(&vctx_sched_mutex);

	if (!s->ever_limited)
		return;
	/* A probe that read the old mode is done after a grace period. */
	synchronize_rcu();
	irq_work_sync(&s->kick);
	hrtimer_cancel(&s->release);
	/* One last pass thaws and restores; being dying, it arms nothing. */
	queue_work(vctx_sched_wq, &s->apply);
	flush_work(&s->apply);
	hrtimer_cancel(&s->release);
}

const struct vctx_feature vctx_sched_feature = {
	.name = "sched",
	.init = vctx_sched_ctx_init,
	.release = vctx_sched_ctx_release,
};

/* Fill @info's limiter fields from @ctx (process context). */
void vctx_sched_fill_info(struct vctx_context *ctx, struct vctx_sched_info *info)
{
	struct vctx_sched *s = &ctx->sched;
	unsigned long flags;
	u64 now, usec;

	raw_spin_lock_irqsave(&s->lock, flags);
	now = ktime_get_ns();
	info->mode = s->mode;
	if (s->mode != VCTX_SCHED_OFF) {
		vctx_sched_refill(s, now);
		info->fill_rate = s->fill_rate;
		info->interval = s->interval;
		info->fill_rate2 = s->fill_rate2;
		info->interval2 = s->interval2;
		info->tokens_max = s->tokens_max;
		info->tokens_min = s->tokens_min;
		info->tokens = vctx_bucket_tokens(&s->bucket);
	}
	info->held = s->held;
	info->hold_ns = s->hold_total + (s->held ? now - s->hold_start : 0);
	info->nr_holds = s->nr_holds;
	raw_spin_unlock_irqrestore(&s->lock, flags);

	if (!vctx_cgroup_read_key(ctx, "cpu.stat", "usage_usec", &usec))
		info->cpu_ns = usec * NSEC_PER_USEC;
}

static const char *const vctx_sched_mode_names[] = {
	[VCTX_SCHED_OFF] = "off",
	[VCTX_SCHED_HARD] = "hard",
	[VCTX_SCHED_PRIO] = "prio",
};

/* /proc/vctx/<xid>/sched */
void vctx_sched_show(struct seq_file *m, struct vctx_context *ctx)
{
	struct vctx_sched_info info = { 0 };

	vctx_sched_fill_info(ctx, &info);
	seq_printf(m, "mode: %s\n", vctx_sched_mode_names[info.mode]);
	seq_printf(m, "fill_rate: %u\n", info.fill_rate);
	seq_printf(m, "interval_ms: %u\n", info.interval);
	seq_printf(m, "idle_fill_rate: %u\n", info.fill_rate2);
	seq_printf(m, "idle_interval_ms: %u\n", info.interval2);
	seq_printf(m, "tokens_max: %u\n", info.tokens_max);
	seq_printf(m, "tokens_min: %u\n", info.tokens_min);
	seq_printf(m, "tokens: %lld\n", info.tokens);
	seq_printf(m, "held: %s\n", info.held ? "yes" : "no");
	seq_printf(m, "holds: %llu\n", info.nr_holds);
	seq_printf(m, "hold_time_ms: %llu\n", div_u64(info.hold_ns, NSEC_PER_MSEC));
	seq_printf(m, "cpu_time_ms: %llu\n", div_u64(info.cpu_ns, NSEC_PER_MSEC));
}

static bool vctx_sched_params_valid(const struct vctx_set_sched *p)
{
	if (p->mode == VCTX_SCHED_OFF)
		return !(p->fill_rate | p->interval | p->fill_rate2 | p->interval2 |
			 p->tokens_max | p->tokens_min);
	if (p->mode != VCTX_SCHED_HARD && p->mode != VCTX_SCHED_PRIO)
		return false;
	if (!p->fill_rate || p->fill_rate > VCTX_SCHED_RATE_MAX ||
	    !p->interval || p->interval > VCTX_SCHED_INTERVAL_MAX ||
	    p->fill_rate2 > VCTX_SCHED_RATE_MAX ||
	    !p->tokens_max || p->tokens_max > VCTX_SCHED_TOKENS_MAX ||
	    p->tokens_min > p->tokens_max)
		return false;
	if (p->fill_rate2)
		return p->interval2 && p->interval2 <= VCTX_SCHED_INTERVAL_MAX;
	return !p->interval2;
}

int vctx_ioctl_set_sched(struct file *file, void *arg)
{
	struct vctx_set_sched *p = arg;
	struct vctx_context *ctx;
	int ret;

	if (p->flags || p->reserved0 || memchr_inv(p->reserved, 0, sizeof(p->reserved)) ||
	    !vctx_sched_params_valid(p))
		return -EINVAL;
	ctx = vctx_get_created(p->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	ret = vctx_sched_set(ctx, p);
	vctx_put(ctx);
	return ret;
}

int vctx_ioctl_get_sched(struct file *file, void *arg)
{
	struct vctx_sched_info *info = arg;
	struct vctx_context *ctx;
	u32 xid = info->xid;

	if (info->flags || memchr_inv(info->reserved, 0, sizeof(info->reserved)))
		return -EINVAL;
	ctx = vctx_get_created(xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	memset(info, 0, sizeof(*info));
	info->xid = xid;
	vctx_sched_fill_info(ctx, info);
	vctx_put(ctx);
	return 0;
}

int vctx_sched_init(void)
{
	int ret;

	ret = vctx_tracepoint_find(&vctx_runtime_tp);
	if (ret)
		return ret;
	/*
	 * Holds must start at once, even while the context saturates the CPU:
	 * high priority, and a rescuer so that a pool busy creating a worker
	 * (which it does before running the work) delays it by 10 ms at most.
	 */
	vctx_sched_wq = alloc_workqueue("vctx_sched", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	return vctx_sched_wq ? 0 : -ENOMEM;
}

/* Every context is gone: no probe is attached, no work is pending. */
void vctx_sched_exit(void)
{
	destroy_workqueue(vctx_sched_wq);
}
