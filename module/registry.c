// SPDX-License-Identifier: GPL-2.0
/*
 * The context registry: contexts by xid, by name and by cgroup.
 *
 * Readers (queries and the hooks) look contexts up under RCU without taking
 * a lock; every change happens under vctx_registry_mutex. A new context is
 * published in the xid table last, after its name and cgroup are claimed
 * (vctx_registry_reserve(), then vctx_registry_publish()), so a lookup never
 * finds one that registration then undoes. Creating, destroying and freeing
 * a context is context.c's: it takes the lock (vctx_registry_lock()) around
 * the steps below that say so. The registry calls nothing above it.
 *
 * A context whose init is the child reaper of a pid namespace of its own is
 * also found by that namespace (vctx_pidns): a task can leave a cgroup but
 * never its pid namespace, so a guest task that ended up outside its
 * cgroup subtree (which the guards refuse anyway) is still the guest's.
 *
 * Lock order: vctx_registry_mutex is taken with no other vctx lock held,
 * and before procfs's own locks and the events' ring lock (context.c makes
 * a context's /proc/vctx directory and raises CREATED and STARTED under
 * it), and at a forced unload before the limiter's mutex. The features'
 * locks (vctx_sched_mutex, vctx_net_mutex, vctx_proc_mutex) are never held
 * while taking it: their ioctls find the context under RCU.
 */
#include <linux/capability.h>
#include <linux/pid_namespace.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/timekeeping.h>
#include <linux/xarray.h>

#include "registry.h"

static DEFINE_MUTEX(vctx_registry_mutex);
static DEFINE_XARRAY_ALLOC(vctx_xids);
static struct rhashtable vctx_names;
static struct rhashtable vctx_cgroups;
static struct rhashtable vctx_pidns;

/* Created contexts (the built-ins and the spectator's cgroup not counted). */
static unsigned int vctx_nr;

/*
 * Read without the lock by the membership fast path: entries in the cgroup
 * table (contexts and the spectator's cgroup), and the lowest level of a
 * cgroup among them (never raised while entries remain, so at worst low).
 */
static unsigned int vctx_members;
static int vctx_min_level = INT_MAX;

/* The spectator's cgroup entry, or NULL: see vctx_registry_bind_spectator(). */
static struct vctx_context __rcu *vctx_spectator_entry;

static const struct rhashtable_params vctx_name_params = {
	.key_len = VCTX_NAME_LEN,
	.key_offset = offsetof(struct vctx_context, name),
	.head_offset = offsetof(struct vctx_context, name_node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params vctx_cgroup_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct vctx_context, cgroup_id),
	.head_offset = offsetof(struct vctx_context, cgroup_node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params vctx_pidns_params = {
	.key_len = sizeof(struct pid_namespace *),
	.key_offset = offsetof(struct vctx_context, pidns),
	.head_offset = offsetof(struct vctx_context, pidns_node),
	.automatic_shrinking = true,
};

/* The built-ins are not limited in their socket families. */
#define VCTX_SOCKFAM_ALL	{ ~0ULL, ~0ULL }

struct vctx_context vctx_host = {
	.xid = VCTX_XID_HOST,
	.name = "host",
	.cap_bset = GENMASK_ULL(CAP_LAST_CAP, 0),
	.sockfam = VCTX_SOCKFAM_ALL,
	.refs = REFCOUNT_INIT(1),
};

struct vctx_context vctx_spectator = {
	.xid = VCTX_XID_SPECTATOR,
	.name = "spectator",
	.sockfam = VCTX_SOCKFAM_ALL,
	.refs = REFCOUNT_INIT(1),
};

struct vctx_context *vctx_lookup_xid_rcu(u32 xid)
{
	if (xid == VCTX_XID_HOST)
		return &vctx_host;
	if (xid == VCTX_XID_SPECTATOR)
		return rcu_dereference(vctx_spectator_entry) ?: &vctx_spectator;
	return xa_load(&vctx_xids, xid);
}

/* @name must be a full VCTX_NAME_LEN buffer, zero-padded after the name. */
struct vctx_context *vctx_lookup_name_rcu(const char *name)
{
	if (!strcmp(name, vctx_host.name))
		return &vctx_host;
	if (!strcmp(name, vctx_spectator.name))
		return vctx_lookup_xid_rcu(VCTX_XID_SPECTATOR);
	return rhashtable_lookup(&vctx_names, name, vctx_name_params);
}

/**
 * vctx_cgroup_context_rcu() - the context a cgroup belongs to
 * @cgrp: a cgroup of the default hierarchy; the caller holds rcu_read_lock()
 *
 * Return: the context whose cgroup is @cgrp or its nearest registered
 * ancestor, else the host; valid until rcu_read_unlock(); never NULL.
 */
struct vctx_context *vctx_cgroup_context_rcu(struct cgroup *cgrp)
{
	struct vctx_context *ctx;
	int min_level;
	u64 id;

	if (!READ_ONCE(vctx_members))
		return &vctx_host;
	min_level = READ_ONCE(vctx_min_level);
	for (; cgrp && cgrp->level >= min_level; cgrp = cgroup_parent(cgrp)) {
		id = cgroup_id(cgrp);
		ctx = rhashtable_lookup(&vctx_cgroups, &id, vctx_cgroup_params);
		if (ctx)
			return ctx;
	}
	return &vctx_host;
}

/* The context that pins @pid's namespace or one above it, or NULL. */
static struct vctx_context *vctx_pidns_context_rcu(struct pid *pid)
{
	struct pid_namespace *ns = ns_of_pid(pid);
	struct vctx_context *ctx;

	for (; ns && ns->level > 0; ns = ns->parent) {
		ctx = rhashtable_lookup(&vctx_pidns, &ns, vctx_pidns_params);
		if (ctx)
			return ctx;
	}
	return NULL;
}

/**
 * vctx_task_context_rcu() - the context a task belongs to
 * @task: any task; the caller holds rcu_read_lock()
 *
 * The context that pins the task's pid namespace (or one above it), else
 * the context whose cgroup is the task's own or its nearest registered
 * ancestor, else the host. Costs nothing while no context exists; for a
 * task of the initial pid namespace one load more than the cgroup lookup,
 * which is one hash lookup per cgroup level above the shallowest context.
 * Tasks of the spectator's cgroup get its entry, whose xid is 1.
 *
 * Return: a context valid until rcu_read_unlock(); never NULL.
 */
struct vctx_context *vctx_task_context_rcu(struct task_struct *task)
{
	struct vctx_context *ctx;
	struct pid *pid;

	if (!READ_ONCE(vctx_members))
		return &vctx_host;
	pid = READ_ONCE(task->thread_pid);
	if (pid && pid->level > 0) {
		ctx = vctx_pidns_context_rcu(pid);
		if (ctx)
			return ctx;
	}
	return vctx_cgroup_context_rcu(task_dfl_cgroup(task));
}

/* Return: @ctx with a reference, or NULL when it is being freed. */
struct vctx_context *vctx_get(struct vctx_context *ctx)
{
	if (vctx_is_static(ctx))
		return ctx;
	return refcount_inc_not_zero(&ctx->refs) ? ctx : NULL;
}

/**
 * vctx_get_created() - a created context by xid, referenced
 * @xid: its xid
 *
 * Return: the context (vctx_put() it), ERR_PTR(-EINVAL) for an xid no
 * context can have (the built-ins included), or ERR_PTR(-ENOENT).
 */
struct vctx_context *vctx_get_created(u32 xid)
{
	struct vctx_context *ctx;

	if (xid < VCTX_XID_STATIC_MIN || xid > VCTX_XID_DYNAMIC_MAX)
		return ERR_PTR(-EINVAL);
	rcu_read_lock();
	ctx = xa_load(&vctx_xids, xid);
	if (ctx)
		ctx = vctx_get(ctx);
	rcu_read_unlock();
	return ctx ?: ERR_PTR(-ENOENT);
}

static int vctx_check_overlap_one(struct cgroup *cgrp, struct vctx_context *other)
{
	if (other->cgrp == cgrp)
		return -EEXIST;
	if (cgroup_is_descendant(cgrp, other->cgrp) || cgroup_is_descendant(other->cgrp, cgrp))
		return -EBUSY;
	return 0;
}

/*
 * Context cgroups (and the spectator's) may not nest: membership would
 * depend on registration order.
 */
static int vctx_check_overlap(struct cgroup *cgrp)
{
	struct vctx_context *other;
	unsigned long xid;
	int ret;

	lockdep_assert_held(&vctx_registry_mutex);
	other = rcu_dereference_protected(vctx_spectator_entry,
					  lockdep_is_held(&vctx_registry_mutex));
	if (other) {
		ret = vctx_check_overlap_one(cgrp, other);
		if (ret)
			return ret;
	}
	xa_for_each(&vctx_xids, xid, other) {
		ret = vctx_check_overlap_one(cgrp, other);
		if (ret)
			return ret;
	}
	return 0;
}

/* Account a new entry of the cgroup table for the membership fast path. */
static void vctx_member_added(struct vctx_context *ctx)
{
	lockdep_assert_held(&vctx_registry_mutex);
	if (ctx->cgrp->level < vctx_min_level)
		WRITE_ONCE(vctx_min_level, ctx->cgrp->level);
	WRITE_ONCE(vctx_members, vctx_members + 1);
}

static void vctx_member_removed(void)
{
	lockdep_assert_held(&vctx_registry_mutex);
	WRITE_ONCE(vctx_members, vctx_members - 1);
	if (!vctx_members)
		WRITE_ONCE(vctx_min_level, INT_MAX);
}

/**
 * vctx_registry_lock() - take the lock that serializes every change
 *
 * Held by context.c across publishing, starting and unpublishing a context
 * and binding the spectator; the settings below take it themselves.
 */
void vctx_registry_lock(void)
{
	mutex_lock(&vctx_registry_mutex);
}

void vctx_registry_unlock(void)
{
	mutex_unlock(&vctx_registry_mutex);
}

/* Under the registry lock: the published context @xid, or NULL. */
struct vctx_context *vctx_registry_find(u32 xid)
{
	lockdep_assert_held(&vctx_registry_mutex);
	return xa_load(&vctx_xids, xid);
}

/**
 * vctx_registry_reserve() - claim a new context's xid, name and cgroup
 * @ctx: a context with name and cgroup set; its xid is a static xid or 0
 *	for a dynamic one, which is filled in
 *
 * The caller holds the registry lock. From here on readers may find @ctx
 * by name and by cgroup, but not by xid until vctx_registry_publish(): a
 * caller that gives up calls vctx_registry_unreserve() and then lets a
 * grace period pass before freeing it.
 *
 * Return: 0, or -EEXIST, -EBUSY, -ENOSPC or -ENOMEM.
 */
int vctx_registry_reserve(struct vctx_context *ctx)
{
	int ret;

	lockdep_assert_held(&vctx_registry_mutex);
	ret = vctx_check_overlap(ctx->cgrp);
	if (ret)
		return ret;

	/* Reserve the xid (a NULL entry reads as absent) until published. */
	if (ctx->xid) {
		ret = xa_insert(&vctx_xids, ctx->xid, NULL, GFP_KERNEL);
		if (ret == -EBUSY)
			ret = -EEXIST;
	} else {
		ret = xa_alloc(&vctx_xids, &ctx->xid, NULL,
			       XA_LIMIT(VCTX_XID_DYNAMIC_MIN, VCTX_XID_DYNAMIC_MAX), GFP_KERNEL);
		if (ret == -EBUSY)
			ret = -ENOSPC;
	}
	if (ret)
		return ret;

	ret = rhashtable_lookup_insert_fast(&vctx_names, &ctx->name_node, vctx_name_params);
	if (ret)
		goto err_xid;
	ret = rhashtable_lookup_insert_fast(&vctx_cgroups, &ctx->cgroup_node, vctx_cgroup_params);
	if (ret)
		goto err_name;
	return 0;

err_name:
	rhashtable_remove_fast(&vctx_names, &ctx->name_node, vctx_name_params);
err_xid:
	xa_release(&vctx_xids, ctx->xid);
	return ret;
}

/* Undo vctx_registry_reserve(), under the registry lock. */
void vctx_registry_unreserve(struct vctx_context *ctx)
{
	lockdep_assert_held(&vctx_registry_mutex);
	rhashtable_remove_fast(&vctx_cgroups, &ctx->cgroup_node, vctx_cgroup_params);
	rhashtable_remove_fast(&vctx_names, &ctx->name_node, vctx_name_params);
	xa_release(&vctx_xids, ctx->xid);
}

/*
 * Make a reserved context found by xid and count it, under the registry
 * lock; the registry now holds @ctx's first reference.
 */
void vctx_registry_publish(struct vctx_context *ctx)
{
	lockdep_assert_held(&vctx_registry_mutex);
	xa_store(&vctx_xids, ctx->xid, ctx, GFP_KERNEL);
	vctx_member_added(ctx);
	WRITE_ONCE(vctx_nr, vctx_nr + 1);
}

/**
 * vctx_registry_unpublish() - take a published context out of every table
 * @ctx: the context; the caller holds the registry lock
 *
 * The registry's reference passes to the caller. Readers under RCU may
 * still hold @ctx until a grace period has passed. Its xid stays reserved
 * (found by no one) until vctx_registry_release_xid(): what the context
 * published under it, /proc/vctx/<xid>, is removed only after the lock is
 * dropped, and a new context given the same xid meanwhile would publish
 * its own over it.
 */
void vctx_registry_unpublish(struct vctx_context *ctx)
{
	lockdep_assert_held(&vctx_registry_mutex);
	/* In an allocating xarray a NULL store keeps the index reserved. */
	xa_store(&vctx_xids, ctx->xid, NULL, GFP_KERNEL);
	if (ctx->pidns)
		rhashtable_remove_fast(&vctx_pidns, &ctx->pidns_node, vctx_pidns_params);
	rhashtable_remove_fast(&vctx_cgroups, &ctx->cgroup_node, vctx_cgroup_params);
	rhashtable_remove_fast(&vctx_names, &ctx->name_node, vctx_name_params);
	WRITE_ONCE(vctx_nr, vctx_nr - 1);
	vctx_member_removed();
}

/*
 * Free an unpublished context's xid for reuse once its features are
 * released, under the registry lock.
 */
void vctx_registry_release_xid(struct vctx_context *ctx)
{
	lockdep_assert_held(&vctx_registry_mutex);
	xa_release(&vctx_xids, ctx->xid);
}

/* Take the spectator's cgroup entry out of the tables; the caller puts it. */
static void vctx_spectator_unpublish(struct vctx_context *old)
{
	lockdep_assert_held(&vctx_registry_mutex);
	rhashtable_remove_fast(&vctx_cgroups, &old->cgroup_node, vctx_cgroup_params);
	vctx_member_removed();
}

/**
 * vctx_registry_bind_spectator() - make a cgroup's tasks the spectator
 * @entry: a spectator entry (xid 1, name, cgrp and cgroup_dir set), or NULL
 *	to unbind
 * @old: set to the entry replaced (the caller puts it), or NULL
 *
 * The caller holds the registry lock. Binding the cgroup already bound
 * changes nothing. The new entry is published before the old one goes, so
 * a failure changes nothing and readers always find one of them. The entry
 * replaced is to be freed once no reader can hold it (vctx_put()).
 *
 * Return: 1 if @entry was not needed (the caller frees it), 0 if the
 * registry took it, -EBUSY while the bound cgroup still has tasks (or when
 * @entry's cgroup is inside or above a context's or the bound one's),
 * -EEXIST if it is a context's.
 */
int vctx_registry_bind_spectator(struct vctx_context *entry, struct vctx_context **old)
{
	int ret;

	lockdep_assert_held(&vctx_registry_mutex);
	*old = rcu_dereference_protected(vctx_spectator_entry,
					 lockdep_is_held(&vctx_registry_mutex));
	if (*old == entry || (*old && entry && (*old)->cgrp == entry->cgrp)) {
		*old = NULL;
		return 1;
	}
	if (*old && cgroup_is_populated((*old)->cgrp)) {
		*old = NULL;
		return -EBUSY;
	}
	if (entry) {
		refcount_set(&entry->refs, 1);
		entry->cgroup_id = cgroup_id(entry->cgrp);
		entry->created_ns = ktime_get_real_ns();
		ret = vctx_check_overlap(entry->cgrp);
		if (!ret)
			ret = rhashtable_lookup_insert_fast(&vctx_cgroups, &entry->cgroup_node,
							    vctx_cgroup_params);
		if (ret) {
			*old = NULL;
			return ret;
		}
		vctx_member_added(entry);
	}
	if (*old)
		vctx_spectator_unpublish(*old);
	rcu_assign_pointer(vctx_spectator_entry, entry);
	return 0;
}

/*
 * The pid namespace @pid is the child reaper of, other than the initial
 * one, or NULL: only such an init pins its context's namespace.
 */
static struct pid_namespace *vctx_reaped_ns(struct pid *pid)
{
	struct pid_namespace *ns = ns_of_pid(pid);

	if (!ns || !ns->level || pid->numbers[pid->level].nr != 1)
		return NULL;
	return ns;
}

/**
 * vctx_registry_pin_pidns() - find a context by the namespace its init reaps
 * @ctx: a published context; the caller holds the registry lock
 * @pid: its new init
 *
 * Makes the pid namespace @pid is the child reaper of (if any, and not the
 * initial one) @ctx's pinned namespace, in place of the one before.
 *
 * Return: 0, or -EBUSY when that namespace is already another context's.
 */
int vctx_registry_pin_pidns(struct vctx_context *ctx, struct pid *pid)
{
	struct pid_namespace *ns = vctx_reaped_ns(pid);
	struct pid_namespace *old = ctx->pidns;
	int ret;

	lockdep_assert_held(&vctx_registry_mutex);
	if (old == ns)
		return 0;
	if (ns && rhashtable_lookup_fast(&vctx_pidns, &ns, vctx_pidns_params))
		return -EBUSY;
	if (old)
		rhashtable_remove_fast(&vctx_pidns, &ctx->pidns_node, vctx_pidns_params);
	ctx->pidns = ns;
	if (ns) {
		ret = rhashtable_lookup_insert_fast(&vctx_pidns, &ctx->pidns_node,
						    vctx_pidns_params);
		if (ret) {
			ctx->pidns = NULL;
			if (old)
				put_pid_ns(old);
			return ret;
		}
		get_pid_ns(ns);
	}
	/*
	 * The old namespace's init is gone, and the kernel killed every task
	 * of it with its init: nothing is left that it would pin.
	 */
	if (old)
		put_pid_ns(old);
	return 0;
}

/**
 * vctx_set_sockfam() - change the socket families a context may create
 * @xid: a created context
 * @families: VCTX_SOCKFAM_WORDS words, checked by the caller
 *
 * Return: 0 or -ENOENT.
 */
int vctx_set_sockfam(u32 xid, const u64 *families)
{
	struct vctx_context *ctx;
	int i;

	mutex_lock(&vctx_registry_mutex);
	ctx = xa_load(&vctx_xids, xid);
	for (i = 0; ctx && i < VCTX_SOCKFAM_WORDS; i++)
		WRITE_ONCE(ctx->sockfam[i], families[i]);
	mutex_unlock(&vctx_registry_mutex);
	return ctx ? 0 : -ENOENT;
}

/**
 * vctx_set_virt() - change what a context's tasks read as their own
 * @xid: a created context
 * @virt: VCTX_VIRT_* bits, checked by the caller
 *
 * Return: 0 or -ENOENT.
 */
int vctx_set_virt(u32 xid, u32 virt)
{
	struct vctx_context *ctx;

	mutex_lock(&vctx_registry_mutex);
	ctx = xa_load(&vctx_xids, xid);
	if (ctx)
		WRITE_ONCE(ctx->virt, virt);
	mutex_unlock(&vctx_registry_mutex);
	return ctx ? 0 : -ENOENT;
}

/**
 * vctx_update() - change flags and/or the bounding set of a context
 * @xid: a created context
 * @flags: new values of the bits in @mask
 * @mask: VCTX_F_* bits to change
 * @cap_bset: the new bounding set, or NULL to keep it
 *
 * Return: 0 or -ENOENT.
 */
int vctx_update(u32 xid, u32 flags, u32 mask, const u64 *cap_bset)
{
	struct vctx_context *ctx;

	mutex_lock(&vctx_registry_mutex);
	ctx = xa_load(&vctx_xids, xid);
	if (ctx) {
		WRITE_ONCE(ctx->flags, (ctx->flags & ~mask) | (flags & mask));
		if (cap_bset)
			WRITE_ONCE(ctx->cap_bset, *cap_bset);
	}
	mutex_unlock(&vctx_registry_mutex);
	return ctx ? 0 : -ENOENT;
}

unsigned int vctx_count(void)
{
	return READ_ONCE(vctx_nr);
}

/**
 * vctx_next_get() - the created context with the lowest xid >= *@xid
 * @xid: in: where to start; out: the xid found
 *
 * Return: the context with a reference (vctx_put() it), or NULL at the end.
 */
struct vctx_context *vctx_next_get(u32 *xid)
{
	unsigned long index = *xid;
	struct vctx_context *ctx;

	rcu_read_lock();
	for (;;) {
		ctx = xa_find(&vctx_xids, &index, VCTX_XID_DYNAMIC_MAX, XA_PRESENT);
		if (!ctx || vctx_get(ctx))
			break;
		index++;
	}
	rcu_read_unlock();
	if (ctx)
		*xid = index;
	return ctx;
}

/*
 * Unbind the spectator's entry whatever its cgroup holds, at unload, under
 * the registry lock. Return: the entry (the caller puts it), or NULL.
 */
struct vctx_context *vctx_registry_unbind_spectator(void)
{
	struct vctx_context *old;

	lockdep_assert_held(&vctx_registry_mutex);
	old = rcu_dereference_protected(vctx_spectator_entry,
					lockdep_is_held(&vctx_registry_mutex));
	if (old) {
		vctx_spectator_unpublish(old);
		RCU_INIT_POINTER(vctx_spectator_entry, NULL);
	}
	return old;
}

/**
 * vctx_registry_unpublish_first() - unpublish any one context, at unload
 *
 * The caller holds the registry lock. Contexts are only left at unload by a
 * forced unload (rmmod -f): the module references they hold make a plain
 * rmmod fail first.
 *
 * Return: the context with the lowest xid, unpublished (the registry's
 * reference passes to the caller), or NULL when none is left.
 */
struct vctx_context *vctx_registry_unpublish_first(void)
{
	struct vctx_context *ctx;
	unsigned long xid = 0;

	lockdep_assert_held(&vctx_registry_mutex);
	ctx = xa_find(&vctx_xids, &xid, ULONG_MAX, XA_PRESENT);
	if (ctx)
		vctx_registry_unpublish(ctx);
	return ctx;
}

int vctx_registry_init(void)
{
	int ret;

	vctx_host.created_ns = ktime_get_real_ns();
	vctx_spectator.created_ns = vctx_host.created_ns;

	ret = rhashtable_init(&vctx_names, &vctx_name_params);
	if (ret)
		return ret;
	ret = rhashtable_init(&vctx_cgroups, &vctx_cgroup_params);
	if (ret)
		goto err_names;
	ret = rhashtable_init(&vctx_pidns, &vctx_pidns_params);
	if (ret)
		goto err_cgroups;
	return 0;

err_cgroups:
	rhashtable_destroy(&vctx_cgroups);
err_names:
	rhashtable_destroy(&vctx_names);
	return ret;
}

/* Every context and the spectator's entry are gone (vctx_context_exit()). */
void vctx_registry_exit(void)
{
	rhashtable_destroy(&vctx_pidns);
	rhashtable_destroy(&vctx_cgroups);
	rhashtable_destroy(&vctx_names);
	xa_destroy(&vctx_xids);
}
