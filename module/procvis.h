/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procfs visibility: the tables (proctab.c) and the hooks (procvis.c).
 */
#ifndef _VCTX_PROCVIS_H
#define _VCTX_PROCVIS_H

#include <linux/types.h>

struct dentry;
struct file;
struct vctx_context;

int vctx_procvis_init(void);
void vctx_procvis_exit(void);
int vctx_proctab_init(void);
void vctx_proctab_exit(void);

/* Under RCU; @viewer is the context of the task that looks. */
bool vctx_proc_viewer_filtered(const struct vctx_context *viewer);
bool vctx_proc_dir_filtered(const struct vctx_context *viewer, const char *dir, unsigned int len);
bool vctx_proc_hidden(const struct vctx_context *viewer, const char *path, unsigned int len);

bool vctx_proc_dentry_hidden(struct dentry *dentry);
void vctx_proc_ctx_free(struct vctx_context *ctx);

#endif /* _VCTX_PROCVIS_H */
