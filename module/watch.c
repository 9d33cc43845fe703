// SPDX-License-Identifier: GPL-2.0
/*
 * Lifecycle events no kernel interface reports to a module directly:
 *
 * - a context's init exits: a probe on the sched_process_exit tracepoint
 *   compares the exiting thread-group leader with the context's init;
 * - a context's cgroup becomes empty: its cgroup.events file is watched
 *   the way poll(2) watches it, with an entry on the file's wait queue that
 *   the kernel wakes at every change; a work item then reads the state.
 */
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/sched.h>

#include "context.h"
#include "events.h"
#include "registry.h"
#include "tracepoint.h"
#include "watch.h"

static struct vctx_tracepoint vctx_exit_tp = { .name = "sched_process_exit" };

static void vctx_watch_look(struct vctx_context *ctx)
{
	struct vctx_watch *w = &ctx->watch;
	bool populated = cgroup_is_populated(ctx->cgrp);

	if (w->populated && !populated)
		vctx_event_ctx(VCTX_EVENT_EMPTY, ctx, NULL);
	w->populated = populated;
}

static void vctx_watch_work(struct work_struct *work)
{
	vctx_watch_look(container_of(work, struct vctx_context, watch.work));
}

/* Woken under the wait queue's lock, in any context: only queue the work. */
static int vctx_watch_wake(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	struct vctx_watch *w = container_of(wait, struct vctx_watch, wait);

	queue_work(system_wq, &w->work);
	return 0;
}

static void vctx_watch_queue_proc(struct file *file, wait_queue_head_t *wqh, poll_table *pt)
{
	struct vctx_watch *w = container_of(pt, struct vctx_watch, pt);

	w->wqh = wqh;
	add_wait_queue(wqh, &w->wait);
}

/**
 * vctx_watch_start() - watch a new context's cgroup
 * @ctx: a context with its cgroup, not yet published
 *
 * Return: 0, or -errno when its cgroup.events cannot be opened.
 */
static int vctx_watch_start(struct vctx_context *ctx)
{
	struct vctx_watch *w = &ctx->watch;

	INIT_WORK(&w->work, vctx_watch_work);
	init_waitqueue_func_entry(&w->wait, vctx_watch_wake);
	init_poll_funcptr(&w->pt, vctx_watch_queue_proc);
	w->file = file_open_root(&ctx->cgroup_dir, "cgroup.events", O_RDONLY, 0);
	if (IS_ERR(w->file)) {
		int ret = PTR_ERR(w->file);

		w->file = NULL;
		return ret;
	}
	vfs_poll(w->file, &w->pt);
	w->populated = cgroup_is_populated(ctx->cgrp);
	return 0;
}

/**
 * vctx_watch_stop() - stop watching, after a last look
 * @ctx: a context taken out of the registry (or never published)
 *
 * A cgroup that emptied just before (its notification may be delayed by up
 * to 10 ms) still gets its EMPTY event, before the context's DESTROYED.
 */
static void vctx_watch_stop(struct vctx_context *ctx)
{
	struct vctx_watch *w = &ctx->watch;

	if (!w->file)
		return;
	if (w->wqh)
		remove_wait_queue(w->wqh, &w->wait);
	flush_work(&w->work);
	vctx_watch_look(ctx);
	fput(w->file);
	w->file = NULL;
}

const struct vctx_feature vctx_watch_feature = {
	.name = "watch",
	.init = vctx_watch_start,
	.release = vctx_watch_stop,
};

/* sched_process_exit(p) */
static void vctx_watch_task_exit(void *data, struct task_struct *p)
{
	struct vctx_context *ctx;
	struct pid *init;

	if (!thread_group_leader(p))
		return;
	rcu_read_lock();
	ctx = vctx_task_context_rcu(p);
	init = READ_ONCE(ctx->init);
	if (init && init == task_pid(p))
		vctx_event_ctx(VCTX_EVENT_STOPPED, ctx, init);
	rcu_read_unlock();
}

int vctx_watch_init(void)
{
	int ret = vctx_tracepoint_find(&vctx_exit_tp);

	if (ret)
		return ret;
	return vctx_tracepoint_attach(&vctx_exit_tp, vctx_watch_task_exit);
}

void vctx_watch_exit(void)
{
	vctx_tracepoint_detach(&vctx_exit_tp);
}
