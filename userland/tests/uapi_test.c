// SPDX-License-Identifier: GPL-2.0
/*
 * Freezes the ABI of <linux/vctx.h>: the published layouts and command
 * numbers never change. A failure here means an incompatible ABI change:
 * grow structs at the end and keep the old VCTX_*_SIZE_VER0 instead.
 * (That the header compiles alone in strict C99 and C++ is checked by
 * userland/tests/header_test.sh.)
 */
#include <linux/vctx.h>

#include <stddef.h>

_Static_assert(VCTX_ABI_VERSION == 1, "ABI version");
_Static_assert(VCTX_IOC_MAGIC == 0xE7, "ioctl magic");
_Static_assert(VCTX_IOC_SIZE_MAX == 4096, "size limit");
_Static_assert(VCTX_VERSION_SIZE_VER0 == 112, "vctx_version v0 size");
_Static_assert(sizeof(struct vctx_version) == VCTX_VERSION_SIZE_VER0, "vctx_version size");
_Static_assert(offsetof(struct vctx_version, abi_version) == 0, "abi_version");
_Static_assert(offsetof(struct vctx_version, flags) == 4, "flags");
_Static_assert(offsetof(struct vctx_version, features) == 8, "features");
_Static_assert(offsetof(struct vctx_version, module_version) == 16, "module_version");
_Static_assert(offsetof(struct vctx_version, reserved) == 80, "reserved");
_Static_assert(VCTX_IOC_VERSION == 0xc070e700UL, "VCTX_IOC_VERSION number");

int main(void)
{
	return 0;
}
