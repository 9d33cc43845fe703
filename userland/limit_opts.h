/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's resource limits: the module's CPU token bucket and the
 * cgroup v2 files for memory, swap, pids, I/O weight and CPUs. Shared by
 * vctx limit, create and run.
 */
#ifndef VCTX_LIMIT_OPTS_H
#define VCTX_LIMIT_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "libvctx.h"

/* Defaults of a new CPU limit, VServer's: a 500 ms burst, holds end at 50. */
#define LIMIT_DEFAULT_BUCKET	500
#define LIMIT_DEFAULT_MIN	50

enum limit_file { LIM_MEMORY, LIM_SWAP, LIM_PIDS, LIM_IO_WEIGHT, LIM_CPUSET, LIM_NR };

/* The option codes, past those of the context options. */
enum {
	OPT_LIM_CPU = 2000, OPT_LIM_BUCKET, OPT_LIM_MIN, OPT_LIM_MODE, OPT_LIM_IDLE,
	OPT_LIM_MEMORY, OPT_LIM_SWAP, OPT_LIM_PIDS, OPT_LIM_IO_WEIGHT, OPT_LIM_CPUSET,
};

#define LIMIT_LONG_OPTIONS \
	{ "cpu", required_argument, NULL, OPT_LIM_CPU }, \
	{ "cpu-bucket", required_argument, NULL, OPT_LIM_BUCKET }, \
	{ "cpu-min", required_argument, NULL, OPT_LIM_MIN }, \
	{ "cpu-mode", required_argument, NULL, OPT_LIM_MODE }, \
	{ "cpu-idle", required_argument, NULL, OPT_LIM_IDLE }, \
	{ "memory", required_argument, NULL, OPT_LIM_MEMORY }, \
	{ "swap", required_argument, NULL, OPT_LIM_SWAP }, \
	{ "pids", required_argument, NULL, OPT_LIM_PIDS }, \
	{ "io-weight", required_argument, NULL, OPT_LIM_IO_WEIGHT }, \
	{ "cpuset", required_argument, NULL, OPT_LIM_CPUSET }

#define LIMIT_OPTS_HELP \
	"  --cpu R/T|P%|off     CPU token bucket: R tokens (ms of CPU) every T ms; P% of\n" \
	"                       one CPU (25% = 1/4); off removes the CPU limit\n" \
	"  --cpu-bucket S       bucket size: a full bucket runs S ms at full speed (500)\n" \
	"  --cpu-min M          a hold ends when the bucket is back at M tokens (50)\n" \
	"  --cpu-mode hard|prio hard: hold the context when the bucket is empty (default);\n" \
	"                       prio: its CPU weight follows the bucket instead\n" \
	"  --cpu-idle R2/T2|off also R2 tokens per T2 ms of CPU time the host leaves idle\n" \
	"  --memory SIZE|P%|max memory limit (512M, 2G, ...; 50% of the host's memory):\n" \
	"                       the OOM killer acts inside\n" \
	"  --swap SIZE|max      swap limit\n" \
	"  --pids N|max         most tasks (processes and threads) at once\n" \
	"  --io-weight W        I/O weight, 1..10000 (default 100)\n" \
	"  --cpuset LIST        CPUs it may run on, e.g. 0-3,6\n"

/**
 * struct limit_opts - limits given on a command line
 * @cpu_off: --cpu off
 * @have_rate: and the other have_ flags: which CPU fields were given
 * @rate: R
 * @interval: T, ms
 * @bucket: S
 * @min: M
 * @mode: VCTX_SCHED_HARD or VCTX_SCHED_PRIO
 * @rate2: R2 (0 with --cpu-idle off)
 * @interval2: T2, ms
 * @files: for each cgroup file, the text to write, or "" to leave it alone
 * @defaulted: bit (1 << LIM_*) set for each of @files that is a default
 *	       (vctx.conf or built in), not the admin's choice for this context
 */
struct limit_opts {
	bool cpu_off;
	bool have_rate, have_bucket, have_min, have_mode, have_idle;
	uint32_t rate, interval, bucket, min, mode, rate2, interval2;
	char files[LIM_NR][64];
	unsigned int defaulted;
};

/*
 * Take one limit option (@opt is an OPT_LIM_* code). Return: false after
 * printing what is wrong with @arg.
 */
bool limit_opt(struct limit_opts *l, int opt, const char *arg);

/* Whether any limit option was given. */
bool limit_opts_given(const struct limit_opts *l);

/* Whether limits_apply() sets the CPU limit or only checks it. */
enum limits_cpu {
	LIMITS_CPU_SET,
	/*
	 * A new context: its CPU limit is set by limits_apply_cpu() once its
	 * init runs, so that vctx's own setup work in the context (mounts,
	 * pivot_root) is not charged to a small bucket and a create with
	 * --cpu 1/1000 does not take minutes.
	 */
	LIMITS_CPU_CHECK,
};

/*
 * Apply @l to the context @info (made by vctx: its cgroup is @cg). All or
 * nothing: on failure what was changed is put back, the error is printed
 * and -errno returned.
 */
int limits_apply(int devfd, const struct vctx_info *info, const char *cg,
		 const struct limit_opts *l, enum limits_cpu cpu);

/* Set the CPU limit of @l (none given: nothing); errors printed, -errno. */
int limits_apply_cpu(int devfd, const struct vctx_info *info, const struct limit_opts *l);

/*
 * Where limits_apply() records which limits are defaults, so that vctx limit
 * can say so: /run/vctx/NAME/defaults, "FILE VALUE" lines (a limit changed
 * since no longer matches and is shown as the admin's).
 */
#define LIMITS_DEFAULTS_FILE "defaults"

/* Print the context's limits and bucket state (@json: one JSON object). */
int limits_show(int devfd, const struct vctx_info *info, const char *cg, bool json);

#endif /* VCTX_LIMIT_OPTS_H */
