/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc and sysinfo virtualization: a context's tasks read their
 * context's memory, swap, uptime, load and CPUs (SPEC 3.8).
 */
#ifndef _VCTX_VIRT_H
#define _VCTX_VIRT_H

extern const struct vctx_feature vctx_virt_feature;

int vctx_virt_init(void);
void vctx_virt_exit(void);

#endif /* _VCTX_VIRT_H */
