/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procfs visibility: the hooks (procvis.c) that hide what the tables
 * (proctab.h) say.
 */
#ifndef _VCTX_PROCVIS_H
#define _VCTX_PROCVIS_H

#include <linux/types.h>

struct dentry;

int vctx_procvis_init(void);
void vctx_procvis_exit(void);

bool vctx_proc_dentry_hidden(struct dentry *dentry);

#endif /* _VCTX_PROCVIS_H */
