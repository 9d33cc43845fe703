/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What links a private network to the host, as --link and LINK read it:
 * "veth", or "ipvlan[-l3|-l2][@DEV]". Pure functions, tested on the host.
 */
#ifndef VCTX_UTIL_LINKSPEC_H
#define VCTX_UTIL_LINKSPEC_H

#include <net/if.h>

enum net_link {
	LINK_VETH,	/* a veth pair, the host end routed (the default) */
	LINK_IPVLAN_L3,	/* an ipvlan child of a host interface in L3 mode */
	LINK_IPVLAN_L2,	/* the same in L2 mode (ARP and multicast on the parent's link) */
};

/* What every refusal lists. */
#define LINKSPEC_VALID "veth, ipvlan[@DEV] (L3 mode), ipvlan-l3[@DEV] or ipvlan-l2[@DEV]"

/*
 * Parse @arg into @kind and @dev (the parent named after '@', "" when not
 * given). Return: NULL, or why @arg is invalid (a static string).
 */
const char *linkspec_parse(const char *arg, enum net_link *kind, char dev[IF_NAMESIZE]);

/* "veth", "ipvlan-l3" or "ipvlan-l2". */
const char *linkspec_kind_name(enum net_link kind);

#endif /* VCTX_UTIL_LINKSPEC_H */
