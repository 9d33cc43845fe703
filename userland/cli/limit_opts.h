/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The limit options on the command line of vctx limit, create and run:
 * getopt_long entries and their help. Each is taken by limit_opt().
 */
#ifndef VCTX_CLI_LIMIT_OPTS_H
#define VCTX_CLI_LIMIT_OPTS_H

#include <getopt.h>

#include "runtime/limits.h"

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
	{ "cpuset", required_argument, NULL, OPT_LIM_CPUSET }, \
	{ "virt", required_argument, NULL, OPT_LIM_VIRT }, \
	{ "disk", required_argument, NULL, OPT_LIM_DISK }, \
	{ "inodes", required_argument, NULL, OPT_LIM_INODES }

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
	"  --cpuset LIST        CPUs it may run on, e.g. 0-3,6\n" \
	"  --virt LIST|all|none what /proc and sysinfo(2) show as its own, not the\n" \
	"                       host's: mem,swap,uptime,load,cpu (default: all)\n" \
	"  --disk SIZE|max      disk space of its root (a project quota; ext4 or XFS with\n" \
	"                       prjquota): df inside shows it, writes past it fail\n" \
	"  --inodes N|max       most files on its root\n"

#endif /* VCTX_CLI_LIMIT_OPTS_H */
