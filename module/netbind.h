/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP binding: the address sets (netset.c) and the socket hooks (netbind.c).
 */
#ifndef _VCTX_NETBIND_H
#define _VCTX_NETBIND_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/vctx.h>

struct seq_file;
struct vctx_context;

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

bool vctx_net_loopback(int family, const u8 *a);
bool vctx_net_has(const struct vctx_netset *set, int family, const u8 *a);
const u8 *vctx_net_primary(const struct vctx_netset *set, int family);
const u8 *vctx_net_source(const struct vctx_netset *set, int family, const u8 *dst);
void vctx_net_ctx_free(struct vctx_context *ctx);
void vctx_net_show(struct seq_file *m, struct vctx_context *ctx);

int vctx_netbind_init(void);
void vctx_netbind_exit(void);

#endif /* _VCTX_NETBIND_H */
