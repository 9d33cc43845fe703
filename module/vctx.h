/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between the files of vctx.ko.
 */
#ifndef _VCTX_H
#define _VCTX_H

#include <linux/fs.h>
#include <linux/types.h>
#include <linux/vctx.h>

#ifndef VCTX_VERSION
#define VCTX_VERSION "unknown"
#endif

int vctx_dev_init(void);
void vctx_dev_exit(void);

int vctx_ioctl_version(struct file *file, void *arg);
int vctx_ioctl_info(struct file *file, void *arg);
int vctx_ioctl_list(struct file *file, void *arg);
int vctx_ioctl_create(struct file *file, void *arg);
int vctx_ioctl_destroy(struct file *file, void *arg);
int vctx_ioctl_set_flags(struct file *file, void *arg);
int vctx_ioctl_set_caps(struct file *file, void *arg);
int vctx_ioctl_set_init(struct file *file, void *arg);
int vctx_ioctl_set_spectator(struct file *file, void *arg);
int vctx_ioctl_set_sched(struct file *file, void *arg);
int vctx_ioctl_get_sched(struct file *file, void *arg);
int vctx_ioctl_set_proc(struct file *file, void *arg);
int vctx_ioctl_list_proc(struct file *file, void *arg);
int vctx_ioctl_set_net(struct file *file, void *arg);
int vctx_ioctl_get_net(struct file *file, void *arg);
int vctx_ioctl_set_sockfam(struct file *file, void *arg);
int vctx_ioctl_get_sockfam(struct file *file, void *arg);

#endif /* _VCTX_H */
