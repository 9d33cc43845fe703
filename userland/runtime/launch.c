// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Launching a context (vctx create, vctx start): register it, apply its
 * limits, addresses and procfs overrides, then start its init under a
 * supervisor (supervisor.c). Every step that fails undoes the earlier ones:
 * no cgroup, registration or mount is left half-made.
 *
 * In the background (the default) a forked supervisor, in a session of its
 * own, starts the init and reports over a pipe; the command returns once the
 * init runs. In the foreground (a systemd unit) the calling process is the
 * supervisor and returns when the context has stopped.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/apply.h"
#include "runtime/cgroup.h"
#include "runtime/ctxnet.h"
#include "runtime/device.h"
#include "runtime/launch.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"
#include "runtime/state.h"
#include "runtime/supervisor.h"
#include "runtime/teardown.h"
#include "util/err.h"
#include "util/fds.h"

/* The background supervisor: start the init, report on @report_fd, supervise. */
static void supervisor_main(struct ctx_spec *spec, uint32_t xid, int devfd, int cgfd,
			    int report_fd) __attribute__((noreturn));
static void supervisor_main(struct ctx_spec *spec, uint32_t xid, int devfd, int cgfd,
			    int report_fd)
{
	const int keep[] = { 0, 1, 2, devfd, cgfd, report_fd };
	struct spawn_error err;
	pid_t init;
	ssize_t n;

	/*
	 * It lives as long as the context: nothing the admin's shell had
	 * open stays with it (its init closes all it inherits anyway).
	 */
	close_fds_except(keep, sizeof(keep) / sizeof(keep[0]));
	/* Outlive the admin's session and terminal. */
	setsid();
	signal(SIGHUP, SIG_IGN);
	supervisor_block_signals();
	init = context_start_init(devfd, spec, xid, cgfd, &err);
	if (init > 0)
		supervisor_record(spec->name);
	n = write(report_fd, &err, sizeof(err));
	close(report_fd);
	close(devfd);
	if (init < 0 || n != sizeof(err))
		_exit(1);
	supervisor_log_to_state(spec->name);
	_exit(supervise(spec, xid, cgfd, init));
}

/*
 * A persistent context that stopped: its registration, cgroup, limits,
 * procfs overrides and address set are all still there; only its
 * addresses go back on their interfaces. Return: its cgroup's fd, or -1
 * after printing why.
 */
static int relaunch_prepare(int devfd, const struct ctx_spec *spec, uint32_t xid,
			    char cg[PATH_MAX])
{
	int cgfd, ret;

	ret = state_dir_create(spec->name);
	if (ret)
		return err_print_errno(ret, "cannot create the state directory " STATE_DIR "/%s",
				       spec->name), -1;
	cgroup_path_of(spec->name, cg);
	cgfd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0)
		return err_print_errno(errno, "cannot open the cgroup %s of context '%s'", cg,
				       spec->name), -1;
	if (context_restore_net(devfd, xid)) {
		close(cgfd);
		return -1;
	}
	return cgfd;
}

/* Why the module refused to register @spec (vctx_create() returned @ret). */
static const char *why_not_registered(int devfd, const struct ctx_spec *spec, int ret)
{
	struct vctx_info taken;

	if (ret == -EEXIST && !vctx_info_by_name(devfd, spec->name, &taken))
		return "the name is taken; see 'vctx list'";
	if (ret == -EEXIST)
		return "the xid is taken; see 'vctx list'";
	if (ret == -ENOSPC)
		return "no dynamic xid is left; destroy a context or give --xid";
	return "the module refused to register it";
}

/*
 * A new context: its state directory, cgroup and registration, then what
 * its spec sets before any task runs. Return: its xid, its cgroup's fd in
 * *@cgfd; or -1 after printing why, with nothing left behind.
 */
static int register_context(int devfd, struct ctx_spec *spec, bool delegated, int *cgfd)
{
	const char *why = NULL, *cleanup_why;
	char cg[PATH_MAX];
	int xid, ret;

	ret = state_dir_create(spec->name);
	if (ret)
		return err_print_errno(ret, "cannot create the state directory " STATE_DIR "/%s",
				       spec->name), -1;
	*cgfd = delegated ? cgroup_create_delegated(spec->name, cg, &why) :
			    cgroup_create(spec->name, cg, &why);
	if (*cgfd < 0) {
		/* An existing cgroup may belong to a live context: leave its state. */
		if (*cgfd != -EEXIST)
			state_dir_remove(spec->name);
		return err_print_errno(*cgfd, "cannot create context '%s': %s", spec->name, why), -1;
	}
	xid = vctx_create(devfd, spec->xid, spec->name,
			  spec->persistent ? VCTX_F_PERSISTENT : 0, *cgfd, spec->cap_bset);
	if (xid < 0) {
		why = why_not_registered(devfd, spec, xid);
		close(*cgfd);
		cgroup_remove(cg);
		state_dir_remove(spec->name);
		return err_print_errno(xid, "cannot create context '%s': %s", spec->name, why), -1;
	}

	ret = context_apply_limits(devfd, spec, (uint32_t)xid, cg);
	if (!ret)
		ret = context_apply_proc(devfd, spec, (uint32_t)xid);
	if (!ret && spec->net == NET_SHARED)
		ret = context_apply_net(devfd, spec, (uint32_t)xid);
	if (ret) {
		close(*cgfd);
		context_teardown(devfd, spec->name, (uint32_t)xid, true, &cleanup_why);
		state_dir_remove(spec->name);
		return -1;
	}
	return xid;
}

/*
 * The init did not start (@err says why): undo what this launch made
 * (a persistent context that stopped keeps its registration), close
 * @devfd. Return: the exit code.
 */
static int start_failed(int devfd, const struct ctx_spec *spec, uint32_t xid, uint32_t registered,
			const struct spawn_error *err)
{
	const char *cleanup_why;

	context_teardown(devfd, spec->name, xid, !registered, &cleanup_why);
	close(devfd);
	if (err->err)
		err_print_errno(err->err, "cannot start context '%s': %s", spec->name, err->msg);
	else
		err_print("cannot start context '%s': %s", spec->name, err->msg);
	return err->exit_code;
}

/*
 * The supervisor could not be started (-errno @ret, @why): undo, close
 * @cgfd and @devfd. Return: the exit code.
 */
static int supervisor_failed(int devfd, const struct ctx_spec *spec, uint32_t xid, int cgfd,
			     uint32_t registered, int ret, const char *why)
{
	const char *cleanup_why;

	close(cgfd);
	context_teardown(devfd, spec->name, xid, !registered, &cleanup_why);
	if (!registered)
		state_dir_remove(spec->name);
	close(devfd);
	if (registered)
		return err_print_errno(ret, "cannot start context '%s': %s", spec->name, why);
	return err_print_errno(ret, "cannot create context '%s': %s", spec->name, why);
}

/*
 * The init runs: a new context's CPU limit, now. On failure close @cgfd
 * (unless -1) and tear the context down. Return: 0 or -1.
 */
static int running_cpu_limit(int devfd, const struct ctx_spec *spec, uint32_t xid, int cgfd,
			     uint32_t registered)
{
	const char *cleanup_why;

	if (registered || !context_apply_cpu_limit(devfd, spec, xid))
		return 0;
	if (cgfd >= 0)
		close(cgfd);
	context_teardown(devfd, spec->name, xid, true, &cleanup_why);
	return -1;
}

/* The caller is the supervisor: start the init, supervise until it stops. */
static int launch_foreground(int devfd, struct ctx_spec *spec, uint32_t xid, int cgfd,
			     uint32_t registered)
{
	struct spawn_error err;
	pid_t init;

	supervisor_block_signals();
	init = context_start_init(devfd, spec, xid, cgfd, &err);
	if (init < 0) {
		close(cgfd);
		return start_failed(devfd, spec, xid, registered, &err);
	}
	if (running_cpu_limit(devfd, spec, xid, cgfd, registered)) {
		close(devfd);
		return EXIT_TOOL;
	}
	supervisor_record(spec->name);
	close(devfd);
	if (spec->nr_ips && spec->net == NET_SHARED)
		context_net_warn_wildcards();
	return supervise(spec, xid, cgfd, init);
}

/* A forked supervisor starts the init and reports on a pipe; return once it runs. */
static int launch_background(int devfd, struct ctx_spec *spec, uint32_t xid, int cgfd,
			     uint32_t registered)
{
	struct spawn_error err;
	int pipefd[2], ret;
	pid_t sup;
	ssize_t n;

	if (pipe2(pipefd, O_CLOEXEC))
		return supervisor_failed(devfd, spec, xid, cgfd, registered, -errno,
					 "cannot create a pipe");
	sup = fork();
	if (sup < 0) {
		ret = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return supervisor_failed(devfd, spec, xid, cgfd, registered, ret,
					 "cannot start its supervisor");
	}
	if (sup == 0) {
		close(pipefd[0]);
		supervisor_main(spec, xid, devfd, cgfd, pipefd[1]);
	}
	close(pipefd[1]);
	close(cgfd);
	n = read(pipefd[0], &err, sizeof(err));
	close(pipefd[0]);
	if (n != sizeof(err)) {
		memset(&err, 0, sizeof(err));
		snprintf(err.msg, sizeof(err.msg), "its supervisor died while starting it");
		err.exit_code = EXIT_TOOL;
	}
	if (err.exit_code) {
		waitpid(sup, NULL, 0);
		return start_failed(devfd, spec, xid, registered, &err);
	}
	/* Its supervisor sees the init die and ends with the context. */
	if (running_cpu_limit(devfd, spec, xid, -1, registered)) {
		waitpid(sup, NULL, 0);
		close(devfd);
		return EXIT_TOOL;
	}
	close(devfd);
	if (spec->nr_ips && spec->net == NET_SHARED)
		context_net_warn_wildcards();
	return 0;
}

int context_launch(struct ctx_spec *spec, bool foreground, bool delegated, uint32_t registered)
{
	char cg[PATH_MAX];
	int devfd, cgfd, xid;

	devfd = device_open_contexts();
	if (devfd < 0)
		return EXIT_TOOL;
	if (registered) {
		xid = (int)registered;
		cgfd = relaunch_prepare(devfd, spec, registered, cg);
	} else {
		xid = register_context(devfd, spec, delegated, &cgfd);
		if (xid < 0)
			cgfd = -1;
	}
	if (cgfd < 0) {
		close(devfd);
		return EXIT_TOOL;
	}
	if (foreground)
		return launch_foreground(devfd, spec, (uint32_t)xid, cgfd, registered);
	return launch_background(devfd, spec, (uint32_t)xid, cgfd, registered);
}
