// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx run: an ephemeral context for one command, gone when it exits; its
 * exit status is passed through (the bwrap / crun run use case).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctx_opts.h"
#include "lib/libvctx.h"
#include "runtime/apply.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "runtime/exec.h"
#include "runtime/keyring.h"
#include "runtime/ptyproxy.h"
#include "runtime/spawn.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"
#include "runtime/state.h"
#include "runtime/teardown.h"
#include "util/err.h"

static const char run_usage[] = "[OPTIONS] [--name NAME] -- CMD [ARG...]";
static const char run_details[] =
	"Options:\n"
	"  --name NAME          the context's name (default: run-<pid of vctx>)\n"
	CTX_OPTS_HELP
	"  -h, --help           show this help\n"
	"\n"
	"CMD runs as pid 2 under a minimal init, in a session of its own and, when vctx\n"
	"runs on a terminal, on a pty of its own that vctx relays; signals sent to vctx\n"
	"are passed to it. Exit status: CMD's, or 125/126/127 (see 'vctx --help').\n";

static int run_run(struct cli *cli, int argc, char **argv)
{
	struct ptyproxy pty = { .master = -1, .slave = -1 };
	struct run_cmd run = { .argv = argv, .tty = -1 };
	struct ctx_spec spec;
	struct spawn_error err;
	char cg[PATH_MAX], state[PATH_MAX], root[PATH_MAX + 8];
	const char *why = NULL;
	int first, devfd, cgfd, pidfd, xid, code, ret;
	pid_t init;

	(void)cli;
	first = ctx_opts_parse(argc, argv, FOR_RUN, &spec, &cmd_run, run_usage, run_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (first >= argc)
		return err_print("run needs a command: vctx run [OPTIONS] -- CMD [ARG...]");
	if (!spec.name[0])
		snprintf(spec.name, sizeof(spec.name), "run-%d", getpid());
	run.argv = argv + first;

	devfd = device_open_contexts();
	if (devfd < 0)
		return EXIT_TOOL;
	state_dir_of(spec.name, state);
	snprintf(root, sizeof(root), "%s/root", state);
	if ((mkdir(STATE_DIR, 0755) && errno != EEXIST) || mkdir(state, 0700) || mkdir(root, 0700)) {
		ret = -errno;
		close(devfd);
		return err_print_errno(ret, "cannot create the state directory %s", state);
	}
	cgfd = cgroup_create(spec.name, cg, &why);
	if (cgfd < 0) {
		state_dir_remove(spec.name);
		close(devfd);
		return err_print_errno(cgfd, "cannot create context '%s': %s", spec.name, why);
	}
	xid = vctx_create(devfd, spec.xid, spec.name, 0, cgfd, spec.cap_bset);
	if (xid < 0) {
		close(cgfd);
		cgroup_remove(cg);
		state_dir_remove(spec.name);
		close(devfd);
		return err_print_errno(xid, "cannot create context '%s': %s", spec.name,
				       xid == -EEXIST ? "its name or xid is taken; see 'vctx list'" :
				       "the module refused to register it");
	}

	if (context_apply_limits(devfd, &spec, (uint32_t)xid, cg) ||
	    (spec.net == NET_SHARED && context_apply_net(devfd, &spec, (uint32_t)xid))) {
		close(cgfd);
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &why);
		close(devfd);
		return EXIT_TOOL;
	}
	/*
	 * On a terminal the command gets a pty of its own, never the
	 * admin's. It comes from the host's /dev/ptmx, opened before the
	 * context exists: the slave is a fresh pty made for this guest and
	 * nothing else, and the host's devpts is trusted where the guest's
	 * would have to be opened from inside and passed out. (So its name
	 * is one of the host's: ttyname() inside finds no such node.)
	 */
	run.tty_mask = ptyproxy_tty_mask();
	ret = run.tty_mask ? ptyproxy_open(&pty, "/dev/ptmx", false, run.tty_mask) : 0;
	why = "cannot open a pty for the command (/dev/ptmx)";
	run.tty = pty.slave;
	/* No task of the context shares the admin's session keyring. */
	if (!ret) {
		ret = keyring_join_fresh();
		why = "cannot join a fresh session keyring (keyctl)";
	}
	if (ret) {
		err_print_errno(ret, "cannot run in context '%s': %s", spec.name, why);
		ptyproxy_close(&pty);
		close(cgfd);
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &why);
		close(devfd);
		return EXIT_TOOL;
	}
	init = spawn_context(&spec, (uint32_t)xid, cgfd, SPAWN_RUN, &run, &pidfd, &err);
	close(cgfd);
	if (init < 0) {
		ptyproxy_close(&pty);
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &why);
		close(devfd);
		if (err.err)
			err_print_errno(err.err, "cannot run in context '%s': %s", spec.name, err.msg);
		else
			err_print("cannot run in context '%s': %s", spec.name, err.msg);
		return err.exit_code;
	}
	/* Without a reported init the context would still work; just less visible. */
	vctx_set_init(devfd, (uint32_t)xid, init);
	if (context_apply_cpu_limit(devfd, &spec, (uint32_t)xid)) {
		close(pidfd);
		ptyproxy_close(&pty);
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &why);
		close(devfd);
		return EXIT_TOOL;
	}

	code = pty.master >= 0 ? ptyproxy_relay(&pty, init, pidfd) : wait_forwarding(init, pidfd);
	close(pidfd);
	ret = context_teardown(devfd, spec.name, (uint32_t)xid, true, &why);
	close(devfd);
	if (ret)
		return err_print_errno(ret, "cannot remove context '%s' after the command: %s",
				       spec.name, why);
	return code;
}

const struct cli_command cmd_run = {
	.name = "run",
	.summary = "Run one command in an ephemeral context",
	.run = run_run,
};
