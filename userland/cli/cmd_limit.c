// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx limit: show or change a context's CPU token bucket and its cgroup's
 * memory, swap, pids, I/O weight and CPU set, and its root's disk quota.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/limit_opts.h"
#include "cli/limit_show.h"
#include "runtime/device.h"
#include "runtime/limits.h"
#include "runtime/quota.h"
#include "util/err.h"

static const char limit_usage[] = "NAME|XID [OPTIONS]";
static const char limit_details[] =
	"With no limit option, prints the context's limits and the state of its CPU\n"
	"bucket: tokens, held or running, holds so far, time held, CPU time used.\n"
	"Limits take effect at once; the bucket keeps its tokens when the CPU limit\n"
	"changes. Options not given keep their value. Nothing is changed when any\n"
	"of them is refused.\n"
	"\n"
	"Options:\n"
	LIMIT_OPTS_HELP
	"  --json               print the limits as one JSON object\n"
	"  -h, --help           show this help\n"
	"\n"
	"Examples:\n"
	"  vctx limit web1 --cpu 25%                  a quarter of one CPU, hard holds\n"
	"  vctx limit web1 --cpu 1/4 --cpu-bucket 1000 --cpu-min 100\n"
	"  vctx limit db --cpu 1/2 --cpu-mode prio    favoured while its bucket is full\n"
	"  vctx limit web1 --memory 512M --swap 0 --pids 200\n"
	"  vctx limit web1 --disk 10G --inodes 200000  df in the guest shows 10G\n";

/* Apply @l; a disk limit on the root of the context's init. */
static int limit_change(int fd, const struct vctx_info *info, const char *cg,
			const struct limit_opts *l)
{
	char root[96];
	int rootfd = -1, ret;

	if (l->disk.have_bytes || l->disk.have_inodes) {
		if (info->init_pid <= 0)
			return err_print("--disk and --inodes need '%s' running: its root is its init's; start it first",
					 info->name), -ESRCH;
		rootfd = quota_root_of(info->init_pid);
		if (rootfd < 0)
			return err_print_errno(rootfd, "cannot open the root of '%s' (its init %d)",
					       info->name, info->init_pid), rootfd;
	}
	snprintf(root, sizeof(root), "the root of '%s'", info->name);
	ret = limits_apply(fd, info, cg, rootfd, root, l, LIMITS_CPU_SET);
	if (rootfd >= 0)
		close(rootfd);
	return ret;
}

static int limit_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		LIMIT_LONG_OPTIONS,
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct limit_opts l;
	struct vctx_info info;
	char cg[PATH_MAX];
	int fd, c, ret;

	memset(&l, 0, sizeof(l));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_limit, limit_usage, limit_details);
			return 0;
		case '?':
			return err_print("see 'vctx limit --help'");
		default:
			if (!limit_opt(&l, c, optarg))
				return EXIT_TOOL;
		}
	}
	if (argc - optind != 1)
		return err_print("limit takes one context: vctx limit %s", limit_usage);
	if (cli->json && limit_opts_given(&l))
		return err_print("--json shows limits; give it without limit options");

	fd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_SCHED, "CPU limiter");
	if (fd < 0)
		return EXIT_TOOL;
	ret = cli_find_context(fd, argv[optind], &info);
	if (ret)
		goto out;
	if (info.info_flags & VCTX_INFO_BUILTIN) {
		ret = err_print("'%s' is a built-in context and cannot be limited", info.name);
		goto out;
	}
	if (!cli_made_by_vctx(&info, cg)) {
		ret = err_print("context '%s' was not created by vctx: its cgroup is not %s", info.name, cg);
		goto out;
	}
	if (limit_opts_given(&l))
		ret = limit_change(fd, &info, cg, &l);
	else
		ret = limits_show(fd, &info, cg, cli->json);
out:
	close(fd);
	return ret ? EXIT_TOOL : 0;
}

const struct cli_command cmd_limit = {
	.name = "limit",
	.summary = "Show or change a context's CPU, memory and task limits",
	.run = limit_run,
};
