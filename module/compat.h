/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that differs between the kernels vctx supports lives here.
 * Kbuild force-includes this file into every object of the module, so the
 * rest of the source uses one (the newest) API. Differences are selected by
 * probing for a feature where a header tells us, and by version only where
 * nothing else can (the supported range itself).
 */
#ifndef _VCTX_COMPAT_H
#define _VCTX_COMPAT_H

#include <linux/version.h>

/*
 * Tested: Debian's 6.1 LTS and 6.12 LTS builds. Kernels in between share the
 * APIs we rely on; kernels outside the range have not been tried at all.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0) || \
	LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#ifndef VCTX_ALLOW_UNTESTED_KERNEL
#error "vctx supports Linux 6.1 to 6.12 (tested on Debian's 6.1 LTS and 6.12 LTS); \
build with VCTX_ALLOW_UNTESTED_KERNEL=1 to try another kernel at your own risk"
#endif
#endif

#endif /* _VCTX_COMPAT_H */
