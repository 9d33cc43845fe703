/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's resource limits: the module's CPU token bucket and the
 * cgroup v2 files for memory, swap, pids, I/O weight and CPUs. Shared by
 * vctx limit, create and run.
 */
#ifndef VCTX_RUNTIME_LIMITS_H
#define VCTX_RUNTIME_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/libvctx.h"
#include "runtime/quota.h"


/* Defaults of a new CPU limit, VServer's: a 500 ms burst, holds end at 50. */
#define LIMIT_DEFAULT_BUCKET	500
#define LIMIT_DEFAULT_MIN	50

enum limit_file { LIM_MEMORY, LIM_SWAP, LIM_PIDS, LIM_IO_WEIGHT, LIM_CPUSET, LIM_NR };

/*
 * The limit options, each with its setter in limit_opt(); the command line
 * uses them as getopt codes, past those of the context options.
 */
enum {
	OPT_LIM_CPU = 2000, OPT_LIM_BUCKET, OPT_LIM_MIN, OPT_LIM_MODE, OPT_LIM_IDLE,
	OPT_LIM_MEMORY, OPT_LIM_SWAP, OPT_LIM_PIDS, OPT_LIM_IO_WEIGHT, OPT_LIM_CPUSET,
	OPT_LIM_VIRT, OPT_LIM_DISK, OPT_LIM_INODES,
};

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
 * @have_virt: --virt was given
 * @virt: its VCTX_VIRT_* flags (what /proc and sysinfo(2) show as the
 *	  context's own)
 * @disk: --disk and --inodes, the project quota of its root
 */
struct limit_opts {
	bool cpu_off;
	bool have_rate, have_bucket, have_min, have_mode, have_idle;
	uint32_t rate, interval, bucket, min, mode, rate2, interval2;
	char files[LIM_NR][64];
	unsigned int defaulted;
	bool have_virt;
	uint32_t virt;
	struct disk_limit disk;
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
 * Apply @l to the context @info (made by vctx: its cgroup is @cg, its root
 * @rootfd, named @root in messages; -1 and NULL for the host's read-only
 * view, which takes no disk limit). All or nothing: on failure what was
 * changed is put back, the error is printed and -errno returned.
 */
int limits_apply(int devfd, const struct vctx_info *info, const char *cg, int rootfd,
		 const char *root, const struct limit_opts *l, enum limits_cpu cpu);

/* Set the CPU limit of @l (none given: nothing); errors printed, -errno. */
int limits_apply_cpu(int devfd, const struct vctx_info *info, const struct limit_opts *l);

/*
 * Whether the limit in @cg's @file (memory.max, ...) is still the default
 * limits_apply() recorded for context @name.
 */
bool limits_is_default(const char *name, const char *cg, const char *file);

#endif /* VCTX_RUNTIME_LIMITS_H */
