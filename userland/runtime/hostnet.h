/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host's interfaces and addresses, through libnl-route-3: where a
 * context's addresses go on the shared network stack.
 */
#ifndef VCTX_RUNTIME_HOSTNET_H
#define VCTX_RUNTIME_HOSTNET_H

#include <linux/vctx.h>

/* The interface of the default route of @family; 0 when there is none. */
int hostnet_default_ifindex(int family);

/*
 * The interface that holds @a on the host, or 0 when none does; a negative
 * errno when the host's addresses cannot be read.
 */
int hostnet_addr_owner(const struct vctx_net_addr *a);

/* Add @a (with its prefix) to @a->ifindex; IPv6 without duplicate detection. */
int hostnet_addr_add(const struct vctx_net_addr *a);

struct nl_sock;

/*
 * Add @a to @a->ifindex through @sk, a route socket of the network namespace
 * the interface is in, with @nlm_flags (NLM_F_CREATE ...); IPv6 without
 * duplicate detection. Return: 0 or a negative libnl error.
 */
int hostnet_addr_add_on(struct nl_sock *sk, const struct vctx_net_addr *a, int nlm_flags);

/* Remove @a from @a->ifindex; 0 when it was not there. */
int hostnet_addr_del(const struct vctx_net_addr *a);

#endif /* VCTX_RUNTIME_HOSTNET_H */
