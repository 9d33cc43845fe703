/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP binding: each context's address set (netset.c), as the socket hooks
 * (netbind.c) and /proc/vctx read it.
 */
#ifndef _VCTX_NETSET_H
#define _VCTX_NETSET_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/vctx.h>

struct file;
struct seq_file;
struct vctx_context;
struct vctx_feature;

/**
 * struct vctx_netset - a context's addresses, immutable once published
 * @rcu: frees it
 * @flags: VCTX_NET_F_*
 * @nr: addresses in @addrs
 * @addrs: as given, the first of each family its primary
 */
struct vctx_netset {
	struct rcu_head rcu;
	u32 flags;
	u32 nr;
	struct vctx_net_addr addrs[];
};

extern atomic_t vctx_net_sets;
extern const struct vctx_feature vctx_netset_feature;

bool vctx_net_loopback(int family, const u8 *a);
bool vctx_net_has(const struct vctx_netset *set, int family, const u8 *a);
const u8 *vctx_net_primary(const struct vctx_netset *set, int family);
const u8 *vctx_net_source(const struct vctx_netset *set, int family, const u8 *dst);
void vctx_net_show(struct seq_file *m, struct vctx_context *ctx);

int vctx_ioctl_set_net(struct file *file, void *arg);
int vctx_ioctl_get_net(struct file *file, void *arg);

#endif /* _VCTX_NETSET_H */
