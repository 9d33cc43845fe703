/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's version (version.c), as Kbuild passes it in.
 */
#ifndef _VCTX_VERSION_H
#define _VCTX_VERSION_H

#ifndef VCTX_VERSION
#define VCTX_VERSION "unknown"
#endif

struct file;

int vctx_ioctl_version(struct file *file, void *arg);

#endif /* _VCTX_VERSION_H */
