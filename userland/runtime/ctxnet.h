/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --net shared: a context's addresses, put on the host's interfaces and
 * handed to the module's IP binding.
 */
#ifndef VCTX_RUNTIME_CTXNET_H
#define VCTX_RUNTIME_CTXNET_H

#include <stdint.h>
#include <stdio.h>

#include "lib/libvctx.h"
#include "runtime/spec.h"
#include "util/json.h"
#include "util/netaddr.h"

/*
 * The context's --ip addresses: each put on its interface (checked free on
 * the host and in every other context), then the set handed to the module.
 * All or nothing; errors printed. Return: 0 or -1.
 */
int context_apply_net(int devfd, struct ctx_spec *spec, uint32_t xid);

/*
 * Put the addresses the module holds for @xid back on their interfaces (a
 * persistent context starts again). All or nothing; errors printed.
 * Return: 0 or -1.
 */
int context_restore_net(int devfd, uint32_t xid);

/* Take the context's addresses off their interfaces (it stops). */
void context_release_net(int devfd, uint32_t xid);

/* The set of @xid: up to VCTX_NET_ADDRS_MAX addresses. 0 or -errno. */
int context_net_read(int devfd, uint32_t xid, struct vctx_net_addr *addrs, unsigned int *nr,
		     uint32_t *flags);

/* Resolve @na's interface and add it there, for @xid. 0, or an error printed: EXIT_TOOL. */
int context_net_place(int devfd, uint32_t xid, struct netaddr *na);

/* Remove @a from the interface it was put on (nothing if none). */
void context_net_unplace(const struct vctx_net_addr *a);

struct json;

/* "addresses": [...] and "host_loopback" of @xid's set, in an open object. */
void context_net_json(struct json *j, int devfd, uint32_t xid);

/* @xid's addresses on one line ("-" when none), devices named. */
void context_net_print(FILE *out, int devfd, uint32_t xid);

/* Warn about host TCP services listening on every address. */
void context_net_warn_wildcards(void);

#endif /* VCTX_RUNTIME_CTXNET_H */
