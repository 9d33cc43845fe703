// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx monitor: the module's events, live, from its generic netlink
 * family (libnl-genl-3). Losses show up as gaps in the events' sequence
 * numbers, whether the module's queue or our socket buffer overflowed, and
 * are reported as such.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "cli/cli.h"
#include "util/err.h"
#include "util/json.h"
#include "util/units.h"

/* Room for bursts: the kernel caps it at net.core.rmem_max. */
#define MONITOR_RCVBUF (4 << 20)

struct monitor {
	bool json;
	char **names;
	int nr_names;
	uint64_t last_seq;
	uint64_t received;
	uint64_t lost;
};

static const char *const event_names[__VCTX_EVENT_MAX] = {
	[VCTX_EVENT_CREATED] = "created",
	[VCTX_EVENT_STARTED] = "started",
	[VCTX_EVENT_STOPPED] = "stopped",
	[VCTX_EVENT_EMPTY] = "empty",
	[VCTX_EVENT_DESTROYED] = "destroyed",
	[VCTX_EVENT_HOLD] = "hold",
	[VCTX_EVENT_UNHOLD] = "unhold",
	[VCTX_EVENT_DENIED] = "denied",
	[VCTX_EVENT_DISK] = "disk",
};

static const char *const disk_resource_names[] = {
	[VCTX_DISK_BLOCKS] = "blocks",
	[VCTX_DISK_INODES] = "inodes",
};

static const char *const rule_names[__VCTX_DENY_MAX] = {
	[VCTX_DENY_SIGNAL] = "signal",
	[VCTX_DENY_PTRACE] = "ptrace",
	[VCTX_DENY_PRIORITY] = "priority",
	[VCTX_DENY_PROC] = "proc",
	[VCTX_DENY_OWNER] = "owner",
	[VCTX_DENY_KEXEC] = "kexec",
	[VCTX_DENY_CGROUP] = "cgroup",
	[VCTX_DENY_KEYRING] = "keyring",
	[VCTX_DENY_UNIX] = "unix",
	[VCTX_DENY_SOCKET] = "socket",
	[VCTX_DENY_MODULE] = "module",
	[VCTX_DENY_RLIMIT] = "rlimit",
	[VCTX_DENY_LINK] = "link",
	[VCTX_DENY_LIMITS] = "limits",
	[VCTX_DENY_DEVICE] = "device",
	[VCTX_DENY_QUOTA] = "quota",
};

static struct nla_policy policy[VCTX_A_MAX + 1] = {
	[VCTX_A_SEQ] = { .type = NLA_U64 },
	[VCTX_A_TIME] = { .type = NLA_U64 },
	[VCTX_A_EVENT] = { .type = NLA_U32 },
	[VCTX_A_XID] = { .type = NLA_U32 },
	[VCTX_A_NAME] = { .type = NLA_STRING, .maxlen = VCTX_NAME_LEN },
	[VCTX_A_PID] = { .type = NLA_U32 },
	[VCTX_A_RULE] = { .type = NLA_U32 },
	[VCTX_A_SIGNAL] = { .type = NLA_U32 },
	[VCTX_A_TARGET_XID] = { .type = NLA_U32 },
	[VCTX_A_TARGET_NAME] = { .type = NLA_STRING, .maxlen = VCTX_NAME_LEN },
	[VCTX_A_TARGET_PID] = { .type = NLA_U32 },
	[VCTX_A_DISK_RESOURCE] = { .type = NLA_U32 },
	[VCTX_A_DISK_LEVEL] = { .type = NLA_U32 },
	[VCTX_A_DISK_USAGE] = { .type = NLA_U64 },
	[VCTX_A_DISK_LIMIT] = { .type = NLA_U64 },
};

static const char *name_of(const char *const *names, size_t n, uint32_t v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

static void iso_time_ns(uint64_t ns, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&t, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06" PRIu64 "Z", ns / 1000 % 1000000);
}

static void report_lost(struct monitor *m, uint64_t count)
{
	struct json j;

	m->lost += count;
	if (m->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "event", "lost");
		json_uint(&j, "count", count);
		json_object_end(&j);
	} else {
		printf("lost %" PRIu64 " event(s): the listener fell behind\n", count);
	}
}

static bool wanted(const struct monitor *m, struct nlattr **a)
{
	int i;

	if (!m->nr_names)
		return true;
	for (i = 0; i < m->nr_names; i++)
		if ((a[VCTX_A_NAME] && !strcmp(nla_get_string(a[VCTX_A_NAME]), m->names[i])) ||
		    (a[VCTX_A_TARGET_NAME] &&
		     !strcmp(nla_get_string(a[VCTX_A_TARGET_NAME]), m->names[i])))
			return true;
	return false;
}

/* The attributes an event may carry besides the common ones, in order. */
static const struct {
	int attr;
	const char *key;
} extras[] = {
	{ VCTX_A_PID, "pid" },
	{ VCTX_A_RULE, "rule" },
	{ VCTX_A_SIGNAL, "signal" },
	{ VCTX_A_TARGET_XID, "target_xid" },
	{ VCTX_A_TARGET_NAME, "target_name" },
	{ VCTX_A_TARGET_PID, "target_pid" },
};

/* "921.6K"-style approximate size, for a usage figure. */
static void approx_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	double v = (double)bytes;
	int i = -1;

	while (v >= 1024 && i < 5) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" PRIu64, bytes);
	else
		snprintf(buf, len, "%.1f%c", v, units[i]);
}

/*
 * A DISK event's figures: "blocks 90% 921.6K of 1M", "inodes 100% 1024 of
 * 1024"; level 0 reads "below 90%". JSON: resource, level, usage, limit.
 */
static void print_disk(const struct monitor *m, struct json *j, struct nlattr **a)
{
	uint32_t res = a[VCTX_A_DISK_RESOURCE] ? nla_get_u32(a[VCTX_A_DISK_RESOURCE]) : 0;
	uint32_t level = a[VCTX_A_DISK_LEVEL] ? nla_get_u32(a[VCTX_A_DISK_LEVEL]) : 0;
	uint64_t usage = a[VCTX_A_DISK_USAGE] ? nla_get_u64(a[VCTX_A_DISK_USAGE]) : 0;
	uint64_t limit = a[VCTX_A_DISK_LIMIT] ? nla_get_u64(a[VCTX_A_DISK_LIMIT]) : 0;
	const char *rname = name_of(disk_resource_names,
				    sizeof(disk_resource_names) / sizeof(disk_resource_names[0]),
				    res);
	char used[32], max[32];

	if (m->json) {
		json_string(j, "resource", rname);
		json_uint(j, "level", level);
		json_uint(j, "usage", usage);
		json_uint(j, "limit", limit);
		return;
	}
	if (res == VCTX_DISK_BLOCKS) {
		approx_size(usage, used, sizeof(used));
		format_size(limit, max, sizeof(max));
	} else {
		snprintf(used, sizeof(used), "%" PRIu64, usage);
		snprintf(max, sizeof(max), "%" PRIu64, limit);
	}
	if (level)
		printf(" %s %u%% %s of %s", rname, level, used, max);
	else if (limit)
		printf(" %s below 90%% %s of %s", rname, used, max);
	else
		printf(" %s no limit %s", rname, used);
}

static void print_event(const struct monitor *m, struct nlattr **a, uint64_t seq)
{
	const char *event = name_of(event_names, __VCTX_EVENT_MAX, nla_get_u32(a[VCTX_A_EVENT]));
	const char *name = a[VCTX_A_NAME] ? nla_get_string(a[VCTX_A_NAME]) : "";
	char when[48];
	struct json j;
	size_t i;

	iso_time_ns(a[VCTX_A_TIME] ? nla_get_u64(a[VCTX_A_TIME]) : 0, when, sizeof(when));
	if (m->json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_uint(&j, "seq", seq);
		json_string(&j, "time", when);
		json_string(&j, "event", event);
		json_uint(&j, "xid", nla_get_u32(a[VCTX_A_XID]));
		json_string(&j, "name", name);
	} else {
		printf("%s seq=%" PRIu64 " %-9s xid=%u name=%s", when, seq, event,
		       nla_get_u32(a[VCTX_A_XID]), name);
	}
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		struct nlattr *x = a[extras[i].attr];

		if (!x)
			continue;
		if (extras[i].attr == VCTX_A_TARGET_NAME) {
			if (m->json)
				json_string(&j, extras[i].key, nla_get_string(x));
			else
				printf(" %s=%s", extras[i].key, nla_get_string(x));
		} else if (extras[i].attr == VCTX_A_RULE) {
			const char *rule = name_of(rule_names, __VCTX_DENY_MAX, nla_get_u32(x));

			if (m->json)
				json_string(&j, extras[i].key, rule);
			else
				printf(" %s=%s", extras[i].key, rule);
		} else if (m->json) {
			json_uint(&j, extras[i].key, nla_get_u32(x));
		} else {
			printf(" %s=%u", extras[i].key, nla_get_u32(x));
		}
	}
	if (a[VCTX_A_DISK_LEVEL])
		print_disk(m, &j, a);
	if (m->json)
		json_object_end(&j);
	else
		putchar('\n');
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	struct nlattr *a[VCTX_A_MAX + 1];
	uint64_t seq;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, a, VCTX_A_MAX, policy) ||
	    !a[VCTX_A_SEQ] || !a[VCTX_A_EVENT] || !a[VCTX_A_XID])
		return NL_SKIP;
	seq = nla_get_u64(a[VCTX_A_SEQ]);
	if (m->last_seq && seq > m->last_seq + 1)
		report_lost(m, seq - m->last_seq - 1);
	m->last_seq = seq;
	m->received++;
	if (wanted(m, a))
		print_event(m, a, seq);
	return NL_OK;
}

/* Subscribe; on failure print why (and how to fix it) and return NULL. */
static struct nl_sock *subscribe(struct monitor *m)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct stat st;
	int grp, ret;

	if (!sk) {
		err_print("cannot allocate a netlink socket");
		return NULL;
	}
	ret = genl_connect(sk);
	if (ret < 0) {
		err_print("cannot open a generic netlink socket: %s", nl_geterror(ret));
		goto err;
	}
	grp = genl_ctrl_resolve_grp(sk, VCTX_GENL_NAME, VCTX_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		if (stat("/sys/module/vctx", &st))
			err_print("no vctx event family: the vctx module is not loaded; load it with 'modprobe vctx'");
		else
			err_print("the loaded vctx module has no event family (%s); load the module that came with this tool",
				  nl_geterror(grp));
		goto err;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, m);
	ret = nl_socket_add_membership(sk, grp);
	if (ret < 0) {
		err_print("cannot listen to vctx events: %s%s", nl_geterror(ret),
			  ret == -NLE_PERM ? "; it needs root (CAP_SYS_ADMIN) on the host" : "");
		goto err;
	}
	nl_socket_set_buffer_size(sk, MONITOR_RCVBUF, 0);
	nl_socket_set_nonblocking(sk);
	return sk;

err:
	nl_socket_free(sk);
	return NULL;
}

/* Read what is there. Return: 0, or -1 when the socket failed for good. */
static int drain(struct nl_sock *sk, struct monitor *m)
{
	int ret;

	for (;;) {
		ret = nl_recvmsgs_default(sk);
		if (ret >= 0)
			continue;
		if (ret == -NLE_AGAIN)
			return 0;
		/* ENOBUFS: the socket overflowed; the next sequence number tells how much. */
		if (ret == -NLE_NOMEM) {
			if (!m->json)
				fflush(stdout);
			continue;
		}
		err_print("reading events failed: %s", nl_geterror(ret));
		return -1;
	}
}

static const char monitor_usage[] = "[--json] [NAME...]";
static const char monitor_details[] =
	"Prints each event of the module as it happens, one line each: contexts\n"
	"created, started (init running), stopped (init gone), empty (last task gone)\n"
	"and destroyed; CPU holds (hold, unhold); operations denied across contexts\n"
	"(denied: who, which rule, whom); a watched disk quota crossing 90 % or 100 %\n"
	"of its hard limit, or falling back below 90 % (disk: blocks or inodes, the\n"
	"level, usage and limit). With NAMEs, only events about those contexts\n"
	"(as actor or target). Events the listener could not keep up with are reported\n"
	"as 'lost N'. Runs until interrupted (Ctrl-C, SIGTERM); needs root.\n"
	"\n"
	"Options:\n"
	"  --json      one JSON object per line: seq, time, event, xid, name, and pid,\n"
	"              rule, signal, target_xid, target_name, target_pid, resource,\n"
	"              level, usage (bytes or inodes), limit where they apply;\n"
	"              {\"event\":\"lost\",\"count\":N} for a gap\n"
	"  -h, --help  show this help\n";

static int monitor_run(struct cli *cli, int argc, char **argv)
{
	struct monitor m = { 0 };
	struct pollfd pfd[2];
	struct nl_sock *sk;
	sigset_t stop;
	int c, i, code = 0;

	c = cli_json_options(&cmd_monitor, cli, argc, argv, monitor_usage, monitor_details);
	if (c <= 0)
		return c ? EXIT_TOOL : 0;
	m.json = cli->json;
	m.names = argv + optind;
	m.nr_names = argc - optind;
	for (i = 0; i < m.nr_names; i++)
		if (strlen(m.names[i]) >= VCTX_NAME_LEN)
			return cli_bad_name(m.names[i]);

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	pfd[1].fd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (pfd[1].fd < 0)
		return err_print_errno(errno, "cannot watch for SIGINT");
	sk = subscribe(&m);
	if (!sk) {
		close(pfd[1].fd);
		return EXIT_TOOL;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "vctx monitor: listening%s (Ctrl-C to stop)\n",
		m.nr_names ? " to the named contexts" : "");
	pfd[0].fd = nl_socket_get_fd(sk);
	pfd[0].events = pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			code = err_print_errno(errno, "poll");
			break;
		}
		if (pfd[0].revents && drain(sk, &m)) {
			code = EXIT_TOOL;
			break;
		}
		if (pfd[1].revents)
			break;
	}
	fprintf(stderr, "vctx monitor: %" PRIu64 " event(s), %" PRIu64 " lost\n", m.received, m.lost);
	nl_socket_free(sk);
	close(pfd[1].fd);
	return code;
}

const struct cli_command cmd_monitor = {
	.name = "monitor",
	.summary = "Print the module's events as they happen",
	.run = monitor_run,
};
