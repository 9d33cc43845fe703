// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx config: read and edit a guest's configuration file with the checks
 * vctx start makes, so a bad value is refused when it is written, not at
 * the next boot.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/guestconf.h"
#include "util/config.h"
#include "util/err.h"
#include "util/json.h"

enum { OPT_KEYS = 1000, OPT_CHECK };

static const char config_usage[] = "NAME [KEY | KEY=VALUE...] | --check NAME | --keys";
static const char config_details[] =
	"Without KEY, prints the guest's settings (KEY=value lines; --json: an object).\n"
	"With KEY, prints its value (nothing when it is not set). With KEY=VALUE, sets\n"
	"it, or removes it when VALUE is empty, after checking the value and the whole\n"
	"file; the file is created when missing and replaced atomically, comments kept.\n"
	"A running guest takes changes at its next start (vctx restart NAME).\n"
	"\n"
	"Options:\n"
	"  --check     check the whole file as vctx start would, change nothing\n"
	"  --keys      list the keys, what each means (see vctx.conf(5))\n"
	"  --json      print the settings as a JSON object\n"
	"  -h, --help  show this help\n";

static void print_keys(void)
{
	unsigned int k;

	for (k = 0; k < config_nr_keys; k++)
		printf("%-14s %s\n", config_keys[k].key, config_keys[k].help);
}

static int print_all(struct cli *cli, const struct config *c)
{
	char v[CONFIG_LINE_MAX];
	struct json j;
	unsigned int k;

	json_init(&j, stdout);
	if (cli->json)
		json_object_begin(&j, NULL);
	for (k = 0; k < config_nr_keys; k++) {
		if (!config_get(c, (int)k, v, sizeof(v)))
			continue;
		if (cli->json)
			json_string(&j, config_keys[k].key, v);
		else
			printf("%s=%s\n", config_keys[k].key, v);
	}
	if (cli->json) {
		json_object_end(&j);
	}
	return 0;
}

/* Apply each KEY=VALUE of @argv to @c, each value checked alone. */
static int edit(const char *name, struct config *c, int argc, char **argv)
{
	char key[32], where[96];
	const char *eq;
	int i, k, ret;

	for (i = 0; i < argc; i++) {
		eq = strchr(argv[i], '=');
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		k = config_key_index(key);
		if (k < 0)
			return err_print("unknown key '%s'; 'vctx config --keys' lists them", key);
		if (eq[1]) {
			snprintf(where, sizeof(where), "%.40s", key);
			err_where = where;
			ret = guestconf_check_value(name, k, eq + 1);
			err_where = NULL;
			if (ret)
				return EXIT_TOOL;
		}
		ret = config_set(c, k, eq[1] ? eq + 1 : NULL);
		if (ret == -EINVAL)
			return err_print("invalid %s: a value is one line without double quotes", key);
		if (ret)
			return err_print_errno(ret, "cannot set %s", key);
	}
	return 0;
}

static int config_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keys", no_argument, NULL, OPT_KEYS },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	char v[CONFIG_LINE_MAX];
	bool check = false, sets = false;
	const char *name;
	struct config c;
	int ch, i, k, ret;

	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_KEYS:
			print_keys();
			return 0;
		case OPT_CHECK:
			check = true;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_config, config_usage, config_details);
			return 0;
		default:
			return err_print("see 'vctx config --help'");
		}
	}
	if (optind >= argc)
		return err_print("config needs a guest: vctx config %s", config_usage);
	name = argv[optind++];
	if (!vctx_valid_name(name))
		return cli_bad_name(name);
	if (!guestconf_name_ok(name))
		return EXIT_TOOL;
	for (i = optind; i < argc; i++)
		if (strchr(argv[i], '='))
			sets = true;
	if (sets)
		for (i = optind; i < argc; i++)
			if (!strchr(argv[i], '='))
				return err_print("'%s': give only KEY=VALUE arguments to change settings, or one KEY to read it",
						 argv[i]);
	if (!sets && argc - optind > 1)
		return err_print("give one KEY to read, or KEY=VALUE arguments to change settings");
	if (check && optind < argc)
		return err_print("--check takes only the guest's NAME");

	ret = guestconf_load(name, &c, !sets);
	if (ret == -ENOENT && sets)
		config_init(&c);
	else if (ret)
		return EXIT_TOOL;
	if (check) {
		ret = guestconf_check(name, &c) ? EXIT_TOOL : 0;
	} else if (!sets && optind == argc) {
		ret = print_all(cli, &c);
	} else if (!sets) {
		k = config_key_index(argv[optind]);
		if (k < 0)
			ret = err_print("unknown key '%s'; 'vctx config --keys' lists them", argv[optind]);
		else if (config_get(&c, k, v, sizeof(v)))
			printf("%s\n", v);
		else
			ret = 0;
	} else {
		ret = edit(name, &c, argc - optind, argv + optind);
		if (!ret && guestconf_check(name, &c))
			ret = err_print("nothing was changed");
		if (!ret && guestconf_save(name, &c))
			ret = EXIT_TOOL;
	}
	config_free(&c);
	return ret;
}

const struct cli_command cmd_config = {
	.name = "config",
	.summary = "Read and edit a guest's configuration file",
	.run = config_run,
};
