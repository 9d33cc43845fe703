/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroup v2 directories of contexts: /sys/fs/cgroup/vctx/<name>.
 */
#ifndef VCTX_RUNTIME_CGROUP_H
#define VCTX_RUNTIME_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP_VCTX CGROUP_ROOT "/vctx"

/*
 * Check that cgroup v2 is mounted at /sys/fs/cgroup, create /sys/fs/cgroup/vctx
 * with every controller a context may use enabled, then create @name's
 * directory there. On success @path holds it and the return value is an
 * O_RDONLY fd to it; on failure a negative errno and @why says what
 * (for the caller's message).
 */
int cgroup_create(const char *name, char path[PATH_MAX], const char **why);

/*
 * The same inside the cgroup systemd delegated to this process (a unit
 * with Delegate=yes): the process moves to its "supervisor" child, the
 * context gets the "guest" one, and /run/vctx/<name>/cgroup records where
 * (the state directory must exist). Return and @path as cgroup_create().
 */
int cgroup_create_delegated(const char *name, char path[PATH_MAX], const char **why);

/*
 * The spectator's cgroup, /sys/fs/cgroup/vctx/spectator (no context can
 * have that name): created like a context's, or reused when it exists.
 */
#define SPECTATOR_CGROUP_NAME "spectator"
int cgroup_open_spectator(char path[PATH_MAX], const char **why);

/* @name's cgroup: the one recorded in /run/vctx/<name>/cgroup, else under /sys/fs/cgroup/vctx. */
void cgroup_path_of(const char *name, char path[PATH_MAX]);

/* Whether @path (a cgroup directory) still has tasks. */
bool cgroup_populated(const char *path);

/* SIGKILL every task of @path and its descendants (cgroup.kill). */
int cgroup_kill(const char *path);

/* Wait up to @timeout_ms until @path has no task; 0, or -ETIMEDOUT. */
int cgroup_wait_empty(const char *path, int timeout_ms);

/*
 * After cgroup_kill(): wait until @path has no task, for as long as its
 * tasks keep exiting; 0, or -ETIMEDOUT once none has for @stall_ms.
 */
int cgroup_wait_killed(const char *path, int stall_ms);

/* Remove @path and every cgroup below it; a missing one is not an error. */
int cgroup_remove(const char *path);

/*
 * Read the first line of @cg/@file into @buf (newline stripped), or write
 * @text to it. Return: 0 or -errno (-ENOENT: no such file, e.g. the
 * controller is not enabled).
 */
int cgroup_read_file(const char *cg, const char *file, char *buf, size_t len);
int cgroup_write_file(const char *cg, const char *file, const char *text);

/* The number after "KEY " in a "key value" file (cpu.stat, memory.events). */
int cgroup_read_key(const char *cg, const char *file, const char *key, unsigned long long *value);

/* A whole small file, NUL-terminated; and writing one. 0 or -errno. */
int read_text(const char *path, char *buf, size_t len);
int write_text(const char *path, const char *text);

/* The inode number of @path (what the module reports as cgroup_id), or 0. */
unsigned long long cgroup_inode(const char *path);

#endif /* VCTX_RUNTIME_CGROUP_H */
