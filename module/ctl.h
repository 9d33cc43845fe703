/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context commands of /dev/vctx (ctl.c), dispatched by dev.c.
 */
#ifndef _VCTX_CTL_H
#define _VCTX_CTL_H

struct file;

int vctx_ioctl_info(struct file *file, void *arg);
int vctx_ioctl_list(struct file *file, void *arg);
int vctx_ioctl_create(struct file *file, void *arg);
int vctx_ioctl_destroy(struct file *file, void *arg);
int vctx_ioctl_set_flags(struct file *file, void *arg);
int vctx_ioctl_set_caps(struct file *file, void *arg);
int vctx_ioctl_set_init(struct file *file, void *arg);
int vctx_ioctl_set_spectator(struct file *file, void *arg);
int vctx_ioctl_set_sockfam(struct file *file, void *arg);
int vctx_ioctl_get_sockfam(struct file *file, void *arg);
int vctx_ioctl_set_virt(struct file *file, void *arg);
int vctx_ioctl_get_virt(struct file *file, void *arg);

#endif /* _VCTX_CTL_H */
