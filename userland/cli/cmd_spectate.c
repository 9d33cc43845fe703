// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx spectate: run a command (a shell by default) as the spectator.
 */
#include <getopt.h>
#include <unistd.h>

#include "cli/cli.h"
#include "runtime/device.h"
#include "runtime/exec.h"
#include "runtime/spectator.h"
#include "util/err.h"

static const char spectate_usage[] = "[-- CMD [ARG...]]";
static const char spectate_details[] =
	"Runs CMD (default: a login shell) as the spectator, xid 1: on the host, in\n"
	"the host's namespaces and with its root, seeing the processes of every\n"
	"context, but unable to signal, ptrace, renice or write the /proc files of\n"
	"any process outside the spectator. It keeps the caller's environment and\n"
	"privileges otherwise: it is a safe view, not a sandbox.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

static int spectate_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c, devfd, pidfd = -1;
	pid_t pid;

	(void)cli;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(&cmd_spectate, spectate_usage, spectate_details);
			return 0;
		default:
			return err_print("see 'vctx spectate --help'");
		}
	}
	devfd = device_open_with(VCTX_FEATURE_ENFORCE, "spectator support");
	if (devfd < 0)
		return EXIT_TOOL;
	pid = spectator_fork(devfd, &pidfd);
	close(devfd);
	if (pid < 0)
		return EXIT_TOOL;
	if (pid == 0) {
		if (optind >= argc)
			exec_login_shell();
		exec_or_die(argv + optind);
	}
	return wait_forwarding(pid, pidfd);
}

const struct cli_command cmd_spectate = {
	.name = "spectate",
	.summary = "Run a command as the spectator (sees every context, touches none)",
	.run = spectate_run,
};
