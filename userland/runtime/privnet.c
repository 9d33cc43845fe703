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
 *
 * --link ipvlan[-l3|-l2][@DEV] instead: an ipvlan child of the host's DEV
 * (default: the default IPv4 route's interface), made in the namespace
 * under a temporary name and renamed eth0 there, with the --ip addresses
 * and on-link default routes ("default dev eth0"). The host keeps nothing:
 * the child goes with the namespace. See Documentation/net.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * An ipvlan port refuses an address that another of its children holds
 * (EADDRINUSE, NLE_EXIST to libnl). After a reboot inside a guest the child
 * of its old namespace still holds them until the kernel's asynchronous
 * namespace cleanup deletes it: so wait that long, and no longer.
 */
#define PRIVNET_ADDR_WAIT_MS	10000
#define PRIVNET_ADDR_POLL_MS	50

static int privnet_addr_add_waiting(struct nl_sock *sk, int ifindex, const struct netaddr *ip,
				    bool wait)
{
	int ret, waited;

	for (waited = 0;; waited += PRIVNET_ADDR_POLL_MS) {
		ret = privnet_addr_add(sk, ifindex, ip->a.family, ip->a.addr, ip->a.prefix);
		if (ret != -NLE_EXIST || !wait || waited >= PRIVNET_ADDR_WAIT_MS)
			return ret;
		poll(NULL, 0, PRIVNET_ADDR_POLL_MS);
	}
}

/* ipvlan: every destination on-link, the parent's port delivers or routes it. */
static int privnet_onlink_defaults(struct nl_sock *sk, const struct ctx_spec *spec, int ifindex)
{
	int ret = 0;

	if (privnet_has(spec, AF_INET))
		ret = privnet_route_add(sk, AF_INET, NULL, ifindex, NULL, true);
	if (!ret && privnet_has(spec, AF_INET6))
		ret = privnet_route_add(sk, AF_INET6, NULL, ifindex, NULL, true);
	return ret;
}

/* veth: the default routes through the host end's gateway addresses. */
static int privnet_gateway_defaults(struct nl_sock *sk, const struct ctx_spec *spec, int ifindex)
{
	struct nl_addr *gw4 = privnet_addr(PRIVNET_GW4 "/32", AF_INET);
	int ret = 0;

	if (!gw4)
		return -NLE_NOMEM;
	if (privnet_has(spec, AF_INET)) {
		ret = privnet_route_add(sk, AF_INET, gw4, ifindex, NULL, true);
		if (!ret)
			ret = privnet_route_add(sk, AF_INET, NULL, ifindex, PRIVNET_GW4, false);
	}
	if (!ret && privnet_has(spec, AF_INET6))
		ret = privnet_route_add(sk, AF_INET6, NULL, ifindex, PRIVNET_GW6, false);
	nl_addr_put(gw4);
	return ret;
}

/* Inside the namespace (a child that joined it): lo, eth0, addresses, routes. */
static int privnet_guest_side(const struct ctx_spec *spec, const char *peer, const char **why)
{
	bool ipvlan = spec->link != LINK_VETH;
	struct nl_sock *sk = nl_socket_alloc();
	unsigned int i;
	int ifindex, ret = -NLE_NOMEM;

	if (!sk || nl_connect(sk, NETLINK_ROUTE))
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
		ret = privnet_addr_add_waiting(sk, ifindex, &spec->ips[i], ipvlan);
	if (ret == -NLE_EXIST)
		*why = "cannot give eth0 its addresses: another ipvlan link of the same parent holds one (another context's? give each its own)";
	if (ret)
		goto out;
	*why = "cannot set its default routes";
	ret = ipvlan ? privnet_onlink_defaults(sk, spec, ifindex) :
		       privnet_gateway_defaults(sk, spec, ifindex);
out:
	if (sk)
		nl_socket_free(sk);
	return ret;
}

/* Configure the guest end @peer from inside the network namespace of @pid. */
static int privnet_in_guest(const struct ctx_spec *spec, pid_t pid, const char *peer,
			    const char **why)
{
	char ns[64];
	int ret, nsfd, status;
	pid_t child;

	snprintf(ns, sizeof(ns), "/proc/%d/ns/net", pid);
	nsfd = open(ns, O_RDONLY | O_CLOEXEC);
	*why = "cannot enter its network namespace";
	if (nsfd < 0)
		return -NLE_OBJ_NOTFOUND;
	child = fork();
	if (child == 0) {
		if (setns(nsfd, CLONE_NEWNET))
			_exit(100);
		ret = privnet_guest_side(spec, peer, why);
		if (ret)
			fprintf(stderr, "vctx: %s: %s\n", *why, nl_geterror(ret));
		_exit(ret ? 1 : 0);
	}
	close(nsfd);
	if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		*why = "cannot configure its network inside it (see above)";
		return -NLE_FAILURE;
	}
	return 0;
}

static int privnet_veth(const struct ctx_spec *spec, uint32_t xid, pid_t pid,
			struct spawn_error *err)
{
	char host[IF_NAMESIZE], peer[IF_NAMESIZE];
	const char *why = "cannot create its veth pair";
	struct nl_sock *sk = nl_socket_alloc();
	int ret = -NLE_NOMEM;

	snprintf(host, sizeof(host), "vctx%u", xid);
	snprintf(peer, sizeof(peer), "vctx%up", xid);
	if (sk && !nl_connect(sk, NETLINK_ROUTE))
		ret = rtnl_link_veth_add(sk, host, peer, pid);
	if (!ret)
		ret = privnet_host_side(sk, spec, host, &why);
	if (sk)
		nl_socket_free(sk);
	if (!ret)
		ret = privnet_in_guest(spec, pid, peer, &why);
	if (!ret)
		return 0;
	snprintf(err->msg, sizeof(err->msg), "%s (%s): %s", why, host, nl_geterror(ret));
	return -1;
}

/*
 * The parent of the context's ipvlan link: its --link DEV, else the
 * interface of the host's default IPv4 route. It must be an Ethernet
 * interface and no ipvlan itself (the kernel refuses both, less clearly).
 * Return: its index, or 0 with @err's message filled.
 */
static int privnet_ipvlan_parent(struct nl_sock *sk, const struct ctx_spec *spec,
				 struct spawn_error *err)
{
	const char *kind = linkspec_kind_name(spec->link), *type;
	char name[IF_NAMESIZE] = "";
	struct rtnl_link *parent = NULL;
	int ifindex = 0;

	if (spec->link_dev[0]) {
		snprintf(name, sizeof(name), "%s", spec->link_dev);
		ifindex = (int)if_nametoindex(name);
	} else {
		ifindex = hostnet_default_ifindex(AF_INET);
		if (ifindex <= 0 || !if_indextoname((unsigned int)ifindex, name)) {
			snprintf(err->msg, sizeof(err->msg),
				 "--link %s: the host has no default IPv4 route to take the ipvlan's parent from; name the interface, like --link %s@eth0",
				 kind, kind);
			return 0;
		}
	}
	if (ifindex <= 0 || rtnl_link_get_kernel(sk, ifindex, NULL, &parent)) {
		snprintf(err->msg, sizeof(err->msg),
			 "--link %s@%s: the host has no network interface '%s'; name one that 'ip link' lists",
			 kind, name, name);
		return 0;
	}
	type = rtnl_link_get_type(parent);
	if (type && !strcmp(type, "ipvlan")) {
		snprintf(err->msg, sizeof(err->msg),
			 "--link %s@%s: %s is an ipvlan link itself; name its parent (ipvlan links do not nest)",
			 kind, name, name);
		ifindex = 0;
	} else if (rtnl_link_get_arptype(parent) != ARPHRD_ETHER) {
		snprintf(err->msg, sizeof(err->msg),
			 "--link %s@%s: %s is not an Ethernet interface (ipvlan needs one; the loopback is none)",
			 kind, name, name);
		ifindex = 0;
	}
	rtnl_link_put(parent);
	return ifindex;
}

/* An ipvlan child of @parent named @name, made right in the namespace of @pid. */
static int privnet_ipvlan_add(struct nl_sock *sk, enum net_link kind, int parent,
			      const char *name, pid_t pid)
{
	struct rtnl_link *link = rtnl_link_ipvlan_alloc();
	int ret;

	if (!link)
		return -NLE_NOMEM;
	rtnl_link_set_name(link, name);
	rtnl_link_set_link(link, parent);
	rtnl_link_set_ns_pid(link, pid);
	ret = rtnl_link_ipvlan_set_mode(link, kind == LINK_IPVLAN_L2 ? IPVLAN_MODE_L2 :
								   IPVLAN_MODE_L3);
	if (!ret)
		ret = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	return ret;
}

static int privnet_ipvlan(const struct ctx_spec *spec, uint32_t xid, pid_t pid,
			  struct spawn_error *err)
{
	char peer[IF_NAMESIZE], parent_name[IF_NAMESIZE] = "?";
	const char *why = "cannot create its ipvlan link";
	struct nl_sock *sk = nl_socket_alloc();
	int parent, ret = -NLE_NOMEM;

	/*
	 * A name of its own until it is eth0 inside: the kernel looks the new
	 * link's name up in the host's namespace first, where an eth0 may be.
	 */
	snprintf(peer, sizeof(peer), "vctx%ui", xid);
	if (!sk || nl_connect(sk, NETLINK_ROUTE))
		goto fail;
	parent = privnet_ipvlan_parent(sk, spec, err);
	if (!parent) {
		nl_socket_free(sk);
		return -1;
	}
	if_indextoname((unsigned int)parent, parent_name);
	ret = privnet_ipvlan_add(sk, spec->link, parent, peer, pid);
	nl_socket_free(sk);
	sk = NULL;
	if (!ret)
		ret = privnet_in_guest(spec, pid, peer, &why);
	if (!ret)
		return 0;
fail:
	if (sk)
		nl_socket_free(sk);
	snprintf(err->msg, sizeof(err->msg), "%s (%s on %s): %s", why,
		 linkspec_kind_name(spec->link), parent_name, nl_geterror(ret));
	return -1;
}

int privnet_setup(const struct ctx_spec *spec, uint32_t xid, pid_t pid, struct spawn_error *err)
{
	err->err = 0;
	err->exit_code = 125;
	if (spec->link == LINK_VETH)
		return privnet_veth(spec, xid, pid, err);
	return privnet_ipvlan(spec, xid, pid, err);
}
