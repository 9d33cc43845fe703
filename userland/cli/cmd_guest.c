// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx start, stop, restart and status: guests run from their configuration
 * files, with their own init, under a supervisor (supervisor.c).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/device.h"
#include "runtime/guestconf.h"
#include "runtime/launch.h"
#include "runtime/spec.h"
#include "runtime/state.h"
#include "runtime/supervisor.h"
#include "util/config.h"
#include "util/err.h"
#include "util/json.h"

enum { OPT_FOREGROUND = 1000, OPT_DELEGATED, OPT_AUTOSTART, OPT_TIMEOUT };

static bool valid_guest_name(const char *name)
{
	if (!vctx_valid_name(name)) {
		cli_bad_name(name);
		return false;
	}
	return true;
}

/* The registered context @name into @info: 1, 0 when none, -1 after printing. */
static int registered(int fd, const char *name, struct vctx_info *info)
{
	int ret = vctx_info_by_name(fd, name, info);

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return err_print_errno(ret, "cannot look up context '%s'", name), -1;
	return 1;
}

/*
 * Check that guest @name can start and build its @spec from its
 * configuration. Return: 0, or EXIT_TOOL after printing why.
 */
static int prepare_start(int fd, const char *name, struct ctx_spec *spec, uint32_t *again)
{
	char options[PATH_MAX];
	struct vctx_info info;
	struct config c;
	int ret;

	*again = 0;
	if (!valid_guest_name(name))
		return EXIT_TOOL;
	ret = registered(fd, name, &info);
	if (ret < 0)
		return EXIT_TOOL;
	if (ret && info.state == VCTX_STATE_RUNNING)
		return err_print("guest '%s' is running already (xid %u, init pid %d); 'vctx restart %s' restarts it",
				 name, info.xid, info.init_pid, name);
	if (ret && !(info.flags & VCTX_F_PERSISTENT))
		return err_print("context '%s' (xid %u) is registered but not running; remove it with 'vctx destroy %s' first",
				 name, info.xid, name);
	if (ret) {
		/* A persistent context starts again: its configuration, else its options. */
		*again = info.xid;
		ret = guestconf_load(name, &c, false);
		if (ret == -ENOENT) {
			guestconf_state_path(name, options);
			ret = guestconf_load_file(name, options, &c, false);
			if (ret == -ENOENT)
				return err_print("context '%s' (xid %u) is persistent but has neither a configuration nor the options it was created with; destroy and create it again",
						 name, info.xid);
		}
		if (ret)
			return EXIT_TOOL;
	} else if (guestconf_load(name, &c, true)) {
		return EXIT_TOOL;
	}
	ret = guestconf_spec(name, &c, spec);
	config_free(&c);
	return ret ? EXIT_TOOL : 0;
}

/* Start guest @name in the background. */
static int start_one(int fd, const char *name)
{
	struct ctx_spec spec;
	uint32_t again;

	if (prepare_start(fd, name, &spec, &again))
		return EXIT_TOOL;
	return context_launch(&spec, false, false, again);
}

/* Every guest whose configuration says AUTOSTART=yes and that is not running. */
static int start_autostart(int fd)
{
	struct vctx_info info;
	struct dirent *de;
	struct config c;
	char name[VCTX_NAME_LEN];
	int code = 0, n;
	DIR *d;

	d = opendir(config_dir());
	if (!d)
		return errno == ENOENT ? 0 : err_print_errno(errno, "cannot read %s", config_dir());
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || len - 5 >= sizeof(name) || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 5), de->d_name);
		/* vctx.conf is the global defaults, no guest's. */
		if (!vctx_valid_name(name) || !strcmp(name, GUEST_NAME_RESERVED))
			continue;
		if (guestconf_load(name, &c, true)) {
			code = EXIT_TOOL;
			continue;
		}
		n = guestconf_autostart(&c);
		config_free(&c);
		if (!n || registered(fd, name, &info) > 0)
			continue;
		if (start_one(fd, name))
			code = EXIT_TOOL;
	}
	closedir(d);
	return code;
}

static const char start_usage[] = "[--foreground [--delegated]] NAME... | --autostart";
static const char start_details[] =
	"Starts each guest from its configuration, /etc/vctx/NAME.conf (vctx.conf(5)):\n"
	"registers it, applies its limits, addresses and procfs overrides, builds its\n"
	"root and runs its init (/sbin/init by default) as pid 1, under a supervisor\n"
	"that restarts it when the guest reboots and tears it down when it stops.\n"
	"A persistent context (vctx create --persistent) that stopped starts again in\n"
	"its registration: from its configuration if it has one, else from the options\n"
	"it was created with.\n"
	"\n"
	"Options:\n"
	"  --autostart   start every configured guest with AUTOSTART=yes that is not running\n"
	"  --foreground  stay in the foreground as the guest's supervisor until it stops\n"
	"                (one NAME; for service managers); SIGTERM stops the guest\n"
	"  --delegated   with --foreground: make the guest's cgroup inside this process's\n"
	"                own, which a service manager delegated (systemd's Delegate=yes)\n"
	"  -h, --help    show this help\n";

static int start_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, OPT_FOREGROUND },
		{ "delegated", no_argument, NULL, OPT_DELEGATED },
		{ "autostart", no_argument, NULL, OPT_AUTOSTART },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	bool foreground = false, delegated = false, autostart = false;
	int fd, c, i, code = 0;

	(void)cli;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FOREGROUND:
			foreground = true;
			break;
		case OPT_DELEGATED:
			delegated = true;
			break;
		case OPT_AUTOSTART:
			autostart = true;
			break;
		case 'h':
			cli_usage(&cmd_start, start_usage, start_details);
			return 0;
		default:
			return err_print("see 'vctx start --help'");
		}
	}
	if (autostart && (optind < argc || foreground))
		return err_print("--autostart starts the configured guests itself: give no NAME and no --foreground");
	if (!autostart && optind >= argc)
		return err_print("start needs a guest: vctx start %s", start_usage);
	if (delegated && !foreground)
		return err_print("--delegated goes with --foreground (a service manager's unit)");
	if (foreground && argc - optind != 1)
		return err_print("--foreground supervises one guest: give one NAME");
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	if (autostart) {
		code = start_autostart(fd);
		close(fd);
		return code;
	}
	if (foreground) {
		struct ctx_spec spec;
		uint32_t again;

		code = prepare_start(fd, argv[optind], &spec, &again);
		/* The supervisor holds no /dev/vctx while the guest runs. */
		close(fd);
		if (!code && again && delegated)
			return err_print("--delegated cannot start '%s' again: a persistent context keeps its cgroup",
					 argv[optind]);
		return code ? code : context_launch(&spec, true, delegated, again);
	}
	for (i = optind; i < argc; i++)
		if (start_one(fd, argv[i]))
			code = EXIT_TOOL;
	close(fd);
	return code;
}

/* The timeout stop waits for: --timeout, else STOP_TIMEOUT, else the default. */
static int stop_timeout_of(const char *name, int given)
{
	char v[16];
	struct config c;
	int t = STOP_TIMEOUT_DEFAULT;

	if (given >= 0)
		return given;
	if (!guestconf_load(name, &c, false)) {
		if (config_get(&c, config_key_index("STOP_TIMEOUT"), v, sizeof(v)))
			t = atoi(v);
		config_free(&c);
	}
	return t;
}

static int stop_one(int fd, const char *name, int timeout)
{
	struct vctx_info info;
	char path[PATH_MAX];
	int ret, pidfd;
	pid_t pid;

	if (!valid_guest_name(name))
		return EXIT_TOOL;
	ret = registered(fd, name, &info);
	if (ret < 0)
		return EXIT_TOOL;
	if (!ret || info.state != VCTX_STATE_RUNNING) {
		config_path_of(name, path);
		if (!ret && (access(path, F_OK) || !strcmp(name, GUEST_NAME_RESERVED)))
			return err_print("no guest or context named '%s' (see 'vctx list' and %s)",
					 name, config_dir());
		return 0;	/* stopped already: nothing to do */
	}
	pidfd = supervisor_find(name, &pid);
	if (pidfd < 0)
		return EXIT_TOOL;
	/* The supervisor waits exactly as long as stop says it does. */
	return supervisor_stop(name, pidfd, pid, stop_timeout_of(name, timeout)) ? EXIT_TOOL : 0;
}

static const char stop_usage[] = "[--timeout S] NAME...";
static const char stop_details[] =
	"Asks each guest's init to shut down (STOP_SIGNAL, SIGPWR by default), waits\n"
	"for it, kills what is left after the timeout, and removes the guest's\n"
	"addresses, mounts, cgroup and registration. A stopped guest is left alone.\n"
	"\n"
	"Options:\n"
	"  -t, --timeout S  seconds to wait before killing (default: STOP_TIMEOUT, else 30;\n"
	"                   0 kills at once)\n"
	"  -h, --help       show this help\n";

/* Parse stop and restart's options: the timeout, -1 when not given; -2 on error. */
static int parse_stop_opts(int argc, char **argv, const struct cli_command *cmd, int *timeout)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	unsigned long t;
	char *end;
	int c;

	*timeout = -1;
	while ((c = getopt_long(argc, argv, "t:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			errno = 0;
			t = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || errno || t > STOP_TIMEOUT_MAX) {
				err_print("invalid --timeout '%s': give whole seconds, 0 to %d", optarg,
					  STOP_TIMEOUT_MAX);
				return -2;
			}
			*timeout = (int)t;
			break;
		case 'h':
			cli_usage(cmd, stop_usage, stop_details);
			return 1;
		default:
			err_print("see 'vctx %s --help'", cmd->name);
			return -2;
		}
	}
	if (optind >= argc) {
		err_print("%s needs a guest: vctx %s %s", cmd->name, cmd->name, stop_usage);
		return -2;
	}
	return 0;
}

/* stop, or with @restart also start again, every guest named in @argv. */
static int stop_guests(int argc, char **argv, const struct cli_command *cmd, bool restart)
{
	int fd, i, timeout, code = 0, ret;

	ret = parse_stop_opts(argc, argv, cmd, &timeout);
	if (ret)
		return ret > 0 ? 0 : EXIT_TOOL;
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	for (i = optind; i < argc; i++)
		if (stop_one(fd, argv[i], timeout) || (restart && start_one(fd, argv[i])))
			code = EXIT_TOOL;
	close(fd);
	return code;
}

static int stop_run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return stop_guests(argc, argv, &cmd_stop, false);
}

static int restart_run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return stop_guests(argc, argv, &cmd_restart, true);
}

/* Seconds since @pid started, or -1. */
static long long uptime_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	double up;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* Field 22, counted after the parenthesised comm (which may hold blanks). */
	p = p ? strrchr(buf, ')') : NULL;
	for (i = 2; p && i < 22; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%llu", &start) != 1)
		return -1;
	f = fopen("/proc/uptime", "re");
	if (!f)
		return -1;
	i = fscanf(f, "%lf", &up);
	fclose(f);
	if (i != 1)
		return -1;
	return (long long)up - (long long)(start / (unsigned long long)sysconf(_SC_CLK_TCK));
}

static int status_one(struct cli *cli, int fd, const char *name, struct json *j)
{
	char path[PATH_MAX], dur[32];
	struct vctx_info info;
	struct config c;
	bool configured = false, autostart = false;
	const char *state = "stopped";
	long long up = -1;
	int ret;

	if (!valid_guest_name(name))
		return EXIT_TOOL;
	ret = registered(fd, name, &info);
	if (ret < 0)
		return EXIT_TOOL;
	config_path_of(name, path);
	ret = ret ? 1 : 0;
	if (!guestconf_load(name, &c, false)) {
		configured = true;
		autostart = guestconf_autostart(&c);
		config_free(&c);
	} else if (strcmp(name, GUEST_NAME_RESERVED) && !access(path, F_OK)) {
		return EXIT_TOOL;	/* the error is printed */
	}
	if (!ret && !configured)
		return err_print("no guest or context named '%s' (see 'vctx list' and %s)", name,
				 config_dir());
	if (ret && info.state == VCTX_STATE_RUNNING) {
		state = "running";
		up = uptime_of(info.init_pid);
	}
	if (cli->json) {
		json_object_begin(j, NULL);
		json_string(j, "name", name);
		json_string(j, "state", state);
		json_bool(j, "registered", ret);
		if (ret)
			json_uint(j, "xid", info.xid);
		else
			json_null(j, "xid");
		if (up >= 0) {
			json_int(j, "init_pid", info.init_pid);
			json_int(j, "uptime_s", up);
		} else {
			json_null(j, "init_pid");
			json_null(j, "uptime_s");
		}
		if (configured)
			json_string(j, "config", path);
		else
			json_null(j, "config");
		json_bool(j, "autostart", autostart);
		json_object_end(j);
		return 0;
	}
	printf("%s: %s", name, state);
	if (ret)
		printf(", xid %u", info.xid);
	if (up >= 0) {
		snprintf(dur, sizeof(dur), "%lldd %02lld:%02lld:%02lld", up / 86400, up / 3600 % 24,
			 up / 60 % 60, up % 60);
		printf(", init pid %d, up %s", info.init_pid, up >= 86400 ? dur : dur + 3);
	}
	printf("\n  config: %s%s\n", configured ? path : "none",
	       configured ? (autostart ? " (autostart)" : "") : "");
	return 0;
}

static const char status_usage[] = "[--json] NAME...";
static const char status_details[] =
	"Shows whether each guest runs, its xid, its init's pid (as the host sees it),\n"
	"how long that init has run, and its configuration file.\n";

static int status_run(struct cli *cli, int argc, char **argv)
{
	struct json j;
	int fd, c, i, code = 0;

	c = cli_json_options(&cmd_status, cli, argc, argv, status_usage, status_details);
	if (c <= 0)
		return c ? EXIT_TOOL : 0;
	if (optind >= argc)
		return err_print("status needs a guest: vctx status %s", status_usage);
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	json_init(&j, stdout);
	if (cli->json)
		json_array_begin(&j, NULL);
	for (i = optind; i < argc; i++)
		if (status_one(cli, fd, argv[i], &j))
			code = EXIT_TOOL;
	if (cli->json) {
		json_array_end(&j);
	}
	close(fd);
	return code;
}

const struct cli_command cmd_start = {
	.name = "start",
	.summary = "Start configured guests with their own init",
	.run = start_run,
};

const struct cli_command cmd_stop = {
	.name = "stop",
	.summary = "Shut guests down: stop signal, timeout, kill, teardown",
	.run = stop_run,
};

const struct cli_command cmd_restart = {
	.name = "restart",
	.summary = "Stop guests, then start them from their configuration",
	.run = restart_run,
};

const struct cli_command cmd_status = {
	.name = "status",
	.summary = "Show whether guests run, their xid, init and uptime",
	.run = status_run,
};
