/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raising events (VCTX_FEATURE_EVENTS), from any context.
 */
#ifndef _VCTX_EVENTS_H
#define _VCTX_EVENTS_H

#include <linux/types.h>

struct pid;
struct task_struct;
struct vctx_context;

int vctx_events_init(void);
void vctx_events_exit(void);

void vctx_event_ctx(u32 type, const struct vctx_context *ctx, struct pid *pid);
void vctx_event_denied(u32 rule, struct task_struct *actor, struct task_struct *target,
		       int signal);
void vctx_event_disk(const struct vctx_context *ctx, u32 resource, u32 level, u64 usage,
		     u64 limit);

#endif /* _VCTX_EVENTS_H */
