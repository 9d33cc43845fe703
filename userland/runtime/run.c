// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An ephemeral context for one command (vctx run, the bwrap / crun run use
 * case): no supervisor; this process waits for the command, passes its
 * exit status through and tears the context down.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/apply.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "runtime/exec.h"
#include "runtime/keyring.h"
#include "runtime/ptyproxy.h"
#include "runtime/run.h"
#include "runtime/spawn.h"
#include "runtime/spawn_error.h"
#include "runtime/state.h"
#include "runtime/teardown.h"
#include "util/err.h"

/*
 * Its state directory (which must not exist: the name is taken
 * otherwise), cgroup and registration, then its limits and addresses.
 * Return: its xid, its cgroup's fd in *@cgfd; or -1 after printing why.
 */
static int register_ephemeral(int devfd, struct ctx_spec *spec, int *cgfd)
{
	char cg[PATH_MAX], state[PATH_MAX], root[PATH_MAX + 8];
	const char *why = NULL;
	int xid, ret;

	state_dir_of(spec->name, state);
	snprintf(root, sizeof(root), "%s/root", state);
	if ((mkdir(STATE_DIR, 0755) && errno != EEXIST) || mkdir(state, 0700) || mkdir(root, 0700)) {
		ret = -errno;
		return err_print_errno(ret, "cannot create the state directory %s", state), -1;
	}
	*cgfd = cgroup_create(spec->name, cg, &why);
	if (*cgfd < 0) {
		state_dir_remove(spec->name);
		return err_print_errno(*cgfd, "cannot create context '%s': %s", spec->name, why), -1;
	}
	xid = vctx_create(devfd, spec->xid, spec->name, 0, *cgfd, spec->cap_bset);
	if (xid < 0) {
		close(*cgfd);
		cgroup_remove(cg);
		state_dir_remove(spec->name);
		return err_print_errno(xid, "cannot create context '%s': %s", spec->name,
				       xid == -EEXIST ? "its name or xid is taken; see 'vctx list'" :
				       "the module refused to register it"), -1;
	}
	if (context_apply_limits(devfd, spec, (uint32_t)xid, cg) ||
	    (spec->net == NET_SHARED && context_apply_net(devfd, spec, (uint32_t)xid))) {
		close(*cgfd);
		context_teardown(devfd, spec->name, (uint32_t)xid, true, &why);
		return -1;
	}
	return xid;
}

/*
 * On a terminal the command gets a pty of its own, never the admin's. It
 * comes from the host's /dev/ptmx, opened before the context exists: the
 * slave is a fresh pty made for this guest and nothing else, and the
 * host's devpts is trusted where the guest's would have to be opened from
 * inside and passed out. (So its name is one of the host's: ttyname()
 * inside finds no such node.) And no task of the context shares the
 * admin's session keyring. Return: 0, or -1 after printing why.
 */
static int command_isolation(const struct ctx_spec *spec, struct run_cmd *run,
			     struct ptyproxy *pty)
{
	const char *why;
	int ret;

	run->tty_mask = ptyproxy_tty_mask();
	ret = run->tty_mask ? ptyproxy_open(pty, "/dev/ptmx", false, run->tty_mask) : 0;
	why = "cannot open a pty for the command (/dev/ptmx)";
	run->tty = pty->slave;
	if (!ret) {
		ret = keyring_join_fresh();
		why = "cannot join a fresh session keyring (keyctl)";
	}
	if (ret)
		return err_print_errno(ret, "cannot run in context '%s': %s", spec->name, why), -1;
	return 0;
}

/* Give up on the context: its pty, its registration, @devfd. Return: @code. */
static int abandon(int devfd, const struct ctx_spec *spec, uint32_t xid, struct ptyproxy *pty,
		   int code)
{
	const char *why;

	ptyproxy_close(pty);
	context_teardown(devfd, spec->name, xid, true, &why);
	close(devfd);
	return code;
}

int context_run(struct ctx_spec *spec, char **argv)
{
	struct ptyproxy pty = { .master = -1, .slave = -1 };
	struct run_cmd run = { .argv = argv, .tty = -1 };
	struct spawn_error err;
	const char *why = NULL;
	int devfd, cgfd, pidfd, xid, code, ret;
	pid_t init;

	devfd = device_open_contexts();
	if (devfd < 0)
		return EXIT_TOOL;
	xid = register_ephemeral(devfd, spec, &cgfd);
	if (xid < 0) {
		close(devfd);
		return EXIT_TOOL;
	}
	if (command_isolation(spec, &run, &pty)) {
		close(cgfd);
		return abandon(devfd, spec, (uint32_t)xid, &pty, EXIT_TOOL);
	}
	init = spawn_context(spec, (uint32_t)xid, cgfd, SPAWN_RUN, &run, &pidfd, &err);
	close(cgfd);
	if (init < 0) {
		abandon(devfd, spec, (uint32_t)xid, &pty, 0);
		if (err.err)
			err_print_errno(err.err, "cannot run in context '%s': %s", spec->name, err.msg);
		else
			err_print("cannot run in context '%s': %s", spec->name, err.msg);
		return err.exit_code;
	}
	/* Without a reported init the context would still work; just less visible. */
	vctx_set_init(devfd, (uint32_t)xid, init);
	if (context_apply_cpu_limit(devfd, spec, (uint32_t)xid)) {
		close(pidfd);
		return abandon(devfd, spec, (uint32_t)xid, &pty, EXIT_TOOL);
	}

	code = pty.master >= 0 ? ptyproxy_relay(&pty, init, pidfd) : wait_forwarding(init, pidfd);
	close(pidfd);
	ret = context_teardown(devfd, spec->name, (uint32_t)xid, true, &why);
	close(devfd);
	if (ret)
		return err_print_errno(ret, "cannot remove context '%s' after the command: %s",
				       spec->name, why);
	return code;
}
