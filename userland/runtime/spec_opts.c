// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/libvctx.h"
#include "runtime/caps.h"
#include "runtime/defaults.h"
#include "runtime/spec_opts.h"
#include "util/err.h"
#include "util/linkspec.h"
#include "util/netaddr.h"

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
 * The global defaults (read once per process: a guest's check builds a spec
 * once per key) for what @spec leaves unset: the limits it gives no value
 * (an explicit max is a value), and the masks of the default root.
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
	spec->masks = NULL;
	if (!spec->root) {
		snprintf(spec->masks_buf, sizeof(spec->masks_buf), "%s", d.value[DEF_MASK]);
		spec->masks = spec->masks_buf;
	}
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

/* "CMD ARG ..." split on blanks into @spec's own argv. Return: false if empty. */
static bool split_command(struct ctx_spec *spec, const char *cmd)
{
	const size_t max = sizeof(spec->init_vec) / sizeof(spec->init_vec[0]) - 1;
	char *tok, *save = NULL;
	size_t n = 0;

	if (strlen(cmd) >= sizeof(spec->init_buf))
		return false;
	strcpy(spec->init_buf, cmd);
	for (tok = strtok_r(spec->init_buf, " \t", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t", &save))
		spec->init_vec[n++] = tok;
	spec->init_vec[n] = NULL;
	spec->init_argv = n ? spec->init_vec : NULL;
	return n;
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

static bool set_xid(struct spec_opts *o, const char *arg)
{
	unsigned long xid;
	char *end;

	errno = 0;
	xid = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno ||
	    xid < VCTX_XID_STATIC_MIN || xid > VCTX_XID_STATIC_MAX) {
		err_print("invalid --xid '%s': static xids are %d to %d (omit --xid for a dynamic one)",
			  arg, VCTX_XID_STATIC_MIN, VCTX_XID_STATIC_MAX);
		return false;
	}
	o->spec->xid = (uint32_t)xid;
	return true;
}

static bool set_root(struct spec_opts *o, const char *arg)
{
	char *root = o->spec->root_buf;
	struct stat st;

	if (!realpath(arg, root) || stat(root, &st)) {
		err_print_errno(errno, "invalid --root '%s'", arg);
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		err_print("invalid --root '%s': not a directory", arg);
		return false;
	}
	if (!strcmp(root, "/")) {
		err_print("invalid --root '%s': the host's root cannot be a context's writable root; omit --root for a read-only view of it",
			  arg);
		return false;
	}
	o->spec->root = root;
	return true;
}

static bool set_hostname(struct spec_opts *o, const char *arg)
{
	if (!hostname_valid(arg)) {
		err_print("invalid --hostname '%s': use 1 to 64 of a-z, A-Z, 0-9, '-' and '.', not starting with '-' or '.'",
			  arg);
		return false;
	}
	strcpy(o->spec->hostname_buf, arg);
	o->spec->hostname = o->spec->hostname_buf;
	return true;
}

static bool set_init(struct spec_opts *o, const char *arg)
{
	if (!split_command(o->spec, arg)) {
		err_print("invalid --init '%s': give the command to run as the context's init", arg);
		return false;
	}
	return true;
}

static bool set_ip(struct spec_opts *o, const char *arg)
{
	struct ctx_spec *spec = o->spec;
	const char *why;
	unsigned int i;

	if (spec->nr_ips == VCTX_NET_ADDRS_MAX) {
		err_print("too many --ip: a context has at most %d addresses", VCTX_NET_ADDRS_MAX);
		return false;
	}
	why = netaddr_parse(arg, &spec->ips[spec->nr_ips]);
	if (why) {
		err_print("invalid --ip '%s': %s", arg, why);
		return false;
	}
	for (i = 0; i < spec->nr_ips; i++)
		if (netaddr_same(&spec->ips[i].a, &spec->ips[spec->nr_ips].a)) {
			err_print("invalid --ip '%s': that address is given twice", arg);
			return false;
		}
	spec->nr_ips++;
	return true;
}

static bool set_socket_families(struct spec_opts *o, const char *arg)
{
	const char *bad, *why;
	size_t len;

	why = sockfam_parse(arg, &o->spec->sockfam, &bad, &len);
	if (why) {
		if (len)
			err_print("invalid --socket-families '%s': %s: '%.*s'; give default, none, names like unix,inet,inet6 (the whole list), or changes to the default like -packet,+vsock",
				  arg, why, (int)len, bad);
		else
			err_print("invalid --socket-families '%s': %s; give default, none, names like unix,inet,inet6 (the whole list), or changes to the default like -packet,+vsock",
				  arg, why);
		return false;
	}
	o->spec->sockfam_given = true;
	return true;
}

static bool set_net(struct spec_opts *o, const char *arg)
{
	o->net_given = true;
	if (!strcmp(arg, "none")) {
		o->spec->net = NET_NONE;
	} else if (!strcmp(arg, "shared")) {
		o->spec->net = NET_SHARED;
	} else if (!strcmp(arg, "private")) {
		o->spec->net = NET_PRIVATE;
	} else {
		err_print("invalid --net '%s': use none, shared or private", arg);
		return false;
	}
	return true;
}

static bool set_link(struct spec_opts *o, const char *arg)
{
	const char *why = linkspec_parse(arg, &o->spec->link, o->spec->link_dev);

	if (why) {
		err_print("invalid --link '%s': %s", arg, why);
		return false;
	}
	o->link_given = true;
	return true;
}

/* The last list given wins; it is checked once the network is known. */
static bool set_caps(char **list, const char *arg)
{
	char *copy = strdup(arg);

	if (!copy) {
		err_print_errno(ENOMEM, "cannot keep the capability list '%s'", arg);
		return false;
	}
	free(*list);
	*list = copy;
	return true;
}

static const struct {
	const char *name;
	int opt;
} names[] = {
	{ "--xid", SPEC_OPT_XID }, { "--root", SPEC_OPT_ROOT }, { "--hostname", SPEC_OPT_HOSTNAME },
	{ "--init", SPEC_OPT_INIT }, { "--net", SPEC_OPT_NET }, { "--cap-keep", SPEC_OPT_CAP_KEEP },
	{ "--cap-drop", SPEC_OPT_CAP_DROP }, { "--persistent", SPEC_OPT_PERSISTENT },
	{ "--ip", SPEC_OPT_IP }, { "--host-loopback", SPEC_OPT_HOST_LOOPBACK },
	{ "--socket-families", SPEC_OPT_SOCKET_FAMILIES }, { "--link", SPEC_OPT_LINK },
	{ "--cpu", OPT_LIM_CPU }, { "--cpu-bucket", OPT_LIM_BUCKET }, { "--cpu-min", OPT_LIM_MIN },
	{ "--cpu-mode", OPT_LIM_MODE }, { "--cpu-idle", OPT_LIM_IDLE },
	{ "--memory", OPT_LIM_MEMORY }, { "--swap", OPT_LIM_SWAP }, { "--pids", OPT_LIM_PIDS },
	{ "--io-weight", OPT_LIM_IO_WEIGHT }, { "--cpuset", OPT_LIM_CPUSET },
	{ "--virt", OPT_LIM_VIRT }, { "--disk", OPT_LIM_DISK }, { "--inodes", OPT_LIM_INODES },
};

int spec_opt_code(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, name))
			return names[i].opt;
	return -1;
}

void spec_opts_begin(struct spec_opts *o, struct ctx_spec *spec)
{
	memset(o, 0, sizeof(*o));
	o->spec = spec;
	memset(spec, 0, sizeof(*spec));
	spec->net = NET_NONE;
	spec->stop_signal = STOP_SIGNAL_DEFAULT;
	spec->stop_timeout = STOP_TIMEOUT_DEFAULT;
}

bool spec_opt_set(struct spec_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case SPEC_OPT_XID:
		return set_xid(o, arg);
	case SPEC_OPT_ROOT:
		return set_root(o, arg);
	case SPEC_OPT_HOSTNAME:
		return set_hostname(o, arg);
	case SPEC_OPT_INIT:
		return set_init(o, arg);
	case SPEC_OPT_NET:
		return set_net(o, arg);
	case SPEC_OPT_CAP_KEEP:
		return set_caps(&o->cap_keep, arg);
	case SPEC_OPT_CAP_DROP:
		return set_caps(&o->cap_drop, arg);
	case SPEC_OPT_PERSISTENT:
		o->spec->persistent = true;
		return true;
	case SPEC_OPT_IP:
		return set_ip(o, arg);
	case SPEC_OPT_HOST_LOOPBACK:
		o->spec->host_loopback = true;
		return true;
	case SPEC_OPT_SOCKET_FAMILIES:
		return set_socket_families(o, arg);
	case SPEC_OPT_LINK:
		return set_link(o, arg);
	}
	return limit_opt(&o->spec->limits, opt, arg);
}

/* The network options together. Return: false after printing why. */
static bool check_net(const struct spec_opts *o)
{
	const struct ctx_spec *spec = o->spec;
	unsigned int i;

	if (spec->nr_ips && o->net_given && spec->net == NET_NONE) {
		err_print("--ip needs a network: --net shared (the default with --ip) binds the addresses on the host's stack, --net private puts them on a veth link of the context's own; --net none has loopback only");
		return false;
	}
	if (o->link_given && spec->net != NET_PRIVATE) {
		err_print("--link is for --net private (the context's own network linked to the host); add --net private or drop --link");
		return false;
	}
	if (spec->net == NET_PRIVATE && !spec->nr_ips) {
		err_print("--net private needs the context's addresses: give --ip ADDR/PREFIX");
		return false;
	}
	if (spec->net == NET_PRIVATE && spec->host_loopback) {
		err_print("--host-loopback is for --net shared: a private network has a loopback of its own");
		return false;
	}
	for (i = 0; spec->net == NET_PRIVATE && i < spec->nr_ips; i++)
		if (spec->ips[i].dev[0]) {
			char text[64];

			err_print("--ip %s@%s: a private network puts its addresses on its own eth0; drop '@%s'",
				  netaddr_format(&spec->ips[i].a, text, sizeof(text)),
				  spec->ips[i].dev, spec->ips[i].dev);
			return false;
		}
	if (spec->host_loopback && !spec->nr_ips) {
		err_print("--host-loopback opens the host's loopback to a context bound to its --ip addresses; give --ip too");
		return false;
	}
	return true;
}

int spec_opts_end(struct spec_opts *o)
{
	struct ctx_spec *spec = o->spec;
	int ret = -1;

	if (!check_net(o))
		goto out;
	if (spec->nr_ips && !o->net_given)
		spec->net = NET_SHARED;
	spec->cap_bset = caps_default(spec->net != NET_SHARED);
	if ((o->cap_keep && !apply_caps(&spec->cap_bset, o->cap_keep, true)) ||
	    (o->cap_drop && !apply_caps(&spec->cap_bset, o->cap_drop, false)))
		goto out;
	ret = apply_defaults(spec);
out:
	spec_opts_abort(o);
	return ret;
}

void spec_opts_abort(struct spec_opts *o)
{
	free(o->cap_keep);
	free(o->cap_drop);
	o->cap_keep = o->cap_drop = NULL;
}
