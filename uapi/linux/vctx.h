/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vctx: Linux-VServer-style security contexts for stock kernels.
 *
 * This header is the ABI between vctx.ko and userland. It is usable from C
 * userland as is (it needs only <linux/types.h> and <linux/ioctl.h>).
 *
 * Device
 *	All control goes through ioctls on the misc device /dev/vctx
 *	(mode 0600, root only). Read-only queries are answered to every opener;
 *	later mutating commands will also require CAP_SYS_ADMIN in the initial
 *	user namespace.
 *
 * Extensible structs
 *	Every command takes a pointer to one struct. The struct's size is
 *	encoded in the command number (_IOC_SIZE), so a command keeps its
 *	_IOC_NR forever while its struct may grow at the end. The module
 *	dispatches on type, number and direction only, then checks the size:
 *
 *	- smaller than the command's first published size (VCTX_*_SIZE_VER0):
 *	  EINVAL;
 *	- larger than VCTX_IOC_SIZE_MAX: E2BIG;
 *	- larger than the struct the module knows: the extra bytes must be
 *	  zero (the caller asks for nothing the module does not understand),
 *	  else E2BIG; output is then written only up to the module's size;
 *	- smaller than the struct the module knows (an older caller): the
 *	  missing fields read as zero and output stops at the caller's size.
 *
 *	All structs have explicit padding and the same layout on 32-bit and
 *	64-bit userland. Fields marked "in" are read by the module, "out" are
 *	written by it. Every reserved field and every unused flag bit must be
 *	zero on input (else EINVAL) and is zero on output.
 *
 * Errors (negative return of ioctl(2), errno set)
 *	ENOTTY	unknown command, or a known number with the wrong direction
 *	EINVAL	struct too small, reserved field or unknown flag set, a value
 *		out of range
 *	E2BIG	struct too large, or non-zero bytes past the known struct
 *	EFAULT	the argument pointer is not readable/writable
 *	EPERM	the caller may not perform this command
 *
 * Nothing is changed by a command that fails.
 */
#ifndef _UAPI_LINUX_VCTX_H
#define _UAPI_LINUX_VCTX_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VCTX_DEVICE_NAME	"vctx"
#define VCTX_DEVICE_PATH	"/dev/vctx"

/* Bumped only on incompatible changes; growth of structs does not bump it. */
#define VCTX_ABI_VERSION	1

/* 0xE7 is unused in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define VCTX_IOC_MAGIC		0xE7

/* Largest argument struct the module accepts, whatever it knows. */
#define VCTX_IOC_SIZE_MAX	4096

/* Length of module_version, including the terminating NUL. */
#define VCTX_VERSION_LEN	64

/*
 * Feature bits reported by VCTX_IOC_VERSION. A bit is set when the loaded
 * module implements the feature; userland must ignore bits it does not know.
 * None are defined yet: ABI version 1 provides the version command only.
 */
#define VCTX_FEATURES_ALL	0ULL

/**
 * struct vctx_version - VCTX_IOC_VERSION argument
 * @abi_version:	out: VCTX_ABI_VERSION of the loaded module
 * @flags:		in: must be 0
 * @features:		out: VCTX_FEATURE_* bits the module implements
 * @module_version:	out: module release, NUL-terminated, e.g. "0.1.0"
 * @reserved:		in: must be zero; out: zero
 */
struct vctx_version {
	__u32 abi_version;
	__u32 flags;
	__u64 features;
	char module_version[VCTX_VERSION_LEN];
	__u64 reserved[4];
};

#define VCTX_VERSION_SIZE_VER0	112

/* Version query: answered to every opener of /dev/vctx. */
#define VCTX_IOC_VERSION	_IOWR(VCTX_IOC_MAGIC, 0x00, struct vctx_version)

#endif /* _UAPI_LINUX_VCTX_H */
