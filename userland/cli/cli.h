/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared pieces of the vctx command line tool.
 */
#ifndef VCTX_CLI_CLI_H
#define VCTX_CLI_CLI_H

#include <limits.h>
#include <stdbool.h>

#include "lib/libvctx.h"


struct cli {
	bool json;		/* --json given before or after the command */
};

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cli_command cmd_version;
extern const struct cli_command cmd_create;
extern const struct cli_command cmd_run;
extern const struct cli_command cmd_enter;
extern const struct cli_command cmd_exec;
extern const struct cli_command cmd_destroy;
extern const struct cli_command cmd_kill;
extern const struct cli_command cmd_list;
extern const struct cli_command cmd_info;
extern const struct cli_command cmd_spectate;
extern const struct cli_command cmd_ps;
extern const struct cli_command cmd_limit;
extern const struct cli_command cmd_monitor;
extern const struct cli_command cmd_stat;
extern const struct cli_command cmd_proc;
extern const struct cli_command cmd_bind;
extern const struct cli_command cmd_start;
extern const struct cli_command cmd_stop;
extern const struct cli_command cmd_restart;
extern const struct cli_command cmd_status;
extern const struct cli_command cmd_config;
extern const struct cli_command cmd_build;

/*
 * Parse the options of a command that has only --json and -h. Return: the
 * index of the first operand, 0 after printing help, -1 after printing an
 * error.
 */
int cli_json_options(const struct cli_command *cmd, struct cli *cli, int argc, char **argv,
		     const char *usage, const char *details);

/*
 * Find the context @arg names: an xid (digits) or a name. Prints the
 * reason and returns -errno when there is none or @arg is malformed.
 */
int cli_find_context(int fd, const char *arg, struct vctx_info *info);

/*
 * Whether vctx made the context @info describes: its cgroup is
 * /sys/fs/cgroup/vctx/<name>, which @cg then holds.
 */
bool cli_made_by_vctx(const struct vctx_info *info, char cg[PATH_MAX]);

/* Explain a malformed context name; returns EXIT_TOOL. */
int cli_bad_name(const char *name);

/* Print a command's help: usage line, summary, then its option details. */
void cli_usage(const struct cli_command *cmd, const char *usage, const char *details);

#endif /* VCTX_CLI_CLI_H */
