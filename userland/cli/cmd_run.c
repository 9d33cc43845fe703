// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx run: an ephemeral context for one command, gone when it exits; its
 * exit status is passed through (the bwrap / crun run use case). The
 * context itself is runtime/run.c's.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctx_opts.h"
#include "runtime/run.h"
#include "runtime/spec.h"
#include "util/err.h"

static const char run_usage[] = "[OPTIONS] [--name NAME] -- CMD [ARG...]";
static const char run_details[] =
	"Options:\n"
	"  --name NAME          the context's name (default: run-<pid of vctx>)\n"
	CTX_OPTS_HELP
	"  -h, --help           show this help\n"
	"\n"
	"CMD runs as pid 2 under a minimal init, in a session of its own and, when vctx\n"
	"runs on a terminal, on a pty of its own that vctx relays; signals sent to vctx\n"
	"are passed to it. Exit status: CMD's, or 125/126/127 (see 'vctx --help').\n";

static int run_run(struct cli *cli, int argc, char **argv)
{
	struct ctx_spec spec;
	int first;

	(void)cli;
	first = ctx_opts_parse(argc, argv, FOR_RUN, &spec, &cmd_run, run_usage, run_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (first >= argc)
		return err_print("run needs a command: vctx run [OPTIONS] -- CMD [ARG...]");
	if (!spec.name[0])
		snprintf(spec.name, sizeof(spec.name), "run-%d", getpid());
	return context_run(&spec, argv + first);
}

const struct cli_command cmd_run = {
	.name = "run",
	.summary = "Run one command in an ephemeral context",
	.run = run_run,
};
