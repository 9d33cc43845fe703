/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses of a context's IP set as the tool reads and prints them:
 * "ADDR[/PREFIX][@DEV]". Pure functions, tested on the host.
 */
#ifndef VCTX_UTIL_NETADDR_H
#define VCTX_UTIL_NETADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include <linux/vctx.h>

/* One address as given: the module's form plus the device named, if any. */
struct netaddr {
	struct vctx_net_addr a;
	char dev[IF_NAMESIZE];		/* "" when not given */
};

/*
 * Parse @arg into @out. A missing prefix means a single address (/32,
 * /128). Return: NULL, or why @arg is invalid (a static string).
 */
const char *netaddr_parse(const char *arg, struct netaddr *out);

/* "192.0.2.10/24" (no device) into @buf; returns @buf. */
char *netaddr_format(const struct vctx_net_addr *a, char *buf, size_t len);

/* Same family and address (the prefix does not matter). */
bool netaddr_same(const struct vctx_net_addr *x, const struct vctx_net_addr *y);

#endif /* VCTX_UTIL_NETADDR_H */
