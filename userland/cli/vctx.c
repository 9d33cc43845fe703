// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx: manage Linux-VServer-style security contexts.
 *
 * Global options come before the command; each command parses its own.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "util/err.h"
#include "util/proctitle.h"

static const struct cli_command *const commands[] = {
	&cmd_create, &cmd_run, &cmd_enter, &cmd_exec, &cmd_destroy, &cmd_kill,
	&cmd_start, &cmd_stop, &cmd_restart, &cmd_status, &cmd_config, &cmd_build,
	&cmd_list, &cmd_info, &cmd_limit, &cmd_stat, &cmd_ps, &cmd_monitor, &cmd_proc,
	&cmd_bind, &cmd_spectate, &cmd_version,
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: vctx [--json] COMMAND [OPTIONS] [ARGS]\n\n"
	      "Linux-VServer-style security contexts on a stock kernel.\n\n"
	      "Commands:\n", out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nGlobal options:\n"
	      "  --json         machine-readable output for read commands\n"
	      "  -V, --version  print the tool's version and exit\n"
	      "  -h, --help     show this help; 'vctx COMMAND --help' for a command\n"
	      "\nExit status: 125 when vctx fails, 126 when a command cannot run, 127 when it\n"
	      "is not found, else the status of the command run in the context.\n", out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct cli cli = { .json = false };
	size_t i;
	int c;

	proctitle_init(argc, argv);
	/* '+': stop at the command name, its options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli.json = true;
			break;
		case 'V':
			printf("vctx %s\n", vctx_library_version());
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return err_print("see 'vctx --help'");
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_TOOL;
	}

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i]->name) == 0) {
			argc -= optind;
			argv += optind;
			/* 0, not 1: glibc then also forgets the global parse's ordering mode. */
			optind = 0;
			return commands[i]->run(&cli, argc, argv);
		}
	}
	if (strcmp(argv[optind], "help") == 0) {
		usage(stdout);
		return 0;
	}
	return err_print("unknown command '%s'; see 'vctx --help' for the list", argv[optind]);
}
