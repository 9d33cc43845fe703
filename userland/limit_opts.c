// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "context.h"
#include "cli.h"
#include "json.h"
#include "limit_opts.h"
#include "units.h"

/* Each cgroup file a limit option writes, and what to say when it is missing. */
static const struct {
	const char *option;
	const char *file;
	const char *what;
} lim_files[LIM_NR] = {
	[LIM_MEMORY] = { "--memory", "memory.max", "memory limits (the memory controller)" },
	[LIM_SWAP] = { "--swap", "memory.swap.max",
		       "swap limits (swap accounting: CONFIG_MEMCG_SWAP, swapaccount=1)" },
	[LIM_PIDS] = { "--pids", "pids.max", "task limits (the pids controller)" },
	[LIM_IO_WEIGHT] = { "--io-weight", "io.weight",
			    "I/O weights (the io controller with blk-iocost)" },
	[LIM_CPUSET] = { "--cpuset", "cpuset.cpus", "CPU sets (the cpuset controller)" },
};

static const char *const mode_names[] = {
	[VCTX_SCHED_OFF] = "off",
	[VCTX_SCHED_HARD] = "hard",
	[VCTX_SCHED_PRIO] = "prio",
};

static bool bad(const char *option, const char *arg, const char *rule)
{
	cli_error("invalid %s '%s': %s", option, arg, rule);
	return false;
}

static void set_file(struct limit_opts *l, enum limit_file f, const char *prefix, const char *text)
{
	snprintf(l->files[f], sizeof(l->files[f]), "%s%s", prefix, text);
}

/* The host's MemTotal in bytes, 0 when unknown. */
static uint64_t host_memory(void)
{
	unsigned long long kb = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

static bool size_opt(struct limit_opts *l, enum limit_file f, const char *arg)
{
	uint64_t bytes, total;
	char text[32];
	long page;

	if (f == LIM_MEMORY && *arg && arg[strlen(arg) - 1] == '%') {
		/* A share of the host as it is now: the limit is fixed at creation. */
		total = host_memory();
		page = sysconf(_SC_PAGESIZE);
		if (!total || page <= 0)
			return bad("--memory", arg,
				   "the host's memory is unknown (no MemTotal in /proc/meminfo); give a size like 512M");
		if (!parse_size_share(arg, false, total, (uint64_t)page, &bytes))
			return bad("--memory", arg,
				   "give a share of the host's memory from 1% to 100% (at least one page), a size like 512M, or max");
	} else if (!parse_size(arg, true, &bytes)) {
		return bad(lim_files[f].option, arg,
			   f == LIM_MEMORY ?
			   "give a size like 512M, 2G or 1048576 (bytes), a share of the host's memory like 50%, or max for no limit" :
			   "give a size like 512M, 2G or 1048576 (bytes), or max for no limit");
	}
	if (bytes == UNITS_MAX)
		snprintf(text, sizeof(text), "max");
	else
		snprintf(text, sizeof(text), "%" PRIu64, bytes);
	set_file(l, f, "", text);
	return true;
}

bool limit_opt(struct limit_opts *l, int opt, const char *arg)
{
	uint64_t n;

	switch (opt) {
	case OPT_LIM_CPU:
		if (!strcmp(arg, "off")) {
			l->cpu_off = true;
			return true;
		}
		if (!parse_rate(arg, VCTX_SCHED_RATE_MAX, &l->rate, &l->interval) ||
		    l->interval > VCTX_SCHED_INTERVAL_MAX)
			return bad("--cpu", arg,
				   "give R/T (R tokens, i.e. ms of CPU, every T ms; both at least 1), a percentage of one CPU like 25%, or off");
		l->have_rate = true;
		return true;
	case OPT_LIM_BUCKET:
		if (!parse_count(arg, 1, VCTX_SCHED_TOKENS_MAX, false, &n))
			return bad("--cpu-bucket", arg, "give a number of tokens from 1 to 3600000");
		l->bucket = (uint32_t)n;
		l->have_bucket = true;
		return true;
	case OPT_LIM_MIN:
		if (!parse_count(arg, 0, VCTX_SCHED_TOKENS_MAX, false, &n))
			return bad("--cpu-min", arg, "give a number of tokens from 0 to the bucket size");
		l->min = (uint32_t)n;
		l->have_min = true;
		return true;
	case OPT_LIM_MODE:
		if (!strcmp(arg, "hard"))
			l->mode = VCTX_SCHED_HARD;
		else if (!strcmp(arg, "prio"))
			l->mode = VCTX_SCHED_PRIO;
		else
			return bad("--cpu-mode", arg, "use hard or prio");
		l->have_mode = true;
		return true;
	case OPT_LIM_IDLE:
		l->have_idle = true;
		if (!strcmp(arg, "off")) {
			l->rate2 = l->interval2 = 0;
			return true;
		}
		if (!parse_rate(arg, VCTX_SCHED_RATE_MAX, &l->rate2, &l->interval2) ||
		    l->interval2 > VCTX_SCHED_INTERVAL_MAX)
			return bad("--cpu-idle", arg,
				   "give R2/T2 (R2 tokens per T2 ms of idle CPU time) or off");
		return true;
	case OPT_LIM_MEMORY:
		return size_opt(l, LIM_MEMORY, arg);
	case OPT_LIM_SWAP:
		return size_opt(l, LIM_SWAP, arg);
	case OPT_LIM_PIDS:
		if (!parse_count(arg, 1, UINT32_MAX, true, &n))
			return bad("--pids", arg, "give a number of tasks (at least 1) or max");
		set_file(l, LIM_PIDS, "", n == UNITS_MAX ? "max" : arg);
		return true;
	case OPT_LIM_IO_WEIGHT:
		if (!parse_count(arg, 1, 10000, false, &n))
			return bad("--io-weight", arg, "give a weight from 1 to 10000 (100 is the default)");
		set_file(l, LIM_IO_WEIGHT, "default ", arg);
		return true;
	case OPT_LIM_CPUSET:
		if (strlen(arg) >= sizeof(l->files[0]) || !parse_cpu_list(arg))
			return bad("--cpuset", arg, "give CPU numbers and ranges like 0-3,6, ascending");
		set_file(l, LIM_CPUSET, "", arg);
		return true;
	}
	return false;
}

static bool cpu_given(const struct limit_opts *l)
{
	return l->cpu_off || l->have_rate || l->have_bucket || l->have_min || l->have_mode ||
	       l->have_idle;
}

bool limit_opts_given(const struct limit_opts *l)
{
	int f;

	for (f = 0; f < LIM_NR; f++)
		if (l->files[f][0])
			return true;
	return cpu_given(l);
}

/* The CPU limit @l asks for, from the current one @cur. 0, or EXIT_TOOL. */
static int cpu_target(const struct limit_opts *l, const struct vctx_sched_info *cur,
		      struct vctx_set_sched *next)
{
	memset(next, 0, sizeof(*next));
	next->xid = cur->xid;
	if (l->cpu_off) {
		if (l->have_rate || l->have_bucket || l->have_min || l->have_mode || l->have_idle)
			return cli_error("--cpu off removes the CPU limit; give no other --cpu-* option with it");
		return 0;
	}
	if (cur->mode == VCTX_SCHED_OFF) {
		if (!l->have_rate)
			return cli_error("the context has no CPU limit yet: give --cpu R/T or --cpu P%% with the other --cpu-* options");
		next->mode = VCTX_SCHED_HARD;
		next->tokens_max = LIMIT_DEFAULT_BUCKET;
		next->tokens_min = LIMIT_DEFAULT_MIN;
	} else {
		next->mode = cur->mode;
		next->fill_rate = cur->fill_rate;
		next->interval = cur->interval;
		next->fill_rate2 = cur->fill_rate2;
		next->interval2 = cur->interval2;
		next->tokens_max = cur->tokens_max;
		next->tokens_min = cur->tokens_min;
	}
	if (l->have_rate) {
		next->fill_rate = l->rate;
		next->interval = l->interval;
	}
	if (l->have_bucket)
		next->tokens_max = l->bucket;
	if (l->have_min)
		next->tokens_min = l->min;
	else if (next->tokens_min > next->tokens_max)
		next->tokens_min = next->tokens_max;
	if (l->have_mode)
		next->mode = l->mode;
	if (l->have_idle) {
		next->fill_rate2 = l->rate2;
		next->interval2 = l->interval2;
	}
	if (next->tokens_min > next->tokens_max)
		return cli_error("--cpu-min %u is more than the bucket holds (%u): a hold could never end; lower --cpu-min or raise --cpu-bucket",
				 next->tokens_min, next->tokens_max);
	return 0;
}

static int file_error(const char *name, const char *cg, enum limit_file f, int err)
{
	if (err == -ENOENT)
		return cli_error("cannot set %s of '%s': the running kernel offers no %s here (%s/%s does not exist)",
				 lim_files[f].option, name, lim_files[f].what, cg, lim_files[f].file);
	if (f == LIM_CPUSET && (err == -EINVAL || err == -ENOSPC))
		return cli_error_errno(err, "cannot set --cpuset of '%s': CPUs outside those the host offers (%s/../cpuset.cpus.effective)",
				       name, cg);
	return cli_error_errno(err, "cannot set %s of '%s' (writing %s/%s)", lim_files[f].option, name,
			       cg, lim_files[f].file);
}

/*
 * What to write back to undo: the file's first line, which each of these
 * files accepts as written ("max", a number, "default 100", a CPU list);
 * an empty cpuset.cpus (inherit the parent's) is restored by a blank line.
 */
static int file_old_value(const char *cg, enum limit_file f, char *buf, size_t len)
{
	int ret = cgroup_read_file(cg, lim_files[f].file, buf, len);

	if (!ret && !buf[0])
		snprintf(buf, len, "\n");
	return ret;
}

static void defaults_path(const char *name, char path[PATH_MAX])
{
	char dir[PATH_MAX];

	state_dir_of(name, dir);
	snprintf(path, PATH_MAX, "%.*s/" LIMITS_DEFAULTS_FILE, PATH_MAX - 16, dir);
}

/* The recorded default of cgroup file @file into @value: whether there is one. */
static bool recorded_default(const char *name, const char *file, char *value, size_t len)
{
	char path[PATH_MAX], line[160], key[64], v[96];
	bool found = false;
	FILE *f;

	defaults_path(name, path);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %95s", key, v) == 2 && !strcmp(key, file)) {
			snprintf(value, len, "%s", v);
			found = true;
		}
	fclose(f);
	return found;
}

/*
 * Which of the files @l set are defaults: kept for those, dropped for the
 * others, the rest as recorded. Best effort: a context without a state
 * directory (not made by this vctx) just shows no marks.
 */
static void record_defaults(const char *name, const struct limit_opts *l)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], value[96];
	bool any = false;
	FILE *f;
	int i;

	defaults_path(name, path);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	for (i = 0; i < LIM_NR; i++) {
		if (l->files[i][0] && (l->defaulted & (1u << i))) {
			fprintf(f, "%s %s\n", lim_files[i].file, l->files[i]);
			any = true;
		} else if (!l->files[i][0] && recorded_default(name, lim_files[i].file, value,
							       sizeof(value))) {
			fprintf(f, "%s %s\n", lim_files[i].file, value);
			any = true;
		}
	}
	if (fclose(f) || !any || rename(tmp, path)) {
		unlink(tmp);
		if (!any)
			unlink(path);
	}
}

/* Whether the limit in @cg's @file is still the default recorded for it. */
static bool is_default(const char *name, const char *cg, const char *file)
{
	char rec[96], cur[96];

	return recorded_default(name, file, rec, sizeof(rec)) &&
	       !cgroup_read_file(cg, file, cur, sizeof(cur)) && !strcmp(rec, cur);
}

static int set_cpu_limit(int devfd, const struct vctx_info *info,
			 const struct vctx_set_sched *next)
{
	int ret = vctx_set_sched(devfd, next);

	if (ret == -EOPNOTSUPP)
		cli_error("cannot set the CPU limit of '%s': its cgroup lacks %s (is the cpu controller enabled in " CGROUP_VCTX "/cgroup.subtree_control?)",
			  info->name, next->mode == VCTX_SCHED_PRIO ? "cpu.weight" : "cgroup.freeze");
	else if (ret)
		cli_error_errno(ret, "cannot set the CPU limit of '%s'", info->name);
	return ret;
}

/* The CPU limit @l asks for, from the context's current one. */
static int cpu_next(int devfd, const struct vctx_info *info, const struct limit_opts *l,
		    struct vctx_set_sched *next)
{
	struct vctx_sched_info cur;
	int ret;

	ret = vctx_get_sched(devfd, info->xid, &cur);
	if (ret)
		return cli_error_errno(ret, "cannot read the CPU limit of '%s'", info->name), ret;
	return cpu_target(l, &cur, next) ? -EINVAL : 0;
}

int limits_apply(int devfd, const struct vctx_info *info, const char *cg,
		 const struct limit_opts *l, enum limits_cpu cpu)
{
	char old[LIM_NR][128];
	struct vctx_set_sched next;
	int f, done, ret;

	if (cpu_given(l)) {
		ret = cpu_next(devfd, info, l, &next);
		if (ret)
			return ret;
	}

	for (f = 0; f < LIM_NR; f++) {
		if (!l->files[f][0])
			continue;
		ret = file_old_value(cg, f, old[f], sizeof(old[f]));
		if (ret) {
			file_error(info->name, cg, f, ret);
			return ret;
		}
	}
	for (done = 0; done < LIM_NR; done++) {
		if (!l->files[done][0])
			continue;
		ret = cgroup_write_file(cg, lim_files[done].file, l->files[done]);
		if (ret) {
			file_error(info->name, cg, done, ret);
			goto undo;
		}
	}
	if (cpu == LIMITS_CPU_SET && cpu_given(l)) {
		ret = set_cpu_limit(devfd, info, &next);
		if (ret)
			goto undo;
	}
	record_defaults(info->name, l);
	return 0;

undo:
	while (done-- > 0)
		if (l->files[done][0])
			cgroup_write_file(cg, lim_files[done].file, old[done]);
	return ret;
}

int limits_apply_cpu(int devfd, const struct vctx_info *info, const struct limit_opts *l)
{
	struct vctx_set_sched next;
	int ret;

	if (!cpu_given(l))
		return 0;
	ret = cpu_next(devfd, info, l, &next);
	return ret ? ret : set_cpu_limit(devfd, info, &next);
}

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
	json_bool(j, "default", is_default(name, cg, max_file));
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
	       is_default(name, cg, max_file) ? " (default)" : "");
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

int limits_show(int devfd, const struct vctx_info *info, const char *cg, bool json)
{
	struct vctx_sched_info s;
	char cpus[128] = "";
	struct json j;
	int ret, w;

	ret = vctx_get_sched(devfd, info->xid, &s);
	if (ret)
		return cli_error_errno(ret, "cannot read the CPU limit of '%s'", info->name);
	cgroup_read_file(cg, "cpuset.cpus", cpus, sizeof(cpus));
	w = io_weight(cg);

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
	return 0;
}
