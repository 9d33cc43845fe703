// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx stat: what each context uses (VServer's vserver-stat): tasks, CPU
 * time, time held by the CPU limiter, memory, uptime, addresses.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "runtime/quota.h"
#include "util/err.h"
#include "util/json.h"
#include "util/netaddr.h"
#include "util/units.h"

static const char *const state_names[] = {
	[VCTX_STATE_CREATED] = "created",
	[VCTX_STATE_RUNNING] = "running",
	[VCTX_STATE_STOPPED] = "stopped",
};

struct usage {
	struct vctx_info info;
	uint64_t cpu_ms;
	uint64_t hold_ms;
	bool has_memory;
	unsigned long long memory;
	bool memory_limited;
	unsigned long long memory_max;
	uint64_t uptime_s;
	struct disk_usage disk;		/* projid 0: no disk quota */
	struct vctx_net_addr addrs[VCTX_NET_ADDRS_MAX];
	unsigned int nr_addrs;
};

static const char *state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) && state_names[state] ?
	       state_names[state] : "unknown";
}

static int by_xid(const void *a, const void *b)
{
	const struct vctx_info *x = a, *y = b;

	return x->xid < y->xid ? -1 : x->xid > y->xid;
}

static void gather(int fd, const struct vctx_info *info, struct usage *u)
{
	struct vctx_sched_info s;
	char cg[PATH_MAX], buf[64];
	uint32_t flags;
	struct timespec now;
	int rootfd;

	memset(u, 0, sizeof(*u));
	u->info = *info;
	if (!vctx_get_sched(fd, info->xid, &s)) {
		u->cpu_ms = s.cpu_ns / 1000000;
		u->hold_ms = s.hold_ns / 1000000;
	}
	if (cli_made_by_vctx(info, cg)) {
		u->has_memory = !cgroup_read_file(cg, "memory.current", buf, sizeof(buf)) &&
				sscanf(buf, "%llu", &u->memory) == 1;
		if (!cgroup_read_file(cg, "memory.max", buf, sizeof(buf)))
			u->memory_limited = sscanf(buf, "%llu", &u->memory_max) == 1;
	}
	if (info->init_pid > 0) {
		rootfd = quota_root_of(info->init_pid);
		if (rootfd >= 0) {
			if (quota_usage(rootfd, &u->disk))
				u->disk.projid = 0;
			close(rootfd);
		}
	}
	if (context_net_read(fd, info->xid, u->addrs, &u->nr_addrs, &flags))
		u->nr_addrs = 0;
	clock_gettime(CLOCK_REALTIME, &now);
	if (info->state == VCTX_STATE_RUNNING &&
	    (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec > info->created_ns)
		u->uptime_s = ((uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec -
			       info->created_ns) / 1000000000ULL;
}

static void json_usage(struct json *j, const struct usage *u)
{
	unsigned int i;
	char text[64];

	json_object_begin(j, NULL);
	json_uint(j, "xid", u->info.xid);
	json_string(j, "name", u->info.name);
	json_string(j, "state", state_name(u->info.state));
	json_uint(j, "tasks", u->info.nr_tasks);
	json_uint(j, "cpu_ms", u->cpu_ms);
	json_uint(j, "hold_ms", u->hold_ms);
	if (u->has_memory)
		json_uint(j, "memory", u->memory);
	else
		json_null(j, "memory");
	if (u->memory_limited)
		json_uint(j, "memory_max", u->memory_max);
	else
		json_null(j, "memory_max");
	json_uint(j, "uptime_s", u->uptime_s);
	if (u->disk.projid)
		json_uint(j, "disk", u->disk.bytes);
	else
		json_null(j, "disk");
	if (u->disk.bytes_limit)
		json_uint(j, "disk_max", u->disk.bytes_limit);
	else
		json_null(j, "disk_max");
	json_array_begin(j, "addresses");
	for (i = 0; i < u->nr_addrs; i++)
		json_string(j, NULL, netaddr_format(&u->addrs[i], text, sizeof(text)));
	json_array_end(j);
	json_object_end(j);
}

static void format_seconds(uint64_t ms, char *buf, size_t len)
{
	if (ms < 60000)
		snprintf(buf, len, "%.1fs", ms / 1000.0);
	else if (ms < 3600000)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)(ms / 60000),
			 (unsigned long long)(ms / 1000 % 60));
	else
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)(ms / 3600000),
			 (unsigned long long)(ms / 60000 % 60));
}

static void format_memory(const struct usage *u, char *buf, size_t len)
{
	char cur[24] = "-", max[24] = "max";
	double v;

	if (u->has_memory) {
		v = (double)u->memory / (1 << 20);
		snprintf(cur, sizeof(cur), v < 1024 ? "%.1fM" : "%.2fG", v < 1024 ? v : v / 1024);
	}
	if (u->memory_limited)
		format_size(u->memory_max, max, sizeof(max));
	snprintf(buf, len, "%s/%s", cur, max);
}

static void print_usage(const struct usage *u)
{
	char cpu[24], held[24], mem[56], up[24] = "-", addrs[160] = "-", text[64];
	size_t used = 0;
	unsigned int i;

	format_seconds(u->cpu_ms, cpu, sizeof(cpu));
	format_seconds(u->hold_ms, held, sizeof(held));
	format_memory(u, mem, sizeof(mem));
	if (u->info.state == VCTX_STATE_RUNNING)
		format_seconds(u->uptime_s * 1000, up, sizeof(up));
	for (i = 0; i < u->nr_addrs && used < sizeof(addrs) - 1; i++)
		used += (size_t)snprintf(addrs + used, sizeof(addrs) - used, "%s%s", i ? "," : "",
					 netaddr_format(&u->addrs[i], text, sizeof(text)));
	printf("%-6u %-20s %-8s %6llu %10s %10s %18s %9s  %s\n", u->info.xid, u->info.name,
	       state_name(u->info.state), (unsigned long long)u->info.nr_tasks, cpu, held, mem, up,
	       addrs);
}

static const char stat_usage[] = "[--json] [NAME|XID...]";
static const char stat_details[] =
	"One line per context, sorted by xid: tasks, CPU time used, time held by the\n"
	"CPU limiter, memory used and its limit, time since it was created (while it\n"
	"runs) and its addresses on the shared network stack.\n"
	"\n"
	"Options:\n"
	"  --json      one JSON array: xid, name, state, tasks, cpu_ms, hold_ms, memory,\n"
	"              memory_max (null: no limit), uptime_s, disk and disk_max (bytes\n"
	"              of its root's project quota; null: none), addresses\n"
	"  -h, --help  show this help\n";

static int stat_run(struct cli *cli, int argc, char **argv)
{
	struct vctx_info *all = NULL, one;
	struct usage *u;
	struct json j;
	int fd, c, n, i;

	c = cli_json_options(&cmd_stat, cli, argc, argv, stat_usage, stat_details);
	if (c <= 0)
		return c ? EXIT_TOOL : 0;
	fd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_SCHED, "CPU limiter");
	if (fd < 0)
		return EXIT_TOOL;
	if (optind < argc) {
		n = argc - optind;
		all = calloc((size_t)n, sizeof(*all));
		for (i = 0; all && i < n; i++) {
			if (cli_find_context(fd, argv[optind + i], &one)) {
				free(all);
				close(fd);
				return EXIT_TOOL;
			}
			if (one.info_flags & VCTX_INFO_BUILTIN) {
				free(all);
				close(fd);
				return err_print("'%s' is a built-in context; vctx stat shows guests",
						 one.name);
			}
			all[i] = one;
		}
	} else {
		n = vctx_list_all(fd, &all);
	}
	if (n < 0 || !all) {
		close(fd);
		return err_print_errno(n < 0 ? n : -ENOMEM, "cannot list contexts");
	}
	qsort(all, (size_t)n, sizeof(*all), by_xid);
	u = calloc((size_t)n + 1, sizeof(*u));
	if (!u) {
		free(all);
		close(fd);
		return err_print_errno(-ENOMEM, "cannot list contexts");
	}
	for (i = 0; i < n; i++)
		gather(fd, &all[i], &u[i]);
	close(fd);
	free(all);

	if (cli->json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
		for (i = 0; i < n; i++)
			json_usage(&j, &u[i]);
		json_array_end(&j);
	} else {
		printf("%-6s %-20s %-8s %6s %10s %10s %18s %9s  %s\n", "XID", "NAME", "STATE",
		       "TASKS", "CPU", "HELD", "MEMORY", "UPTIME", "ADDRESSES");
		for (i = 0; i < n; i++)
			print_usage(&u[i]);
	}
	free(u);
	return 0;
}

const struct cli_command cmd_stat = {
	.name = "stat",
	.summary = "Show what each context uses (vserver-stat)",
	.run = stat_run,
};
