// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx limit without options: a context's limits and its bucket's state,
 * as text or one JSON object.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/limit_show.h"
#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/limits.h"
#include "runtime/quota.h"
#include "runtime/virt.h"
#include "util/err.h"
#include "util/json.h"
#include "util/units.h"

static const char *const mode_names[] = {
	[VCTX_SCHED_OFF] = "off",
	[VCTX_SCHED_HARD] = "hard",
	[VCTX_SCHED_PRIO] = "prio",
};

/* "34.5M"-style approximate size for usage figures. */
static void human_size(unsigned long long bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	double v = (double)bytes;
	int i = -1;

	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu", bytes);
	else
		snprintf(buf, len, "%.1f%c", v, units[i]);
}

/* A "max"-or-number file: false when absent; *@max set for "max". */
static bool read_limit(const char *cg, const char *file, unsigned long long *value, bool *max)
{
	char buf[64];

	if (cgroup_read_file(cg, file, buf, sizeof(buf)))
		return false;
	*max = !strcmp(buf, "max");
	*value = 0;
	return *max || sscanf(buf, "%llu", value) == 1;
}

static bool read_number(const char *cg, const char *file, unsigned long long *value)
{
	char buf[64];

	return !cgroup_read_file(cg, file, buf, sizeof(buf)) && sscanf(buf, "%llu", value) == 1;
}

static void json_limit_pair(struct json *j, const char *key, const char *name, const char *cg,
			    const char *cur_file, const char *max_file)
{
	unsigned long long cur, max;
	bool unlimited;

	json_object_begin(j, key);
	if (read_number(cg, cur_file, &cur))
		json_uint(j, "current", cur);
	else
		json_null(j, "current");
	if (!read_limit(cg, max_file, &max, &unlimited) || unlimited)
		json_null(j, "max");
	else
		json_uint(j, "max", max);
	json_bool(j, "default", limits_is_default(name, cg, max_file));
	json_object_end(j);
}

static void print_limit_pair(const char *label, const char *name, const char *cg,
			     const char *cur_file, const char *max_file, bool bytes)
{
	unsigned long long cur, max;
	char a[32] = "?", b[32] = "unlimited";
	bool unlimited;

	if (!read_limit(cg, max_file, &max, &unlimited)) {
		printf("%-11s not available\n", label);
		return;
	}
	if (read_number(cg, cur_file, &cur)) {
		if (bytes)
			human_size(cur, a, sizeof(a));
		else
			snprintf(a, sizeof(a), "%llu", cur);
	}
	if (!unlimited) {
		if (bytes)
			format_size(max, b, sizeof(b));
		else
			snprintf(b, sizeof(b), "%llu", max);
	}
	printf("%-11s %s of %s%s\n", label, a, b,
	       limits_is_default(name, cg, max_file) ? " (default)" : "");
}

static int io_weight(const char *cg)
{
	char buf[64];
	int w;

	if (cgroup_read_file(cg, "io.weight", buf, sizeof(buf)) ||
	    sscanf(buf, "default %d", &w) != 1)
		return -1;
	return w;
}

static void json_virt_name(const char *name, void *arg)
{
	json_string(arg, NULL, name);
}

/* The project quota of @info's root, as its init sees it; false when none. */
static bool disk_of(const struct vctx_info *info, struct disk_usage *u)
{
	int fd, ret;

	if (info->init_pid <= 0)
		return false;
	fd = quota_root_of(info->init_pid);
	if (fd < 0)
		return false;
	ret = quota_usage(fd, u);
	close(fd);
	return !ret && u->projid;
}

static void json_disk(struct json *j, const struct disk_usage *u, bool have)
{
	if (!have) {
		json_null(j, "disk");
		return;
	}
	json_object_begin(j, "disk");
	json_uint(j, "project", u->projid);
	json_uint(j, "current", u->bytes);
	if (u->bytes_limit)
		json_uint(j, "max", u->bytes_limit);
	else
		json_null(j, "max");
	json_uint(j, "inodes", u->inodes);
	if (u->inodes_limit)
		json_uint(j, "inodes_max", u->inodes_limit);
	else
		json_null(j, "inodes_max");
	json_object_end(j);
}

static void print_disk(const struct disk_usage *u, bool have)
{
	char a[32], b[32] = "unlimited";

	if (!have) {
		printf("%-11s no limit\n", "disk:");
		return;
	}
	human_size(u->bytes, a, sizeof(a));
	if (u->bytes_limit)
		format_size(u->bytes_limit, b, sizeof(b));
	printf("%-11s %s of %s (project %u)\n", "disk:", a, b, u->projid);
	snprintf(b, sizeof(b), "unlimited");
	if (u->inodes_limit)
		snprintf(b, sizeof(b), "%llu", (unsigned long long)u->inodes_limit);
	printf("%-11s %llu of %s\n", "inodes:", (unsigned long long)u->inodes, b);
}

int limits_show(int devfd, const struct vctx_info *info, const char *cg, bool json)
{
	struct vctx_sched_info s;
	char cpus[128] = "", virtnames[64];
	struct disk_usage du;
	bool have_virt, have_disk;
	uint32_t virt;
	struct json j;
	int ret, w;

	ret = vctx_get_sched(devfd, info->xid, &s);
	if (ret)
		return err_print_errno(ret, "cannot read the CPU limit of '%s'", info->name);
	have_virt = !vctx_get_virt(devfd, info->xid, &virt);
	cgroup_read_file(cg, "cpuset.cpus", cpus, sizeof(cpus));
	w = io_weight(cg);
	have_disk = disk_of(info, &du);

	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_uint(&j, "xid", info->xid);
		json_string(&j, "name", info->name);
		json_object_begin(&j, "cpu");
		json_string(&j, "mode", s.mode <= VCTX_SCHED_PRIO ? mode_names[s.mode] : "unknown");
		json_uint(&j, "fill_rate", s.fill_rate);
		json_uint(&j, "interval_ms", s.interval);
		json_uint(&j, "idle_fill_rate", s.fill_rate2);
		json_uint(&j, "idle_interval_ms", s.interval2);
		json_uint(&j, "tokens_max", s.tokens_max);
		json_uint(&j, "tokens_min", s.tokens_min);
		json_int(&j, "tokens", s.tokens);
		json_bool(&j, "held", s.held);
		json_uint(&j, "holds", s.nr_holds);
		json_uint(&j, "hold_time_ms", s.hold_ns / 1000000);
		json_uint(&j, "cpu_time_ms", s.cpu_ns / 1000000);
		json_object_end(&j);
		json_limit_pair(&j, "memory", info->name, cg, "memory.current", "memory.max");
		json_limit_pair(&j, "swap", info->name, cg, "memory.swap.current", "memory.swap.max");
		json_limit_pair(&j, "pids", info->name, cg, "pids.current", "pids.max");
		if (w > 0)
			json_uint(&j, "io_weight", (uint64_t)w);
		else
			json_null(&j, "io_weight");
		if (cpus[0])
			json_string(&j, "cpuset", cpus);
		else
			json_null(&j, "cpuset");
		if (have_virt) {
			json_array_begin(&j, "virt");
			virt_each(virt, json_virt_name, &j);
			json_array_end(&j);
		} else {
			json_null(&j, "virt");
		}
		json_disk(&j, &du, have_disk);
		json_object_end(&j);
		return 0;
	}

	printf("%-11s %s (xid %u)\n", "context:", info->name, info->xid);
	if (s.mode == VCTX_SCHED_OFF) {
		printf("%-11s no limit\n", "cpu:");
	} else {
		printf("%-11s %s, %u/%u (%.1f%% of one CPU), bucket %u, min %u", "cpu:",
		       mode_names[s.mode <= VCTX_SCHED_PRIO ? s.mode : 0], s.fill_rate, s.interval,
		       100.0 * s.fill_rate / s.interval, s.tokens_max, s.tokens_min);
		if (s.fill_rate2)
			printf(", idle %u/%u", s.fill_rate2, s.interval2);
		printf("\n%-11s %lld tokens, %s\n", "bucket:", (long long)s.tokens,
		       s.held ? "held" : "running");
	}
	printf("%-11s %llu, %.3f s in all\n", "holds:", (unsigned long long)s.nr_holds,
	       s.hold_ns / 1e9);
	printf("%-11s %.3f s\n", "cpu time:", s.cpu_ns / 1e9);
	print_limit_pair("memory:", info->name, cg, "memory.current", "memory.max", true);
	print_limit_pair("swap:", info->name, cg, "memory.swap.current", "memory.swap.max", true);
	print_limit_pair("pids:", info->name, cg, "pids.current", "pids.max", false);
	if (w > 0)
		printf("%-11s %d\n", "io weight:", w);
	else
		printf("%-11s not available\n", "io weight:");
	printf("%-11s %s\n", "cpuset:", cpus[0] ? cpus : "all");
	if (have_virt)
		virt_format(virt, virtnames, sizeof(virtnames));
	else
		snprintf(virtnames, sizeof(virtnames), "not kept by this module (none)");
	printf("%-11s %s\n", "virt:", virtnames);
	print_disk(&du, have_disk);
	return 0;
}
