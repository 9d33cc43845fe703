// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx enter / vctx exec: run a command in a running context.
 */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "runtime/device.h"
#include "runtime/join.h"
#include "util/err.h"

static const char enter_usage[] = "NAME|XID [-- CMD [ARG...]]";
static const char exec_usage[] = "NAME|XID -- CMD [ARG...]";
static const char join_details[] =
	"Joins every namespace of the context, its cgroup and its root, and runs the\n"
	"command with the context's capability bounding set and a clean environment\n"
	"(PATH, HOME, TERM, container=vctx). 'enter' defaults to a login shell.\n"
	"Exit status: the command's, or 125/126/127 (see 'vctx --help').\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

static int join_run(const struct cli_command *cmd, int argc, char **argv, bool need_cmd)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct vctx_info info;
	int fd, c;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_usage(cmd, need_cmd ? exec_usage : enter_usage, join_details);
			return 0;
		}
		return err_print("see 'vctx %s --help'", cmd->name);
	}
	if (optind >= argc)
		return err_print("%s needs the context: vctx %s %s", cmd->name, cmd->name,
				 need_cmd ? exec_usage : enter_usage);
	/* getopt stops at "--" after the name only when it comes first: skip one. */
	if (optind + 1 < argc && !strcmp(argv[optind + 1], "--"))
		memmove(&argv[optind + 1], &argv[optind + 2], (size_t)(argc - optind - 1) * sizeof(*argv));
	if (need_cmd && (optind + 1 >= argc || !argv[optind + 1]))
		return err_print("exec needs a command: vctx exec %s", exec_usage);

	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	if (cli_find_context(fd, argv[optind], &info)) {
		close(fd);
		return EXIT_TOOL;
	}
	if (info.info_flags & VCTX_INFO_BUILTIN) {
		close(fd);
		return err_print("'%s' is a built-in context and cannot be entered", info.name);
	}
	if (info.state != VCTX_STATE_RUNNING || info.init_pid <= 0) {
		close(fd);
		return err_print("context '%s' is not running (no init); start it first", info.name);
	}
	return join_context(fd, &info, argv[optind + 1] ? argv + optind + 1 : NULL);
}

static int enter_run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return join_run(&cmd_enter, argc, argv, false);
}

static int exec_run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return join_run(&cmd_exec, argc, argv, true);
}

const struct cli_command cmd_enter = {
	.name = "enter",
	.summary = "Run a shell (or a command) in a running context",
	.run = enter_run,
};

const struct cli_command cmd_exec = {
	.name = "exec",
	.summary = "Run a command in a running context",
	.run = exec_run,
};
