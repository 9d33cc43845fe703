// SPDX-License-Identifier: GPL-2.0
/*
 * Files of a context's cgroup, read and written from the module the way
 * userland would: the kernel's own cgroup code does the work (freezing,
 * weights, counters), so vctx needs none of its internals. Process context
 * only: opening a file and cgroup writes may sleep.
 */
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/magic.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "cgfile.h"
#include "context_types.h"

static struct file *vctx_cgroup_open(struct vctx_context *ctx, const char *name, int flags)
{
	if (!ctx->cgrp)
		return ERR_PTR(-ENOENT);
	return file_open_root(&ctx->cgroup_dir, name, flags, 0);
}

/*
 * The module reads cgroup files from inside other files' show functions
 * (/proc/meminfo, /proc/vctx/<xid>/sched), so the seq_file lock of the file
 * it opens nests in the reader's. They are two files, always taken the
 * reader's first, but both locks come from seq_open()'s one lock class and
 * lockdep reports recursive locking. The files the module opens get a class
 * of their own, which states the real order: a reader's, then the module's.
 */
static struct lock_class_key vctx_cgroup_seq_key;

/* kernfs opens every cgroup file with a seq_file, read through or not. */
static void vctx_cgroup_seq_class(struct file *f)
{
	struct seq_file *seq = f->private_data;

	if (file_inode(f)->i_sb->s_magic == CGROUP2_SUPER_MAGIC && seq)
		lockdep_set_class(&seq->lock, &vctx_cgroup_seq_key);
}

/**
 * vctx_cgroup_read_above() - read a file of the context's cgroup or one above
 * @ctx: a context with a cgroup
 * @up: how many levels above its cgroup (0: its own)
 * @name: the file's name, e.g. "cpu.max"
 * @buf: where the text goes, NUL-terminated
 * @size: @buf's size
 *
 * A directory above is reached by its dentry, not by "..": a path opened
 * from the cgroup's directory has it as its root.
 *
 * Return: the length read, or -errno (-ENOENT when the file does not exist,
 * for instance because its controller is not enabled, or when the level is
 * above the root of the mount the context's directory is on).
 */
ssize_t vctx_cgroup_read_above(struct vctx_context *ctx, unsigned int up, const char *name,
			       char *buf, size_t size)
{
	struct path dir;
	struct dentry *parent;
	struct file *f;
	loff_t pos = 0;
	ssize_t len;

	if (!ctx->cgrp)
		return -ENOENT;
	dir.mnt = ctx->cgroup_dir.mnt;
	dir.dentry = dget(ctx->cgroup_dir.dentry);
	while (up--) {
		/* Never above the mount the context's directory was opened on. */
		if (dir.dentry == dir.mnt->mnt_root) {
			dput(dir.dentry);
			return -ENOENT;
		}
		parent = dget_parent(dir.dentry);
		dput(dir.dentry);
		dir.dentry = parent;
	}
	f = file_open_root(&dir, name, O_RDONLY, 0);
	dput(dir.dentry);
	if (IS_ERR(f))
		return PTR_ERR(f);
	vctx_cgroup_seq_class(f);
	len = kernel_read(f, buf, size - 1, &pos);
	fput(f);
	buf[len > 0 ? len : 0] = '\0';
	return len;
}

/**
 * vctx_cgroup_read() - read a file of the context's cgroup
 * @ctx: a context with a cgroup
 * @name: the file's name, e.g. "pids.current"
 * @buf: where the text goes, NUL-terminated
 * @size: @buf's size
 *
 * Return: as vctx_cgroup_read_above().
 */
ssize_t vctx_cgroup_read(struct vctx_context *ctx, const char *name, char *buf, size_t size)
{
	return vctx_cgroup_read_above(ctx, 0, name, buf, size);
}

/**
 * vctx_cgroup_write() - write a value to a file of the context's cgroup
 * @ctx: a context with a cgroup
 * @name: the file's name, e.g. "cgroup.freeze"
 * @value: the text to write, as a shell would echo it
 *
 * Return: 0 or -errno.
 */
int vctx_cgroup_write(struct vctx_context *ctx, const char *name, const char *value)
{
	struct file *f = vctx_cgroup_open(ctx, name, O_WRONLY);
	size_t len = strlen(value);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = kernel_write(f, value, len, &pos);
	fput(f);
	if (ret < 0)
		return ret;
	return ret == len ? 0 : -EIO;
}

/**
 * vctx_cgroup_read_key() - one value of a "key value" per line file
 * @ctx: a context with a cgroup
 * @name: the file, e.g. "cpu.stat"
 * @key: the key, e.g. "usage_usec"; NULL for a file holding one number
 * @value: the number found
 *
 * Return: 0, -ENOENT when the file or key does not exist, or -errno.
 */
int vctx_cgroup_read_key(struct vctx_context *ctx, const char *name, const char *key,
			 u64 *value)
{
	size_t klen = key ? strlen(key) : 0;
	char buf[512], *line, *next;
	ssize_t len;

	len = vctx_cgroup_read(ctx, name, buf, sizeof(buf));
	if (len < 0)
		return len;
	if (!key)
		return kstrtoull(strim(buf), 10, value);
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, key, klen) && line[klen] == ' ')
			return kstrtoull(line + klen + 1, 10, value);
	}
	return -ENOENT;
}
