// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx version: which tool, which module, and whether they fit together.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/device.h"
#include "util/err.h"
#include "util/json.h"

static const char version_usage[] = "[--json]";
static const char version_details[] =
	"Options:\n"
	"  --json      print one JSON object: {\"tool\": {...}, \"module\": {...} or null}\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exits 125 when the module cannot be reached; the tool's version is printed anyway.\n";

static void print_json(const struct vctx_version *mod)
{
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_object_begin(&j, "tool");
	json_string(&j, "version", vctx_library_version());
	json_uint(&j, "abi_version", VCTX_ABI_VERSION);
	json_object_end(&j);
	if (mod) {
		json_object_begin(&j, "module");
		json_string(&j, "version", mod->module_version);
		json_uint(&j, "abi_version", mod->abi_version);
		json_uint(&j, "features", mod->features);
		json_object_end(&j);
	} else {
		json_null(&j, "module");
	}
	json_object_end(&j);
}

/* NULL prints the tool's line, a module's version prints the rest. */
static void print_text(const struct vctx_version *mod)
{
	if (!mod) {
		printf("tool:     %s (ABI %d)\n", vctx_library_version(), VCTX_ABI_VERSION);
		return;
	}
	printf("module:   %s (ABI %u)\n", mod->module_version, mod->abi_version);
	printf("features: 0x%llx\n", (unsigned long long)mod->features);
}

static int version_run(struct cli *cli, int argc, char **argv)
{
	struct vctx_version mod;
	int fd, ret, c;

	c = cli_json_options(&cmd_version, cli, argc, argv, version_usage, version_details);
	if (c <= 0)
		return c ? EXIT_TOOL : 0;
	if (optind < argc)
		return err_print("version takes no arguments, got '%s'; see 'vctx version --help'",
				 argv[optind]);

	/* The tool's own line first, so it precedes any error about the module. */
	if (!cli->json) {
		print_text(NULL);
		fflush(stdout);
	}
	fd = device_open();
	if (fd < 0) {
		if (cli->json)
			print_json(NULL);
		return EXIT_TOOL;
	}
	ret = vctx_get_version(fd, &mod);
	close(fd);
	if (ret < 0) {
		if (cli->json)
			print_json(NULL);
		return err_print_errno(ret, "VCTX_IOC_VERSION on %s failed", vctx_device_path());
	}
	mod.module_version[sizeof(mod.module_version) - 1] = '\0';

	(cli->json ? print_json : print_text)(&mod);
	if (mod.abi_version != VCTX_ABI_VERSION)
		return err_print("module speaks ABI %u but this tool speaks ABI %d; install a matching vctx module and tool",
				 mod.abi_version, VCTX_ABI_VERSION);
	return 0;
}

const struct cli_command cmd_version = {
	.name = "version",
	.summary = "Print the versions of the vctx tool and of the loaded module",
	.run = version_run,
};
