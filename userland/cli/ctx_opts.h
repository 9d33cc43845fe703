/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options that describe a context, shared by create and run.
 */
#ifndef VCTX_CLI_CTX_OPTS_H
#define VCTX_CLI_CTX_OPTS_H

#include "cli/cli.h"
#include "cli/limit_opts.h"
#include "runtime/spec.h"

enum ctx_opts_for { FOR_CREATE, FOR_RUN };

#define CTX_OPTS_HELP \
	"  --xid N              static xid, 2..49151 (default: the next dynamic xid from 49152)\n" \
	"  --root DIR           the context's root, read-write (default: a read-only view of\n" \
	"                       the host's / with its own /proc, /sys, /dev, /run and /tmp)\n" \
	"  --hostname NAME      its hostname (default: the context's name)\n" \
	"  --net none|shared|private  none: a network namespace of its own, loopback only\n" \
	"                       (default); shared: the host's network stack; private: a\n" \
	"                       namespace of its own linked to the host (see --link)\n" \
	"  --link veth|ipvlan[@DEV]|ipvlan-l2[@DEV]  with --net private: a veth pair to the\n" \
	"                       host (default), or an ipvlan child of DEV (default: the\n" \
	"                       default IPv4 route's interface), L3 mode (ipvlan or\n" \
	"                       ipvlan-l3) or L2 (ipvlan-l2), named eth0 inside\n" \
	"  --ip ADDR[/PREFIX][@DEV]  shared: bind the context to this address of the host's\n" \
	"                       stack (repeatable, IPv4 and IPv6; the first of each family\n" \
	"                       is its primary), added to DEV (default: the default route's\n" \
	"                       interface) and removed when the context stops; private:\n" \
	"                       an address of its eth0\n" \
	"  --host-loopback      with --ip: it may reach the host's 127.0.0.1 and ::1\n" \
	"  --cap-keep CAP,...   keep these capabilities in the bounding set too\n" \
	"  --cap-drop CAP,...   drop these from it (names like sys_admin or CAP_SYS_ADMIN; 'all')\n" \
	"  --socket-families LIST  the socket families it may use: default (unix, inet,\n" \
	"                       inet6, netlink, packet), none, a list like unix,inet, or\n" \
	"                       changes to the default like -packet,+vsock\n" \
	"\nLimits (see 'vctx limit --help'); where none is given, those of\n" \
	"/etc/vctx/vctx.conf apply (built in: --pids 1024 --memory 50%; max lifts one):\n" \
	LIMIT_OPTS_HELP

/*
 * Parse the context options in @argv into @spec (defaults filled in), and
 * for FOR_RUN also --name. Returns the index of the first operand, 0 after
 * printing help, or -1 after printing an error.
 */
int ctx_opts_parse(int argc, char **argv, enum ctx_opts_for what, struct ctx_spec *spec,
		   const struct cli_command *cmd, const char *usage, const char *details);

#endif /* VCTX_CLI_CTX_OPTS_H */
