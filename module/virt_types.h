/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load average state of a context (struct vctx_context): layout only,
 * the code that works on it is virt.c.
 */
#ifndef _VCTX_VIRT_TYPES_H
#define _VCTX_VIRT_TYPES_H

/**
 * struct vctx_load - a context's load average, as the kernel keeps its own
 * @avenrun: the 1, 5 and 15 minute averages, fixed point (FSHIFT)
 * @running: runnable tasks at the last count
 * @blocked: uninterruptible tasks that count for load, at the last count
 * @tasks: all its tasks at the last count
 *
 * Written by the 5 s update only, read locklessly.
 */
struct vctx_load {
	unsigned long avenrun[3];
	unsigned int running;
	unsigned int blocked;
	unsigned int tasks;
};

#endif /* _VCTX_VIRT_TYPES_H */
