/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvctx: the C interface to vctx.ko, one function per ioctl.
 *
 * Every function returns 0 (or a non-negative count) on success and a
 * negative errno on failure; errno itself is left as the system set it.
 * The argument structs are the ABI structs of <linux/vctx.h>.
 */
#ifndef LIBVCTX_H
#define LIBVCTX_H

#include <linux/vctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's own release, e.g. "0.1.0". */
const char *vctx_library_version(void);

/*
 * The control device: $VCTX_DEVICE when set (an alternative node, e.g. in a
 * test chroot), else VCTX_DEVICE_PATH.
 */
const char *vctx_device_path(void);

/* Opens the control device close-on-exec; returns the fd or -errno. */
int vctx_open(void);

/* VCTX_IOC_VERSION: fills @version (which need not be zeroed first). */
int vctx_get_version(int fd, struct vctx_version *version);

#ifdef __cplusplus
}
#endif

#endif /* LIBVCTX_H */
