// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx bind: the addresses of a context on the shared network stack
 * (VServer's "ncontext" addresses), shown or changed while it runs.
 */
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "util/err.h"
#include "util/json.h"
#include "util/netaddr.h"

enum { OPT_ADD = 1000, OPT_DEL, OPT_LOOPBACK, OPT_NO_LOOPBACK };

static const char bind_usage[] =
	"NAME [--add ADDR[/PREFIX][@DEV]]... [--del ADDR]... [--host-loopback|--no-host-loopback]";
static const char bind_details[] =
	"Without changes, prints the context's addresses (--json too). --add puts an\n"
	"address on DEV (default: the default route's interface) and binds the context\n"
	"to it; --del takes one away (from its interface too). The first address of\n"
	"each family is the context's primary: wildcard binds go there. A context\n"
	"keeps at least one address: destroy it, or create it without --ip, to free\n"
	"it. Changes are all or nothing; sockets bound already keep their address.\n"
	"\n"
	"Options:\n"
	"  --add ADDR[/PREFIX][@DEV]  bind one more address (repeatable)\n"
	"  --del ADDR[/PREFIX]        unbind an address (repeatable)\n"
	"  --host-loopback            let it reach the host's 127.0.0.1 and ::1\n"
	"  --no-host-loopback         do not (the default)\n"
	"  --json                     print {name, xid, addresses, host_loopback}\n"
	"  -h, --help                 show this help\n";

/* The index of @a in @set, or -1. */
static int find(const struct vctx_net_addr *set, unsigned int nr, const struct vctx_net_addr *a)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (netaddr_same(&set[i], a))
			return (int)i;
	return -1;
}

static int show(struct cli *cli, int fd, const struct vctx_info *info)
{
	struct json j;

	if (cli->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "name", info->name);
		json_uint(&j, "xid", info->xid);
		context_net_json(&j, fd, info->xid);
		json_object_end(&j);
		return 0;
	}
	context_net_print(stdout, fd, info->xid);
	printf("\n");
	return 0;
}

static int bind_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "add", required_argument, NULL, OPT_ADD },
		{ "del", required_argument, NULL, OPT_DEL },
		{ "host-loopback", no_argument, NULL, OPT_LOOPBACK },
		{ "no-host-loopback", no_argument, NULL, OPT_NO_LOOPBACK },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct netaddr add[VCTX_NET_ADDRS_MAX], del[VCTX_NET_ADDRS_MAX];
	struct vctx_net_addr set[VCTX_NET_ADDRS_MAX], next[VCTX_NET_ADDRS_MAX];
	unsigned int nr_add = 0, nr_del = 0, nr, nr_next = 0, i, placed = 0;
	int loopback = -1, fd, c, ret, k;
	struct vctx_info info;
	uint32_t flags;
	const char *why;
	char text[64];
	bool keep;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ADD:
		case OPT_DEL:
			if ((c == OPT_ADD ? nr_add : nr_del) == VCTX_NET_ADDRS_MAX)
				return err_print("too many addresses: a context has at most %d",
						 VCTX_NET_ADDRS_MAX);
			why = netaddr_parse(optarg, c == OPT_ADD ? &add[nr_add] : &del[nr_del]);
			if (why)
				return err_print("invalid %s '%s': %s", c == OPT_ADD ? "--add" : "--del",
						 optarg, why);
			if (c == OPT_ADD)
				nr_add++;
			else if (del[nr_del].dev[0])
				return err_print("invalid --del '%s': give the address alone; it leaves the interface it is on",
						 optarg);
			else
				nr_del++;
			break;
		case OPT_LOOPBACK:
		case OPT_NO_LOOPBACK:
			loopback = c == OPT_LOOPBACK;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_bind, bind_usage, bind_details);
			return 0;
		default:
			return err_print("see 'vctx bind --help'");
		}
	}
	if (argc - optind != 1)
		return err_print("bind takes one context: vctx bind %s", bind_usage);

	fd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_NET, "IP binding");
	if (fd < 0)
		return EXIT_TOOL;
	if (cli_find_context(fd, argv[optind], &info)) {
		close(fd);
		return EXIT_TOOL;
	}
	if (info.info_flags & VCTX_INFO_BUILTIN) {
		close(fd);
		return err_print("'%s' is a built-in context: it is not bound to addresses", info.name);
	}
	ret = context_net_read(fd, info.xid, set, &nr, &flags);
	if (ret) {
		close(fd);
		return err_print_errno(ret, "cannot read the addresses of '%s'", info.name);
	}
	if (!nr_add && !nr_del && loopback < 0) {
		ret = show(cli, fd, &info);
		close(fd);
		return ret;
	}

	/* The new set: the old minus --del (in order), plus --add. */
	for (i = 0; i < nr_del; i++)
		if (find(set, nr, &del[i].a) < 0) {
			close(fd);
			return err_print("'%s' has no address %s: see 'vctx bind %s'", info.name,
					 netaddr_format(&del[i].a, text, sizeof(text)), info.name);
		}
	for (i = 0; i < nr; i++) {
		keep = true;
		for (k = 0; k < (int)nr_del; k++)
			keep &= !netaddr_same(&set[i], &del[k].a);
		if (keep)
			next[nr_next++] = set[i];
	}
	for (i = 0; i < nr_add; i++) {
		if (find(next, nr_next, &add[i].a) >= 0 || find(set, nr, &add[i].a) >= 0) {
			close(fd);
			return err_print("'%s' has %s already (or it is given twice)", info.name,
					 netaddr_format(&add[i].a, text, sizeof(text)));
		}
		if (nr_next == VCTX_NET_ADDRS_MAX) {
			close(fd);
			return err_print("too many addresses: a context has at most %d",
					 VCTX_NET_ADDRS_MAX);
		}
		next[nr_next++] = add[i].a;
	}
	if (!nr_next) {
		close(fd);
		return err_print(nr ? "a context keeps at least one address; destroy '%s' to free them all" :
				      "'%s' has no address to change the loopback setting of: --add one",
				 info.name);
	}
	if (loopback >= 0)
		flags = loopback ? VCTX_NET_F_LOOPBACK : 0;

	/* Interfaces first, then the module; undo the interfaces if it refuses. */
	for (placed = 0; placed < nr_add; placed++) {
		if (context_net_place(fd, info.xid, &add[placed]))
			goto undo;
		next[nr_next - nr_add + placed] = add[placed].a;
	}
	ret = vctx_set_net(fd, info.xid, flags, next, nr_next);
	if (ret) {
		err_print_errno(ret, "the module refused the new addresses of '%s'", info.name);
		goto undo;
	}
	for (i = 0; i < nr; i++)
		if (find(next, nr_next, &set[i]) < 0)
			context_net_unplace(&set[i]);
	/* A stopped (persistent) context's addresses wait off their interfaces. */
	if (info.state != VCTX_STATE_RUNNING)
		while (placed--)
			context_net_unplace(&add[placed].a);
	close(fd);
	return 0;

undo:
	while (placed--)
		context_net_unplace(&add[placed].a);
	close(fd);
	return EXIT_TOOL;
}

const struct cli_command cmd_bind = {
	.name = "bind",
	.summary = "Show or change the addresses of a context",
	.run = bind_run,
};
