// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host interfaces and addresses through libnl-route-3 (rtnetlink).
 */
#include <errno.h>
#include <linux/if_addr.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <string.h>
#include <sys/socket.h>

#include "runtime/hostnet.h"

static struct nl_sock *hostnet_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (nl_connect(sk, NETLINK_ROUTE)) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

/* libnl's errors as errnos, for messages that say what happened. */
static int hostnet_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_EXIST:
		return -EEXIST;
	case NLE_NOADDR:
	case NLE_OBJ_NOTFOUND:
		return -EADDRNOTAVAIL;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_INVAL:
		return -EINVAL;
	default:
		return -EIO;
	}
}

int hostnet_default_ifindex(int family)
{
	struct nl_cache *cache;
	struct nl_object *obj;
	struct nl_sock *sk;
	int ifindex = 0;

	sk = hostnet_socket();
	if (!sk)
		return 0;
	if (rtnl_route_alloc_cache(sk, family, 0, &cache)) {
		nl_socket_free(sk);
		return 0;
	}
	for (obj = nl_cache_get_first(cache); obj && !ifindex; obj = nl_cache_get_next(obj)) {
		struct rtnl_route *r = (struct rtnl_route *)obj;
		struct nl_addr *dst = rtnl_route_get_dst(r);

		if (rtnl_route_get_table(r) != RT_TABLE_MAIN || (dst && nl_addr_get_prefixlen(dst)) ||
		    rtnl_route_get_nnexthops(r) < 1)
			continue;
		ifindex = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
	}
	nl_cache_free(cache);
	nl_socket_free(sk);
	return ifindex;
}

int hostnet_addr_owner(const struct vctx_net_addr *a)
{
	size_t len = a->family == AF_INET ? 4 : 16;
	struct nl_cache *cache;
	struct nl_object *obj;
	struct nl_sock *sk;
	int owner = 0, ret;

	sk = hostnet_socket();
	if (!sk)
		return -ENOMEM;
	ret = rtnl_addr_alloc_cache(sk, &cache);
	if (ret) {
		nl_socket_free(sk);
		return hostnet_errno(ret);
	}
	for (obj = nl_cache_get_first(cache); obj && !owner; obj = nl_cache_get_next(obj)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)obj;
		struct nl_addr *local = rtnl_addr_get_local(ra);

		if (local && nl_addr_get_family(local) == a->family &&
		    nl_addr_get_len(local) == len && !memcmp(nl_addr_get_binary_addr(local), a->addr, len))
			owner = rtnl_addr_get_ifindex(ra);
	}
	nl_cache_free(cache);
	nl_socket_free(sk);
	return owner;
}

/* @a as a libnl address object on its interface. */
static struct rtnl_addr *hostnet_addr_obj(const struct vctx_net_addr *a)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local;

	if (!ra)
		return NULL;
	local = nl_addr_build(a->family, a->addr, a->family == AF_INET ? 4 : 16);
	if (!local) {
		rtnl_addr_put(ra);
		return NULL;
	}
	nl_addr_set_prefixlen(local, a->prefix);
	rtnl_addr_set_ifindex(ra, (int)a->ifindex);
	rtnl_addr_set_family(ra, a->family);
	if (rtnl_addr_set_local(ra, local)) {
		nl_addr_put(local);
		rtnl_addr_put(ra);
		return NULL;
	}
	nl_addr_put(local);
	return ra;
}

int hostnet_addr_add_on(struct nl_sock *sk, const struct vctx_net_addr *a, int nlm_flags)
{
	struct rtnl_addr *ra = hostnet_addr_obj(a);
	int ret;

	if (!ra)
		return -NLE_NOMEM;
	/* A guest's address is usable at once: no duplicate detection wait. */
	if (a->family == AF_INET6)
		rtnl_addr_set_flags(ra, IFA_F_NODAD);
	ret = rtnl_addr_add(sk, ra, nlm_flags);
	rtnl_addr_put(ra);
	return ret;
}

int hostnet_addr_add(const struct vctx_net_addr *a)
{
	struct nl_sock *sk = hostnet_socket();
	int ret;

	if (!sk)
		return -ENOMEM;
	ret = hostnet_addr_add_on(sk, a, NLM_F_CREATE | NLM_F_EXCL);
	nl_socket_free(sk);
	return ret ? hostnet_errno(ret) : 0;
}

int hostnet_addr_del(const struct vctx_net_addr *a)
{
	struct rtnl_addr *ra = hostnet_addr_obj(a);
	struct nl_sock *sk;
	int ret;

	if (!ra)
		return -ENOMEM;
	sk = hostnet_socket();
	ret = sk ? rtnl_addr_delete(sk, ra, 0) : -NLE_NOMEM;
	if (sk)
		nl_socket_free(sk);
	rtnl_addr_put(ra);
	ret = ret ? hostnet_errno(ret) : 0;
	return ret == -EADDRNOTAVAIL ? 0 : ret;
}
