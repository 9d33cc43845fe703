/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's disk quota: its root tree gets a project id of its own
 * (FS_IOC_FSSETXATTR projid + PROJINHERIT) and the project a block and
 * inode limit (quotactl PRJQUOTA), on ext4 or XFS. The ids vctx hands out
 * are recorded in QUOTA_PROJECTS_FILE so that two guests never share one.
 */
#ifndef VCTX_RUNTIME_QUOTA_H
#define VCTX_RUNTIME_QUOTA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* "ID NAME" lines; $VCTX_PROJECTS_FILE overrides it. */
#define QUOTA_PROJECTS_FILE "/var/lib/vctx/projects"

/* The first id vctx hands out: below are the ids admins pick by hand. */
#define QUOTA_PROJID_FIRST 100000

/**
 * struct disk_limit - what --disk and --inodes ask for
 * @have_bytes: --disk was given
 * @bytes: its limit in bytes, 0 for none (max)
 * @have_inodes: --inodes was given
 * @inodes: its limit, 0 for none (max)
 */
struct disk_limit {
	bool have_bytes, have_inodes;
	uint64_t bytes, inodes;
};

/**
 * struct disk_usage - a guest's project and what it uses
 * @projid: the project of its root, 0 when it has none
 * @bytes: space used
 * @bytes_limit: its limit, 0 for none
 * @inodes: files used
 * @inodes_limit: its limit, 0 for none
 */
struct disk_usage {
	uint32_t projid;
	uint64_t bytes, bytes_limit, inodes, inodes_limit;
};

/*
 * The root directory of context @name's init @pid, as the host reaches it
 * (/proc/PID/root), opened O_DIRECTORY. Return: the fd, or -errno.
 */
int quota_root_of(pid_t pid);

/*
 * Give the guest @name whose root is @rootfd (@root names it in messages)
 * its project, tagging its tree when it is not yet, and set @l's limits;
 * @projid (may be NULL) gets the project.
 * Return: 0, or -errno after printing what is wrong and how to fix it.
 */
int quota_apply(const char *name, int rootfd, const char *root, const struct disk_limit *l,
		uint32_t *projid);

/*
 * The project of @rootfd and its usage. Return: 0 (projid 0 when the root
 * has no project), or -errno (the file system has no project quota).
 */
int quota_usage(int rootfd, struct disk_usage *u);

#endif /* VCTX_RUNTIME_QUOTA_H */
