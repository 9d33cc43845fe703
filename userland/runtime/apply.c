// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a context gets from its spec once registered and before any of its
 * tasks runs (create, run, start): limits, socket families and procfs
 * overrides; its CPU limit once its init runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/libvctx.h"
#include "runtime/apply.h"
#include "runtime/limits.h"
#include "runtime/proc_change.h"
#include "runtime/sockfam.h"
#include "runtime/spec.h"
#include "runtime/state.h"
#include "util/err.h"
#include "version.h"

/*
 * The socket families of @spec, when the module has the allow-list. A
 * module without it applies none: that is only an error when a list other
 * than the default was asked for.
 */
static int apply_sockfam(int devfd, const struct ctx_spec *spec, uint32_t xid)
{
	struct vctx_version v;
	struct sockfam_set def;
	char list[512];
	int ret;

	if (!spec->sockfam_given)
		return 0;
	sockfam_default(&def);
	ret = vctx_get_version(devfd, &v);
	if (ret)
		return err_print_errno(ret, "cannot ask the module for its features"), ret;
	if (!(v.features & VCTX_FEATURE_GUARD)) {
		if (sockfam_equal(&spec->sockfam, &def))
			return 0;
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		err_print("cannot set the socket families of '%s': the loaded vctx module (%s) is too old for --socket-families (no socket-family allow-list); load the module that came with this tool (%s), or drop the option",
			  spec->name, v.module_version, VCTX_TOOL_VERSION);
		return -EOPNOTSUPP;
	}
	ret = vctx_set_sockfam(devfd, xid, spec->sockfam.fam);
	/* A module that names the feature but lacks the ioctl is too old just the same. */
	if (ret == -ENOTTY && sockfam_equal(&spec->sockfam, &def))
		return 0;
	if (ret == -ENOTTY) {
		v.module_version[sizeof(v.module_version) - 1] = '\0';
		err_print("cannot set the socket families of '%s': the loaded vctx module (%s) is too old for --socket-families (it lacks VCTX_IOC_SET_SOCKFAM); load the module that came with this tool (%s), or drop the option",
			  spec->name, v.module_version, VCTX_TOOL_VERSION);
		return ret;
	}
	if (ret) {
		sockfam_format(&spec->sockfam, list, sizeof(list));
		err_print_errno(ret, "cannot set the socket families of '%s' to %s%s", spec->name,
				list, ret == -EINVAL ? " (a family the running kernel does not know?)" : "");
	}
	return ret;
}

int context_apply_limits(int devfd, const struct ctx_spec *spec, uint32_t xid, const char *cg)
{
	struct vctx_info info;
	char path[PATH_MAX];
	int rootfd, ret;

	/* A new context: no record of defaults from an earlier one of the name. */
	state_file_of(spec->name, LIMITS_DEFAULTS_FILE, path);
	unlink(path);
	if (limit_opts_given(&spec->limits)) {
		memset(&info, 0, sizeof(info));
		info.xid = xid;
		snprintf(info.name, sizeof(info.name), "%s", spec->name);
		info.cap_bset = spec->cap_bset;
		rootfd = -1;
		if (spec->root) {
			rootfd = open(spec->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (rootfd < 0)
				return err_print_errno(errno, "cannot open the root %s", spec->root), -errno;
		}
		ret = limits_apply(devfd, &info, cg, rootfd, spec->root, &spec->limits,
				   LIMITS_CPU_CHECK);
		if (rootfd >= 0)
			close(rootfd);
		if (ret)
			return ret;
	}
	return apply_sockfam(devfd, spec, xid);
}

int context_apply_cpu_limit(int devfd, const struct ctx_spec *spec, uint32_t xid)
{
	struct vctx_info info;

	memset(&info, 0, sizeof(info));
	info.xid = xid;
	snprintf(info.name, sizeof(info.name), "%s", spec->name);
	return limits_apply_cpu(devfd, &info, &spec->limits);
}

/* Each blank-separated /proc entry of @list gets @c in the context's table. */
static int apply_proc_list(int devfd, const struct ctx_spec *spec, uint32_t xid,
			   const char *list, const struct proc_change *c)
{
	char copy[1024], path[VCTX_PROC_PATH_LEN], *tok, *save = NULL;

	if (!list)
		return 0;
	snprintf(copy, sizeof(copy), "%s", list);
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!proc_table_path(tok, path))
			return err_print("invalid /proc entry '%s'", tok), -EINVAL;
		if (proc_change_apply(devfd, xid, spec->name, path, c))
			return -EINVAL;
	}
	return 0;
}

int context_apply_proc(int devfd, const struct ctx_spec *spec, uint32_t xid)
{
	const struct proc_change hide = { .set = VCTX_PROC_HIDE };
	const struct proc_change unhide = { .clear = VCTX_PROC_HIDE };

	if (apply_proc_list(devfd, spec, xid, spec->proc_hide, &hide))
		return -EINVAL;
	return apply_proc_list(devfd, spec, xid, spec->proc_unhide, &unhide);
}
