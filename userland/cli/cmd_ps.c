// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx ps: every process with its context (VServer's vps). The listing runs
 * as the spectator, which sees every process and can harm none; the module
 * answers which context each pid belongs to.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/device.h"
#include "runtime/exec.h"
#include "runtime/spectator.h"
#include "util/err.h"
#include "util/json.h"
#include "util/procps.h"

/* One process as listed: what /proc says, and its context. */
struct ps_row {
	struct ps_proc proc;
	__u32 xid;
	char context[VCTX_NAME_LEN];
	char user[32];
	char time[32];
};

struct ps_field {
	const char *name;
	const char *header;
	int width;		/* negative: left-aligned */
	void (*text)(const struct ps_row *r, char *buf, size_t len);
	void (*json)(struct json *j, const char *key, const struct ps_row *r);
};

#define TEXT_NUM(field, expr)							\
static void text_##field(const struct ps_row *r, char *buf, size_t len)	\
{										\
	snprintf(buf, len, "%llu", (unsigned long long)(expr));		\
}										\
static void json_##field(struct json *j, const char *key, const struct ps_row *r) \
{										\
	json_uint(j, key, (unsigned long long)(expr));				\
}
#define TEXT_STR(field, expr)							\
static void text_##field(const struct ps_row *r, char *buf, size_t len)	\
{										\
	snprintf(buf, len, "%s", (expr));					\
}										\
static void json_##field(struct json *j, const char *key, const struct ps_row *r) \
{										\
	json_string(j, key, (expr));						\
}

TEXT_NUM(pid, r->proc.pid)
TEXT_NUM(ppid, r->proc.ppid)
TEXT_NUM(vpid, r->proc.vpid)
TEXT_NUM(xid, r->xid)
TEXT_STR(context, r->context)
TEXT_STR(user, r->user)
TEXT_NUM(uid, r->proc.uid)
TEXT_STR(time, r->time)
TEXT_NUM(rss, r->proc.rss_kb)
TEXT_NUM(vsz, r->proc.vsz_kb)
TEXT_STR(comm, r->proc.comm)
TEXT_STR(args, r->proc.args)

static void text_stat(const struct ps_row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%c", r->proc.state);
}

static void json_stat(struct json *j, const char *key, const struct ps_row *r)
{
	char s[2] = { r->proc.state, '\0' };

	json_string(j, key, s);
}

#define FIELD(n, h, w)	{ #n, h, w, text_##n, json_##n }
static const struct ps_field fields[] = {
	FIELD(pid, "PID", 7),
	FIELD(ppid, "PPID", 7),
	FIELD(vpid, "VPID", 6),
	FIELD(xid, "XID", 6),
	FIELD(context, "CONTEXT", -16),
	FIELD(user, "USER", -10),
	FIELD(uid, "UID", 6),
	FIELD(stat, "S", -1),
	FIELD(time, "TIME", 9),
	FIELD(rss, "RSS", 8),
	FIELD(vsz, "VSZ", 9),
	FIELD(comm, "COMM", -16),
	FIELD(args, "COMMAND", 0),
};
#define NR_FIELDS	(sizeof(fields) / sizeof(fields[0]))

static const char default_fields[] = "pid,xid,context,vpid,user,stat,time,args";

static const char ps_usage[] = "[--json] [-o FIELD,...] [NAME|XID|--all]";
static const char ps_details[] =
	"Lists processes with the context each belongs to, as the spectator: every\n"
	"process of the host and of every context (--all, the default), or those of\n"
	"one context (NAME or XID; 'host' for the host's own).\n"
	"\n"
	"Options:\n"
	"  -o, --output FIELD,...  columns, in order (default: pid,xid,context,vpid,\n"
	"                          user,stat,time,args); FIELD is one of pid, ppid,\n"
	"                          vpid (pid inside its context), xid, context, user,\n"
	"                          uid, stat, time, rss (KiB), vsz (KiB), comm, args\n"
	"  --all                   every process (the default)\n"
	"  --json                  a JSON array of objects, one per process, with the\n"
	"                          -o fields (default: all of them)\n"
	"  -h, --help              show this help\n";

/* Parse "pid,xid,..." into indexes of fields[]; return the count or -1. */
static int parse_fields(const char *list, size_t *idx, size_t max)
{
	char *copy = strdup(list), *save = NULL, *tok;
	int n = 0;
	size_t i;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NR_FIELDS && strcmp(fields[i].name, tok); i++)
			;
		if (i == NR_FIELDS) {
			err_print("unknown field '%s' in -o: use pid, ppid, vpid, xid, context, user, uid, stat, time, rss, vsz, comm or args",
				  tok);
			free(copy);
			return -1;
		}
		if ((size_t)n == max) {
			err_print("too many fields in -o (at most %zu)", max);
			free(copy);
			return -1;
		}
		idx[n++] = i;
	}
	free(copy);
	if (!n)
		err_print("-o needs at least one field");
	return n ? n : -1;
}

static void format_time(unsigned long long ticks, char *buf, size_t len)
{
	long hz = sysconf(_SC_CLK_TCK);
	unsigned long long s = ticks / (unsigned long long)(hz > 0 ? hz : 100);

	snprintf(buf, len, "%02llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
}

static int pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Every pid in /proc, sorted; return the count (*pids malloc'd) or -errno. */
static int list_pids(pid_t **pids)
{
	struct dirent *de;
	size_t n = 0, cap = 256;
	pid_t *v, *bigger;
	DIR *d = opendir("/proc");
	char *end;
	long pid;

	*pids = NULL;
	if (!d)
		return -errno;
	v = malloc(cap * sizeof(*v));
	if (!v) {
		closedir(d);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		if (n == cap) {
			cap *= 2;
			bigger = realloc(v, cap * sizeof(*v));
			if (!bigger) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = bigger;
		}
		v[n++] = (pid_t)pid;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), pid_cmp);
	*pids = v;
	return (int)n;
}

/* Fill @r for @pid; return 0, or non-zero to skip it (gone, or filtered out). */
static int read_row(int devfd, pid_t pid, long only_xid, struct ps_row *r)
{
	struct vctx_info info;
	struct passwd *pw;

	if (ps_read(pid, &r->proc))
		return -1;
	/* After /proc: a pid reused in between shows as the new process's context. */
	if (vctx_info_by_pid(devfd, pid, &info))
		return -1;
	if (only_xid >= 0 && info.xid != (__u32)only_xid)
		return 1;
	r->xid = info.xid;
	memcpy(r->context, info.name, sizeof(r->context));
	r->context[sizeof(r->context) - 1] = '\0';
	pw = getpwuid(r->proc.uid);
	if (pw)
		snprintf(r->user, sizeof(r->user), "%s", pw->pw_name);
	else
		snprintf(r->user, sizeof(r->user), "%u", (unsigned int)r->proc.uid);
	format_time(r->proc.ticks, r->time, sizeof(r->time));
	return 0;
}

static void print_text(const struct ps_row *r, const size_t *idx, int n)
{
	char buf[sizeof(r->proc.args) + 8];
	const struct ps_field *f;
	int i;

	for (i = 0; i < n; i++) {
		f = &fields[idx[i]];
		f->text(r, buf, sizeof(buf));
		if (i == n - 1)
			printf("%s", buf);
		else
			printf("%*s ", f->width, buf);
	}
	putchar('\n');
}

static void print_header(const size_t *idx, int n)
{
	const struct ps_field *f;
	int i;

	for (i = 0; i < n; i++) {
		f = &fields[idx[i]];
		if (i == n - 1)
			printf("%s", f->header);
		else
			printf("%*s ", f->width, f->header);
	}
	putchar('\n');
}

/* The listing itself, in the spectator child. Return: the exit status. */
static int ps_list(int devfd, bool json_out, long only_xid, const size_t *idx, int n)
{
	static struct ps_row row;
	struct json j;
	pid_t *pids;
	int nr, i, k;

	nr = list_pids(&pids);
	if (nr < 0)
		return err_print_errno(nr, "cannot list /proc");
	if (json_out) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
	} else {
		print_header(idx, n);
	}
	for (i = 0; i < nr; i++) {
		if (read_row(devfd, pids[i], only_xid, &row))
			continue;
		if (!json_out) {
			print_text(&row, idx, n);
			continue;
		}
		json_object_begin(&j, NULL);
		for (k = 0; k < n; k++)
			fields[idx[k]].json(&j, fields[idx[k]].name, &row);
		json_object_end(&j);
	}
	if (json_out)
		json_array_end(&j);
	free(pids);
	return fflush(stdout) ? err_print_errno(errno, "cannot write the listing") : 0;
}

static int ps_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *list = NULL;
	size_t idx[NR_FIELDS * 2];
	struct vctx_info info;
	bool all = false;
	long only_xid = -1;
	int c, n, devfd, pidfd = -1, status;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			list = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_ps, ps_usage, ps_details);
			return 0;
		default:
			return err_print("see 'vctx ps --help'");
		}
	}
	if (optind < argc - 1)
		return err_print("ps takes at most one context, got '%s' and '%s'", argv[optind],
				 argv[optind + 1]);
	if (all && optind < argc)
		return err_print("give either --all or a context ('%s'), not both", argv[optind]);
	if (!list)
		list = cli->json ? "pid,ppid,vpid,xid,context,user,uid,stat,time,rss,vsz,comm,args" :
		       default_fields;
	n = parse_fields(list, idx, sizeof(idx) / sizeof(idx[0]));
	if (n < 0)
		return EXIT_TOOL;

	devfd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_ENFORCE, "spectator support");
	if (devfd < 0)
		return EXIT_TOOL;
	if (optind < argc) {
		if (cli_find_context(devfd, argv[optind], &info)) {
			close(devfd);
			return EXIT_TOOL;
		}
		only_xid = info.xid;
	}
	fflush(stdout);
	pid = spectator_fork(devfd, &pidfd);
	if (pid < 0) {
		close(devfd);
		return EXIT_TOOL;
	}
	if (pid == 0)
		_exit(ps_list(devfd, cli->json, only_xid, idx, n));
	close(devfd);
	status = wait_forwarding(pid, pidfd);
	return status;
}

const struct cli_command cmd_ps = {
	.name = "ps",
	.summary = "List processes with their contexts, as the spectator",
	.run = ps_run,
};
