// SPDX-License-Identifier: GPL-2.0
/*
 * procfs visibility tables: the global flags of /proc entries and each
 * context's overrides, and the decision who sees what.
 *
 * A table is immutable once published: a change builds a new one under
 * vctx_proc_mutex, publishes it with RCU and frees the old one a grace
 * period later, so the hooks read tables locklessly, with preemption off.
 * Each table holds its entries sorted by path (for listing), an open
 * addressing index by path, and an index of the directories that hold
 * entries, which lets readdir skip every directory the table does not
 * touch.
 */
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include <vctx/procpath.h>

#include "context.h"
#include "proctab.h"
#include "registry.h"

#define VCTX_PROCTAB_EMPTY	0xffff

struct vctx_procent {
	u32 hash;
	u16 len;
	u16 flags;
	char path[VCTX_PROC_PATH_LEN];
};

/**
 * struct vctx_proctab - an immutable table of entries
 * @rcu: frees it
 * @nr: entries
 * @nr_dirs: directories holding entries
 * @mask: index slots - 1 (a power of two at least twice @nr, and @nr_dirs)
 * @hides: entries that hide something from a guest (VCTX_PROC_HIDE)
 * @host_hides: ... from the host (HIDE without ADMIN)
 * @spectator_hides: ... from the spectator (HIDE without WATCH)
 * @by_path: index into @ent by path hash
 * @dirs: hashes and lengths of the directories, by hash
 * @dir_paths: those directories
 * @ent: the entries, sorted by path
 */
struct vctx_proctab {
	struct rcu_head rcu;
	unsigned int nr;
	unsigned int nr_dirs;
	unsigned int mask;
	unsigned int hides;
	unsigned int host_hides;
	unsigned int spectator_hides;
	u16 *by_path;
	u16 *dirs;
	struct vctx_procent *dir_paths;
	struct vctx_procent ent[];
};

static DEFINE_MUTEX(vctx_proc_mutex);
static struct vctx_proctab __rcu *vctx_proc_global;

#define H	VCTX_PROC_HIDE
#define A	VCTX_PROC_ADMIN
#define W	VCTX_PROC_WATCH
/*
 * Secure defaults. Hidden from guests: what reads kernel memory, addresses
 * or other tenants' data, or lets one act on the whole machine. The host
 * sees all (ADMIN); the spectator sees what only describes the machine.
 */
static const struct {
	const char *path;
	u16 flags;
} vctx_proc_defaults[] = {
	{ "kcore", H | A },		{ "kmsg", H | A },
	{ "sysrq-trigger", H | A },	{ "kallsyms", H | A },
	{ "kpagecount", H | A },	{ "kpageflags", H | A },
	{ "kpagecgroup", H | A },	{ "vmcore", H | A },
	{ "modules", H | A | W },	{ "timer_list", H | A | W },
	{ "sched_debug", H | A | W },	{ "keys", H | A | W },
	{ "key-users", H | A | W },	{ "iomem", H | A | W },
	{ "ioports", H | A | W },	{ "slabinfo", H | A | W },
	{ "vmallocinfo", H | A | W },	{ "pagetypeinfo", H | A | W },
	{ "mtrr", H | A | W },		{ "dma", H | A | W },
	{ "sys/kernel/core_pattern", H | A },
	{ "sys/kernel/modprobe", H | A },
	{ "sys/kernel/poweroff_cmd", H | A },
	{ "sys/kernel/sysrq", H | A },
	{ "sys/kernel/usermodehelper", H | A },
	{ "sys/kernel/kexec_load_disabled", H | A },
	{ "sys/vm/drop_caches", H | A },
	{ "sys/fs/binfmt_misc", H | A },
};

#undef H
#undef A
#undef W

static unsigned int vctx_proc_depth(const char *path, unsigned int len)
{
	unsigned int i, depth = 1;

	for (i = 0; i < len; i++)
		depth += path[i] == '/';
	return depth;
}

static u32 vctx_proc_hash(const char *path, unsigned int len)
{
	return jhash(path, len, 0);
}

static int vctx_proc_find(const struct vctx_proctab *t, const u16 *index,
			  const struct vctx_procent *ents, const char *path, unsigned int len,
			  u32 hash)
{
	unsigned int i;
	u16 e;

	for (i = hash & t->mask;; i = (i + 1) & t->mask) {
		e = index[i];
		if (e == VCTX_PROCTAB_EMPTY)
			return -1;
		if (ents[e].hash == hash && ents[e].len == len && !memcmp(ents[e].path, path, len))
			return e;
	}
}

/* The flags of @path in @t, or -1 when it has no such entry. */
static int vctx_proctab_flags(const struct vctx_proctab *t, const char *path, unsigned int len,
			      u32 hash)
{
	int e;

	if (!t || !t->nr)
		return -1;
	e = vctx_proc_find(t, t->by_path, t->ent, path, len, hash);
	return e < 0 ? -1 : t->ent[e].flags;
}

static bool vctx_proctab_has_dir(const struct vctx_proctab *t, const char *dir, unsigned int len)
{
	if (!t || !t->nr)
		return false;
	return vctx_proc_find(t, t->dirs, t->dir_paths, dir, len,
			      vctx_proc_hash(dir, len)) >= 0;
}

/* Whether @viewer's tasks could have anything hidden at all. */
bool vctx_proc_viewer_filtered(const struct vctx_context *viewer)
{
	const struct vctx_proctab *g = rcu_dereference(vctx_proc_global);

	if (unlikely(!g))
		return false;
	switch (viewer->xid) {
	case VCTX_XID_HOST:
		return g->host_hides;
	case VCTX_XID_SPECTATOR:
		return g->spectator_hides;
	default:
		return true;	/* at least /proc/vctx */
	}
}

/* Whether the directory @dir (a table path, "" for /proc) holds entries @viewer may miss. */
bool vctx_proc_dir_filtered(const struct vctx_context *viewer, const char *dir, unsigned int len)
{
	if (!vctx_proc_viewer_filtered(viewer))
		return false;
	if (vctx_proctab_has_dir(rcu_dereference(vctx_proc_global), dir, len))
		return true;
	return !vctx_is_builtin(viewer) &&
	       vctx_proctab_has_dir(rcu_dereference(viewer->proc_over), dir, len);
}

/**
 * vctx_proc_hidden() - whether a task of @viewer may not see @path
 * @viewer: the task's context
 * @path: a table path (not NUL-terminated)
 * @len: its length
 *
 * Under RCU. VServer's rule: without HIDE everyone sees it; with HIDE the
 * host sees it if ADMIN, the spectator if WATCH, a guest never. A guest's
 * override of the entry replaces the global flags.
 */
bool vctx_proc_hidden(const struct vctx_context *viewer, const char *path, unsigned int len)
{
	u32 hash = vctx_proc_hash(path, len);
	int flags = -1;

	if (!vctx_is_builtin(viewer))
		flags = vctx_proctab_flags(rcu_dereference(viewer->proc_over), path, len, hash);
	if (flags < 0)
		flags = vctx_proctab_flags(rcu_dereference(vctx_proc_global), path, len, hash);
	if (flags < 0 || !(flags & VCTX_PROC_HIDE))
		return false;
	if (viewer->xid == VCTX_XID_HOST)
		return !(flags & VCTX_PROC_ADMIN);
	if (viewer->xid == VCTX_XID_SPECTATOR)
		return !(flags & VCTX_PROC_WATCH);
	return true;
}

static int vctx_procent_cmp(const void *a, const void *b)
{
	const struct vctx_procent *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static void vctx_proctab_free(struct vctx_proctab *t)
{
	if (!t)
		return;
	kvfree(t->by_path);
	kvfree(t->dirs);
	kvfree(t->dir_paths);
	kvfree(t);
}

static void vctx_proctab_free_rcu(struct rcu_head *rcu)
{
	vctx_proctab_free(container_of(rcu, struct vctx_proctab, rcu));
}

static void vctx_proc_index(u16 *index, unsigned int mask, const struct vctx_procent *e, u16 n)
{
	unsigned int i;

	for (i = e->hash & mask; index[i] != VCTX_PROCTAB_EMPTY; i = (i + 1) & mask)
		;
	index[i] = n;
}

/* Add @path's directories (not "" for /proc itself) to @t's directory index. */
static void vctx_proc_add_dirs(struct vctx_proctab *t, const struct vctx_procent *e)
{
	struct vctx_procent *d;
	unsigned int len;

	for (len = e->len; len--; ) {
		if (e->path[len] != '/')
			continue;
		if (vctx_proc_find(t, t->dirs, t->dir_paths, e->path, len,
				   vctx_proc_hash(e->path, len)) >= 0)
			continue;
		d = &t->dir_paths[t->nr_dirs];
		memcpy(d->path, e->path, len);
		d->path[len] = '\0';
		d->len = len;
		d->hash = vctx_proc_hash(e->path, len);
		vctx_proc_index(t->dirs, t->mask, d, t->nr_dirs++);
	}
	/* An entry of /proc itself: its directory is "". */
	if (!memchr(e->path, '/', e->len) &&
	    vctx_proc_find(t, t->dirs, t->dir_paths, "", 0, vctx_proc_hash("", 0)) < 0) {
		d = &t->dir_paths[t->nr_dirs];
		d->path[0] = '\0';
		d->len = 0;
		d->hash = vctx_proc_hash("", 0);
		vctx_proc_index(t->dirs, t->mask, d, t->nr_dirs++);
	}
}

/**
 * vctx_proctab_build() - a table of @old's entries with one set or removed
 * @old: the table now (NULL: none)
 * @path: the entry to change, NUL-terminated, valid; NULL to change nothing
 * @flags: its new flags, or -1 to remove it
 * @max: the most entries allowed
 *
 * Return: the new table (NULL for an empty one), or an ERR_PTR: -ENOSPC,
 * -ENOENT (removing what is not there), -ENOMEM.
 */
static struct vctx_proctab *vctx_proctab_build(const struct vctx_proctab *old, const char *path,
					       int flags, unsigned int max)
{
	unsigned int nr = old ? old->nr : 0, nr_dirs, slots, i, o;
	unsigned int len = path ? strlen(path) : 0;
	int found = -1;
	struct vctx_proctab *t;

	if (path && old && old->nr)
		found = vctx_proc_find(old, old->by_path, old->ent, path, len,
				       vctx_proc_hash(path, len));
	if (path && flags < 0 && found < 0)
		return ERR_PTR(-ENOENT);
	if (path && flags >= 0 && found < 0)
		nr++;
	if (path && flags < 0)
		nr--;
	if (nr > max)
		return ERR_PTR(-ENOSPC);
	if (!nr)
		return NULL;

	/* Each entry adds at most as many directories as it has components. */
	nr_dirs = path ? vctx_proc_depth(path, len) : 0;
	for (o = 0; old && o < old->nr; o++)
		nr_dirs += vctx_proc_depth(old->ent[o].path, old->ent[o].len);
	slots = roundup_pow_of_two(2 * max(nr, nr_dirs));
	t = kvzalloc(struct_size(t, ent, nr), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->mask = slots - 1;
	t->by_path = kvmalloc_array(slots, sizeof(u16), GFP_KERNEL);
	t->dirs = kvmalloc_array(slots, sizeof(u16), GFP_KERNEL);
	t->dir_paths = kvcalloc(nr_dirs, sizeof(*t->dir_paths), GFP_KERNEL);
	if (!t->by_path || !t->dirs || !t->dir_paths) {
		vctx_proctab_free(t);
		return ERR_PTR(-ENOMEM);
	}
	memset(t->by_path, 0xff, slots * sizeof(u16));
	memset(t->dirs, 0xff, slots * sizeof(u16));

	for (i = 0, o = 0; old && o < old->nr; o++) {
		if ((int)o == found) {
			if (flags < 0)
				continue;
			t->ent[i] = old->ent[o];
			t->ent[i++].flags = flags;
			continue;
		}
		t->ent[i++] = old->ent[o];
	}
	if (path && flags >= 0 && found < 0) {
		memcpy(t->ent[i].path, path, len + 1);
		t->ent[i].len = len;
		t->ent[i].hash = vctx_proc_hash(path, len);
		t->ent[i++].flags = flags;
	}
	t->nr = i;
	sort(t->ent, t->nr, sizeof(t->ent[0]), vctx_procent_cmp, NULL);
	for (i = 0; i < t->nr; i++) {
		const struct vctx_procent *e = &t->ent[i];

		vctx_proc_index(t->by_path, t->mask, e, i);
		vctx_proc_add_dirs(t, e);
		if (e->flags & VCTX_PROC_HIDE) {
			t->hides++;
			t->host_hides += !(e->flags & VCTX_PROC_ADMIN);
			t->spectator_hides += !(e->flags & VCTX_PROC_WATCH);
		}
	}
	return t;
}

/* Replace *@slot (under the mutex) by @t; the old table goes after a grace period. */
static void vctx_proctab_publish(struct vctx_proctab __rcu **slot, struct vctx_proctab *t)
{
	struct vctx_proctab *old = rcu_dereference_protected(*slot,
							     lockdep_is_held(&vctx_proc_mutex));

	rcu_assign_pointer(*slot, t);
	if (old)
		call_rcu(&old->rcu, vctx_proctab_free_rcu);
}

/* The global table is never NULL for readers: an empty one stands for none. */
static int vctx_proc_set_global(const char *path, int flags)
{
	struct vctx_proctab *old, *t;

	old = rcu_dereference_protected(vctx_proc_global, lockdep_is_held(&vctx_proc_mutex));
	t = vctx_proctab_build(old, path, flags, VCTX_PROC_GLOBAL_MAX);
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (!t) {
		t = kvzalloc(sizeof(*t), GFP_KERNEL);
		if (!t)
			return -ENOMEM;
	}
	vctx_proctab_publish(&vctx_proc_global, t);
	return 0;
}

static int vctx_proc_set_override(struct vctx_context *ctx, const char *path, int flags)
{
	struct vctx_proctab *t;

	t = vctx_proctab_build(rcu_dereference_protected(ctx->proc_over,
							 lockdep_is_held(&vctx_proc_mutex)),
			       path, flags, VCTX_PROC_CONTEXT_MAX);
	if (IS_ERR(t))
		return PTR_ERR(t);
	vctx_proctab_publish(&ctx->proc_over, t);
	return 0;
}

int vctx_ioctl_set_proc(struct file *file, void *arg)
{
	struct vctx_proc_set *s = arg;
	struct vctx_context *ctx;
	int flags, ret;

	if (s->reserved0 || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    !vctx_proc_path_valid(s->path, sizeof(s->path), VCTX_PROC_DEPTH_MAX, 1))
		return -EINVAL;
	if (s->op == VCTX_PROC_OP_SET && !(s->flags & ~VCTX_PROC_ALL))
		flags = s->flags;
	else if (s->op == VCTX_PROC_OP_REMOVE && !s->flags)
		flags = -1;
	else
		return -EINVAL;

	if (!s->xid) {
		mutex_lock(&vctx_proc_mutex);
		ret = vctx_proc_set_global(s->path, flags);
		mutex_unlock(&vctx_proc_mutex);
		return ret;
	}
	ctx = vctx_get_created(s->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	mutex_lock(&vctx_proc_mutex);
	ret = vctx_proc_set_override(ctx, s->path, flags);
	mutex_unlock(&vctx_proc_mutex);
	vctx_put(ctx);
	return ret;
}

int vctx_ioctl_list_proc(struct file *file, void *arg)
{
	struct vctx_proc_list *l = arg;
	void __user *entries = u64_to_user_ptr(l->entries);
	struct vctx_context *ctx = NULL;
	const struct vctx_proctab *t;
	struct vctx_proc_entry e;
	size_t copy = min_t(size_t, l->entry_size, sizeof(e));
	u32 i, filled = 0;
	int ret = 0;

	if (l->flags || memchr_inv(l->reserved, 0, sizeof(l->reserved)) ||
	    l->entry_size < VCTX_PROC_ENTRY_SIZE_VER0 || l->entry_size > VCTX_IOC_SIZE_MAX ||
	    l->total)
		return -EINVAL;
	if (l->xid) {
		ctx = vctx_get_created(l->xid);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}
	mutex_lock(&vctx_proc_mutex);
	t = ctx ? rcu_dereference_protected(ctx->proc_over, lockdep_is_held(&vctx_proc_mutex)) :
		  rcu_dereference_protected(vctx_proc_global, lockdep_is_held(&vctx_proc_mutex));
	for (i = l->start; t && i < t->nr && filled < l->count; i++, filled++) {
		void __user *dst = entries + (size_t)filled * l->entry_size;

		memset(&e, 0, sizeof(e));
		memcpy(e.path, t->ent[i].path, t->ent[i].len + 1);
		e.flags = t->ent[i].flags;
		if (copy_to_user(dst, &e, copy) ||
		    (l->entry_size > copy && clear_user(dst + copy, l->entry_size - copy))) {
			ret = -EFAULT;
			break;
		}
	}
	l->count = filled;
	l->total = t ? t->nr : 0;
	mutex_unlock(&vctx_proc_mutex);
	if (ctx)
		vctx_put(ctx);
	return ret;
}

/* A context's overrides go with it (called when it is freed). */
static void vctx_proc_ctx_free(struct vctx_context *ctx)
{
	vctx_proctab_free(rcu_dereference_protected(ctx->proc_over, true));
}

const struct vctx_feature vctx_proctab_feature = {
	.name = "proctab",
	.free = vctx_proc_ctx_free,
};

int vctx_proctab_init(void)
{
	size_t i;
	int ret = 0;

	mutex_lock(&vctx_proc_mutex);
	ret = vctx_proc_set_global(NULL, 0);
	for (i = 0; !ret && i < ARRAY_SIZE(vctx_proc_defaults); i++)
		ret = vctx_proc_set_global(vctx_proc_defaults[i].path, vctx_proc_defaults[i].flags);
	mutex_unlock(&vctx_proc_mutex);
	if (ret)
		vctx_proctab_exit();
	return ret;
}

void vctx_proctab_exit(void)
{
	struct vctx_proctab *t = rcu_dereference_protected(vctx_proc_global, true);

	RCU_INIT_POINTER(vctx_proc_global, NULL);
	rcu_barrier();		/* tables replaced earlier are freed */
	vctx_proctab_free(t);
}
