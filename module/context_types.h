/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A security context: a cgroup v2 subtree with an xid, a name and settings.
 *
 * Layout only. Its life (create, start, destroy, free) is context.c's,
 * finding it is registry.c's; each feature keeps its per-context state here
 * and sets it up and tears it down through its struct vctx_feature.
 */
#ifndef _VCTX_CONTEXT_TYPES_H
#define _VCTX_CONTEXT_TYPES_H

#include <linux/cgroup.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/rhashtable-types.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/vctx.h>

#include "sched_types.h"
#include "virt_types.h"
#include "watch_types.h"

struct pid_namespace;
struct proc_dir_entry;
struct vctx_proctab;
struct vctx_netset;
struct vctx_diskwatch;

/**
 * struct vctx_context - one registered context (or a built-in)
 * @xid: its xid
 * @name: its name, zero-padded (the name table hashes all of it)
 * @flags: VCTX_F_*; written under the registry lock, read locklessly
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
 *	written under the registry lock, read locklessly
 * @refs: one for the registry, one per holder of a lookup result
 * @name_node: entry in the name table
 * @cgroup_node: entry in the cgroup table
 * @cgroup_id: key of the cgroup table
 * @proc: its /proc/vctx/<xid> directory
 * @sched: its CPU limiter
 * @watch: its cgroup.events, watched for the EMPTY event
 * @proc_over: its procfs visibility overrides (proctab.c), or NULL
 * @net: its address set (netset.c), or NULL
 * @virt: what its tasks read as its own (VCTX_VIRT_*); written under the
 *	registry lock, read locklessly
 * @load: its load average (virt.c)
 * @memstat: its memory.stat figures, kept a second (virt.c)
 * @cpumax: its cpu.max share, kept a second (virt.c)
 * @disk: its watched project quota (disk.c), or NULL; under disk.c's mutex
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
	u32 virt;
	struct vctx_load load;
	struct vctx_memstat memstat;
	struct vctx_cpumax cpumax;
	struct vctx_diskwatch *disk;
	struct rcu_work free_work;
};

/* Host or spectator (including the spectator's cgroup entry). */
static inline bool vctx_is_builtin(const struct vctx_context *ctx)
{
	return ctx->xid <= VCTX_XID_SPECTATOR;
}

#endif /* _VCTX_CONTEXT_TYPES_H */
