/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's state directory, /run/vctx/NAME: its supervisor's pid, its
 * cgroup, the background supervisor's log, a persistent context's options,
 * which limits are defaults, and the default root's staging point.
 */
#ifndef VCTX_RUNTIME_STATE_H
#define VCTX_RUNTIME_STATE_H

#include <limits.h>
#include <sys/types.h>

#define STATE_DIR "/run/vctx"

/*
 * Where limits_apply() records which limits are defaults, so that vctx limit
 * can say so: /run/vctx/NAME/defaults, "FILE VALUE" lines (a limit changed
 * since no longer matches and is shown as the admin's).
 */
#define LIMITS_DEFAULTS_FILE "defaults"

/* /run/vctx/<name>, and /run/vctx/<name>/<file>. */
void state_dir_of(const char *name, char path[PATH_MAX]);
void state_file_of(const char *name, const char *file, char path[PATH_MAX]);

/*
 * Create the state directory, and the default root's staging point in it.
 * Return: 0 or -errno.
 */
int state_dir_create(const char *name);

/* Remove it with every file vctx puts there and its "root" staging directory. */
void state_dir_remove(const char *name);

/*
 * The supervisor of a context records its pid in /run/vctx/<name>/supervisor
 * (removed with the state directory, or forgotten when a persistent context
 * stops). destroy takes supervisor_pidfd() before tearing down and
 * supervisor_wait()s (bounded) on it after, so a destroyed context leaves
 * no process of vctx behind.
 */
void supervisor_record(const char *name);
void supervisor_forget(const char *name);
int supervisor_pidfd(const char *name);
pid_t supervisor_pid(const char *name);
void supervisor_wait(int pidfd);

#endif /* VCTX_RUNTIME_STATE_H */
