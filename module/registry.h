/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context registry (registry.c): contexts by xid, by name, by cgroup
 * and by pid namespace, and the lock every change to them takes.
 */
#ifndef _VCTX_REGISTRY_H
#define _VCTX_REGISTRY_H

#include <linux/types.h>

#include "context_types.h"

struct cgroup;
struct pid;
struct task_struct;

extern struct vctx_context vctx_host;
extern struct vctx_context vctx_spectator;

/* The statically allocated built-ins, which are never refcounted. */
static inline bool vctx_is_static(const struct vctx_context *ctx)
{
	return ctx == &vctx_host || ctx == &vctx_spectator;
}

int vctx_registry_init(void);
void vctx_registry_exit(void);

/* Lookups: under rcu_read_lock(), no registry lock. */
struct vctx_context *vctx_lookup_xid_rcu(u32 xid);
struct vctx_context *vctx_lookup_name_rcu(const char *name);
struct vctx_context *vctx_task_context_rcu(struct task_struct *task);
struct vctx_context *vctx_cgroup_context_rcu(struct cgroup *cgrp);

struct vctx_context *vctx_get(struct vctx_context *ctx);
struct vctx_context *vctx_get_created(u32 xid);
struct vctx_context *vctx_next_get(u32 *xid);
unsigned int vctx_count(void);

/* Settings of a created context; each takes the registry lock. */
int vctx_update(u32 xid, u32 flags, u32 mask, const u64 *cap_bset);
int vctx_set_sockfam(u32 xid, const u64 *families);
int vctx_set_virt(u32 xid, u32 virt);

/*
 * Publication, for context.c: called with the registry lock held (taken
 * with vctx_registry_lock()).
 */
void vctx_registry_lock(void);
void vctx_registry_unlock(void);
struct vctx_context *vctx_registry_find(u32 xid);
int vctx_registry_reserve(struct vctx_context *ctx);
void vctx_registry_unreserve(struct vctx_context *ctx);
void vctx_registry_publish(struct vctx_context *ctx);
void vctx_registry_unpublish(struct vctx_context *ctx);
void vctx_registry_release_xid(struct vctx_context *ctx);
struct vctx_context *vctx_registry_unpublish_first(void);
int vctx_registry_pin_pidns(struct vctx_context *ctx, struct pid *pid);
int vctx_registry_bind_spectator(struct vctx_context *entry, struct vctx_context **old);
struct vctx_context *vctx_registry_unbind_spectator(void);

#endif /* _VCTX_REGISTRY_H */
