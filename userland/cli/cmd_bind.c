// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx bind: the addresses of a context on the shared network stack
 * (VServer's "ncontext" addresses), shown or changed while it runs.
 */
#include <getopt.h>
#include <stdbool.h>
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

/* The changes asked for on the command line. */
struct bind_change {
	struct netaddr add[VCTX_NET_ADDRS_MAX], del[VCTX_NET_ADDRS_MAX];
	unsigned int nr_add, nr_del;
	int loopback;		/* -1: unchanged */
};

/* --add or --del @arg. Return: 0, or EXIT_TOOL after printing why. */
static int take_address(struct bind_change *ch, bool add, const char *arg)
{
	const char *why;

	if ((add ? ch->nr_add : ch->nr_del) == VCTX_NET_ADDRS_MAX)
		return err_print("too many addresses: a context has at most %d", VCTX_NET_ADDRS_MAX);
	why = netaddr_parse(arg, add ? &ch->add[ch->nr_add] : &ch->del[ch->nr_del]);
	if (why)
		return err_print("invalid %s '%s': %s", add ? "--add" : "--del", arg, why);
	if (add)
		ch->nr_add++;
	else if (ch->del[ch->nr_del].dev[0])
		return err_print("invalid --del '%s': give the address alone; it leaves the interface it is on",
				 arg);
	else
		ch->nr_del++;
	return 0;
}

/*
 * The options into @ch. Return: the index of the context operand, 0 after
 * printing help, or -EXIT_TOOL after printing an error.
 */
static int parse_options(struct cli *cli, int argc, char **argv, struct bind_change *ch)
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
	int c;

	memset(ch, 0, sizeof(*ch));
	ch->loopback = -1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ADD:
		case OPT_DEL:
			if (take_address(ch, c == OPT_ADD, optarg))
				return -EXIT_TOOL;
			break;
		case OPT_LOOPBACK:
		case OPT_NO_LOOPBACK:
			ch->loopback = c == OPT_LOOPBACK;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_bind, bind_usage, bind_details);
			return 0;
		default:
			return -err_print("see 'vctx bind --help'");
		}
	}
	if (argc - optind != 1)
		return -err_print("bind takes one context: vctx bind %s", bind_usage);
	return optind;
}

/*
 * The new set into @next: @set (@nr addresses) minus --del (in order),
 * plus --add. Return: 0, or EXIT_TOOL after printing why.
 */
static int new_set(const struct vctx_info *info, const struct vctx_net_addr *set, unsigned int nr,
		   const struct bind_change *ch, struct vctx_net_addr *next, unsigned int *nr_next)
{
	unsigned int i, k;
	char text[64];
	bool keep;

	*nr_next = 0;
	for (i = 0; i < ch->nr_del; i++)
		if (find(set, nr, &ch->del[i].a) < 0)
			return err_print("'%s' has no address %s: see 'vctx bind %s'", info->name,
					 netaddr_format(&ch->del[i].a, text, sizeof(text)), info->name);
	for (i = 0; i < nr; i++) {
		keep = true;
		for (k = 0; k < ch->nr_del; k++)
			keep &= !netaddr_same(&set[i], &ch->del[k].a);
		if (keep)
			next[(*nr_next)++] = set[i];
	}
	for (i = 0; i < ch->nr_add; i++) {
		if (find(next, *nr_next, &ch->add[i].a) >= 0 || find(set, nr, &ch->add[i].a) >= 0)
			return err_print("'%s' has %s already (or it is given twice)", info->name,
					 netaddr_format(&ch->add[i].a, text, sizeof(text)));
		if (*nr_next == VCTX_NET_ADDRS_MAX)
			return err_print("too many addresses: a context has at most %d",
					 VCTX_NET_ADDRS_MAX);
		next[(*nr_next)++] = ch->add[i].a;
	}
	if (!*nr_next)
		return err_print(nr ? "a context keeps at least one address; destroy '%s' to free them all" :
				      "'%s' has no address to change the loopback setting of: --add one",
				 info->name);
	return 0;
}

/*
 * Interfaces first, then the module; undo the interfaces if it refuses.
 * The addresses of @set no longer in @next leave their interfaces.
 * Return: 0, or EXIT_TOOL after printing why.
 */
static int change_set(int fd, const struct vctx_info *info, const struct vctx_net_addr *set,
		      unsigned int nr, struct bind_change *ch, struct vctx_net_addr *next,
		      unsigned int nr_next, uint32_t flags)
{
	unsigned int i, placed;
	int ret;

	for (placed = 0; placed < ch->nr_add; placed++) {
		if (context_net_place(fd, info->xid, &ch->add[placed]))
			goto undo;
		next[nr_next - ch->nr_add + placed] = ch->add[placed].a;
	}
	ret = vctx_set_net(fd, info->xid, flags, next, nr_next);
	if (ret) {
		err_print_errno(ret, "the module refused the new addresses of '%s'", info->name);
		goto undo;
	}
	for (i = 0; i < nr; i++)
		if (find(next, nr_next, &set[i]) < 0)
			context_net_unplace(&set[i]);
	/* A stopped (persistent) context's addresses wait off their interfaces. */
	if (info->state != VCTX_STATE_RUNNING)
		while (placed--)
			context_net_unplace(&ch->add[placed].a);
	return 0;

undo:
	while (placed--)
		context_net_unplace(&ch->add[placed].a);
	return EXIT_TOOL;
}

/* The context @arg names, bound to addresses: 0, or EXIT_TOOL after printing why. */
static int find_bound(int fd, const char *arg, struct vctx_info *info)
{
	if (cli_find_context(fd, arg, info))
		return EXIT_TOOL;
	if (info->info_flags & VCTX_INFO_BUILTIN)
		return err_print("'%s' is a built-in context: it is not bound to addresses", info->name);
	return 0;
}

static int bind_run(struct cli *cli, int argc, char **argv)
{
	struct vctx_net_addr set[VCTX_NET_ADDRS_MAX], next[VCTX_NET_ADDRS_MAX];
	unsigned int nr, nr_next;
	struct bind_change ch;
	struct vctx_info info;
	uint32_t flags;
	int first, fd, ret;

	first = parse_options(cli, argc, argv, &ch);
	if (first <= 0)
		return -first;

	fd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_NET, "IP binding");
	if (fd < 0)
		return EXIT_TOOL;
	ret = find_bound(fd, argv[first], &info);
	if (ret)
		goto out;
	ret = context_net_read(fd, info.xid, set, &nr, &flags);
	if (ret) {
		ret = err_print_errno(ret, "cannot read the addresses of '%s'", info.name);
		goto out;
	}
	if (!ch.nr_add && !ch.nr_del && ch.loopback < 0) {
		ret = show(cli, fd, &info);
		goto out;
	}
	ret = new_set(&info, set, nr, &ch, next, &nr_next);
	if (ret)
		goto out;
	if (ch.loopback >= 0)
		flags = ch.loopback ? VCTX_NET_F_LOOPBACK : 0;
	ret = change_set(fd, &info, set, nr, &ch, next, nr_next, flags);
out:
	close(fd);
	return ret;
}

const struct cli_command cmd_bind = {
	.name = "bind",
	.summary = "Show or change the addresses of a context",
	.run = bind_run,
};
