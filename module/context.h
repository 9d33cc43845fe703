/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A security context: a cgroup v2 subtree with an xid, a name and settings.
 */
#ifndef _VCTX_CONTEXT_H
#define _VCTX_CONTEXT_H

#include <linux/cgroup.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/rhashtable-types.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/vctx.h>

#include "sched.h"
#include "watch.h"

struct pid_namespace;
struct proc_dir_entry;
struct vctx_proctab;
struct vctx_netset;

/**
 * struct vctx_context - one registered context (or a built-in)
 * @xid: its xid
 * @name: its name, zero-padded (the name table hashes all of it)
 * @flags: VCTX_F_*; written under the registry mutex, read locklessly
 * @cap_bset: bounding set for entering tasks; as @flags
 * @created_ns: CLOCK_REALTIME at registration
 * @cgrp: its cgroup, referenced; NULL for the host and the spectator until
 *	a cgroup is bound to it
 * @cgroup_dir: the cgroup's directory, to read its files (pids.current)
 * @init: its init's pid, referenced; NULL until reported
 * @pidns: the pid namespace its init is the child reaper of, referenced;
 *	NULL until such an init is reported. Every task of it (and of the
 *	namespaces below it) belongs to the context wherever its cgroup is:
 *	a task cannot leave its pid namespace, so membership stays pinned
 * @pidns_node: entry in the pid namespace table, while @pidns is set
 * @sockfam: socket families its tasks may create (VCTX_SOCKFAM_*);
 *	written under the registry mutex, read locklessly
 * @refs: one for the registry, one per holder of a lookup result
 * @name_node: entry in the name table
 * @cgroup_node: entry in the cgroup table
 * @cgroup_id: key of the cgroup table
 * @proc: its /proc/vctx/<xid> directory
 * @sched: its CPU limiter
 * @watch: its cgroup.events, watched for the EMPTY event
 * @free_work: frees it, in process context, after an RCU grace period
 */
struct vctx_context {
	u32 xid;
	char name[VCTX_NAME_LEN];
	u32 flags;
	u64 cap_bset;
	u64 created_ns;
	struct cgroup *cgrp;
	struct path cgroup_dir;
	struct pid *init;
	struct pid_namespace *pidns;
	struct rhash_head pidns_node;
	u64 sockfam[VCTX_SOCKFAM_WORDS];
	refcount_t refs;
	struct rhash_head name_node;
	struct rhash_head cgroup_node;
	u64 cgroup_id;
	struct proc_dir_entry *proc;
	struct vctx_sched sched;
	struct vctx_watch watch;
	struct vctx_proctab __rcu *proc_over;
	struct vctx_netset __rcu *net;
	struct rcu_work free_work;
};

extern struct vctx_context vctx_host;
extern struct vctx_context vctx_spectator;

/* Host or spectator (including the spectator's cgroup entry). */
static inline bool vctx_is_builtin(const struct vctx_context *ctx)
{
	return ctx->xid <= VCTX_XID_SPECTATOR;
}

/* The statically allocated built-ins, which are never refcounted. */
static inline bool vctx_is_static(const struct vctx_context *ctx)
{
	return ctx == &vctx_host || ctx == &vctx_spectator;
}

int vctx_registry_init(void);
void vctx_registry_exit(void);

struct vctx_context *vctx_lookup_xid_rcu(u32 xid);
struct vctx_context *vctx_lookup_name_rcu(const char *name);
struct vctx_context *vctx_task_context_rcu(struct task_struct *task);
struct vctx_context *vctx_cgroup_context_rcu(struct cgroup *cgrp);
struct vctx_context *vctx_get(struct vctx_context *ctx);
struct vctx_context *vctx_get_created(u32 xid);
void vctx_put(struct vctx_context *ctx);

int vctx_register(struct vctx_context *ctx);
int vctx_unregister(u32 xid);
int vctx_set_init(u32 xid, struct pid *pid);
int vctx_spectator_bind(struct vctx_context *entry);
int vctx_update(u32 xid, u32 flags, u32 mask, const u64 *cap_bset);
int vctx_set_sockfam(u32 xid, const u64 *families);
unsigned int vctx_count(void);
struct vctx_context *vctx_next_get(u32 *xid);

u32 vctx_state(const struct vctx_context *ctx);
pid_t vctx_init_vnr(const struct vctx_context *ctx);
u64 vctx_nr_tasks(struct vctx_context *ctx);

int vctx_enforce_init(void);
void vctx_enforce_exit(void);

ssize_t vctx_cgroup_read(struct vctx_context *ctx, const char *name, char *buf, size_t size);
int vctx_cgroup_write(struct vctx_context *ctx, const char *name, const char *value);
int vctx_cgroup_read_key(struct vctx_context *ctx, const char *name, const char *key,
			 u64 *value);

int vctx_proc_init(void);
void vctx_proc_exit(void);
int vctx_proc_add(struct vctx_context *ctx);
void vctx_proc_remove(struct vctx_context *ctx);

#endif /* _VCTX_CONTEXT_H */
