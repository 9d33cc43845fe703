// SPDX-License-Identifier: GPL-2.0
/*
 * The context commands of /dev/vctx: each handler validates every field of
 * its (kernel copy of the) argument, then asks the context core (context.c
 * for a context's life, registry.c for finding and changing one) to act.
 */
#include <linux/capability.h>
#include <linux/pid.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <vctx/name.h>

#include "context.h"
#include "ctl.h"
#include "registry.h"

#define VCTX_CAP_VALID		GENMASK_ULL(CAP_LAST_CAP, 0)

/* Upper bound of one VCTX_IOC_LIST page, to bound the time of one call. */
#define VCTX_LIST_MAX_COUNT	65536

static bool vctx_xid_created_range(u32 xid)
{
	return xid >= VCTX_XID_STATIC_MIN && xid <= VCTX_XID_DYNAMIC_MAX;
}

static bool vctx_builtin_name(const char *name)
{
	return !strcmp(name, vctx_host.name) || !strcmp(name, vctx_spectator.name);
}

int vctx_ioctl_create(struct file *file, void *arg)
{
	struct vctx_create *c = arg;
	int ret;

	if (c->flags & ~VCTX_F_ALL || c->reserved0 ||
	    memchr_inv(c->reserved, 0, sizeof(c->reserved)))
		return -EINVAL;
	if (c->xid && (c->xid < VCTX_XID_STATIC_MIN || c->xid > VCTX_XID_STATIC_MAX))
		return -EINVAL;
	if (!vctx_name_valid(c->name, sizeof(c->name), 1) || c->cap_bset & ~VCTX_CAP_VALID)
		return -EINVAL;
	if (vctx_builtin_name(c->name))
		return -EEXIST;

	ret = vctx_context_create(c);
	if (ret < 0)
		return ret;
	c->xid = ret;
	return 0;
}

int vctx_ioctl_destroy(struct file *file, void *arg)
{
	struct vctx_destroy *d = arg;

	if (d->flags || memchr_inv(d->reserved, 0, sizeof(d->reserved)) ||
	    !vctx_xid_created_range(d->xid))
		return -EINVAL;
	return vctx_context_destroy(d->xid);
}

/* Fill the output fields of @info from @ctx, as seen by the caller. */
static void vctx_fill_info(struct vctx_context *ctx, struct vctx_info *info)
{
	info->xid = ctx->xid;
	memcpy(info->name, ctx->name, sizeof(info->name));
	info->flags = READ_ONCE(ctx->flags);
	info->state = vctx_state(ctx);
	info->init_pid = vctx_init_vnr(ctx);
	info->nr_tasks = vctx_nr_tasks(ctx);
	info->cap_bset = READ_ONCE(ctx->cap_bset);
	info->cgroup_id = ctx->cgroup_id;
	info->created_ns = ctx->created_ns;
	info->info_flags = vctx_is_builtin(ctx) ? VCTX_INFO_BUILTIN : 0;
}

/* The context of the task @nr names in the caller's pid namespace. */
static struct vctx_context *vctx_lookup_pid_get(pid_t nr)
{
	struct vctx_context *ctx = NULL;
	struct task_struct *task;
	struct pid *pid;

	pid = find_get_pid(nr);
	if (!pid)
		return NULL;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	if (task)
		ctx = vctx_get(vctx_task_context_rcu(task));
	rcu_read_unlock();
	put_pid(pid);
	return ctx;
}

int vctx_ioctl_info(struct file *file, void *arg)
{
	struct vctx_info *info = arg;
	struct vctx_context *ctx = NULL;
	bool has_name = memchr_inv(info->name, 0, sizeof(info->name));

	if (info->reserved0 || memchr_inv(info->reserved, 0, sizeof(info->reserved)))
		return -EINVAL;

	switch (info->lookup) {
	case VCTX_LOOKUP_XID:
		if (has_name || info->pid)
			return -EINVAL;
		rcu_read_lock();
		ctx = vctx_lookup_xid_rcu(info->xid);
		if (ctx)
			ctx = vctx_get(ctx);
		rcu_read_unlock();
		break;
	case VCTX_LOOKUP_NAME:
		if (info->xid || info->pid || !vctx_name_valid(info->name, sizeof(info->name), 1))
			return -EINVAL;
		rcu_read_lock();
		ctx = vctx_lookup_name_rcu(info->name);
		if (ctx)
			ctx = vctx_get(ctx);
		rcu_read_unlock();
		break;
	case VCTX_LOOKUP_PID:
		if (info->xid || has_name || info->pid <= 0)
			return -EINVAL;
		ctx = vctx_lookup_pid_get(info->pid);
		break;
	default:
		return -EINVAL;
	}
	if (!ctx)
		return -ENOENT;

	vctx_fill_info(ctx, info);
	vctx_put(ctx);
	return 0;
}

int vctx_ioctl_list(struct file *file, void *arg)
{
	struct vctx_list *l = arg;
	void __user *entries = u64_to_user_ptr(l->entries);
	struct vctx_context *ctx;
	struct vctx_info info;
	size_t copy = min_t(size_t, l->entry_size, sizeof(info));
	u32 xid, filled = 0;
	int ret = 0;

	if (l->flags || memchr_inv(l->reserved, 0, sizeof(l->reserved)) ||
	    l->entry_size < VCTX_INFO_SIZE_VER0 || l->entry_size > VCTX_IOC_SIZE_MAX ||
	    l->count > VCTX_LIST_MAX_COUNT || l->next_xid || l->total)
		return -EINVAL;

	xid = max_t(u32, l->start_xid, VCTX_XID_STATIC_MIN);
	while (filled < l->count && (ctx = vctx_next_get(&xid))) {
		void __user *dst = entries + (size_t)filled * l->entry_size;

		memset(&info, 0, sizeof(info));
		vctx_fill_info(ctx, &info);
		vctx_put(ctx);
		if (copy_to_user(dst, &info, copy) ||
		    (l->entry_size > copy && clear_user(dst + copy, l->entry_size - copy))) {
			ret = -EFAULT;
			break;
		}
		filled++;
		xid++;
	}
	if (ret)
		return ret;

	/* Is there more past this page? Peek without keeping it. */
	l->next_xid = 0;
	if (filled == l->count && xid <= VCTX_XID_DYNAMIC_MAX) {
		ctx = vctx_next_get(&xid);
		if (ctx) {
			l->next_xid = xid;
			vctx_put(ctx);
		}
	}
	l->count = filled;
	l->total = vctx_count();
	return 0;
}

int vctx_ioctl_set_flags(struct file *file, void *arg)
{
	struct vctx_set_flags *s = arg;

	if (s->reserved0 || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    s->mask & ~VCTX_F_ALL || s->flags & ~s->mask || !vctx_xid_created_range(s->xid))
		return -EINVAL;
	return vctx_update(s->xid, s->flags, s->mask, NULL);
}

int vctx_ioctl_set_caps(struct file *file, void *arg)
{
	struct vctx_set_caps *s = arg;

	if (s->flags || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    s->cap_bset & ~VCTX_CAP_VALID || !vctx_xid_created_range(s->xid))
		return -EINVAL;
	return vctx_update(s->xid, 0, 0, &s->cap_bset);
}

int vctx_ioctl_set_spectator(struct file *file, void *arg)
{
	struct vctx_set_spectator *s = arg;

	if (s->flags || memchr_inv(s->reserved, 0, sizeof(s->reserved)) || s->cgroup_fd < -1)
		return -EINVAL;
	return vctx_spectator_set(s->cgroup_fd);
}

int vctx_ioctl_set_init(struct file *file, void *arg)
{
	struct vctx_set_init *s = arg;
	struct task_struct *task;
	struct pid *pid;
	bool member;

	if (memchr_inv(s->reserved, 0, sizeof(s->reserved)) || s->pid <= 0 ||
	    !vctx_xid_created_range(s->xid))
		return -EINVAL;

	pid = find_get_pid(s->pid);
	if (!pid)
		return -ENOENT;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	member = task && vctx_task_context_rcu(task)->xid == s->xid;
	rcu_read_unlock();
	if (!task || !member) {
		put_pid(pid);
		return task ? -EINVAL : -ENOENT;
	}
	return vctx_context_start(s->xid, pid);
}

/* Every bit a socket family this kernel knows, AF_UNSPEC (bit 0) excluded. */
static bool vctx_sockfam_valid(const u64 *families)
{
	int i, bit;

	if (families[0] & 1)
		return false;
	for (i = 0; i < VCTX_SOCKFAM_WORDS; i++)
		for (bit = 0; bit < 64; bit++)
			if ((families[i] & BIT_ULL(bit)) && i * 64 + bit >= AF_MAX)
				return false;
	return true;
}

int vctx_ioctl_set_sockfam(struct file *file, void *arg)
{
	struct vctx_sockfam *s = arg;

	if (s->flags || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    !vctx_xid_created_range(s->xid) || !vctx_sockfam_valid(s->families))
		return -EINVAL;
	return vctx_set_sockfam(s->xid, s->families);
}

int vctx_ioctl_get_sockfam(struct file *file, void *arg)
{
	struct vctx_sockfam *s = arg;
	struct vctx_context *ctx;
	int i;

	if (s->flags || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    memchr_inv(s->families, 0, sizeof(s->families)))
		return -EINVAL;
	ctx = vctx_get_created(s->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	for (i = 0; i < VCTX_SOCKFAM_WORDS; i++)
		s->families[i] = READ_ONCE(ctx->sockfam[i]);
	vctx_put(ctx);
	return 0;
}

int vctx_ioctl_set_virt(struct file *file, void *arg)
{
	struct vctx_virt *v = arg;

	if (v->virt & ~VCTX_VIRT_ALL || memchr_inv(v->reserved, 0, sizeof(v->reserved)) ||
	    !vctx_xid_created_range(v->xid))
		return -EINVAL;
	return vctx_set_virt(v->xid, v->virt);
}

int vctx_ioctl_get_virt(struct file *file, void *arg)
{
	struct vctx_virt *v = arg;
	struct vctx_context *ctx;

	if (v->virt || memchr_inv(v->reserved, 0, sizeof(v->reserved)))
		return -EINVAL;
	ctx = vctx_get_created(v->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	v->virt = READ_ONCE(ctx->virt);
	vctx_put(ctx);
	return 0;
}
