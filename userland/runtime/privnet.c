// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --net private: a network namespace of the context's own, linked to the
 * host by a veth pair, configured through libnl-route-3 before its init
 * runs.
 *
 *   host   vctx<xid>: 169.254.1.1/32 and fe80::1/64, a host route to each
 *          of the context's addresses
 *   guest  eth0: its --ip addresses; lo up; default routes through
 *          169.254.1.1 and fe80::1 (on-link)
 *
 * The guest reaches the host (and, where the host forwards, beyond) through
 * the host end. The pair goes away with the namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/hostnet.h"
#include "runtime/privnet.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"

#define PRIVNET_GW4	"169.254.1.1"
#define PRIVNET_GW6	"fe80::1"

static struct nl_addr *privnet_addr(const char *text, int family)
{
	struct nl_addr *a = NULL;

	if (nl_addr_parse(text, family, &a))
		return NULL;
	return a;
}

/* Bring the link @name up, renamed to @rename when not NULL. */
static int privnet_link_up(struct nl_sock *sk, const char *name, const char *rename)
{
	struct rtnl_link *link = NULL, *change;
	int ret;

	ret = rtnl_link_get_kernel(sk, 0, name, &link);
	if (ret)
		return ret;
	change = rtnl_link_alloc();
	if (!change) {
		rtnl_link_put(link);
		return -NLE_NOMEM;
	}
	rtnl_link_set_flags(change, IFF_UP);
	if (rename)
		rtnl_link_set_name(change, rename);
	ret = rtnl_link_change(sk, link, change, 0);
	rtnl_link_put(change);
	rtnl_link_put(link);
	return ret;
}

static int privnet_addr_add(struct nl_sock *sk, int ifindex, int family, const void *bin,
			    unsigned int prefix)
{
	struct vctx_net_addr a = {
		.family = (__u16)family, .prefix = (__u8)prefix, .ifindex = (__u32)ifindex,
	};

	memcpy(a.addr, bin, family == AF_INET ? 4 : 16);
	return hostnet_addr_add_on(sk, &a, NLM_F_CREATE | NLM_F_REPLACE);
}

/* A route to @dst (NULL: default) of @family out of @ifindex, via @gw or on-link. */
static int privnet_route_add(struct nl_sock *sk, int family, struct nl_addr *dst, int ifindex,
			     const char *gw, bool link_scope)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *any = NULL, *via = NULL;
	int ret = -NLE_NOMEM;

	if (!r || !nh)
		goto out;
	rtnl_route_set_family(r, (uint8_t)family);
	if (!dst) {
		any = privnet_addr(family == AF_INET ? "0.0.0.0/0" : "::/0", family);
		if (!any)
			goto out;
		dst = any;
	}
	rtnl_route_set_dst(r, dst);
	if (link_scope)
		rtnl_route_set_scope(r, RT_SCOPE_LINK);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	if (gw) {
		via = privnet_addr(gw, family);
		if (!via)
			goto out;
		rtnl_route_nh_set_gateway(nh, via);
		rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
	}
	rtnl_route_add_nexthop(r, nh);
	nh = NULL;
	ret = rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_REPLACE);
out:
	if (nh)
		rtnl_route_nh_free(nh);
	if (r)
		rtnl_route_put(r);
	if (any)
		nl_addr_put(any);
	if (via)
		nl_addr_put(via);
	return ret;
}

static bool privnet_has(const struct ctx_spec *spec, int family)
{
	unsigned int i;

	for (i = 0; i < spec->nr_ips; i++)
		if (spec->ips[i].a.family == family)
			return true;
	return false;
}

/* The host end: up, the gateway addresses, a route to each guest address. */
static int privnet_host_side(struct nl_sock *sk, const struct ctx_spec *spec, const char *host,
			     const char **why)
{
	unsigned char gw6[16] = { 0xfe, 0x80, [15] = 1 }, gw4[4] = { 169, 254, 1, 1 };
	unsigned int i;
	int ifindex, ret;

	*why = "cannot bring up the host end of its veth pair";
	ret = privnet_link_up(sk, host, NULL);
	if (ret)
		return ret;
	ifindex = (int)if_nametoindex(host);
	*why = "cannot give the host end of its veth pair its gateway address";
	if (privnet_has(spec, AF_INET) && (ret = privnet_addr_add(sk, ifindex, AF_INET, gw4, 32)))
		return ret;
	if (privnet_has(spec, AF_INET6) && (ret = privnet_addr_add(sk, ifindex, AF_INET6, gw6, 64)))
		return ret;
	*why = "cannot route its addresses to its veth pair";
	for (i = 0; i < spec->nr_ips; i++) {
		const struct vctx_net_addr *a = &spec->ips[i].a;
		struct nl_addr *dst = nl_addr_build(a->family, a->addr, a->family == AF_INET ? 4 : 16);

		if (!dst)
			return -NLE_NOMEM;
		nl_addr_set_prefixlen(dst, a->family == AF_INET ? 32 : 128);
		ret = privnet_route_add(sk, a->family, dst, ifindex, NULL, false);
		nl_addr_put(dst);
		if (ret)
			return ret;
	}
	return 0;
}

/* Inside the namespace (a child that joined it): lo, eth0, addresses, routes. */
static int privnet_guest_side(const struct ctx_spec *spec, const char *peer, const char **why)
{
	struct nl_addr *gw4 = privnet_addr(PRIVNET_GW4 "/32", AF_INET);
	struct nl_sock *sk = nl_socket_alloc();
	unsigned int i;
	int ifindex, ret = -NLE_NOMEM;

	if (!sk || !gw4 || nl_connect(sk, NETLINK_ROUTE))
		goto out;
	*why = "cannot bring up loopback and eth0 inside it";
	ret = privnet_link_up(sk, "lo", NULL);
	if (!ret)
		ret = privnet_link_up(sk, peer, "eth0");
	if (ret)
		goto out;
	ifindex = (int)if_nametoindex("eth0");
	*why = "cannot give eth0 its addresses";
	for (i = 0; i < spec->nr_ips && !ret; i++)
		ret = privnet_addr_add(sk, ifindex, spec->ips[i].a.family, spec->ips[i].a.addr,
				       spec->ips[i].a.prefix);
	if (ret)
		goto out;
	*why = "cannot set its default routes";
	if (privnet_has(spec, AF_INET)) {
		ret = privnet_route_add(sk, AF_INET, gw4, ifindex, NULL, true);
		if (!ret)
			ret = privnet_route_add(sk, AF_INET, NULL, ifindex, PRIVNET_GW4, false);
	}
	if (!ret && privnet_has(spec, AF_INET6))
		ret = privnet_route_add(sk, AF_INET6, NULL, ifindex, PRIVNET_GW6, false);
out:
	if (gw4)
		nl_addr_put(gw4);
	if (sk)
		nl_socket_free(sk);
	return ret;
}

int privnet_setup(const struct ctx_spec *spec, uint32_t xid, pid_t pid, struct spawn_error *err)
{
	char host[IF_NAMESIZE], peer[IF_NAMESIZE], ns[64];
	const char *why = "cannot create its veth pair";
	struct nl_sock *sk = nl_socket_alloc();
	int ret = -NLE_NOMEM, nsfd, status;
	pid_t child;

	snprintf(host, sizeof(host), "vctx%u", xid);
	snprintf(peer, sizeof(peer), "vctx%up", xid);
	if (sk && !nl_connect(sk, NETLINK_ROUTE))
		ret = rtnl_link_veth_add(sk, host, peer, pid);
	if (!ret)
		ret = privnet_host_side(sk, spec, host, &why);
	if (sk)
		nl_socket_free(sk);
	if (ret)
		goto fail;

	/* The guest end, from inside its namespace. */
	snprintf(ns, sizeof(ns), "/proc/%d/ns/net", pid);
	nsfd = open(ns, O_RDONLY | O_CLOEXEC);
	why = "cannot enter its network namespace";
	if (nsfd < 0) {
		ret = -NLE_OBJ_NOTFOUND;
		goto fail;
	}
	child = fork();
	if (child == 0) {
		if (setns(nsfd, CLONE_NEWNET))
			_exit(100);
		ret = privnet_guest_side(spec, peer, &why);
		if (ret)
			fprintf(stderr, "vctx: %s: %s\n", why, nl_geterror(ret));
		_exit(ret ? 1 : 0);
	}
	close(nsfd);
	if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		why = "cannot configure its network inside it (see above)";
		ret = -NLE_FAILURE;
		goto fail;
	}
	return 0;

fail:
	err->err = 0;
	err->exit_code = 125;
	snprintf(err->msg, sizeof(err->msg), "%s (%s): %s", why, host, nl_geterror(ret));
	return -1;
}
