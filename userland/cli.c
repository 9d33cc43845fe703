// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "version.h"

const char *cli_error_where;

static int vreport(int err, const char *fmt, va_list ap)
{
	fputs("vctx: ", stderr);
	if (cli_error_where)
		fprintf(stderr, "%s: ", cli_error_where);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	fputc('\n', stderr);
	return EXIT_TOOL;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(0, fmt, ap);
	va_end(ap);
	return EXIT_TOOL;
}

int cli_error_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(err, fmt, ap);
	va_end(ap);
	return EXIT_TOOL;
}

static bool module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/vctx", &st) == 0;
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

int cli_open_device(void)
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
		cli_error_errno(fd, "cannot open %s", path);
		return fd;
	}
	cli_error("cannot open %s: %s; %s", path, strerror(-fd), hint);
	return fd;
}

void cli_usage(const struct cli_command *cmd, const char *usage, const char *details)
{
	printf("usage: vctx %s %s\n\n%s.\n", cmd->name, usage, cmd->summary);
	if (details && *details)
		printf("\n%s", details);
}

int cli_open_contexts(void)
{
	return cli_open_with(VCTX_FEATURE_CONTEXTS, "context support");
}

int cli_open_with(__u64 features, const char *what)
{
	struct vctx_version v;
	int fd = cli_open_device(), ret;

	if (fd < 0)
		return fd;
	ret = vctx_get_version(fd, &v);
	if (ret < 0) {
		close(fd);
		cli_error_errno(ret, "VCTX_IOC_VERSION on %s failed", vctx_device_path());
		return ret;
	}
	if ((v.features & features) != features) {
		close(fd);
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		cli_error("the loaded vctx module (%s) has no %s; load the module that came with this tool (%s)",
			  v.module_version, what, VCTX_TOOL_VERSION);
		return -ENOTSUP;
	}
	return fd;
}

int cli_bad_name(const char *name)
{
	return cli_error("invalid context name '%s': use 1 to 63 characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit",
			 name);
}

int cli_find_context(int fd, const char *arg, struct vctx_info *info)
{
	char *end;
	unsigned long xid;
	int ret;

	if (*arg >= '0' && *arg <= '9') {
		errno = 0;
		xid = strtoul(arg, &end, 10);
		if (!*end && !errno && xid <= UINT32_MAX) {
			ret = vctx_info_by_xid(fd, (__u32)xid, info);
			if (ret == -ENOENT)
				cli_error("no context with xid %lu; see 'vctx list'", xid);
			else if (ret)
				cli_error_errno(ret, "cannot look up xid %lu", xid);
			return ret;
		}
	}
	if (!vctx_valid_name(arg)) {
		cli_bad_name(arg);
		return -EINVAL;
	}
	ret = vctx_info_by_name(fd, arg, info);
	if (ret == -ENOENT)
		cli_error("no context named '%s'; see 'vctx list'", arg);
	else if (ret)
		cli_error_errno(ret, "cannot look up context '%s'", arg);
	return ret;
}

bool cli_made_by_vctx(const struct vctx_info *info, char cg[PATH_MAX])
{
	cgroup_path_of(info->name, cg);
	return cgroup_inode(cg) == info->cgroup_id;
}

int cli_json_options(const struct cli_command *cmd, struct cli *cli, int argc, char **argv,
		     const char *usage, const char *details)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(cmd, usage, details);
			return 0;
		default:
			cli_error("see 'vctx %s --help'", cmd->name);
			return -1;
		}
	}
	return optind;
}
