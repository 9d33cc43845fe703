/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The options that describe a context, each with one setter shared by the
 * command line (cli/ctx_opts.c) and a guest's configuration (guestconf.c):
 * a value is checked alike and its error reads alike, wherever it was
 * written. What depends on several options (the network, the bounding set,
 * the defaults of vctx.conf) is settled by spec_opts_end().
 */
#ifndef VCTX_RUNTIME_SPEC_OPTS_H
#define VCTX_RUNTIME_SPEC_OPTS_H

#include <stdbool.h>

#include "runtime/limits.h"
#include "runtime/spec.h"

/* The context options; the command line uses them as getopt codes. */
enum spec_opt {
	SPEC_OPT_XID = 1000, SPEC_OPT_ROOT, SPEC_OPT_HOSTNAME, SPEC_OPT_INIT, SPEC_OPT_NET,
	SPEC_OPT_CAP_KEEP, SPEC_OPT_CAP_DROP, SPEC_OPT_PERSISTENT, SPEC_OPT_IP,
	SPEC_OPT_HOST_LOOPBACK, SPEC_OPT_SOCKET_FAMILIES, SPEC_OPT_LINK,
};

/**
 * struct spec_opts - a spec being built from options
 * @spec: what the options fill in
 * @net_given: --net was given (else --ip implies shared)
 * @link_given: --link was given (it needs --net private)
 * @cap_keep: the last --cap-keep (a copy), applied once the network is known
 * @cap_drop: the same for --cap-drop
 */
struct spec_opts {
	struct ctx_spec *spec;
	bool net_given;
	bool link_given;
	char *cap_keep, *cap_drop;
};

/* Start @spec empty, with the defaults of every option not given. */
void spec_opts_begin(struct spec_opts *o, struct ctx_spec *spec);

/*
 * Take option @opt (a SPEC_OPT_* or OPT_LIM_* code) with its argument
 * (NULL for --persistent and --host-loopback). Return: false after
 * printing what is wrong with it.
 */
bool spec_opt_set(struct spec_opts *o, int opt, const char *arg);

/* The code of option @name ("--xid", "--cpu" ...), or -1. */
int spec_opt_code(const char *name);

/*
 * Check the options together and fill in what follows from them: the
 * network, the bounding set, the limits and masks of vctx.conf. Releases
 * what @o holds, also on failure. Return: 0, or -1 after printing why.
 */
int spec_opts_end(struct spec_opts *o);

/* Release what @o holds without finishing (an error elsewhere). */
void spec_opts_abort(struct spec_opts *o);

#endif /* VCTX_RUNTIME_SPEC_OPTS_H */
