// SPDX-License-Identifier: GPL-2.0
/*
 * procfs visibility: what the tables of proctab.c hide is absent from
 * readdir and ENOENT on lookup and open, on every procfs mount. So are, for
 * a guest, the entries of /proc/vctx (procfs.c) of every other context.
 *
 * Hooks (ftrace, see hook.c) on procfs itself, so nothing else pays:
 *
 *   lookup      proc_lookup (/proc and its plain directories),
 *               proc_tgid_net_lookup (/proc/net), proc_sys_lookup
 *               (/proc/sys): a hidden name returns ERR_PTR(-ENOENT), as
 *               procfs does for a name it does not have;
 *   revalidate  proc_misc_d_revalidate, proc_sys_revalidate: a dentry that
 *               someone who may see it left in the dcache fails the walk
 *               of one who may not with ENOENT. (Not 0, "invalid": that
 *               would make the VFS d_invalidate() it, which unmounts what
 *               is mounted on it, binfmt_misc for one.)
 *   open        security_file_open (in enforce.c, which owns that hook):
 *               the last word, for a file reached through a magic link;
 *   readdir     proc_root_readdir, proc_readdir, proc_tgid_net_readdir,
 *               proc_sys_readdir: for a reader who may miss something in
 *               that directory, the call goes to vctx_proc_readdir()
 *               instead, which runs the directory's own iterate_shared
 *               with a dir_context of its own whose actor skips hidden
 *               names and hands the others to the reader's actor. Hidden
 *               names still use up a position, so offsets stay procfs's.
 *
 * Whoever is redirected into vctx_proc_readdir() holds a reference on the
 * module until it returns, since it may sleep there; when that reference
 * cannot be had (the module is going away), the readdir fails rather than
 * shows what is hidden.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/module.h>

#include <vctx/procpath.h>

#include "hook.h"
#include "proctab.h"
#include "procvis.h"
#include "registry.h"

static bool notrace vctx_qstr_is(const struct qstr *q, const char *s, unsigned int len)
{
	return q->len == len && !memcmp(q->name, s, len);
}

/*
 * The table path of a procfs @dentry into @buf: its names below the root,
 * with "<pid>/net" and "<pid>/task/<tid>/net" read as "net" (the reader's
 * network namespace, however reached). Under RCU: procfs never renames.
 *
 * Return: the length (0 for the root), or -1 when it is no table path
 * (inside a process directory, too deep or too long).
 */
static int notrace vctx_proc_path(struct dentry *dentry, char *buf)
{
	const struct qstr *names[VCTX_PROC_DEPTH_MAX + 3];
	int n = 0, skip = 0, len = 0, i;

	for (; !IS_ROOT(dentry); dentry = READ_ONCE(dentry->d_parent)) {
		if (n == ARRAY_SIZE(names))
			return -1;
		names[n++] = &dentry->d_name;
	}
	if (n && vctx_proc_is_pid_dir(names[n - 1]->name, names[n - 1]->len)) {
		if (n >= 2 && vctx_qstr_is(names[n - 2], "net", 3))
			skip = 1;
		else if (n >= 4 && vctx_qstr_is(names[n - 2], "task", 4) &&
			 vctx_qstr_is(names[n - 4], "net", 3))
			skip = 3;
		else
			return -1;
	}
	if (n - skip > VCTX_PROC_DEPTH_MAX)
		return -1;
	for (i = n - 1 - skip; i >= 0; i--) {
		if (len + names[i]->len + 1 >= VCTX_PROC_PATH_LEN)
			return -1;
		if (len)
			buf[len++] = '/';
		memcpy(buf + len, names[i]->name, names[i]->len);
		len += names[i]->len;
	}
	buf[len] = '\0';
	return len;
}

/* "vctx/<xid>...": vctx.ko's own entries; a guest has only its context's. */
static bool notrace vctx_proc_other_context(const struct vctx_context *viewer,
					    const char *path, int len)
{
	u32 xid = 0;
	int i;

	if (vctx_is_builtin(viewer) || len <= 5 || memcmp(path, "vctx/", 5))
		return false;
	for (i = 5; i < len && path[i] != '/'; i++) {
		if (path[i] < '0' || path[i] > '9' || xid > VCTX_XID_DYNAMIC_MAX)
			return false;
		xid = xid * 10 + (path[i] - '0');
	}
	return xid != viewer->xid;
}

/* Whether @path or a directory above it is hidden from @viewer. Under RCU. */
static bool notrace vctx_proc_path_hidden(const struct vctx_context *viewer, const char *path,
					  int len)
{
	int i;

	if (vctx_proc_other_context(viewer, path, len))
		return true;
	for (i = 1; i <= len; i++)
		if ((i == len || path[i] == '/') && vctx_proc_hidden(viewer, path, i))
			return true;
	return false;
}

/**
 * vctx_proc_dentry_hidden() - whether current may not see a procfs dentry
 * @dentry: a dentry of a procfs (positive, or being looked up)
 *
 * Context: any, without sleeping.
 */
bool notrace vctx_proc_dentry_hidden(struct dentry *dentry)
{
	const struct vctx_context *viewer;
	char path[VCTX_PROC_PATH_LEN];
	bool hidden = false;
	int len;

	rcu_read_lock();
	viewer = vctx_task_context_rcu(current);
	if (vctx_proc_viewer_filtered(viewer)) {
		len = vctx_proc_path(dentry, path);
		hidden = len > 0 && vctx_proc_path_hidden(viewer, path, len);
	}
	rcu_read_unlock();
	return hidden;
}

/* proc_lookup(dir, dentry, flags), proc_tgid_net_lookup(...), proc_sys_lookup(...) */
static void notrace vctx_proc_lookup_entry(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	if (vctx_proc_dentry_hidden((struct dentry *)vctx_hook_arg(fregs, 1)))
		vctx_hook_deny(fregs, vctx_hook_deny_enoent_ptr);
}

/* proc_misc_d_revalidate(dentry, flags), proc_sys_revalidate(dentry, flags) */
static void notrace vctx_proc_revalidate_entry(unsigned long ip, unsigned long parent_ip,
					       struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	if (vctx_proc_dentry_hidden((struct dentry *)vctx_hook_arg(fregs, 0)))
		vctx_hook_deny(fregs, vctx_hook_deny_enoent);
}

/**
 * struct vctx_proc_dir - a filtered readdir
 * @ctx: what the directory's iterate_shared fills
 * @reader: the reader's dir_context
 * @len: length of @dir
 * @dir: the directory's table path ("" for /proc)
 */
struct vctx_proc_dir {
	struct dir_context ctx;
	struct dir_context *reader;
	int len;
	char dir[VCTX_PROC_PATH_LEN];
};

/* The actor of a filtered readdir: skip what is hidden, hand the rest on. */
static bool vctx_proc_filldir(struct dir_context *ctx, const char *name, int namelen,
			      loff_t offset, u64 ino, unsigned int d_type)
{
	struct vctx_proc_dir *d = container_of(ctx, struct vctx_proc_dir, ctx);
	char path[VCTX_PROC_PATH_LEN];
	bool hidden = false;
	int len;

	len = d->len + !!d->len + namelen;
	if (len < VCTX_PROC_PATH_LEN) {
		memcpy(path, d->dir, d->len);
		if (d->len)
			path[d->len] = '/';
		memcpy(path + len - namelen, name, namelen);
		rcu_read_lock();
		hidden = vctx_proc_path_hidden(vctx_task_context_rcu(current), path, len);
		rcu_read_unlock();
	}
	if (hidden)
		return true;
	d->reader->pos = ctx->pos;
	return d->reader->actor(d->reader, name, namelen, offset, ino, d_type);
}

/*
 * Where a filtered readdir goes instead of the hooked function, with its
 * arguments. Runs the directory's own iterate_shared: the hook lets that
 * call through, since its dir_context is ours.
 */
static noinline int vctx_proc_readdir(struct file *file, struct dir_context *reader)
{
	struct vctx_proc_dir d = {
		.ctx.actor = vctx_proc_filldir,
		.ctx.pos = reader->pos,
		.reader = reader,
	};
	int ret;

	rcu_read_lock();
	d.len = vctx_proc_path(file->f_path.dentry, d.dir);
	rcu_read_unlock();
	if (d.len < 0)
		ret = -ENOENT;
	else
		ret = file->f_op->iterate_shared(file, &d.ctx);
	reader->pos = d.ctx.pos;
	module_put(THIS_MODULE);
	return ret;
}

/* Send @fregs's readdir to vctx_proc_readdir() when current may miss something there. */
static void notrace vctx_proc_readdir_hook(struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)vctx_hook_arg(fregs, 0);
	struct dir_context *ctx = (struct dir_context *)vctx_hook_arg(fregs, 1);
	const struct vctx_context *viewer;
	char dir[VCTX_PROC_PATH_LEN];
	bool filter = false;
	int len;

	if (ctx->actor == vctx_proc_filldir)
		return;		/* the call made by vctx_proc_readdir() */
	rcu_read_lock();
	viewer = vctx_task_context_rcu(current);
	if (vctx_proc_viewer_filtered(viewer)) {
		len = vctx_proc_path(file->f_path.dentry, dir);
		filter = len >= 0 && (vctx_proc_dir_filtered(viewer, dir, len) ||
				      (!vctx_is_builtin(viewer) && len == 4 &&
				       !memcmp(dir, "vctx", 4)));
	}
	rcu_read_unlock();
	if (!filter)
		return;
	if (try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, vctx_proc_readdir);
	else
		vctx_hook_deny(fregs, vctx_hook_deny_enoent);
}

/* proc_root_readdir(file, ctx): /proc's iterate_shared */
static void notrace vctx_proc_root_readdir_entry(unsigned long ip, unsigned long parent_ip,
						 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_proc_readdir_hook(fregs);
}

/*
 * proc_readdir(file, ctx), proc_tgid_net_readdir(...), proc_sys_readdir(...):
 * iterate_shared of the other directories. proc_root_readdir() also calls
 * proc_readdir() for /proc's own entries: that call was decided on above.
 */
static void notrace vctx_proc_dir_readdir_entry(unsigned long ip, unsigned long parent_ip,
						struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)vctx_hook_arg(fregs, 0);

	if (!IS_ROOT(file->f_path.dentry))
		vctx_proc_readdir_hook(fregs);
}

static struct vctx_hook vctx_procvis_hooks[] = {
	VCTX_HOOK(proc_lookup, vctx_proc_lookup_entry),
	VCTX_HOOK(proc_tgid_net_lookup, vctx_proc_lookup_entry),
	VCTX_HOOK(proc_sys_lookup, vctx_proc_lookup_entry),
	VCTX_HOOK(proc_misc_d_revalidate, vctx_proc_revalidate_entry),
	VCTX_HOOK(proc_sys_revalidate, vctx_proc_revalidate_entry),
	VCTX_HOOK(proc_root_readdir, vctx_proc_root_readdir_entry),
	VCTX_HOOK(proc_readdir, vctx_proc_dir_readdir_entry),
	VCTX_HOOK(proc_tgid_net_readdir, vctx_proc_dir_readdir_entry),
	VCTX_HOOK(proc_sys_readdir, vctx_proc_dir_readdir_entry),
};

static struct vctx_hook_table vctx_procvis_hooks_table = VCTX_HOOK_TABLE(vctx_procvis_hooks);

int vctx_procvis_init(void)
{
	int ret;

	ret = vctx_proctab_init();
	if (ret)
		return ret;
	ret = vctx_hooks_attach(&vctx_procvis_hooks_table);
	if (ret)
		vctx_proctab_exit();
	return ret;
}

/* A reader still in vctx_proc_readdir() holds the module: none is. */
void vctx_procvis_exit(void)
{
	vctx_hooks_detach(&vctx_procvis_hooks_table);
	vctx_proctab_exit();
}
