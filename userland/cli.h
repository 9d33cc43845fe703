/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared pieces of the vctx command line tool.
 */
#ifndef VCTX_CLI_H
#define VCTX_CLI_H

#include <stdbool.h>

#include "libvctx.h"

/* Container conventions (docker, podman, crun): the rest is the command's. */
enum {
	EXIT_TOOL = 125,	/* vctx itself failed */
	EXIT_CANNOT_EXEC = 126,	/* the command exists but cannot run */
	EXIT_NOT_FOUND = 127,	/* the command does not exist */
};

struct cli {
	bool json;		/* --json given before or after the command */
};

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cli_command cmd_version;

/*
 * Print "vctx: MESSAGE" on stderr and return EXIT_TOOL; the _errno form
 * appends ": strerror(err)" (err is a positive or negative errno).
 */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_error_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Open /dev/vctx. On failure print what went wrong and how to fix it (module
 * not loaded, node missing, not root) and return a negative errno.
 */
int cli_open_device(void);

/* Print a command's help: usage line, summary, then its option details. */
void cli_usage(const struct cli_command *cmd, const char *usage, const char *details);

#endif /* VCTX_CLI_H */
