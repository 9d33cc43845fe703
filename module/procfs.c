// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vctx/<xid>/{info,status,sched,net}: the state of each context for
 * scripts, one "key: value" per line.
 *
 * The host and the spectator read every context; a guest opening another
 * context's files gets ENOENT, as if they did not exist. (The vctx tool also
 * hides the other directories from a guest's listing: see userland.)
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "context.h"
#include "netset.h"
#include "procfs.h"
#include "registry.h"
#include "sched.h"

static struct proc_dir_entry *vctx_proc_root;

static bool vctx_proc_visible(const struct vctx_context *ctx)
{
	const struct vctx_context *me;
	bool visible;

	rcu_read_lock();
	me = vctx_task_context_rcu(current);
	visible = vctx_is_builtin(me) || me == ctx;
	rcu_read_unlock();
	return visible;
}

static const char *const vctx_state_names[] = {
	[VCTX_STATE_CREATED] = "created",
	[VCTX_STATE_RUNNING] = "running",
	[VCTX_STATE_STOPPED] = "stopped",
};

static int vctx_info_show(struct seq_file *m, void *v)
{
	struct vctx_context *ctx = m->private;
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	u32 flags = READ_ONCE(ctx->flags);

	seq_printf(m, "xid: %u\n", ctx->xid);
	seq_printf(m, "name: %s\n", ctx->name);
	seq_printf(m, "persistent: %s\n", flags & VCTX_F_PERSISTENT ? "yes" : "no");
	if (path && cgroup_path_ns(ctx->cgrp, path, PATH_MAX, current->nsproxy->cgroup_ns) >= 0)
		seq_printf(m, "cgroup: %s\n", path);
	kfree(path);
	seq_printf(m, "cap_bset: 0x%016llx\n", READ_ONCE(ctx->cap_bset));
	seq_printf(m, "created: %llu\n", ctx->created_ns / NSEC_PER_SEC);
	return 0;
}

static int vctx_status_show(struct seq_file *m, void *v)
{
	struct vctx_context *ctx = m->private;

	seq_printf(m, "state: %s\n", vctx_state_names[vctx_state(ctx)]);
	seq_printf(m, "tasks: %llu\n", vctx_nr_tasks(ctx));
	seq_printf(m, "init_pid: %d\n", vctx_init_vnr(ctx));
	return 0;
}

static int vctx_sched_file_show(struct seq_file *m, void *v)
{
	vctx_sched_show(m, m->private);
	return 0;
}

static int vctx_net_file_show(struct seq_file *m, void *v)
{
	vctx_net_show(m, m->private);
	return 0;
}

static int vctx_proc_open(struct inode *inode, struct file *file,
			  int (*show)(struct seq_file *, void *))
{
	struct vctx_context *ctx = pde_data(inode);

	if (!vctx_proc_visible(ctx))
		return -ENOENT;
	return single_open(file, show, ctx);
}

static int vctx_info_open(struct inode *inode, struct file *file)
{
	return vctx_proc_open(inode, file, vctx_info_show);
}

static int vctx_status_open(struct inode *inode, struct file *file)
{
	return vctx_proc_open(inode, file, vctx_status_show);
}

static int vctx_sched_open(struct inode *inode, struct file *file)
{
	return vctx_proc_open(inode, file, vctx_sched_file_show);
}

static int vctx_net_open(struct inode *inode, struct file *file)
{
	return vctx_proc_open(inode, file, vctx_net_file_show);
}

static const struct proc_ops vctx_info_ops = {
	.proc_open = vctx_info_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static const struct proc_ops vctx_status_ops = {
	.proc_open = vctx_status_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static const struct proc_ops vctx_sched_ops = {
	.proc_open = vctx_sched_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static const struct proc_ops vctx_net_ops = {
	.proc_open = vctx_net_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

/* Called under the registry lock, before @ctx is found by xid. */
static int vctx_proc_add(struct vctx_context *ctx)
{
	char name[16];

	snprintf(name, sizeof(name), "%u", ctx->xid);
	ctx->proc = proc_mkdir(name, vctx_proc_root);
	if (!ctx->proc)
		return -ENOMEM;
	if (!proc_create_data("info", 0444, ctx->proc, &vctx_info_ops, ctx) ||
	    !proc_create_data("status", 0444, ctx->proc, &vctx_status_ops, ctx) ||
	    !proc_create_data("sched", 0444, ctx->proc, &vctx_sched_ops, ctx) ||
	    !proc_create_data("net", 0444, ctx->proc, &vctx_net_ops, ctx)) {
		proc_remove(ctx->proc);
		ctx->proc = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Returns once no reader is inside one of @ctx's files. */
static void vctx_proc_remove(struct vctx_context *ctx)
{
	proc_remove(ctx->proc);
	ctx->proc = NULL;
}

const struct vctx_feature vctx_procfs_feature = {
	.name = "procfs",
	.publish = vctx_proc_add,
	.release = vctx_proc_remove,
};

int vctx_proc_init(void)
{
	vctx_proc_root = proc_mkdir("vctx", NULL);
	if (!vctx_proc_root) {
		pr_err("cannot create /proc/vctx\n");
		return -ENOMEM;
	}
	return 0;
}

void vctx_proc_exit(void)
{
	proc_remove(vctx_proc_root);
}
