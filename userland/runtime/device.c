// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening /dev/vctx, and saying exactly what to do when that fails (module
 * not loaded, node missing, not root, a module without a feature).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/device.h"
#include "util/err.h"
#include "version.h"

static bool module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/vctx", &st) == 0;
}

/*
 * The module's state while it is loaded: "live", or "coming" and "going"
 * while it loads or unloads (and has no device yet, or no longer).
 */
static bool module_state(const char *want)
{
	char state[16] = "";
	FILE *f = fopen("/sys/module/vctx/initstate", "re");

	if (!f)
		return false;
	if (!fgets(state, sizeof(state), f))
		state[0] = '\0';
	fclose(f);
	state[strcspn(state, "\n")] = '\0';
	return !strcmp(state, want);
}

/* "10:124" from sysfs, so the hint names the exact mknod to run. */
static bool misc_dev_numbers(char *buf, size_t len)
{
	FILE *f = fopen("/sys/class/misc/vctx/dev", "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok && strchr(buf, ':');
}

int device_open(void)
{
	const char *path = vctx_device_path();
	int fd = vctx_open();
	char hint[160], dev[32];

	if (fd >= 0)
		return fd;

	switch (-fd) {
	case ENOENT:
		if (!module_loaded()) {
			snprintf(hint, sizeof(hint),
				 "the vctx module is not loaded: load it with 'modprobe vctx' (or 'insmod vctx.ko' from a build tree)");
		} else if (module_state("going")) {
			snprintf(hint, sizeof(hint),
				 "the vctx module is being unloaded: load it again with 'modprobe vctx'");
		} else if (module_state("coming")) {
			snprintf(hint, sizeof(hint),
				 "the vctx module is still loading: try again in a moment");
		} else if (misc_dev_numbers(dev, sizeof(dev))) {
			*strchr(dev, ':') = ' ';
			snprintf(hint, sizeof(hint),
				 "the vctx module is loaded but the device node is missing: create it with 'mknod -m 600 %s c %s'",
				 path, dev);
		} else {
			snprintf(hint, sizeof(hint),
				 "the vctx module is loaded but registered no device: see 'dmesg | grep vctx'");
		}
		break;
	case EACCES:
	case EPERM:
		snprintf(hint, sizeof(hint), "the device is root-only: run vctx as root");
		break;
	case ENXIO:
	case ENODEV:
		snprintf(hint, sizeof(hint),
			 "no vctx module behind this device node: load it with 'modprobe vctx'");
		break;
	default:
		err_print_errno(fd, "cannot open %s", path);
		return fd;
	}
	err_print("cannot open %s: %s; %s", path, strerror(-fd), hint);
	return fd;
}

int device_open_contexts(void)
{
	return device_open_with(VCTX_FEATURE_CONTEXTS, "context support");
}

int device_open_with(__u64 features, const char *what)
{
	struct vctx_version v;
	int fd = device_open(), ret;

	if (fd < 0)
		return fd;
	ret = vctx_get_version(fd, &v);
	if (ret < 0) {
		close(fd);
		err_print_errno(ret, "VCTX_IOC_VERSION on %s failed", vctx_device_path());
		return ret;
	}
	if ((v.features & features) != features) {
		close(fd);
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		err_print("the loaded vctx module (%s) has no %s; load the module that came with this tool (%s)",
			  v.module_version, what, VCTX_TOOL_VERSION);
		return -ENOTSUP;
	}
	return fd;
}
