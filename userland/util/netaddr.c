// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing and printing of "ADDR[/PREFIX][@DEV]", with the module's rules
 * for what a context's address may be (uapi/linux/vctx.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/netaddr.h"

const char *netaddr_parse(const char *arg, struct netaddr *out)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *at, *end;
	const char *dev = NULL;
	unsigned long prefix;
	size_t len;
	int max;

	memset(out, 0, sizeof(*out));
	at = strchr(arg, '@');
	len = at ? (size_t)(at - arg) : strlen(arg);
	if (at) {
		dev = at + 1;
		if (!*dev || strlen(dev) >= sizeof(out->dev) || strchr(dev, '/') ||
		    strchr(dev, ' '))
			return "the device after '@' must be an interface name like eth0";
		strcpy(out->dev, dev);
	}
	if (!len || len >= sizeof(buf))
		return "give an address like 192.0.2.10/24 or 2001:db8::10/64";
	memcpy(buf, arg, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, out->a.addr) == 1) {
		out->a.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, out->a.addr) == 1) {
		out->a.family = AF_INET6;
		max = 128;
	} else {
		return "not an IPv4 or IPv6 address";
	}
	prefix = (unsigned long)max;
	if (slash) {
		if (slash[1] < '0' || slash[1] > '9')
			return "the prefix after '/' must be a number";
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > (unsigned long)max)
			return max == 32 ? "the prefix must be 0 to 32 for IPv4" :
					   "the prefix must be 0 to 128 for IPv6";
	}
	out->a.prefix = (__u8)prefix;

	if (out->a.family == AF_INET) {
		const unsigned char *b = out->a.addr;

		if (!b[0])
			return "0.0.0.0/8 is not an address a context can have";
		if (b[0] == 127)
			return "loopback addresses are the host's (see --host-loopback)";
		if ((b[0] & 0xf0) == 0xe0)
			return "a multicast address cannot be a context's";
		if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
			return "the broadcast address cannot be a context's";
	} else {
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		static const unsigned char zero[16], one[16] = { [15] = 1 };

		if (!memcmp(out->a.addr, zero, 16))
			return ":: is not an address a context can have";
		if (!memcmp(out->a.addr, one, 16))
			return "loopback addresses are the host's (see --host-loopback)";
		if (out->a.addr[0] == 0xff)
			return "a multicast address cannot be a context's";
		if (!memcmp(out->a.addr, mapped, 12))
			return "give an IPv4-mapped address in IPv4 form";
	}
	return NULL;
}

char *netaddr_format(const struct vctx_net_addr *a, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->addr, s, sizeof(s)))
		snprintf(s, sizeof(s), "?");
	snprintf(buf, len, "%s/%u", s, a->prefix);
	return buf;
}

bool netaddr_same(const struct vctx_net_addr *x, const struct vctx_net_addr *y)
{
	return x->family == y->family &&
	       !memcmp(x->addr, y->addr, x->family == AF_INET ? 4 : 16);
}
