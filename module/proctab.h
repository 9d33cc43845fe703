/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procfs visibility: the tables and who sees what (proctab.c), asked by
 * the hooks (procvis.c).
 */
#ifndef _VCTX_PROCTAB_H
#define _VCTX_PROCTAB_H

#include <linux/types.h>

struct file;
struct vctx_context;
struct vctx_feature;

extern const struct vctx_feature vctx_proctab_feature;

int vctx_proctab_init(void);
void vctx_proctab_exit(void);

/* Under RCU; @viewer is the context of the task that looks. */
bool vctx_proc_viewer_filtered(const struct vctx_context *viewer);
bool vctx_proc_dir_filtered(const struct vctx_context *viewer, const char *dir, unsigned int len);
bool vctx_proc_hidden(const struct vctx_context *viewer, const char *path, unsigned int len);

int vctx_ioctl_set_proc(struct file *file, void *arg);
int vctx_ioctl_list_proc(struct file *file, void *arg);

#endif /* _VCTX_PROCTAB_H */
