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

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "util/err.h"
#include "util/json.h"
#include "version.h"

void cli_usage(const struct cli_command *cmd, const char *usage, const char *details)
{
	printf("usage: vctx %s %s\n\n%s.\n", cmd->name, usage, cmd->summary);
	if (details && *details)
		printf("\n%s", details);
}

int cli_bad_name(const char *name)
{
	return err_print("invalid context name '%s': use 1 to 63 characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit",
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
				err_print("no context with xid %lu; see 'vctx list'", xid);
			else if (ret)
				err_print_errno(ret, "cannot look up xid %lu", xid);
			return ret;
		}
	}
	if (!vctx_valid_name(arg)) {
		cli_bad_name(arg);
		return -EINVAL;
	}
	ret = vctx_info_by_name(fd, arg, info);
	if (ret == -ENOENT)
		err_print("no context named '%s'; see 'vctx list'", arg);
	else if (ret)
		err_print_errno(ret, "cannot look up context '%s'", arg);
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
			err_print("see 'vctx %s --help'", cmd->name);
			return -1;
		}
	}
	return optind;
}
