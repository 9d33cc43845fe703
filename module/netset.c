// SPDX-License-Identifier: GPL-2.0
/*
 * IP binding: each context's address set, and the questions the socket
 * hooks (netbind.c) ask of it.
 *
 * A set is immutable once published: VCTX_IOC_SET_NET builds a new one and
 * swaps it in under RCU, so the hooks read it without a lock from atomic
 * context. It is small (VCTX_NET_ADDRS_MAX) and scanned linearly.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <net/ipv6.h>

#include "context.h"
#include "netset.h"
#include "registry.h"

static DEFINE_MUTEX(vctx_net_mutex);

/* Contexts with a set: while none has one, the hooks return at once. */
atomic_t vctx_net_sets = ATOMIC_INIT(0);

static bool vctx_v4_loopback(const u8 *a)
{
	return a[0] == 127;
}

/* @a (16 bytes, IPv6) is ::ffff:a.b.c.d. */
static bool vctx_v6_mapped(const u8 *a)
{
	return ipv6_addr_v4mapped((const struct in6_addr *)a);
}

/**
 * vctx_net_loopback() - whether an address is one of the host's loopback
 * @family: AF_INET or AF_INET6
 * @a: the address (4 or 16 bytes)
 */
bool vctx_net_loopback(int family, const u8 *a)
{
	if (family == AF_INET)
		return vctx_v4_loopback(a);
	return ipv6_addr_loopback((const struct in6_addr *)a) ||
	       (vctx_v6_mapped(a) && vctx_v4_loopback(a + 12));
}

static bool vctx_net_addr_eq(const struct vctx_net_addr *e, int family, const u8 *a)
{
	return e->family == family && !memcmp(e->addr, a, family == AF_INET ? 4 : 16);
}

static bool vctx_net_in_subnet(const struct vctx_net_addr *e, int family, const u8 *a)
{
	unsigned int bits = e->prefix, i;
	u8 mask;

	if (e->family != family)
		return false;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (e->addr[i] != a[i])
			return false;
	if (!bits)
		return true;
	mask = 0xff << (8 - bits);
	return !((e->addr[i] ^ a[i]) & mask);
}

/**
 * vctx_net_has() - whether @a belongs to the set
 * @set: the set
 * @family: AF_INET or AF_INET6
 * @a: the address (4 or 16 bytes)
 */
bool vctx_net_has(const struct vctx_netset *set, int family, const u8 *a)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		if (vctx_net_addr_eq(&set->addrs[i], family, a))
			return true;
	return false;
}

/**
 * vctx_net_primary() - the first address of a family in the set
 * @set: the set
 * @family: AF_INET or AF_INET6
 *
 * Return: the address (4 or 16 bytes), NULL when the set has none.
 */
const u8 *vctx_net_primary(const struct vctx_netset *set, int family)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		if (set->addrs[i].family == family)
			return set->addrs[i].addr;
	return NULL;
}

/**
 * vctx_net_source() - the source address for a destination
 * @set: the set
 * @family: the destination's family, AF_INET or AF_INET6
 * @dst: the destination (4 or 16 bytes)
 *
 * Return: the set's address whose subnet holds @dst, else the family's
 * primary; NULL when the set has no address of @family.
 */
const u8 *vctx_net_source(const struct vctx_netset *set, int family, const u8 *dst)
{
	const u8 *primary = NULL;
	unsigned int i;

	for (i = 0; i < set->nr; i++) {
		const struct vctx_net_addr *e = &set->addrs[i];

		if (e->family != family)
			continue;
		if (vctx_net_in_subnet(e, family, dst))
			return e->addr;
		if (!primary)
			primary = e->addr;
	}
	return primary;
}

static bool vctx_net_addr_valid(const struct vctx_net_addr *e)
{
	const struct in6_addr *a6 = (const struct in6_addr *)e->addr;

	if (e->reserved0)
		return false;
	if (e->family == AF_INET) {
		if (e->prefix > 32 || memchr_inv(e->addr + 4, 0, 12))
			return false;
		return e->addr[0] != 0 && e->addr[0] != 127 && (e->addr[0] & 0xf0) != 0xe0 &&
		       memchr_inv(e->addr, 0xff, 4);
	}
	if (e->family == AF_INET6)
		return e->prefix <= 128 && !ipv6_addr_any(a6) && !ipv6_addr_loopback(a6) &&
		       !ipv6_addr_is_multicast(a6) && !ipv6_addr_v4mapped(a6);
	return false;
}

/* Copy in and check @count addresses of @size bytes each from @uaddrs. */
static struct vctx_netset *vctx_netset_build(u32 flags, u32 count, u32 size,
					     const void __user *uaddrs)
{
	struct vctx_netset *set;
	size_t copy = min_t(size_t, size, sizeof(struct vctx_net_addr));
	unsigned int i, j;
	int ret;

	set = kzalloc(struct_size(set, addrs, count), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	set->flags = flags;
	set->nr = count;
	for (i = 0; i < count; i++) {
		const void __user *src = uaddrs + (size_t)i * size;

		ret = -EFAULT;
		if (copy_from_user(&set->addrs[i], src, copy))
			goto err;
		/* A newer caller's fields we do not know must be zero. */
		ret = check_zeroed_user(src + copy, size - copy);
		if (ret <= 0) {
			ret = ret ?: -E2BIG;
			goto err;
		}
		ret = -EINVAL;
		if (!vctx_net_addr_valid(&set->addrs[i]))
			goto err;
		for (j = 0; j < i; j++)
			if (vctx_net_addr_eq(&set->addrs[j], set->addrs[i].family,
					     set->addrs[i].addr))
				goto err;
	}
	return set;

err:
	kfree(set);
	return ERR_PTR(ret);
}

int vctx_ioctl_set_net(struct file *file, void *arg)
{
	struct vctx_net_set *s = arg;
	struct vctx_netset *set = NULL, *old;
	struct vctx_context *ctx;

	if ((s->flags & ~VCTX_NET_F_ALL) || memchr_inv(s->reserved, 0, sizeof(s->reserved)) ||
	    s->count > VCTX_NET_ADDRS_MAX || (!s->count && s->flags) ||
	    (s->count && (s->addr_size < VCTX_NET_ADDR_SIZE_VER0 ||
			  s->addr_size > VCTX_IOC_SIZE_MAX)))
		return -EINVAL;
	ctx = vctx_get_created(s->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	if (s->count) {
		set = vctx_netset_build(s->flags, s->count, s->addr_size,
					u64_to_user_ptr(s->addrs));
		if (IS_ERR(set)) {
			vctx_put(ctx);
			return PTR_ERR(set);
		}
	}
	mutex_lock(&vctx_net_mutex);
	old = rcu_dereference_protected(ctx->net, lockdep_is_held(&vctx_net_mutex));
	rcu_assign_pointer(ctx->net, set);
	if (set && !old)
		atomic_inc(&vctx_net_sets);
	else if (!set && old)
		atomic_dec(&vctx_net_sets);
	mutex_unlock(&vctx_net_mutex);
	kfree_rcu(old, rcu);
	vctx_put(ctx);
	return 0;
}

int vctx_ioctl_get_net(struct file *file, void *arg)
{
	struct vctx_net_info *info = arg;
	void __user *uaddrs = u64_to_user_ptr(info->addrs);
	const struct vctx_netset *set;
	struct vctx_net_addr *copy = NULL;
	struct vctx_context *ctx;
	size_t esize = min_t(size_t, info->addr_size, sizeof(*copy));
	u32 i, n = 0, total = 0, flags = 0;
	int ret = 0;

	if (info->flags || info->total || info->reserved0 ||
	    memchr_inv(info->reserved, 0, sizeof(info->reserved)) ||
	    (info->count && (info->addr_size < VCTX_NET_ADDR_SIZE_VER0 ||
			     info->addr_size > VCTX_IOC_SIZE_MAX)))
		return -EINVAL;
	ctx = vctx_get_created(info->xid);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	copy = kcalloc(VCTX_NET_ADDRS_MAX, sizeof(*copy), GFP_KERNEL);
	if (!copy) {
		vctx_put(ctx);
		return -ENOMEM;
	}
	mutex_lock(&vctx_net_mutex);
	set = rcu_dereference_protected(ctx->net, lockdep_is_held(&vctx_net_mutex));
	if (set) {
		total = set->nr;
		flags = set->flags;
		memcpy(copy, set->addrs, set->nr * sizeof(*copy));
	}
	mutex_unlock(&vctx_net_mutex);
	vctx_put(ctx);

	for (i = 0; i < total && i < info->count; i++, n++) {
		void __user *dst = uaddrs + (size_t)i * info->addr_size;

		if (copy_to_user(dst, &copy[i], esize) ||
		    clear_user(dst + esize, info->addr_size - esize)) {
			ret = -EFAULT;
			break;
		}
	}
	kfree(copy);
	info->count = n;
	info->total = total;
	info->flags = flags;
	return ret;
}

/* /proc/vctx/<xid>/net: "addresses: A/P ..." ("-": none) and "host_loopback". */
void vctx_net_show(struct seq_file *m, struct vctx_context *ctx)
{
	const struct vctx_netset *set;
	unsigned int i;

	rcu_read_lock();
	set = rcu_dereference(ctx->net);
	seq_puts(m, "addresses:");
	for (i = 0; set && i < set->nr; i++) {
		const struct vctx_net_addr *e = &set->addrs[i];

		if (e->family == AF_INET)
			seq_printf(m, " %pI4/%u", e->addr, e->prefix);
		else
			seq_printf(m, " %pI6c/%u", e->addr, e->prefix);
	}
	seq_printf(m, "%s\nhost_loopback: %s\n", set && set->nr ? "" : " -",
		   set && (set->flags & VCTX_NET_F_LOOPBACK) ? "yes" : "no");
	rcu_read_unlock();
}

/* A context's set goes with it (called when it is freed, after RCU). */
static void vctx_net_ctx_free(struct vctx_context *ctx)
{
	struct vctx_netset *set = rcu_dereference_protected(ctx->net, true);

	if (set) {
		atomic_dec(&vctx_net_sets);
		kfree(set);
	}
}

const struct vctx_feature vctx_netset_feature = {
	.name = "netset",
	.free = vctx_net_ctx_free,
};
