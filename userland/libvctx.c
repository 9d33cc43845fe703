// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvctx: thin, typed wrappers around the ioctls of /dev/vctx.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "libvctx.h"
#include "version.h"

const char *vctx_library_version(void)
{
	return VCTX_TOOL_VERSION;
}

const char *vctx_device_path(void)
{
	const char *path = getenv("VCTX_DEVICE");

	return path && *path ? path : VCTX_DEVICE_PATH;
}

int vctx_open(void)
{
	int fd = open(vctx_device_path(), O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int vctx_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int vctx_get_version(int fd, struct vctx_version *version)
{
	memset(version, 0, sizeof(*version));
	return vctx_ioctl(fd, VCTX_IOC_VERSION, version);
}
