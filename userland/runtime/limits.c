// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>

#include "lib/libvctx.h"
#include "runtime/cgroup.h"
#include "runtime/limits.h"
#include "runtime/state.h"
#include "runtime/virt.h"
#include "util/err.h"
#include "util/units.h"
#include "version.h"

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

static bool bad(const char *option, const char *arg, const char *rule)
{
	err_print("invalid %s '%s': %s", option, arg, rule);
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

static bool virt_opt(struct limit_opts *l, const char *arg)
{
	const char *bad, *why;
	size_t len;

	why = virt_parse(arg, &l->virt, &bad, &len);
	if (why && len)
		return err_print("invalid --virt '%s': %s: '%.*s'; give all, none or names from mem,swap,uptime,load,cpu",
				 arg, why, (int)len, bad), false;
	if (why)
		return err_print("invalid --virt '%s': %s; give all, none or names from mem,swap,uptime,load,cpu",
				 arg, why), false;
	l->have_virt = true;
	return true;
}

/*
 * Set the VIRT flags of @l; an old module without them is only an error
 * when something else than all of them was asked for.
 */
static int set_virt(int devfd, const struct vctx_info *info, const struct limit_opts *l)
{
	struct vctx_version v;
	int ret;

	ret = vctx_get_version(devfd, &v);
	if (ret)
		return err_print_errno(ret, "cannot ask the module for its features"), ret;
	if (!(v.features & VCTX_FEATURE_VIRT)) {
		if (l->virt == VCTX_VIRT_ALL)
			return 0;
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		err_print("cannot set --virt of '%s': the loaded vctx module (%s) has no /proc virtualization; load the module that came with this tool (%s), or drop the option",
			  info->name, v.module_version, VCTX_TOOL_VERSION);
		return -EOPNOTSUPP;
	}
	ret = vctx_set_virt(devfd, info->xid, l->virt);
	if (ret)
		err_print_errno(ret, "cannot set --virt of '%s'", info->name);
	return ret;
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
	case OPT_LIM_VIRT:
		return virt_opt(l, arg);
	case OPT_LIM_DISK:
		if (!parse_size(arg, true, &n) || (n != UNITS_MAX && n < 1024))
			return bad("--disk", arg,
				   "give a size like 10G or 512M (at least 1K), or max for no limit");
		l->disk.have_bytes = true;
		l->disk.bytes = n == UNITS_MAX ? 0 : n;
		return true;
	case OPT_LIM_INODES:
		if (!parse_count(arg, 1, UINT64_MAX - 1, true, &n))
			return bad("--inodes", arg, "give a number of files (at least 1) or max");
		l->disk.have_inodes = true;
		l->disk.inodes = n == UNITS_MAX ? 0 : n;
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
	return cpu_given(l) || l->have_virt || l->disk.have_bytes || l->disk.have_inodes;
}

/* The CPU limit @l asks for, from the current one @cur. 0, or EXIT_TOOL. */
static int cpu_target(const struct limit_opts *l, const struct vctx_sched_info *cur,
		      struct vctx_set_sched *next)
{
	memset(next, 0, sizeof(*next));
	next->xid = cur->xid;
	if (l->cpu_off) {
		if (l->have_rate || l->have_bucket || l->have_min || l->have_mode || l->have_idle)
			return err_print("--cpu off removes the CPU limit; give no other --cpu-* option with it");
		return 0;
	}
	if (cur->mode == VCTX_SCHED_OFF) {
		if (!l->have_rate)
			return err_print("the context has no CPU limit yet: give --cpu R/T or --cpu P%% with the other --cpu-* options");
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
		return err_print("--cpu-min %u is more than the bucket holds (%u): a hold could never end; lower --cpu-min or raise --cpu-bucket",
				 next->tokens_min, next->tokens_max);
	return 0;
}

static int file_error(const char *name, const char *cg, enum limit_file f, int err)
{
	if (err == -ENOENT)
		return err_print("cannot set %s of '%s': the running kernel offers no %s here (%s/%s does not exist)",
				 lim_files[f].option, name, lim_files[f].what, cg, lim_files[f].file);
	if (f == LIM_CPUSET && (err == -EINVAL || err == -ENOSPC))
		return err_print_errno(err, "cannot set --cpuset of '%s': CPUs outside those the host offers (%s/../cpuset.cpus.effective)",
				       name, cg);
	return err_print_errno(err, "cannot set %s of '%s' (writing %s/%s)", lim_files[f].option, name,
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

bool limits_is_default(const char *name, const char *cg, const char *file)
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
		err_print("cannot set the CPU limit of '%s': its cgroup lacks %s (is the cpu controller enabled in " CGROUP_VCTX "/cgroup.subtree_control?)",
			  info->name, next->mode == VCTX_SCHED_PRIO ? "cpu.weight" : "cgroup.freeze");
	else if (ret)
		err_print_errno(ret, "cannot set the CPU limit of '%s'", info->name);
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
		return err_print_errno(ret, "cannot read the CPU limit of '%s'", info->name), ret;
	return cpu_target(l, &cur, next) ? -EINVAL : 0;
}

/*
 * Have the module watch @info's project @projid on @rootfd's file system,
 * for its 90 % and 100 % events. A module without the watch raises none;
 * the quota itself holds all the same.
 */
static int watch_disk(int devfd, const struct vctx_info *info, int rootfd, uint32_t projid)
{
	struct vctx_version v;
	int ret;

	ret = vctx_get_version(devfd, &v);
	if (ret || !(v.features & VCTX_FEATURE_DISK))
		return 0;
	ret = vctx_set_disk(devfd, info->xid, rootfd, projid);
	if (ret)
		err_print_errno(ret, "cannot watch the disk quota of '%s' (project %" PRIu32 ")",
				info->name, projid);
	return ret;
}

/* The disk limits @l asks for, on the root @rootfd; @old gets what they were. */
static int set_disk(int devfd, const struct vctx_info *info, int rootfd, const char *root,
		    const struct limit_opts *l, struct disk_limit *old)
{
	struct disk_usage u;
	uint32_t projid = 0;
	int ret;

	if (rootfd < 0) {
		err_print("--disk and --inodes limit a guest's own root: give '%s' one with --root DIR (on ext4 or XFS with project quota)",
			  info->name);
		return -EINVAL;
	}
	/*
	 * ext4 lets CAP_SYS_RESOURCE write past a hard limit (XFS does not):
	 * a guest keeping it would hold no limit, so none is set.
	 */
	if (((l->disk.have_bytes && l->disk.bytes) || (l->disk.have_inodes && l->disk.inodes)) &&
	    (info->cap_bset & (UINT64_C(1) << CAP_SYS_RESOURCE))) {
		err_print("'%s' keeps CAP_SYS_RESOURCE, which lets its root write past a disk quota: drop --cap-keep sys_resource (CAP_KEEP) to limit its disk",
			  info->name);
		return -EPERM;
	}
	/* No project yet: nothing to put back but "no limit". */
	if (quota_usage(rootfd, &u))
		memset(&u, 0, sizeof(u));
	old->have_bytes = l->disk.have_bytes;
	old->bytes = u.bytes_limit;
	old->have_inodes = l->disk.have_inodes;
	old->inodes = u.inodes_limit;
	ret = quota_apply(info->name, rootfd, root, &l->disk, &projid);
	if (ret)
		return ret;
	return watch_disk(devfd, info, rootfd, projid);
}

int limits_apply(int devfd, const struct vctx_info *info, const char *cg, int rootfd,
		 const char *root, const struct limit_opts *l, enum limits_cpu cpu)
{
	bool disk = l->disk.have_bytes || l->disk.have_inodes;
	char old[LIM_NR][128];
	struct vctx_set_sched next;
	struct disk_limit old_disk;
	uint32_t old_virt = 0;
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
	if (l->have_virt) {
		/* A module without the flags reads as all of them. */
		if (vctx_get_virt(devfd, info->xid, &old_virt))
			old_virt = VCTX_VIRT_ALL;
		ret = set_virt(devfd, info, l);
		if (ret)
			goto undo;
	}
	if (disk) {
		ret = set_disk(devfd, info, rootfd, root, l, &old_disk);
		if (ret)
			goto undo_virt;
	}
	if (cpu == LIMITS_CPU_SET && cpu_given(l)) {
		ret = set_cpu_limit(devfd, info, &next);
		if (ret)
			goto undo_disk;
	}
	record_defaults(info->name, l);
	return 0;

undo_disk:
	if (disk)
		quota_apply(info->name, rootfd, root, &old_disk, NULL);
undo_virt:
	if (l->have_virt)
		vctx_set_virt(devfd, info->xid, old_virt);
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
