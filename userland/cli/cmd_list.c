// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx list and vctx info: what the module knows of contexts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/caps.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "runtime/sockfam.h"
#include "runtime/virt.h"
#include "util/err.h"
#include "util/json.h"

static const char *const state_names[] = {
	[VCTX_STATE_CREATED] = "created",
	[VCTX_STATE_RUNNING] = "running",
	[VCTX_STATE_STOPPED] = "stopped",
};

static const char *state_name(__u32 state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) && state_names[state] ?
	       state_names[state] : "unknown";
}

static void iso_time(__u64 ns, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The context's socket families: false when the module keeps none (too old, built in). */
static bool sockfam_of(int devfd, const struct vctx_info *info, struct sockfam_set *s)
{
	if (info->info_flags & VCTX_INFO_BUILTIN)
		return false;
	return !vctx_get_sockfam(devfd, info->xid, s->fam);
}

static void json_family(const char *name, void *arg)
{
	json_string(arg, NULL, name);
}

/* The context's VIRT flags: false when the module keeps none (too old, built in). */
static bool virt_of(int devfd, const struct vctx_info *info, uint32_t *virt)
{
	if (info->info_flags & VCTX_INFO_BUILTIN)
		return false;
	return !vctx_get_virt(devfd, info->xid, virt);
}

/* @detail: what only info shows (list reads nothing per context). */
static void json_context(struct json *j, int devfd, const struct vctx_info *info, bool detail)
{
	struct sockfam_set fam;
	char created[32], caps[1024];
	uint32_t virt;
	FILE *mem;

	iso_time(info->created_ns, created, sizeof(created));
	json_object_begin(j, NULL);
	json_uint(j, "xid", info->xid);
	json_string(j, "name", info->name);
	json_string(j, "state", state_name(info->state));
	json_uint(j, "tasks", info->nr_tasks);
	json_int(j, "init_pid", info->init_pid);
	json_bool(j, "persistent", info->flags & VCTX_F_PERSISTENT);
	json_bool(j, "builtin", info->info_flags & VCTX_INFO_BUILTIN);
	json_uint(j, "cgroup_id", info->cgroup_id);
	json_string(j, "created", created);
	mem = fmemopen(caps, sizeof(caps), "w");
	if (mem) {
		caps_print(mem, info->cap_bset);
		fclose(mem);
		json_string(j, "caps", caps);
	}
	context_net_json(j, devfd, info->xid);
	if (detail && sockfam_of(devfd, info, &fam)) {
		json_array_begin(j, "socket_families");
		sockfam_each(&fam, json_family, j);
		json_array_end(j);
	} else if (detail) {
		json_null(j, "socket_families");
	}
	if (detail && virt_of(devfd, info, &virt)) {
		json_array_begin(j, "virt");
		virt_each(virt, json_family, j);
		json_array_end(j);
	} else if (detail) {
		json_null(j, "virt");
	}
	json_object_end(j);
}

static const char list_usage[] = "[--json]";
static const char list_details[] =
	"Options:\n"
	"  --json      one JSON array of contexts\n"
	"  -h, --help  show this help\n";

static int list_run(struct cli *cli, int argc, char **argv)
{
	struct vctx_info *all;
	struct json j;
	int fd, n, i, first;

	first = cli_json_options(&cmd_list, cli, argc, argv, list_usage, list_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (first < argc)
		return err_print("list takes no arguments, got '%s'", argv[first]);
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	n = vctx_list_all(fd, &all);
	if (n < 0) {
		close(fd);
		return err_print_errno(n, "cannot list contexts");
	}

	if (cli->json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
		for (i = 0; i < n; i++)
			json_context(&j, fd, &all[i], false);
		json_array_end(&j);
	} else {
		printf("%-6s %-24s %-8s %6s %8s %s\n", "XID", "NAME", "STATE", "TASKS", "INIT",
		       "PERSISTENT");
		for (i = 0; i < n; i++)
			printf("%-6u %-24s %-8s %6llu %8d %s\n", all[i].xid, all[i].name,
			       state_name(all[i].state), (unsigned long long)all[i].nr_tasks,
			       all[i].init_pid, all[i].flags & VCTX_F_PERSISTENT ? "yes" : "no");
	}
	close(fd);
	free(all);
	return 0;
}

const struct cli_command cmd_list = {
	.name = "list",
	.summary = "List the contexts",
	.run = list_run,
};

static const char info_usage[] = "[--json] NAME|XID";
static const char info_details[] =
	"NAME may also be 'host' (xid 0) or 'spectator' (xid 1).\n"
	"\n"
	"Options:\n"
	"  --json      one JSON object\n"
	"  -h, --help  show this help\n";

static int info_run(struct cli *cli, int argc, char **argv)
{
	struct vctx_info info;
	char created[32], cg[PATH_MAX], families[512], virtnames[64];
	uint32_t virt;
	struct sockfam_set fam;
	struct json j;
	int fd, first, ret;

	first = cli_json_options(&cmd_info, cli, argc, argv, info_usage, info_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (argc - first != 1)
		return err_print("info takes one context: vctx info %s", info_usage);
	fd = device_open_contexts();
	if (fd < 0)
		return EXIT_TOOL;
	ret = cli_find_context(fd, argv[first], &info);
	if (ret) {
		close(fd);
		return EXIT_TOOL;
	}

	if (cli->json) {
		json_init(&j, stdout);
		json_context(&j, fd, &info, true);
		close(fd);
		return 0;
	}
	iso_time(info.created_ns, created, sizeof(created));
	printf("xid:        %u\n", info.xid);
	printf("name:       %s\n", info.name);
	printf("state:      %s\n", state_name(info.state));
	if (!(info.info_flags & VCTX_INFO_BUILTIN)) {
		printf("tasks:      %llu\n", (unsigned long long)info.nr_tasks);
		printf("init_pid:   %d\n", info.init_pid);
		printf("persistent: %s\n", info.flags & VCTX_F_PERSISTENT ? "yes" : "no");
		cgroup_path_of(info.name, cg);
		if (cgroup_inode(cg) == info.cgroup_id)
			printf("cgroup:     %s\n", cg);
		printf("caps:       ");
		caps_print(stdout, info.cap_bset);
		printf("\ncreated:    %s\n", created);
		printf("addresses:  ");
		context_net_print(stdout, fd, info.xid);
		if (sockfam_of(fd, &info, &fam))
			sockfam_format(&fam, families, sizeof(families));
		else
			snprintf(families, sizeof(families), "not kept by this module (any)");
		printf("\nsockets:    %s\n", families);
		if (virt_of(fd, &info, &virt))
			virt_format(virt, virtnames, sizeof(virtnames));
		else
			snprintf(virtnames, sizeof(virtnames), "not kept by this module (none)");
		printf("virt:       %s\n", virtnames);
	}
	close(fd);
	return 0;
}

const struct cli_command cmd_info = {
	.name = "info",
	.summary = "Show one context",
	.run = info_run,
};
