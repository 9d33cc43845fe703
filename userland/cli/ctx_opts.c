// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctx_opts.h"
#include "cli/limit_opts.h"
#include "lib/libvctx.h"
#include "runtime/caps.h"
#include "runtime/defaults.h"
#include "runtime/limits.h"
#include "runtime/sockfam.h"
#include "runtime/spec.h"
#include "util/err.h"
#include "util/netaddr.h"

enum {
	OPT_XID = 1000, OPT_ROOT, OPT_HOSTNAME, OPT_INIT, OPT_NET, OPT_CAP_KEEP, OPT_CAP_DROP,
	OPT_PERSISTENT, OPT_NAME, OPT_IP, OPT_HOST_LOOPBACK, OPT_SOCKET_FAMILIES,
};

/* The limit files the global defaults fill, and their keys. */
static const struct {
	enum defaults_key key;
	enum limit_file file;
	int opt;
} default_limits[] = {
	{ DEF_PIDS, LIM_PIDS, OPT_LIM_PIDS },
	{ DEF_MEMORY, LIM_MEMORY, OPT_LIM_MEMORY },
};

/*
 * The global defaults (read once per process: a guest's check parses its
 * options once per key) for what @spec leaves unset: the limits it gives no
 * value (an explicit max is a value), and the masks of the default root.
 * Return: 0, or -1 after printing why.
 */
static int apply_defaults(struct ctx_spec *spec)
{
	static struct vctx_defaults d;
	static bool loaded;
	const char *saved_where = err_where;
	char where[PATH_MAX + 32];
	size_t i;
	bool ok;

	if (!loaded) {
		if (defaults_load(&d))
			return -1;
		loaded = true;
	}
	for (i = 0; i < sizeof(default_limits) / sizeof(default_limits[0]); i++) {
		if (spec->limits.files[default_limits[i].file][0])
			continue;
		snprintf(where, sizeof(where), "%s %s", d.from_file[default_limits[i].key] ?
			 d.path : "the built-in default", defaults_keys[default_limits[i].key].key);
		err_where = where;
		ok = limit_opt(&spec->limits, default_limits[i].opt,
			       d.value[default_limits[i].key]);
		err_where = saved_where;
		if (!ok)
			return -1;
		/* max is no limit to mark, just the kernel's own default. */
		if (strcmp(spec->limits.files[default_limits[i].file], "max"))
			spec->limits.defaulted |= 1u << default_limits[i].file;
		else
			spec->limits.files[default_limits[i].file][0] = '\0';
	}
	spec->masks = spec->root ? NULL : d.value[DEF_MASK];
	return 0;
}

static bool hostname_valid(const char *h)
{
	size_t len = strlen(h);
	const char *p;

	if (!len || len > 64 || *h == '-' || *h == '.')
		return false;
	for (p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return false;
	return true;
}

/* "CMD ARG ..." split on blanks into a NULL-terminated, static argv. */
static char **split_command(const char *cmd)
{
	static char *argv[64];
	char *copy = strdup(cmd), *tok, *save = NULL;
	int n = 0;

	if (!copy)
		return NULL;
	for (tok = strtok_r(copy, " \t", &save); tok && n < 63; tok = strtok_r(NULL, " \t", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	return n ? argv : NULL;
}

static bool apply_caps(uint64_t *set, const char *list, bool add)
{
	const char *bad;
	size_t len;

	if (caps_apply_list(set, list, add, &bad, &len))
		return true;
	err_print("unknown capability '%.*s' in --cap-%s: use names like sys_admin or CAP_SYS_ADMIN, comma-separated",
		  (int)len, bad, add ? "keep" : "drop");
	return false;
}

int ctx_opts_parse(int argc, char **argv, enum ctx_opts_for what, struct ctx_spec *spec,
		   const struct cli_command *cmd, const char *usage, const char *details)
{
	static const struct option opts[] = {
		{ "xid", required_argument, NULL, OPT_XID },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "init", required_argument, NULL, OPT_INIT },
		{ "net", required_argument, NULL, OPT_NET },
		{ "cap-keep", required_argument, NULL, OPT_CAP_KEEP },
		{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
		{ "persistent", no_argument, NULL, OPT_PERSISTENT },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "ip", required_argument, NULL, OPT_IP },
		{ "host-loopback", no_argument, NULL, OPT_HOST_LOOPBACK },
		{ "socket-families", required_argument, NULL, OPT_SOCKET_FAMILIES },
		LIMIT_LONG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *keep = NULL, *drop = NULL;
	static char root[PATH_MAX];
	bool net_given = false;
	const char *why;
	struct stat st;
	char *end;
	unsigned long xid;
	unsigned int i;
	int c;

	memset(spec, 0, sizeof(*spec));
	spec->net = NET_NONE;
	spec->stop_signal = STOP_SIGNAL_DEFAULT;
	spec->stop_timeout = STOP_TIMEOUT_DEFAULT;
	/* run stops at its command; create takes options anywhere. */
	while ((c = getopt_long(argc, argv, what == FOR_RUN ? "+h" : "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_XID:
			errno = 0;
			xid = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno ||
			    xid < VCTX_XID_STATIC_MIN || xid > VCTX_XID_STATIC_MAX) {
				err_print("invalid --xid '%s': static xids are %d to %d (omit --xid for a dynamic one)",
					  optarg, VCTX_XID_STATIC_MIN, VCTX_XID_STATIC_MAX);
				return -1;
			}
			spec->xid = (uint32_t)xid;
			break;
		case OPT_ROOT:
			if (!realpath(optarg, root) || stat(root, &st)) {
				err_print_errno(errno, "invalid --root '%s'", optarg);
				return -1;
			}
			if (!S_ISDIR(st.st_mode)) {
				err_print("invalid --root '%s': not a directory", optarg);
				return -1;
			}
			if (!strcmp(root, "/")) {
				err_print("invalid --root '%s': the host's root cannot be a context's writable root; omit --root for a read-only view of it",
					  optarg);
				return -1;
			}
			spec->root = root;
			break;
		case OPT_HOSTNAME:
			if (!hostname_valid(optarg)) {
				err_print("invalid --hostname '%s': use 1 to 64 of a-z, A-Z, 0-9, '-' and '.', not starting with '-' or '.'",
					  optarg);
				return -1;
			}
			spec->hostname = optarg;
			break;
		case OPT_INIT:
			if (what != FOR_CREATE)
				goto unknown;
			spec->init_argv = split_command(optarg);
			if (!spec->init_argv) {
				err_print("invalid --init '%s': give the command to run as the context's init",
					  optarg);
				return -1;
			}
			break;
		case OPT_IP:
			if (spec->nr_ips == VCTX_NET_ADDRS_MAX) {
				err_print("too many --ip: a context has at most %d addresses",
					  VCTX_NET_ADDRS_MAX);
				return -1;
			}
			why = netaddr_parse(optarg, &spec->ips[spec->nr_ips]);
			if (why) {
				err_print("invalid --ip '%s': %s", optarg, why);
				return -1;
			}
			for (i = 0; i < spec->nr_ips; i++)
				if (netaddr_same(&spec->ips[i].a, &spec->ips[spec->nr_ips].a)) {
					err_print("invalid --ip '%s': that address is given twice", optarg);
					return -1;
				}
			spec->nr_ips++;
			break;
		case OPT_HOST_LOOPBACK:
			spec->host_loopback = true;
			break;
		case OPT_SOCKET_FAMILIES: {
			const char *bad;
			size_t len;

			why = sockfam_parse(optarg, &spec->sockfam, &bad, &len);
			if (why) {
				if (len)
					err_print("invalid --socket-families '%s': %s: '%.*s'; give default, none, names like unix,inet,inet6 (the whole list), or changes to the default like -packet,+vsock",
						  optarg, why, (int)len, bad);
				else
					err_print("invalid --socket-families '%s': %s; give default, none, names like unix,inet,inet6 (the whole list), or changes to the default like -packet,+vsock",
						  optarg, why);
				return -1;
			}
			spec->sockfam_given = true;
			break;
		}
		case OPT_NET:
			net_given = true;
			if (!strcmp(optarg, "none")) {
				spec->net = NET_NONE;
			} else if (!strcmp(optarg, "shared")) {
				spec->net = NET_SHARED;
			} else if (!strcmp(optarg, "private")) {
				spec->net = NET_PRIVATE;
			} else {
				err_print("invalid --net '%s': use none, shared or private", optarg);
				return -1;
			}
			break;
		case OPT_CAP_KEEP:
			keep = optarg;
			break;
		case OPT_CAP_DROP:
			drop = optarg;
			break;
		case OPT_PERSISTENT:
			if (what != FOR_CREATE)
				goto unknown;
			spec->persistent = true;
			break;
		case OPT_NAME:
			if (what != FOR_RUN)
				goto unknown;
			if (!vctx_valid_name(optarg)) {
				cli_bad_name(optarg);
				return -1;
			}
			strcpy(spec->name, optarg);
			break;
		case 'h':
			cli_usage(cmd, usage, details);
			return 0;
		default:
			if (c >= OPT_LIM_CPU && c <= OPT_LIM_CPUSET) {
				if (!limit_opt(&spec->limits, c, optarg))
					return -1;
				break;
			}
unknown:
			err_print("see 'vctx %s --help'", cmd->name);
			return -1;
		}
	}

	if (spec->nr_ips && net_given && spec->net == NET_NONE) {
		err_print("--ip needs a network: --net shared (the default with --ip) binds the addresses on the host's stack, --net private puts them on a veth link of the context's own; --net none has loopback only");
		return -1;
	}
	if (spec->net == NET_PRIVATE && !spec->nr_ips) {
		err_print("--net private needs the context's addresses: give --ip ADDR/PREFIX");
		return -1;
	}
	if (spec->net == NET_PRIVATE && spec->host_loopback) {
		err_print("--host-loopback is for --net shared: a private network has a loopback of its own");
		return -1;
	}
	for (i = 0; spec->net == NET_PRIVATE && i < spec->nr_ips; i++)
		if (spec->ips[i].dev[0]) {
			char text[64];

			err_print("--ip %s@%s: a private network puts its addresses on its own eth0; drop '@%s'",
				  netaddr_format(&spec->ips[i].a, text, sizeof(text)),
				  spec->ips[i].dev, spec->ips[i].dev);
			return -1;
		}
	if (spec->host_loopback && !spec->nr_ips) {
		err_print("--host-loopback opens the host's loopback to a context bound to its --ip addresses; give --ip too");
		return -1;
	}
	if (spec->nr_ips && !net_given)
		spec->net = NET_SHARED;
	spec->cap_bset = caps_default(spec->net != NET_SHARED);
	if ((keep && !apply_caps(&spec->cap_bset, keep, true)) ||
	    (drop && !apply_caps(&spec->cap_bset, drop, false)))
		return -1;
	if (apply_defaults(spec))
		return -1;
	return optind;
}
