// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A context's addresses on the shared network stack: put on host
 * interfaces (hostnet.c) and handed to the module as the context's IP set,
 * taken off again when the context stops. Every change is all or nothing.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libvctx.h"
#include "runtime/ctxnet.h"
#include "runtime/hostnet.h"
#include "runtime/spec.h"
#include "util/err.h"
#include "util/json.h"
#include "util/netaddr.h"

int context_net_read(int devfd, uint32_t xid, struct vctx_net_addr *addrs, unsigned int *nr,
		     uint32_t *flags)
{
	int ret = vctx_get_net(devfd, xid, addrs, VCTX_NET_ADDRS_MAX, flags);

	if (ret < 0)
		return ret;
	*nr = (unsigned int)ret;
	return 0;
}

/* The context other than @xid whose set holds @a, into @name; false if none. */
static bool context_net_user(int devfd, uint32_t xid, const struct vctx_net_addr *a,
			     char name[VCTX_NAME_LEN])
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	struct vctx_info *all = NULL;
	unsigned int nr, j;
	uint32_t flags;
	int n, i;

	n = vctx_list_all(devfd, &all);
	for (i = 0; i < n; i++) {
		if (all[i].xid == xid || context_net_read(devfd, all[i].xid, addrs, &nr, &flags))
			continue;
		for (j = 0; j < nr; j++)
			if (netaddr_same(&addrs[j], a)) {
				snprintf(name, VCTX_NAME_LEN, "%s", all[i].name);
				free(all);
				return true;
			}
	}
	free(all);
	return false;
}

int context_net_place(int devfd, uint32_t xid, struct netaddr *na)
{
	char text[64], dev[IF_NAMESIZE], other[VCTX_NAME_LEN];
	int owner, ret;

	netaddr_format(&na->a, text, sizeof(text));
	if (na->dev[0]) {
		na->a.ifindex = if_nametoindex(na->dev);
		if (!na->a.ifindex)
			return err_print("cannot bind %s: no network interface '%s' (see 'ip link')",
					 text, na->dev);
	} else {
		na->a.ifindex = (uint32_t)hostnet_default_ifindex(na->a.family);
		if (!na->a.ifindex)
			return err_print("cannot bind %s: the host has no default %s route to pick an interface from; name one (%s@eth0)",
					 text, na->a.family == AF_INET ? "IPv4" : "IPv6", text);
	}
	/* A context's addresses are on host interfaces too: name the context. */
	if (context_net_user(devfd, xid, &na->a, other))
		return err_print("cannot bind %s: context '%s' has that address", text, other);
	owner = hostnet_addr_owner(&na->a);
	if (owner < 0)
		return err_print_errno(owner, "cannot read the host's addresses");
	if (owner > 0)
		return err_print("cannot bind %s: the host already has that address (on %s); choose another",
				 text, if_indextoname((unsigned int)owner, dev) ?: "an interface");
	ret = hostnet_addr_add(&na->a);
	if (ret)
		return err_print_errno(ret, "cannot add %s to %s", text,
				       if_indextoname(na->a.ifindex, dev) ?: "its interface");
	return 0;
}

void context_net_unplace(const struct vctx_net_addr *a)
{
	char text[64];
	int ret;

	if (!a->ifindex)
		return;
	ret = hostnet_addr_del(a);
	if (ret)
		err_print_errno(ret, "cannot remove %s from its interface (remove it by hand: ip addr del)",
				netaddr_format(a, text, sizeof(text)));
}

int context_apply_net(int devfd, struct ctx_spec *spec, uint32_t xid)
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	unsigned int i;
	int ret;

	if (!spec->nr_ips)
		return 0;
	for (i = 0; i < spec->nr_ips; i++) {
		if (context_net_place(devfd, xid, &spec->ips[i]))
			goto err;
		addrs[i] = spec->ips[i].a;
	}
	ret = vctx_set_net(devfd, xid, spec->host_loopback ? VCTX_NET_F_LOOPBACK : 0, addrs,
			   spec->nr_ips);
	if (ret) {
		err_print_errno(ret, "the module refused the addresses of context '%s'", spec->name);
		goto err;
	}
	return 0;

err:
	while (i--)
		context_net_unplace(&spec->ips[i].a);
	return -1;
}

int context_restore_net(int devfd, uint32_t xid)
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	struct netaddr na;
	unsigned int nr, i;
	uint32_t flags;
	int ret;

	ret = context_net_read(devfd, xid, addrs, &nr, &flags);
	if (ret)
		return err_print_errno(ret, "cannot read the addresses of xid %u", xid), -1;
	for (i = 0; i < nr; i++) {
		memset(&na, 0, sizeof(na));
		na.a = addrs[i];
		if (!if_indextoname(addrs[i].ifindex, na.dev))
			na.dev[0] = '\0';	/* gone: the default route's interface */
		if (context_net_place(devfd, xid, &na))
			goto err;
	}
	return 0;

err:
	while (i--)
		context_net_unplace(&addrs[i]);
	return -1;
}

void context_release_net(int devfd, uint32_t xid)
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	unsigned int nr, i;
	uint32_t flags;

	if (context_net_read(devfd, xid, addrs, &nr, &flags))
		return;
	for (i = 0; i < nr; i++)
		context_net_unplace(&addrs[i]);
}

/*
 * Host services listening on every address also answer on a context's:
 * name their ports, once, when a context gets addresses.
 */
void context_net_warn_wildcards(void)
{
	static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	unsigned int port, state, i, j, seen[32], nr = 0;
	char line[256], local[64], ports[256] = "";
	size_t used = 0;
	FILE *f;

	for (i = 0; i < 2; i++) {
		f = fopen(files[i], "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, " %*u: %63[0-9A-F]:%x %*s %x", local, &port, &state) != 3 ||
			    state != 0x0a || strspn(local, "0") != strlen(local))
				continue;
			for (j = 0; j < nr && seen[j] != port; j++)
				;
			if (j < nr || nr == 32)
				continue;
			seen[nr++] = port;
			used += (size_t)snprintf(ports + used, sizeof(ports) - used, "%s%u",
						 used ? ", " : "", port);
		}
		fclose(f);
	}
	if (used)
		fprintf(stderr, "vctx: warning: host services listen on every address (TCP port %s): they answer on the context's addresses too; bind them to the host's own addresses\n",
			ports);
}

void context_net_json(struct json *j, int devfd, uint32_t xid)
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	unsigned int nr = 0, i;
	uint32_t flags = 0;
	char text[64];

	if (xid <= VCTX_XID_SPECTATOR || context_net_read(devfd, xid, addrs, &nr, &flags))
		nr = 0;
	json_array_begin(j, "addresses");
	for (i = 0; i < nr; i++)
		json_string(j, NULL, netaddr_format(&addrs[i], text, sizeof(text)));
	json_array_end(j);
	json_bool(j, "host_loopback", flags & VCTX_NET_F_LOOPBACK);
}

void context_net_print(FILE *out, int devfd, uint32_t xid)
{
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	char text[64], dev[IF_NAMESIZE];
	unsigned int nr = 0, i;
	uint32_t flags = 0;

	if (context_net_read(devfd, xid, addrs, &nr, &flags) || !nr) {
		fprintf(out, "-");
		return;
	}
	for (i = 0; i < nr; i++) {
		fprintf(out, "%s%s", i ? " " : "", netaddr_format(&addrs[i], text, sizeof(text)));
		if (addrs[i].ifindex && if_indextoname(addrs[i].ifindex, dev))
			fprintf(out, "@%s", dev);
	}
	if (flags & VCTX_NET_F_LOOPBACK)
		fprintf(out, " (host loopback)");
}
