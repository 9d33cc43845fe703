/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files of a context's cgroup, read and written from the module (cgfile.c).
 */
#ifndef _VCTX_CGFILE_H
#define _VCTX_CGFILE_H

#include <linux/types.h>

struct vctx_context;

ssize_t vctx_cgroup_read(struct vctx_context *ctx, const char *name, char *buf, size_t size);
ssize_t vctx_cgroup_read_above(struct vctx_context *ctx, unsigned int up, const char *name,
			       char *buf, size_t size);
int vctx_cgroup_write(struct vctx_context *ctx, const char *name, const char *value);
int vctx_cgroup_read_key(struct vctx_context *ctx, const char *name, const char *key,
			 u64 *value);

#endif /* _VCTX_CGFILE_H */
