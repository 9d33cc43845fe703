/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Watching a context's lifecycle for events: its init exiting, its cgroup
 * emptying (watch.c).
 */
#ifndef _VCTX_WATCH_H
#define _VCTX_WATCH_H

struct vctx_feature;

extern const struct vctx_feature vctx_watch_feature;

int vctx_watch_init(void);
void vctx_watch_exit(void);

#endif /* _VCTX_WATCH_H */
