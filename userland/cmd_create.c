// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx create: register a context, build it and start its init.
 *
 * A supervisor process stays behind for each context: it is the init's
 * parent, and when the init exits it kills what is left and, unless the
 * context is persistent, unregisters it and removes its cgroup. Every step
 * that fails undoes the earlier ones: no cgroup, registration or mount is
 * left half-made.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../module/name.h"
#include "cgroup.h"
#include "ctx_opts.h"

static const char create_usage[] = "[OPTIONS] NAME";
static const char create_details[] =
	"Options:\n"
	CTX_OPTS_HELP
	"  --init CMD           run CMD (split on blanks) as the context's pid 1 (default: a\n"
	"                       minimal built-in init that reaps orphans)\n"
	"  --persistent         keep the context registered when its last task exits\n"
	"  -h, --help           show this help\n"
	"\n"
	"Prints nothing on success; 'vctx info NAME' shows the result.\n";

/* Create the state directory, and the default root's staging point in it. */
static int state_dir_create(const char *name)
{
	char path[PATH_MAX], root[PATH_MAX + 8];

	if (mkdir(STATE_DIR, 0755) && errno != EEXIST)
		return -errno;
	state_dir_of(name, path);
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	snprintf(root, sizeof(root), "%s/root", path);
	if (mkdir(root, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/*
 * The supervisor holds no /dev/vctx while it waits, so it never keeps the
 * module busy; it records its pid for destroy to wait on, and removes the
 * record when it is done.
 */
static void supervise(const char *name, uint32_t xid, pid_t init) __attribute__((noreturn));
static void supervise(const char *name, uint32_t xid, pid_t init)
{
	struct vctx_info info;
	const char *why;
	int status, fd;

	/* Nothing of the admin's terminal: the supervisor lives on alone. */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	while (waitpid(init, &status, 0) < 0 && errno == EINTR)
		;
	fd = vctx_open();
	/* Persistence may have changed since creation: ask the module. */
	if (fd >= 0 && !vctx_info_by_xid(fd, xid, &info) && !strcmp(info.name, name)) {
		if (info.flags & VCTX_F_PERSISTENT) {
			context_teardown(fd, name, xid, false, &why);
			supervisor_forget(name);
		} else {
			context_teardown(fd, name, xid, true, &why);
		}
	}
	if (fd >= 0)
		close(fd);
	_exit(0);
}

static int create_run(struct cli *cli, int argc, char **argv)
{
	struct ctx_spec spec;
	struct spawn_error err;
	char cg[PATH_MAX];
	const char *why = NULL, *cleanup_why;
	int first, devfd, cgfd, pipefd[2], xid, ret;
	pid_t sup;
	ssize_t n;

	(void)cli;
	first = ctx_opts_parse(argc, argv, FOR_CREATE, &spec, &cmd_create, create_usage,
			       create_details);
	if (first <= 0)
		return first ? EXIT_TOOL : 0;
	if (argc - first != 1)
		return cli_error("create takes one NAME; see 'vctx create --help'");
	if (strlen(argv[first]) >= sizeof(spec.name) ||
	    !vctx_name_valid(argv[first], strlen(argv[first]) + 1, 0))
		return cli_bad_name(argv[first]);
	if (!strcmp(argv[first], "host") || !strcmp(argv[first], "spectator"))
		return cli_error("the name '%s' belongs to a built-in context; choose another",
				 argv[first]);
	strcpy(spec.name, argv[first]);

	devfd = cli_open_contexts();
	if (devfd < 0)
		return EXIT_TOOL;

	ret = state_dir_create(spec.name);
	if (ret) {
		close(devfd);
		return cli_error_errno(ret, "cannot create the state directory " STATE_DIR "/%s",
				       spec.name);
	}
	cgfd = cgroup_create(spec.name, cg, &why);
	if (cgfd < 0) {
		/* An existing cgroup may belong to a live context: leave its state. */
		if (cgfd != -EEXIST)
			state_dir_remove(spec.name);
		close(devfd);
		return cli_error_errno(cgfd, "cannot create context '%s': %s", spec.name, why);
	}
	xid = vctx_create(devfd, spec.xid, spec.name, spec.persistent ? VCTX_F_PERSISTENT : 0,
			  cgfd, spec.cap_bset);
	if (xid < 0) {
		struct vctx_info taken;

		if (xid == -EEXIST && !vctx_info_by_name(devfd, spec.name, &taken))
			why = "the name is taken; see 'vctx list'";
		else if (xid == -EEXIST)
			why = "the xid is taken; see 'vctx list'";
		else if (xid == -ENOSPC)
			why = "no dynamic xid is left; destroy a context or give --xid";
		else
			why = "the module refused to register it";
		close(cgfd);
		cgroup_remove(cg);
		ret = xid;
		goto err_state;
	}

	ret = context_apply_limits(devfd, &spec, (uint32_t)xid, cg);
	if (!ret && spec.net == NET_SHARED)
		ret = context_apply_net(devfd, &spec, (uint32_t)xid);
	if (ret) {
		close(cgfd);
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &cleanup_why);
		state_dir_remove(spec.name);
		close(devfd);
		return EXIT_TOOL;
	}
	if (pipe2(pipefd, O_CLOEXEC)) {
		ret = -errno;
		why = "cannot create a pipe";
		goto err_registered;
	}
	sup = fork();
	if (sup < 0) {
		ret = -errno;
		why = "cannot start its supervisor";
		close(pipefd[0]);
		close(pipefd[1]);
		goto err_registered;
	}
	if (sup == 0) {
		pid_t init;
		int pidfd;

		close(pipefd[0]);
		/* Outlive the admin's session and terminal. */
		setsid();
		signal(SIGHUP, SIG_IGN);
		init = spawn_context(&spec, (uint32_t)xid, cgfd, SPAWN_DAEMON, NULL, &pidfd, &err);
		close(cgfd);
		if (init > 0) {
			ret = vctx_set_init(devfd, (uint32_t)xid, init);
			if (ret) {
				kill(init, SIGKILL);
				waitpid(init, NULL, 0);
				memset(&err, 0, sizeof(err));
				err.err = -ret;
				err.exit_code = EXIT_TOOL;
				snprintf(err.msg, sizeof(err.msg), "cannot report its init to the module");
				init = -1;
			} else {
				memset(&err, 0, sizeof(err));
			}
			close(pidfd);
		}
		if (init > 0)
			supervisor_record(spec.name);
		n = write(pipefd[1], &err, sizeof(err));
		close(pipefd[1]);
		close(devfd);
		if (init < 0 || n != sizeof(err))
			_exit(1);
		supervise(spec.name, (uint32_t)xid, init);
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
		context_teardown(devfd, spec.name, (uint32_t)xid, true, &cleanup_why);
		close(devfd);
		if (err.err)
			cli_error_errno(err.err, "cannot create context '%s': %s", spec.name, err.msg);
		else
			cli_error("cannot create context '%s': %s", spec.name, err.msg);
		return err.exit_code;
	}
	close(devfd);
	if (spec.nr_ips && spec.net == NET_SHARED)
		context_net_warn_wildcards();
	return 0;

err_registered:
	close(cgfd);
	context_teardown(devfd, spec.name, (uint32_t)xid, true, &cleanup_why);
err_state:
	state_dir_remove(spec.name);
	close(devfd);
	return cli_error_errno(ret, "cannot create context '%s': %s", spec.name, why);
}

const struct cli_command cmd_create = {
	.name = "create",
	.summary = "Create a context and start its init",
	.run = create_run,
};
