// SPDX-License-Identifier: GPL-2.0
/*
 * VCTX_IOC_VERSION: tells userland which module it talks to.
 */
#include <linux/string.h>
#include <linux/vctx.h>

#include "version.h"

/**
 * vctx_ioctl_version() - answer VCTX_IOC_VERSION
 * @file: the opened /dev/vctx (unused: every opener may ask)
 * @arg: a kernel copy of struct vctx_version, zero past the caller's size
 *
 * Return: 0, or -EINVAL when the caller set flags or reserved fields.
 */
int vctx_ioctl_version(struct file *file, void *arg)
{
	struct vctx_version *v = arg;

	if (v->flags || memchr_inv(v->reserved, 0, sizeof(v->reserved)))
		return -EINVAL;

	v->abi_version = VCTX_ABI_VERSION;
	v->features = VCTX_FEATURES_ALL;
	strscpy(v->module_version, VCTX_VERSION, sizeof(v->module_version));
	return 0;
}
