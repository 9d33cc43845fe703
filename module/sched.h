/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The token-bucket CPU limiter of a context (sched.c).
 */
#ifndef _VCTX_SCHED_H
#define _VCTX_SCHED_H

struct file;
struct seq_file;
struct vctx_context;
struct vctx_feature;
struct vctx_sched_info;

extern const struct vctx_feature vctx_sched_feature;

int vctx_sched_init(void);
void vctx_sched_exit(void);
void vctx_sched_fill_info(struct vctx_context *ctx, struct vctx_sched_info *info);
void vctx_sched_show(struct seq_file *m, struct vctx_context *ctx);

int vctx_ioctl_set_sched(struct file *file, void *arg);
int vctx_ioctl_get_sched(struct file *file, void *arg);

#endif /* _VCTX_SCHED_H */
