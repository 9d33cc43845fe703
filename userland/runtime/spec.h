/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a context is built from: the options of create and run, or a
 * guest's configuration.
 */
#ifndef VCTX_RUNTIME_SPEC_H
#define VCTX_RUNTIME_SPEC_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime/limits.h"
#include "runtime/sockfam.h"
#include "util/config.h"
#include "util/linkspec.h"
#include "util/netaddr.h"

enum net_mode {
	NET_NONE,	/* a network namespace of its own, loopback only */
	NET_SHARED,	/* the host's network stack */
	NET_PRIVATE,	/* a namespace of its own linked to the host (see @link) */
};

/* What a context is built from (the options of create and run). */
struct ctx_spec {
	char name[64];
	uint32_t xid;			/* 0: dynamic */
	const char *root;		/* NULL: a read-only view of the host's / */
	const char *hostname;		/* NULL: the name */
	char **init_argv;		/* NULL: the built-in reaper */
	enum net_mode net;
	enum net_link link;		/* NET_PRIVATE: a veth pair or an ipvlan child */
	char link_dev[IF_NAMESIZE];	/* ipvlan's parent; "": the default route's */
	uint64_t cap_bset;
	bool persistent;
	struct limit_opts limits;	/* applied before the init starts */
	struct netaddr ips[VCTX_NET_ADDRS_MAX];	/* --ip, in order */
	unsigned int nr_ips;
	bool host_loopback;
	int stop_signal;		/* what vctx stop sends the init */
	unsigned int stop_timeout;	/* seconds before the rest is killed */
	const char *proc_hide;		/* /proc entries, blank-separated, or NULL */
	const char *proc_unhide;
	/*
	 * Paths (globs) hidden in the default root's view, blank-separated:
	 * MASK of vctx.conf or its built-in list. NULL with --root.
	 */
	const char *masks;
	bool sockfam_given;		/* --socket-families: set @sockfam */
	struct sockfam_set sockfam;
	/*
	 * What the strings above point into: a spec holds its own, wherever
	 * its options came from (the command line, a configuration file). So
	 * a spec is passed by pointer, never copied by value.
	 */
	char root_buf[PATH_MAX];
	char hostname_buf[65];
	char init_buf[4096];		/* --init's words, split in place */
	char *init_vec[64];
	char proc_hide_buf[CONFIG_LINE_MAX];
	char proc_unhide_buf[CONFIG_LINE_MAX];
	char masks_buf[CONFIG_LINE_MAX];
};

#define STOP_SIGNAL_DEFAULT	SIGPWR
#define STOP_TIMEOUT_DEFAULT	30
#define STOP_TIMEOUT_MAX	3600

#endif /* VCTX_RUNTIME_SPEC_H */
