// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx destroy and vctx kill.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "runtime/cgroup.h"
#include "runtime/device.h"
#include "runtime/state.h"
#include "runtime/teardown.h"
#include "util/err.h"

static const char destroy_usage[] = "[--force] NAME|XID...";
static const char destroy_details[] =
	"Unregisters the context and removes its cgroup and state. A context that\n"
	"still has tasks is refused unless --force, which kills them first.\n"
	"\n"
	"Options:\n"
	"  -f, --force  kill the context's tasks (SIGKILL to its whole cgroup) first\n"
	"  -h, --help   show this help\n";

static int destroy_one(int fd, const char *arg, bool force)
{
	struct vctx_info info;
	char cg[PATH_MAX];
	const char *why;
	int ret, supervisor;

	if (cli_find_context(fd, arg, &info))
		return EXIT_TOOL;
	if (info.info_flags & VCTX_INFO_BUILTIN)
		return err_print("'%s' is a built-in context and cannot be destroyed", info.name);
	if (!cli_made_by_vctx(&info, cg))
		return err_print("context '%s' (xid %u) was not created by vctx (its cgroup is not " CGROUP_VCTX "/%s); destroy it with the tool that created it",
				 info.name, info.xid, info.name);
	if (info.state == VCTX_STATE_RUNNING && !force)
		return err_print("context '%s' is running (%llu task(s)); use --force to kill them and destroy it",
				 info.name, (unsigned long long)info.nr_tasks);
	supervisor = supervisor_pidfd(info.name);
	ret = context_teardown(fd, info.name, info.xid, true, &why);
	/* Its supervisor sees the init die and finishes: wait for it. */
	supervisor_wait(supervisor);
	if (ret)
		return err_print_errno(ret, "cannot destroy context '%s': %s", info.name, why);
	return 0;
}

static int destroy_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	bool force = false;
	int fd, c, i, code = 0;

	(void)cli;
	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			cli_usage(&cmd_destroy, destroy_usage, destroy_details);
			return 0;
		default:
			return err_print("see 'vctx destroy --help'");
		}
	}
	if (optind >= argc)
		return err_print("destroy needs a context: vctx destroy %s", destroy_usage);
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	for (i = optind; i < argc; i++)
		if (destroy_one(fd, argv[i], force))
			code = EXIT_TOOL;
	close(fd);
	return code;
}

const struct cli_command cmd_destroy = {
	.name = "destroy",
	.summary = "Destroy a context",
	.run = destroy_run,
};

static const char kill_usage[] = "NAME|XID [SIGNAL]";
static const char kill_details[] =
	"Sends SIGNAL (a name like TERM or SIGTERM, or a number; default KILL) to every\n"
	"task of the context. KILL goes through the cgroup (cgroup.kill), so no task\n"
	"escapes by forking. A context whose init dies is cleaned up by its supervisor.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

static int parse_signal(const char *s)
{
	const char *abbrev;
	char *end;
	long n;
	int sig;

	if (*s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return !*end && n > 0 && n <= SIGRTMAX ? (int)n : -1;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (sig = 1; sig < SIGRTMIN; sig++) {
		abbrev = sigabbrev_np(sig);
		if (abbrev && !strcasecmp(abbrev, s))
			return sig;
	}
	return -1;
}

/* Signal every process listed in @dir's cgroup.procs and below. */
static int signal_cgroup(const char *dir, int sig, int *sent)
{
	char path[PATH_MAX];
	struct dirent *de;
	FILE *procs;
	DIR *d;
	int pid, ret = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	procs = fopen(path, "re");
	if (!procs)
		return errno == ENOENT ? 0 : -errno;
	while (fscanf(procs, "%d", &pid) == 1)
		if (!kill(pid, sig))
			(*sent)++;
	fclose(procs);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d)) && !ret) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ret = signal_cgroup(path, sig, sent);
	}
	closedir(d);
	return ret;
}

static int kill_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct vctx_info info;
	char cg[PATH_MAX];
	int fd, c, sig = SIGKILL, sent = 0, ret;

	(void)cli;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_usage(&cmd_kill, kill_usage, kill_details);
			return 0;
		}
		return err_print("see 'vctx kill --help'");
	}
	if (optind >= argc || argc - optind > 2)
		return err_print("usage: vctx kill %s", kill_usage);
	if (argc - optind == 2) {
		sig = parse_signal(argv[optind + 1]);
		if (sig < 0)
			return err_print("unknown signal '%s': use a name like TERM or a number",
					 argv[optind + 1]);
	}
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	ret = cli_find_context(fd, argv[optind], &info);
	close(fd);
	if (ret)
		return EXIT_TOOL;
	if (info.info_flags & VCTX_INFO_BUILTIN)
		return err_print("'%s' is a built-in context; vctx kill signals guests only", info.name);
	if (!cli_made_by_vctx(&info, cg))
		return err_print("context '%s' was not created by vctx; its cgroup is unknown", info.name);
	if (info.state != VCTX_STATE_RUNNING)
		return err_print("context '%s' has no task to signal", info.name);
	ret = sig == SIGKILL ? cgroup_kill(cg) : signal_cgroup(cg, sig, &sent);
	if (ret)
		return err_print_errno(ret, "cannot signal context '%s'", info.name);
	return 0;
}

const struct cli_command cmd_kill = {
	.name = "kill",
	.summary = "Send a signal to every task of a context",
	.run = kill_run,
};
