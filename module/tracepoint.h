/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probes on the kernel's tracepoints, found by name.
 */
#ifndef _VCTX_TRACEPOINT_H
#define _VCTX_TRACEPOINT_H

struct tracepoint;

/**
 * struct vctx_tracepoint - one tracepoint of the kernel
 * @name: its name, e.g. "sched_stat_runtime"
 * @tp: the kernel's tracepoint, once found
 * @probe: the probe attached, or NULL
 */
struct vctx_tracepoint {
	const char *name;
	struct tracepoint *tp;
	void *probe;
};

int vctx_tracepoint_find(struct vctx_tracepoint *t);
int vctx_tracepoint_attach(struct vctx_tracepoint *t, void *probe);
void vctx_tracepoint_detach(struct vctx_tracepoint *t);

#endif /* _VCTX_TRACEPOINT_H */
