/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/vctx/<xid>/: each context's state for scripts (procfs.c).
 */
#ifndef _VCTX_PROCFS_H
#define _VCTX_PROCFS_H

struct vctx_feature;

extern const struct vctx_feature vctx_procfs_feature;

int vctx_proc_init(void);
void vctx_proc_exit(void);

#endif /* _VCTX_PROCFS_H */
