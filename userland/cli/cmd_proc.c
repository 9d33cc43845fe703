// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx proc: the visibility flags of /proc entries, globally and per
 * context (VServer's vprocunhide and setattr --hide/--admin/--watch).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/libvctx.h"
#include "runtime/device.h"
#include "runtime/proc_change.h"
#include "util/err.h"
#include "util/json.h"

enum { OPT_LIST = 1000, OPT_APPLY, OPT_CONTEXT, OPT_RESET };


static const struct {
	const char *word;
	unsigned int bit;
	bool on;
} words[] = {
	{ "hide", VCTX_PROC_HIDE, true },   { "unhide", VCTX_PROC_HIDE, false },
	{ "admin", VCTX_PROC_ADMIN, true }, { "-admin", VCTX_PROC_ADMIN, false },
	{ "no-admin", VCTX_PROC_ADMIN, false },
	{ "watch", VCTX_PROC_WATCH, true }, { "-watch", VCTX_PROC_WATCH, false },
	{ "no-watch", VCTX_PROC_WATCH, false },
};

static bool change_word(struct proc_change *c, const char *w)
{
	size_t i;

	if (!strcmp(w, "reset")) {
		c->reset = true;
		return true;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(w, words[i].word))
			continue;
		if (words[i].on) {
			c->set |= words[i].bit;
			c->clear &= ~words[i].bit;
		} else {
			c->clear |= words[i].bit;
			c->set &= ~words[i].bit;
		}
		return true;
	}
	return false;
}

static int bad_path(const char *what, const char *arg)
{
	return err_print("invalid %s '%s': give an entry of /proc (like kmsg or /proc/sys/kernel/core_pattern) with at most %d components of letters, digits and ._:@+-; process directories (numbers, self) cannot be flagged",
			 what, arg, VCTX_PROC_DEPTH_MAX);
}

static void flags_text(unsigned int flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", flags & VCTX_PROC_HIDE ? "hide" : "-",
		 flags & VCTX_PROC_ADMIN ? ",admin" : "", flags & VCTX_PROC_WATCH ? ",watch" : "");
}

/* Who sees an entry with @flags, for a context (@guest) or globally. */
static void seen_by(unsigned int flags, bool guest, char *buf, size_t len)
{
	if (!(flags & VCTX_PROC_HIDE)) {
		snprintf(buf, len, "%s", guest ? "this context" : "all");
		return;
	}
	if (guest) {
		snprintf(buf, len, "%s", "-");
		return;
	}
	snprintf(buf, len, "%s%s%s", flags & VCTX_PROC_ADMIN ? "host" : "",
		 (flags & VCTX_PROC_ADMIN) && (flags & VCTX_PROC_WATCH) ? "," : "",
		 flags & VCTX_PROC_WATCH ? "spectator" : "");
	if (!buf[0])
		snprintf(buf, len, "%s", "none");
}

static int list(int fd, const struct vctx_info *ctx, bool json)
{
	struct vctx_proc_entry *global = NULL, *over = NULL;
	int ng, no = 0, i, flags;
	char f[32], who[32];
	struct json j;

	ng = vctx_list_proc(fd, 0, &global);
	if (ng >= 0 && ctx)
		no = vctx_list_proc(fd, ctx->xid, &over);
	if (ng < 0 || no < 0) {
		free(global);
		free(over);
		return err_print_errno(ng < 0 ? ng : no, "cannot read the procfs flags");
	}
	if (json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
	} else {
		printf("%-40s %-18s %-16s %s\n", "PATH", "FLAGS", "SEEN BY", "FROM");
	}
	/* Global entries (as the context sees them), then the context's own. */
	for (i = 0; i < ng + no; i++) {
		const struct vctx_proc_entry *e = i < ng ? &global[i] : &over[i - ng];
		bool from_ctx = i >= ng;

		flags = (int)e->flags;
		if (!from_ctx && ctx) {
			int o = proc_entry_flags(over, no, e->path);

			if (o >= 0)
				continue;	/* listed with the context's entries */
		}
		if (json) {
			json_object_begin(&j, NULL);
			json_string(&j, "path", e->path);
			json_bool(&j, "hide", flags & VCTX_PROC_HIDE);
			json_bool(&j, "admin", flags & VCTX_PROC_ADMIN);
			json_bool(&j, "watch", flags & VCTX_PROC_WATCH);
			json_string(&j, "from", from_ctx ? "context" : "global");
			json_object_end(&j);
		} else {
			flags_text((unsigned int)flags, f, sizeof(f));
			seen_by((unsigned int)flags, ctx != NULL, who, sizeof(who));
			printf("%-40s %-18s %-16s %s\n", e->path, f, who,
			       from_ctx ? ctx->name : "global");
		}
	}
	if (json)
		json_array_end(&j);
	free(global);
	free(over);
	return 0;
}

/* One line of a policy file: "[CONTEXT:]PATH [WORD...]". */
struct rule {
	char context[VCTX_NAME_LEN];
	char path[VCTX_PROC_PATH_LEN];
	struct proc_change change;
	int line;
};

static int parse_rules(const char *file, struct rule **out)
{
	char buf[512], *tok, *save, *colon;
	struct rule *rules = NULL, *grown;
	int n = 0, line = 0;
	FILE *f = fopen(file, "re");

	if (!f) {
		err_print_errno(errno, "cannot read %s", file);
		return -1;
	}
	while (fgets(buf, sizeof(buf), f)) {
		struct rule r;

		line++;
		memset(&r, 0, sizeof(r));
		r.line = line;
		buf[strcspn(buf, "#\n")] = '\0';
		tok = strtok_r(buf, " \t", &save);
		if (!tok)
			continue;
		colon = strchr(tok, ':');
		if (colon && colon < tok + strcspn(tok, "/") && tok[0] != '/') {
			*colon = '\0';
			if (!vctx_valid_name(tok)) {
				err_print("%s:%d: invalid context name '%s'", file, line, tok);
				goto err;
			}
			strcpy(r.context, tok);
			tok = colon + 1;
		}
		if (!proc_table_path(tok, r.path)) {
			err_print("%s:%d: invalid path '%s'", file, line, tok);
			goto err;
		}
		/* A path alone unhides it, as in VServer's vprocunhide files. */
		if (!(tok = strtok_r(NULL, " \t", &save)))
			change_word(&r.change, "unhide");
		for (; tok; tok = strtok_r(NULL, " \t", &save))
			if (!change_word(&r.change, tok)) {
				err_print("%s:%d: unknown flag '%s': use hide, unhide, admin, -admin, watch, -watch or reset",
					  file, line, tok);
				goto err;
			}
		grown = realloc(rules, (size_t)(n + 1) * sizeof(*rules));
		if (!grown) {
			err_print("out of memory");
			goto err;
		}
		rules = grown;
		rules[n++] = r;
	}
	fclose(f);
	*out = rules;
	return n;

err:
	fclose(f);
	free(rules);
	return -1;
}

static int apply_file(int fd, const char *file)
{
	struct vctx_info info;
	struct rule *rules;
	int n, i, ret = 0;

	n = parse_rules(file, &rules);
	if (n < 0)
		return EXIT_TOOL;
	/* Every context named must exist before anything changes. */
	for (i = 0; i < n; i++)
		if (rules[i].context[0] && vctx_info_by_name(fd, rules[i].context, &info)) {
			err_print("%s:%d: no context named '%s'", file, rules[i].line, rules[i].context);
			free(rules);
			return EXIT_TOOL;
		}
	for (i = 0; i < n && !ret; i++) {
		__u32 xid = 0;

		if (rules[i].context[0] && !vctx_info_by_name(fd, rules[i].context, &info))
			xid = info.xid;
		ret = proc_change_apply(fd, xid, rules[i].context, rules[i].path, &rules[i].change);
		if (ret)
			fprintf(stderr, "vctx: (at %s:%d)\n", file, rules[i].line);
	}
	free(rules);
	return ret;
}

static const char proc_usage[] =
	"[--context NAME] PATH... FLAG...\n"
	"       vctx proc --list [--context NAME] [--json]\n"
	"       vctx proc --apply FILE";
static const char proc_details[] =
	"Entries of /proc (not the process directories) carry VServer's flags: without\n"
	"hide, every task sees them; with hide, the host sees them if admin, the\n"
	"spectator if watch, and no guest. A context may override an entry for its own\n"
	"tasks. Hidden entries are absent from listings and cannot be opened (ENOENT),\n"
	"on every procfs mount; changes apply at once.\n"
	"\n"
	"PATH: kmsg, sys/kernel/core_pattern, net/dev ... (a leading /proc/ is fine).\n"
	"\n"
	"Flags (on the global table, or with --context on that context's overrides,\n"
	"which start from the global flags):\n"
	"  --hide, --unhide       hide from guests / show to everyone\n"
	"  --admin, --no-admin    show to the host while hidden / do not\n"
	"  --watch, --no-watch    show to the spectator while hidden / do not\n"
	"  --reset                drop the entry (a context's: the global flags apply)\n"
	"\n"
	"Options:\n"
	"  --context NAME|XID     a context's overrides instead of the global table\n"
	"  --list                 print the flags (with --context: as that context sees\n"
	"                         them); --json: an array of path, hide, admin, watch, from\n"
	"  --apply FILE           apply a policy file: lines '[CONTEXT:]PATH [FLAG...]',\n"
	"                         FLAG one of hide, unhide, admin, -admin, watch, -watch,\n"
	"                         reset; a path alone is unhidden (VServer's vprocunhide)\n"
	"  -h, --help             show this help\n";

static int proc_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, OPT_LIST },
		{ "apply", required_argument, NULL, OPT_APPLY },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "hide", no_argument, NULL, 'H' },
		{ "unhide", no_argument, NULL, 'U' },
		{ "admin", no_argument, NULL, 'A' },
		{ "no-admin", no_argument, NULL, 'a' },
		{ "watch", no_argument, NULL, 'W' },
		{ "no-watch", no_argument, NULL, 'w' },
		{ "reset", no_argument, NULL, OPT_RESET },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *context = NULL, *apply = NULL;
	char path[VCTX_PROC_PATH_LEN];
	struct proc_change change = { 0 };
	bool do_list = false, flagged = false;
	struct vctx_info info;
	int fd, c, i, ret = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LIST:
			do_list = true;
			break;
		case OPT_APPLY:
			apply = optarg;
			break;
		case OPT_CONTEXT:
			context = optarg;
			break;
		case 'H': case 'U': case 'A': case 'a': case 'W': case 'w': case OPT_RESET:
			change_word(&change, c == 'H' ? "hide" : c == 'U' ? "unhide" :
				    c == 'A' ? "admin" : c == 'a' ? "-admin" : c == 'W' ? "watch" :
				    c == 'w' ? "-watch" : "reset");
			flagged = true;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli_usage(&cmd_proc, proc_usage, proc_details);
			return 0;
		default:
			return err_print("see 'vctx proc --help'");
		}
	}
	if (change.reset && (change.set || change.clear))
		return err_print("--reset drops the entry; give no other flag with it");
	if (do_list + !!apply + flagged != 1)
		return err_print("give flags to change, --list or --apply FILE (one of them); see 'vctx proc --help'");
	if (apply && (context || optind < argc))
		return err_print("--apply takes only the file; contexts are named in it");
	if (do_list && optind < argc)
		return err_print("--list takes no path; got '%s'", argv[optind]);
	if (flagged && optind >= argc)
		return err_print("give the paths to flag, e.g. vctx proc kmsg --unhide");
	for (i = optind; i < argc; i++)
		if (!proc_table_path(argv[i], path))
			return bad_path("path", argv[i]);

	fd = device_open_with(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_PROCFS, "procfs visibility");
	if (fd < 0)
		return EXIT_TOOL;
	if (context) {
		if (cli_find_context(fd, context, &info)) {
			close(fd);
			return EXIT_TOOL;
		}
		if (info.info_flags & VCTX_INFO_BUILTIN) {
			close(fd);
			return err_print("'%s' is a built-in context: its view is the global table's admin (host) and watch (spectator) flags",
					 info.name);
		}
	}
	if (do_list)
		ret = list(fd, context ? &info : NULL, cli->json);
	else if (apply)
		ret = apply_file(fd, apply);
	else
		for (i = optind; i < argc && !ret; i++) {
			proc_table_path(argv[i], path);
			ret = proc_change_apply(fd, context ? info.xid : 0, context ? info.name : NULL,
					   path, &change);
		}
	close(fd);
	return ret ? EXIT_TOOL : 0;
}

const struct cli_command cmd_proc = {
	.name = "proc",
	.summary = "Show or change which /proc entries contexts see",
	.run = proc_run,
};
