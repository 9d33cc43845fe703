/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/vctx and the ioctl dispatcher (dev.c).
 */
#ifndef _VCTX_DEV_H
#define _VCTX_DEV_H

int vctx_dev_init(void);
void vctx_dev_exit(void);

#endif /* _VCTX_DEV_H */
