// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The context options of create and run on the command line: getopt_long
 * hands each to its setter (runtime/spec_opts.c), which the configuration
 * of a guest shares.
 */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/ctx_opts.h"
#include "cli/limit_opts.h"
#include "lib/libvctx.h"
#include "runtime/spec_opts.h"
#include "util/err.h"

/* run's own option, past the context options' codes. */
enum { OPT_NAME = 1100 };

static const struct option opts[] = {
	{ "xid", required_argument, NULL, SPEC_OPT_XID },
	{ "root", required_argument, NULL, SPEC_OPT_ROOT },
	{ "hostname", required_argument, NULL, SPEC_OPT_HOSTNAME },
	{ "init", required_argument, NULL, SPEC_OPT_INIT },
	{ "net", required_argument, NULL, SPEC_OPT_NET },
	{ "cap-keep", required_argument, NULL, SPEC_OPT_CAP_KEEP },
	{ "cap-drop", required_argument, NULL, SPEC_OPT_CAP_DROP },
	{ "persistent", no_argument, NULL, SPEC_OPT_PERSISTENT },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "ip", required_argument, NULL, SPEC_OPT_IP },
	{ "host-loopback", no_argument, NULL, SPEC_OPT_HOST_LOOPBACK },
	{ "socket-families", required_argument, NULL, SPEC_OPT_SOCKET_FAMILIES },
	{ "link", required_argument, NULL, SPEC_OPT_LINK },
	LIMIT_LONG_OPTIONS,
	{ "help", no_argument, NULL, 'h' },
	{}
};

/* Whether option @c belongs to the command @what parses. */
static bool option_of(int c, enum ctx_opts_for what)
{
	if (c == SPEC_OPT_INIT || c == SPEC_OPT_PERSISTENT)
		return what == FOR_CREATE;
	if (c == OPT_NAME)
		return what == FOR_RUN;
	return (c >= SPEC_OPT_XID && c <= SPEC_OPT_LINK) ||
	       (c >= OPT_LIM_CPU && c <= OPT_LIM_INODES);
}

/* run's --name. Return: false after printing why. */
static bool set_name(struct ctx_spec *spec, const char *arg)
{
	if (!vctx_valid_name(arg)) {
		cli_bad_name(arg);
		return false;
	}
	strcpy(spec->name, arg);
	return true;
}

int ctx_opts_parse(int argc, char **argv, enum ctx_opts_for what, struct ctx_spec *spec,
		   const struct cli_command *cmd, const char *usage, const char *details)
{
	struct spec_opts o;
	bool ok;
	int c;

	spec_opts_begin(&o, spec);
	/* run stops at its command; create takes options anywhere. */
	while ((c = getopt_long(argc, argv, what == FOR_RUN ? "+h" : "h", opts, NULL)) != -1) {
		if (c == 'h') {
			spec_opts_abort(&o);
			cli_usage(cmd, usage, details);
			return 0;
		}
		if (!option_of(c, what)) {
			spec_opts_abort(&o);
			err_print("see 'vctx %s --help'", cmd->name);
			return -1;
		}
		ok = c == OPT_NAME ? set_name(spec, optarg) : spec_opt_set(&o, c, optarg);
		if (!ok) {
			spec_opts_abort(&o);
			return -1;
		}
	}
	if (spec_opts_end(&o))
		return -1;
	return optind;
}
