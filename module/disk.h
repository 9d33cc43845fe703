/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The disk quota watch (disk.c): a context's project quota, polled for the
 * DISK events (VCTX_FEATURE_DISK).
 */
#ifndef _VCTX_DISK_H
#define _VCTX_DISK_H

struct file;
struct vctx_feature;

extern const struct vctx_feature vctx_disk_feature;

int vctx_disk_init(void);
void vctx_disk_exit(void);

int vctx_ioctl_set_disk(struct file *file, void *arg);

#endif /* _VCTX_DISK_H */
