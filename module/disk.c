// SPDX-License-Identifier: GPL-2.0
/*
 * The disk quota watch: a context's project quota (ext4 prjquota, XFS
 * pquota), read about once a second the way quotactl(Q_GETQUOTA) reads it,
 * and a DISK event whenever the level of its blocks or inodes changes
 * (0, 90 or 100 % of the hard limit).
 *
 * Userland sets the project and its limits; the module only reads them,
 * through the filesystem's own quotactl operations (sb->s_qcop, a pointer
 * the kernel holds), under s_umount for reading as quotactl does. Nothing
 * is hooked: the host pays only for the poll, and only while a watch
 * exists.
 *
 * Each watch holds a reference on the path of the fd it was given, which
 * keeps the mount and so the superblock alive. The watches are on one list
 * under vctx_disk_mutex; the poll walks it under the mutex, and a context's
 * release takes its watch off the list under the mutex, so a watch is
 * never used after it is freed and never outlives its context.
 *
 * Lock order: the registry lock, then vctx_disk_mutex (a forced unload
 * releases contexts under the registry lock), then a superblock's
 * s_umount, then the events' lock.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/path.h>
#include <linux/projid.h>
#include <linux/quota.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "context.h"
#include "disk.h"
#include "events.h"
#include "registry.h"

#define VCTX_DISK_PERIOD	HZ

/* Indexes of struct vctx_diskwatch.level */
#define VCTX_DISK_IDX_BLOCKS	0
#define VCTX_DISK_IDX_INODES	1

/**
 * struct vctx_diskwatch - one context's watched project quota
 * @node: entry in vctx_disk_list
 * @ctx: the context; valid while @node is on the list (its release takes
 *	the watch off first), not referenced
 * @path: where the fd pointed, referenced: pins the mount and superblock
 * @projid: the project
 * @level: last level reported of blocks and inodes: 0, 90 or 100
 */
struct vctx_diskwatch {
	struct list_head node;
	struct vctx_context *ctx;
	struct path path;
	kprojid_t projid;
	u32 level[2];
};

static DEFINE_MUTEX(vctx_disk_mutex);
static LIST_HEAD(vctx_disk_list);
static struct workqueue_struct *vctx_disk_wq;

static void vctx_disk_poll(struct work_struct *work);
static DECLARE_DELAYED_WORK(vctx_disk_dwork, vctx_disk_poll);

/**
 * vctx_disk_read() - read a watched project's usage and limits
 * @w: the watch
 * @q: filled in
 *
 * Context: process, may sleep (the filesystem may read its quota file).
 *
 * A frozen filesystem is not asked: a quota record it had to read in
 * would start a transaction, which waits for the thaw, which waits for
 * s_umount. freeze_super() and thaw_super() change the state under
 * s_umount held for writing, so it is stable while we hold it to read.
 *
 * Return: 0, -EAGAIN while the filesystem is frozen, or the filesystem's
 * error. A project XFS has no record of yet reads as all zero.
 */
static int vctx_disk_read(const struct vctx_diskwatch *w, struct qc_dqblk *q)
{
	struct super_block *sb = w->path.mnt->mnt_sb;
	int ret = -EAGAIN;

	down_read(&sb->s_umount);
	if (READ_ONCE(sb->s_writers.frozen) == SB_UNFROZEN)
		ret = sb->s_qcop->get_dqblk(sb, make_kqid_projid(w->projid), q);
	up_read(&sb->s_umount);
	if (ret == -ENOENT) {	/* XFS: no dquot for the project yet */
		memset(q, 0, sizeof(*q));
		ret = 0;
	}
	return ret;
}

/**
 * vctx_disk_probe() - whether a watch's filesystem can answer at all
 * @w: the new watch
 *
 * Context: process, may sleep.
 *
 * Return: 0; -EOPNOTSUPP when the filesystem has no quota operations,
 * -EINVAL when the project does not map into the filesystem's user
 * namespace, -ESRCH when project quota accounting is off (as quotactl
 * answers), or the error of a first read.
 */
static int vctx_disk_probe(const struct vctx_diskwatch *w)
{
	struct super_block *sb = w->path.mnt->mnt_sb;
	const struct quotactl_ops *qcop = sb->s_qcop;
	struct qc_state state;
	struct qc_dqblk q;
	int ret;

	if (!qcop || !qcop->get_dqblk)
		return -EOPNOTSUPP;
	if (!qid_has_mapping(sb->s_user_ns, make_kqid_projid(w->projid)))
		return -EINVAL;
	if (qcop->get_state) {
		down_read(&sb->s_umount);
		ret = qcop->get_state(sb, &state);
		up_read(&sb->s_umount);
		if (ret)
			return ret;
		if (!(state.s_state[PRJQUOTA].flags & QCI_ACCT_ENABLED))
			return -ESRCH;
	}
	ret = vctx_disk_read(w, &q);
	/* Frozen: it answered get_state, the poll reads it after the thaw. */
	return ret == -EAGAIN ? 0 : ret;
}

/* 100 at the limit, 90 from 90 % of it (rounded up), else 0; 0 with no limit. */
static u32 vctx_disk_level(u64 usage, u64 limit)
{
	if (!limit)
		return 0;
	if (usage >= limit)
		return 100;
	/* limit - floor(limit / 10) == ceil(limit * 9 / 10), without overflow */
	if (usage >= limit - div_u64(limit, 10))
		return 90;
	return 0;
}

static void vctx_disk_update(struct vctx_diskwatch *w, unsigned int idx, u32 resource,
			     u64 usage, u64 limit)
{
	u32 level = vctx_disk_level(usage, limit);

	if (level == w->level[idx])
		return;
	w->level[idx] = level;
	vctx_event_disk(w->ctx, resource, level, usage, limit);
}

/* One look at @w; a failed read (frozen, quota turned off since) keeps the levels. */
static void vctx_disk_look(struct vctx_diskwatch *w)
{
	struct qc_dqblk q;

	if (vctx_disk_read(w, &q))
		return;
	vctx_disk_update(w, VCTX_DISK_IDX_BLOCKS, VCTX_DISK_BLOCKS, q.d_space,
			 q.d_spc_hardlimit);
	vctx_disk_update(w, VCTX_DISK_IDX_INODES, VCTX_DISK_INODES, q.d_ino_count,
			 q.d_ino_hardlimit);
}

/* The poll: every watch, then again in a period while any is left. */
static void vctx_disk_poll(struct work_struct *work)
{
	struct vctx_diskwatch *w;

	mutex_lock(&vctx_disk_mutex);
	list_for_each_entry(w, &vctx_disk_list, node) {
		vctx_disk_look(w);
		cond_resched();
	}
	if (!list_empty(&vctx_disk_list))
		queue_delayed_work(vctx_disk_wq, &vctx_disk_dwork, VCTX_DISK_PERIOD);
	mutex_unlock(&vctx_disk_mutex);
}

static void vctx_diskwatch_free(struct vctx_diskwatch *w)
{
	if (!w)
		return;
	path_put(&w->path);
	kfree(w);
}

/**
 * vctx_diskwatch_new() - a watch of a project on the filesystem of an fd
 * @fd: an open file, O_PATH included
 * @projid: the project, in the initial user namespace, valid
 *
 * The quota is probed once, so that a filesystem that cannot answer is
 * refused now rather than polled in vain.
 *
 * Return: the watch, not on the list, or ERR_PTR(-EBADF, -ENOMEM, or an
 * error of vctx_disk_probe()).
 */
static struct vctx_diskwatch *vctx_diskwatch_new(int fd, kprojid_t projid)
{
	struct vctx_diskwatch *w;
	struct file *f;
	int ret;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return ERR_PTR(-ENOMEM);
	f = fget_raw(fd);
	if (!f) {
		ret = -EBADF;
		goto err_free;
	}
	w->path = f->f_path;
	path_get(&w->path);
	fput(f);
	w->projid = projid;
	INIT_LIST_HEAD(&w->node);

	ret = vctx_disk_probe(w);
	if (ret)
		goto err_path;
	return w;

err_path:
	path_put(&w->path);
err_free:
	kfree(w);
	return ERR_PTR(ret);
}

int vctx_ioctl_set_disk(struct file *file, void *arg)
{
	struct vctx_disk *d = arg;
	struct vctx_diskwatch *w = NULL, *old;
	struct vctx_context *ctx;
	kprojid_t projid;
	bool live;
	int ret;

	if (d->flags || memchr_inv(d->reserved, 0, sizeof(d->reserved)) || d->fd < -1 ||
	    (d->fd == -1) != !d->projid)
		return -EINVAL;
	projid = make_kprojid(&init_user_ns, d->projid);
	if (d->fd >= 0 && !projid_valid(projid))
		return -EINVAL;
	ctx = vctx_get_created(d->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	if (d->fd >= 0) {
		w = vctx_diskwatch_new(d->fd, projid);
		if (IS_ERR(w)) {
			ret = PTR_ERR(w);
			goto out_put;
		}
		w->ctx = ctx;
	}

	mutex_lock(&vctx_disk_mutex);
	/*
	 * Its release runs after it is unpublished and takes the mutex: still
	 * published here means the release is still to come, and will find
	 * the watch.
	 */
	rcu_read_lock();
	live = vctx_lookup_xid_rcu(d->xid) == ctx;
	rcu_read_unlock();
	if (!live) {
		mutex_unlock(&vctx_disk_mutex);
		vctx_diskwatch_free(w);
		ret = -ENOENT;
		goto out_put;
	}
	old = ctx->disk;
	if (old)
		list_del(&old->node);
	ctx->disk = w;
	if (w) {
		list_add_tail(&w->node, &vctx_disk_list);
		/* A first look now: a project past 90 % already is reported. */
		mod_delayed_work(vctx_disk_wq, &vctx_disk_dwork, 0);
	}
	mutex_unlock(&vctx_disk_mutex);
	vctx_diskwatch_free(old);
	ret = 0;

out_put:
	vctx_put(ctx);
	return ret;
}

/* The context is unpublished: its watch stops, its mount is let go. */
static void vctx_disk_release(struct vctx_context *ctx)
{
	struct vctx_diskwatch *w;

	mutex_lock(&vctx_disk_mutex);
	w = ctx->disk;
	ctx->disk = NULL;
	if (w)
		list_del(&w->node);
	mutex_unlock(&vctx_disk_mutex);
	vctx_diskwatch_free(w);
}

const struct vctx_feature vctx_disk_feature = {
	.name = "disk",
	.release = vctx_disk_release,
};

int vctx_disk_init(void)
{
	vctx_disk_wq = alloc_workqueue("vctx_disk", WQ_UNBOUND, 0);
	return vctx_disk_wq ? 0 : -ENOMEM;
}

/* Every context is released already: no watch is left, the poll stops. */
void vctx_disk_exit(void)
{
	cancel_delayed_work_sync(&vctx_disk_dwork);
	destroy_workqueue(vctx_disk_wq);
}
