// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx create: register a context, build it and start its init (launch.c),
 * and with --save write its options as /etc/vctx/NAME.conf for vctx start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctx_opts.h"
#include "lib/libvctx.h"
#include "runtime/guestconf.h"
#include "runtime/launch.h"
#include "runtime/spec.h"
#include "util/config.h"
#include "util/err.h"

static const char create_usage[] = "[OPTIONS] NAME";
static const char create_details[] =
	"Options:\n"
	CTX_OPTS_HELP
	"  --init CMD           run CMD (split on blanks) as the context's pid 1 (default: a\n"
	"                       minimal built-in init that reaps orphans)\n"
	"  --persistent         keep the context registered when its last task exits;\n"
	"                       'vctx start NAME' starts it again with these options\n"
	"  --save               also write these options to /etc/vctx/NAME.conf (which must\n"
	"                       not exist), so that 'vctx start NAME' builds it again\n"
	"  -h, --help           show this help\n"
	"\n"
	"Prints nothing on success; 'vctx info NAME' shows the result.\n";

/* The configuration key of option @opt ("--cpu"), or -1. */
static int key_of_option(const char *opt)
{
	unsigned int k;

	for (k = 0; k < config_nr_keys; k++)
		if (config_keys[k].option && !strcmp(config_keys[k].option, opt))
			return (int)k;
	return -1;
}

/*
 * The configuration the options in @argv[1..@first) stand for. What create
 * defaults to differently from start is written out: ROOT=host without
 * --root, INIT=builtin without --init. Return: 0, or EXIT_TOOL after printing.
 */
static int config_of_options(int first, char **argv, struct config *c)
{
	char opt[64], value[CONFIG_LINE_MAX];
	const char *arg, *eq;
	int i, k, ret = 0;

	config_init(c);
	for (i = 1; i < first && !ret; i++) {
		arg = argv[i];
		if (strncmp(arg, "--", 2) || !strcmp(arg, "--"))
			continue;
		eq = strchr(arg, '=');
		snprintf(opt, sizeof(opt), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
		k = key_of_option(opt);
		if (k < 0)
			continue;
		if (config_keys[k].kind == CK_FLAG) {
			ret = config_set(c, k, "yes");
			continue;
		}
		arg = eq ? eq + 1 : argv[++i];
		if (config_keys[k].kind == CK_LIST && config_get(c, k, value, sizeof(value))) {
			size_t n = strlen(value);

			snprintf(value + n, sizeof(value) - n, " %s", arg);
			arg = value;
		}
		ret = config_set(c, k, arg);
	}
	if (!ret && config_get(c, config_key_index("ROOT"), value, sizeof(value))) {
		/* The canonical directory, as create checked it. */
		char *real = realpath(value, NULL);

		if (real)
			ret = config_set(c, config_key_index("ROOT"), real);
		free(real);
	} else if (!ret) {
		ret = config_set(c, config_key_index("ROOT"), "host");
	}
	if (!ret && !config_get(c, config_key_index("INIT"), value, sizeof(value)))
		ret = config_set(c, config_key_index("INIT"), "builtin");
	if (ret)
		return err_print_errno(ret, "--save: cannot express these options as a configuration");
	return 0;
}

/* A persistent context's options, in its state directory. 0 or -errno. */
static int save_options(const char *name, const struct config *c)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	guestconf_state_path(name, path);
	f = fopen(path, "we");
	if (!f)
		return err_print_errno(errno, "cannot write %s", path), -errno;
	ret = config_write(c, f);
	if (fclose(f) && !ret)
		ret = -errno;
	if (ret)
		err_print_errno(ret, "cannot write %s", path);
	return ret;
}

static int create_run(struct cli *cli, int argc, char **argv)
{
	struct ctx_spec spec;
	struct config conf;
	char path[PATH_MAX];
	bool save = false, after_dashes = false;
	int first, i, j, ret;

	(void)cli;
	/* --save is create's own: take it out before the shared parser. */
	for (i = j = 1; i < argc; i++) {
		if (!after_dashes && !strcmp(argv[i], "--save")) {
			save = true;
			continue;
		}
		if (!strcmp(argv[i], "--"))
			after_dashes = true;
		argv[j++] = argv[i];
	}
	argc = j;
	argv[argc] = NULL;
	first = ctx_opts_parse(argc, argv, FOR_CREATE, &spec, &cmd_create, create_usage,
			       create_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (argc - first != 1)
		return err_print("create takes one NAME; see 'vctx create --help'");
	if (!vctx_valid_name(argv[first]))
		return cli_bad_name(argv[first]);
	if (!strcmp(argv[first], "host") || !strcmp(argv[first], "spectator"))
		return err_print("the name '%s' belongs to a built-in context; choose another",
				 argv[first]);
	strcpy(spec.name, argv[first]);

	if (save && spec.persistent)
		return err_print("--save and --persistent: a configured guest is registered only while it runs; choose one");
	config_init(&conf);
	if (save && !guestconf_name_ok(spec.name))
		return EXIT_TOOL;
	if (save) {
		config_path_of(spec.name, path);
		if (!access(path, F_OK))
			return err_print("--save: %s exists already; edit it with 'vctx config %s KEY=VALUE' or remove it",
					 path, spec.name);
	}
	if ((save || spec.persistent) && config_of_options(first, argv, &conf))
		return EXIT_TOOL;
	ret = context_launch(&spec, false, false, 0);
	if (!ret && save && guestconf_save(spec.name, &conf))
		ret = err_print("context '%s' was created, but its configuration was not saved",
				spec.name);
	/* What 'vctx start' builds it from again once it stopped. */
	if (!ret && spec.persistent && save_options(spec.name, &conf))
		ret = err_print("context '%s' was created, but 'vctx start' will not be able to start it again",
				spec.name);
	config_free(&conf);
	return ret;
}

const struct cli_command cmd_create = {
	.name = "create",
	.summary = "Create a context and start its init",
	.run = create_run,
};
