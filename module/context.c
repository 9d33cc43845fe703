// SPDX-License-Identifier: GPL-2.0
/*
 * A context's life, in one place:
 *
 *   vctx_context_create()    allocate, take its cgroup, every feature's
 *                            init, reserve in the registry, every feature's
 *                            publish, publish by xid, CREATED
 *   vctx_context_start()     its init reported: pin its pid namespace, STARTED
 *   vctx_context_destroy()   unpublish, every feature's release in reverse,
 *                            DESTROYED, drop the registry's reference
 *   vctx_put()               the last reference: a grace period later every
 *                            feature's free in reverse, then the context's
 *                            own references, in process context
 *
 * The features are the table main.c hands to vctx_context_init(); this
 * file calls them only through it, so features depend on the core and not
 * the other way round. The spectator's cgroup entries are contexts without
 * features: they are allocated and freed here too.
 *
 * Refcount rules: a published context holds one reference for the
 * registry; every lookup result holds one more (vctx_get()). Lookups run
 * under RCU, so a context is freed one grace period after its last
 * reference is gone, and in process context, because dropping its cgroup
 * and path may sleep.
 *
 * Each published context holds a reference on the module: rmmod refuses
 * ("in use") while contexts exist. A forced unload still finds the registry
 * consistent and tears everything down (vctx_context_exit()).
 *
 * Lock order: the registry lock (vctx_registry_lock()) is taken with no
 * other vctx lock held. Under it: the features' @publish (procfs), the
 * events' lock (CREATED, STARTED), and at a forced unload the features'
 * @release (the limiter's mutex, procfs).
 */
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "cgfile.h"
#include "context.h"
#include "events.h"
#include "registry.h"

static const struct vctx_feature *const *vctx_features;
static unsigned int vctx_nr_features;
static struct workqueue_struct *vctx_wq;

/* A context's (or the spectator's) cgroup from a cgroup_fd argument. */
static int vctx_cgroup_from_fd(int fd, struct cgroup **cgrp, struct path *dir)
{
	struct file *f;
	int ret;

	*cgrp = cgroup_get_from_fd(fd);
	if (IS_ERR(*cgrp))
		return PTR_ERR(*cgrp);
	/* The root cgroup would swallow the host. */
	if (!cgroup_parent(*cgrp)) {
		ret = -EINVAL;
		goto err_cgroup;
	}
	f = fget_raw(fd);
	if (!f) {
		ret = -EBADF;
		goto err_cgroup;
	}
	*dir = f->f_path;
	path_get(dir);
	fput(f);
	return 0;

err_cgroup:
	cgroup_put(*cgrp);
	return ret;
}

/* A zeroed context holding the cgroup @cgroup_fd names; -errno on failure. */
static struct vctx_context *vctx_context_alloc(int cgroup_fd)
{
	struct vctx_context *ctx;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ret = vctx_cgroup_from_fd(cgroup_fd, &ctx->cgrp, &ctx->cgroup_dir);
	if (ret) {
		kfree(ctx);
		return ERR_PTR(ret);
	}
	return ctx;
}

/*
 * Free a context no reader can hold any more: every feature's state, in
 * reverse order, then its own references. Process context.
 */
static void vctx_context_free(struct vctx_context *ctx)
{
	unsigned int i;

	for (i = vctx_nr_features; i-- > 0;)
		if (vctx_features[i]->free)
			vctx_features[i]->free(ctx);
	if (ctx->pidns)
		put_pid_ns(ctx->pidns);
	put_pid(ctx->init);
	path_put(&ctx->cgroup_dir);
	cgroup_put(ctx->cgrp);
	kfree(ctx);
}

static void vctx_context_free_work(struct work_struct *work)
{
	vctx_context_free(container_of(to_rcu_work(work), struct vctx_context, free_work));
}

void vctx_put(struct vctx_context *ctx)
{
	if (vctx_is_static(ctx) || !refcount_dec_and_test(&ctx->refs))
		return;
	INIT_RCU_WORK(&ctx->free_work, vctx_context_free_work);
	queue_rcu_work(vctx_wq, &ctx->free_work);
}

/* Release the first @nr features of @ctx, in reverse order. */
static void vctx_features_release(struct vctx_context *ctx, unsigned int nr)
{
	while (nr-- > 0)
		if (vctx_features[nr]->release)
			vctx_features[nr]->release(ctx);
}

/*
 * Every feature's init, in order; on a failure the features set up so far
 * are released again. Return: 0 or -errno.
 */
static int vctx_features_init(struct vctx_context *ctx)
{
	unsigned int i;
	int ret;

	for (i = 0; i < vctx_nr_features; i++) {
		if (!vctx_features[i]->init)
			continue;
		ret = vctx_features[i]->init(ctx);
		if (ret)
			goto err_release;
	}
	return 0;

err_release:
	vctx_features_release(ctx, i);
	return ret;
}

/*
 * Every feature's publish, in order, under the registry lock. A failure
 * is undone by the caller's vctx_features_release() of all of them.
 */
static int vctx_features_publish(struct vctx_context *ctx)
{
	unsigned int i;
	int ret;

	for (i = 0; i < vctx_nr_features; i++) {
		if (!vctx_features[i]->publish)
			continue;
		ret = vctx_features[i]->publish(ctx);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vctx_context_publish() - make a set-up context known to everyone
 * @ctx: a context with name, flags, caps and cgroup set and its features
 *	set up; its xid is a static xid or 0 for a dynamic one, filled in
 *
 * On success the registry owns @ctx (and its references); on failure the
 * caller still does, and may free it at once.
 *
 * Return: the context's xid, or -EEXIST, -EBUSY, -ENOSPC or -ENOMEM.
 */
static int vctx_context_publish(struct vctx_context *ctx)
{
	int ret;

	refcount_set(&ctx->refs, 1);
	ctx->cgroup_id = cgroup_id(ctx->cgrp);
	ctx->created_ns = ktime_get_real_ns();

	vctx_registry_lock();
	ret = vctx_registry_reserve(ctx);
	if (ret)
		goto err_unlock;
	ret = vctx_features_publish(ctx);
	if (ret)
		goto err_unreserve;
	vctx_registry_publish(ctx);
	__module_get(THIS_MODULE);
	vctx_event_ctx(VCTX_EVENT_CREATED, ctx, NULL);
	/* Read before unlocking: from here on it may be destroyed any time. */
	ret = ctx->xid;
	vctx_registry_unlock();
	return ret;

err_unreserve:
	vctx_registry_unreserve(ctx);
err_unlock:
	vctx_registry_unlock();
	/* Readers may have seen it in the name or cgroup table. */
	synchronize_rcu();
	return ret;
}

/**
 * vctx_context_create() - create and publish a context
 * @c: the VCTX_IOC_CREATE argument, every field checked by the caller
 *
 * Return: the new context's xid, or -errno.
 */
int vctx_context_create(const struct vctx_create *c)
{
	struct vctx_context *ctx;
	int ret;

	ctx = vctx_context_alloc(c->cgroup_fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	ctx->xid = c->xid;
	memcpy(ctx->name, c->name, sizeof(ctx->name));
	ctx->flags = c->flags;
	ctx->cap_bset = c->cap_bset;

	ret = vctx_features_init(ctx);
	if (ret)
		goto err_free;
	ret = vctx_context_publish(ctx);
	if (ret < 0)
		goto err_release;
	return ret;

err_release:
	vctx_features_release(ctx, vctx_nr_features);
err_free:
	vctx_context_free(ctx);
	return ret;
}

/*
 * An unpublished context's features are released (which may raise its last
 * events: the limiter's UNHOLD, the watch's EMPTY), then it is gone.
 */
static void vctx_context_retire(struct vctx_context *ctx)
{
	vctx_features_release(ctx, vctx_nr_features);
	vctx_event_ctx(VCTX_EVENT_DESTROYED, ctx, NULL);
}

/**
 * vctx_context_destroy() - unpublish a context and drop the registry's reference
 * @xid: a created context
 *
 * Return: 0, -ENOENT, or -EBUSY while the context has tasks.
 */
int vctx_context_destroy(u32 xid)
{
	struct vctx_context *ctx;

	vctx_registry_lock();
	ctx = vctx_registry_find(xid);
	if (!ctx) {
		vctx_registry_unlock();
		return -ENOENT;
	}
	if (cgroup_is_populated(ctx->cgrp)) {
		vctx_registry_unlock();
		return -EBUSY;
	}
	vctx_registry_unpublish(ctx);
	vctx_registry_unlock();

	/* Waits for readers of its /proc/vctx files (procfs's release). */
	vctx_context_retire(ctx);
	vctx_registry_lock();
	vctx_registry_release_xid(ctx);
	vctx_registry_unlock();
	vctx_put(ctx);
	module_put(THIS_MODULE);
	return 0;
}

/**
 * vctx_context_start() - record a context's init
 * @xid: a created context
 * @pid: its init, a task of it; consumed
 *
 * Return: 0, -ENOENT when @xid is not a created context, or -EBUSY when
 * @pid's namespace is already another context's.
 */
int vctx_context_start(u32 xid, struct pid *pid)
{
	struct vctx_context *ctx;
	struct pid *old;
	int ret;

	vctx_registry_lock();
	ctx = vctx_registry_find(xid);
	if (!ctx) {
		vctx_registry_unlock();
		put_pid(pid);
		return -ENOENT;
	}
	ret = vctx_registry_pin_pidns(ctx, pid);
	if (ret) {
		vctx_registry_unlock();
		put_pid(pid);
		return ret;
	}
	old = ctx->init;
	WRITE_ONCE(ctx->init, pid);
	vctx_event_ctx(VCTX_EVENT_STARTED, ctx, pid);
	vctx_registry_unlock();
	/* Readers hold the registry lock or a context reference plus RCU. */
	synchronize_rcu();
	put_pid(old);
	return 0;
}

/**
 * vctx_spectator_set() - bind the spectator to a cgroup, or unbind it
 * @cgroup_fd: a cgroup directory, or -1 to unbind
 *
 * Return: 0, or -errno (see vctx_registry_bind_spectator()).
 */
int vctx_spectator_set(int cgroup_fd)
{
	struct vctx_context *entry = NULL, *old;
	int ret;

	if (cgroup_fd >= 0) {
		entry = vctx_context_alloc(cgroup_fd);
		if (IS_ERR(entry))
			return PTR_ERR(entry);
		entry->xid = VCTX_XID_SPECTATOR;
		strscpy(entry->name, vctx_spectator.name, sizeof(entry->name));
	}
	vctx_registry_lock();
	ret = vctx_registry_bind_spectator(entry, &old);
	vctx_registry_unlock();
	if (!ret && old)
		vctx_put(old);
	/* Not published: no reader can have seen it. */
	if (ret && entry)
		vctx_context_free(entry);
	return ret < 0 ? ret : 0;
}

/**
 * vctx_init_vnr() - the context's init as the caller sees it
 * @ctx: any context
 *
 * Return: its pid in the caller's pid namespace, 0 when no init was
 * reported, it has exited, or the caller's namespace cannot see it.
 */
pid_t vctx_init_vnr(const struct vctx_context *ctx)
{
	struct pid *init;
	pid_t nr = 0;

	rcu_read_lock();
	init = READ_ONCE(ctx->init);
	if (init && pid_task(init, PIDTYPE_PID))
		nr = pid_nr_ns(init, task_active_pid_ns(current));
	rcu_read_unlock();
	return nr;
}

u32 vctx_state(const struct vctx_context *ctx)
{
	if (vctx_is_builtin(ctx) || cgroup_is_populated(ctx->cgrp))
		return VCTX_STATE_RUNNING;
	return READ_ONCE(ctx->init) ? VCTX_STATE_STOPPED : VCTX_STATE_CREATED;
}

u64 vctx_nr_tasks(struct vctx_context *ctx)
{
	struct task_struct *g, *t;
	u64 n = 0;

	if (!ctx->cgrp)
		return 0;

	/* The pids controller counts the subtree for us (vctx enables it). */
	if (!vctx_cgroup_read_key(ctx, "pids.current", NULL, &n))
		return n;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (cgroup_is_descendant(task_dfl_cgroup(t), ctx->cgrp))
			n++;
	rcu_read_unlock();
	return n;
}

/**
 * vctx_context_init() - set up the context core
 * @features: every feature a context has, in the order they are set up
 * @nr: how many
 *
 * Return: 0 or -ENOMEM.
 */
int vctx_context_init(const struct vctx_feature *const *features, unsigned int nr)
{
	vctx_wq = alloc_workqueue("vctx", 0, 0);
	if (!vctx_wq)
		return -ENOMEM;
	vctx_features = features;
	vctx_nr_features = nr;
	return 0;
}

/*
 * Unbinds the spectator's cgroup and, after a forced unload (rmmod -f),
 * drops the contexts left, then waits until every context is freed.
 */
void vctx_context_exit(void)
{
	struct vctx_context *ctx;

	vctx_registry_lock();
	ctx = vctx_registry_unbind_spectator();
	if (ctx)
		vctx_put(ctx);
	while ((ctx = vctx_registry_unpublish_first())) {
		pr_warn("forced unload: dropping context %u (%s)\n", ctx->xid, ctx->name);
		vctx_context_retire(ctx);
		vctx_registry_release_xid(ctx);
		vctx_put(ctx);
	}
	vctx_registry_unlock();

	rcu_barrier();		/* queue_rcu_work() callbacks have queued */
	destroy_workqueue(vctx_wq);	/* ... and the frees have run */
}
