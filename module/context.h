/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A context's life (context.c): create, start, destroy, the last put, and
 * the features' part in each step.
 */
#ifndef _VCTX_CONTEXT_H
#define _VCTX_CONTEXT_H

#include <linux/types.h>

#include "context_types.h"

struct vctx_create;

/**
 * struct vctx_feature - what one feature adds to every context
 * @name: the feature, for messages
 * @init: set up its state of a new context, before the registry knows the
 *	context (its xid may still be 0); process context, no lock held.
 *	Return 0 or -errno. Optional.
 * @publish: make its part reachable, once the context's xid is known and
 *	before the context can be found by it; called under the registry lock.
 *	Return 0 or -errno. Optional.
 * @release: stop what works for the context, which is no longer found by
 *	xid, may sleep and may raise the context's last events. Undoes @init
 *	and @publish, and copes with a context whose @publish never ran.
 *	Process context, no lock held. Optional.
 * @free: free its state, once the last reference is gone and a grace period
 *	has passed; copes with state never set up (every context is zeroed at
 *	allocation, and spectator entries have no feature set up). Optional.
 *
 * The features are listed once, in order, in main.c. A context's features
 * are set up in that order (every @init, then every @publish) and torn
 * down in reverse (every @release, later every @free).
 */
struct vctx_feature {
	const char *name;
	int (*init)(struct vctx_context *ctx);
	int (*publish)(struct vctx_context *ctx);
	void (*release)(struct vctx_context *ctx);
	void (*free)(struct vctx_context *ctx);
};

int vctx_context_init(const struct vctx_feature *const *features, unsigned int nr);
void vctx_context_exit(void);

int vctx_context_create(const struct vctx_create *c);
int vctx_context_destroy(u32 xid);
int vctx_context_start(u32 xid, struct pid *pid);
int vctx_spectator_set(int cgroup_fd);
void vctx_put(struct vctx_context *ctx);

u32 vctx_state(const struct vctx_context *ctx);
pid_t vctx_init_vnr(const struct vctx_context *ctx);
u64 vctx_nr_tasks(struct vctx_context *ctx);

#endif /* _VCTX_CONTEXT_H */
