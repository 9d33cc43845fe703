// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A guest's disk quota, as Docker and Incus do it: a project id on the
 * guest's root tree and a PRJQUOTA limit on the project. ext4 and XFS
 * then charge every file made below to the project (PROJINHERIT) and show
 * the limit as the size of the file system to statfs(2), so df inside the
 * guest shows it. vctx.ko keeps guest root from re-tagging its files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/quota.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/quota.h"
#include "util/err.h"

#ifndef XFS_SUPER_MAGIC
#define XFS_SUPER_MAGIC 0x58465342
#endif

/* Deeper trees are refused rather than walked on an fd per level. */
#define QUOTA_TREE_DEPTH_MAX 256

/* quotactl_fd(2) (Linux 5.14): the file system of @fd, no device path needed. */
static int qctl(int fd, int cmd, uint32_t id, void *addr)
{
	if (syscall(SYS_quotactl_fd, fd, QCMD(cmd, PRJQUOTA), id, addr) < 0)
		return -errno;
	return 0;
}

int quota_root_of(pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static const char *projects_file(void)
{
	const char *p = getenv("VCTX_PROJECTS_FILE");

	return p && *p ? p : QUOTA_PROJECTS_FILE;
}

/*
 * ext4 and XFS, the file systems whose statfs shows a project's limit, on a
 * writable mount: a context without a root of its own has a read-only view
 * of the host's, which takes no quota.
 */
static int check_fs(int rootfd, const char *root)
{
	struct statvfs svfs;
	struct statfs sfs;

	if (fstatfs(rootfd, &sfs) || fstatvfs(rootfd, &svfs))
		return err_print_errno(errno, "cannot read the file system of %s", root), -errno;
	if (svfs.f_flag & ST_RDONLY) {
		err_print("--disk needs a guest's own, writable root: %s is read-only (a context made without --root sees the host's / read-only)",
			  root);
		return -EROFS;
	}
	if (sfs.f_type == EXT4_SUPER_MAGIC || sfs.f_type == XFS_SUPER_MAGIC)
		return 0;
	err_print("--disk needs ext4 or XFS: %s is on a file system of type 0x%lx; put the guest's root on ext4 (mkfs.ext4 -O project,quota, mount -o prjquota) or XFS (mount -o prjquota)",
		  root, (unsigned long)sfs.f_type);
	return -EOPNOTSUPP;
}

/* Whether project quota is on; what to do when it is not. */
static int check_quota_on(int rootfd, const char *root)
{
	struct if_dqinfo info;
	struct statfs sfs;
	bool xfs;
	int ret;

	ret = qctl(rootfd, Q_GETINFO, 0, &info);
	if (!ret)
		return 0;
	xfs = !fstatfs(rootfd, &sfs) && sfs.f_type == XFS_SUPER_MAGIC;
	if (ret == -ESRCH || ret == -ENOSYS || ret == -EOPNOTSUPP || ret == -EINVAL)
		err_print("project quota is off on the file system of %s: %s", root,
			  xfs ? "mount it with -o prjquota (XFS turns quota on at mount only)" :
			  "enable it with 'tune2fs -O project,quota DEVICE' while it is unmounted (or mkfs.ext4 -O project,quota), then mount it with -o prjquota");
	else
		err_print_errno(ret, "cannot read the project quota of the file system of %s", root);
	return ret;
}

/* Whether project @id is unused on the file system: no usage, no limit. */
static bool projid_free_on_fs(int rootfd, uint32_t id)
{
	struct if_dqblk q;
	int ret;

	ret = qctl(rootfd, Q_GETQUOTA, id, &q);
	if (ret == -ENOENT)
		return true;	/* XFS: no such dquot */
	return !ret && !q.dqb_curspace && !q.dqb_curinodes && !q.dqb_bhardlimit &&
	       !q.dqb_bsoftlimit && !q.dqb_ihardlimit && !q.dqb_isoftlimit;
}

/* The root's own project id and whether its children inherit it. */
static int root_project(int rootfd, uint32_t *id, bool *inherit)
{
	struct fsxattr fsx;

	if (ioctl(rootfd, FS_IOC_FSGETXATTR, &fsx))
		return -errno;
	*id = fsx.fsx_projid;
	*inherit = fsx.fsx_xflags & FS_XFLAG_PROJINHERIT;
	return 0;
}

/**
 * struct projects - the ids in QUOTA_PROJECTS_FILE
 * @ids: their ids, @nr of them
 * @mine: the id recorded for the guest looked up, 0 if none
 */
struct projects {
	uint32_t *ids;
	size_t nr;
	uint32_t mine;
};

static int projects_read(FILE *f, const char *name, struct projects *p)
{
	char line[256], who[128];
	unsigned long id;
	uint32_t *more;

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lu %127s", &id, who) != 2 || !id || id > UINT32_MAX)
			continue;
		if (!strcmp(who, name))
			p->mine = (uint32_t)id;
		more = realloc(p->ids, (p->nr + 1) * sizeof(*p->ids));
		if (!more)
			return -ENOMEM;
		p->ids = more;
		p->ids[p->nr++] = (uint32_t)id;
	}
	return ferror(f) ? -EIO : 0;
}

static bool projects_has(const struct projects *p, uint32_t id)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->ids[i] == id)
			return true;
	return false;
}

/*
 * The project of guest @name: the one recorded for it, else the one its
 * root already carries (a record lost), else the lowest free one, which is
 * recorded. Under the file's lock, so that two calls never take one id.
 */
static int project_of(const char *name, int rootfd, const char *root, uint32_t *out)
{
	const char *file = projects_file();
	struct projects p = { 0 };
	uint32_t cur = 0, id;
	bool inherit = false;
	FILE *f;
	int fd, ret;

	fd = open(file, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_print_errno(errno, "cannot open %s, where vctx records the guests' project ids", file), -errno;
	f = fdopen(fd, "a+");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	if (flock(fd, LOCK_EX)) {
		ret = -errno;
		err_print_errno(ret, "cannot lock %s", file);
		goto out;
	}
	ret = projects_read(f, name, &p);
	if (ret)
		goto out;
	ret = root_project(rootfd, &cur, &inherit);
	if (ret) {
		err_print_errno(ret, "cannot read the project id of %s", root);
		goto out;
	}
	if (p.mine) {
		*out = p.mine;
		goto out;
	}
	if (cur && inherit && !projects_has(&p, cur)) {
		id = cur;
	} else {
		for (id = QUOTA_PROJID_FIRST; id < UINT32_MAX; id++)
			if (!projects_has(&p, id) && projid_free_on_fs(rootfd, id))
				break;
		if (id == UINT32_MAX) {
			ret = -ENOSPC;
			err_print("no free project id is left for '%s' in %s", name, file);
			goto out;
		}
	}
	if (fprintf(f, "%" PRIu32 " %s\n", id, name) < 0 || fflush(f)) {
		ret = -errno;
		err_print_errno(ret, "cannot record the project id of '%s' in %s", name, file);
		goto out;
	}
	*out = id;
out:
	free(p.ids);
	fclose(f);
	return ret;
}

/* Put @fd (a directory or regular file) in project @id. */
static int tag_one(int fd, uint32_t id, bool dir)
{
	struct fsxattr fsx;
	uint32_t want;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fsx))
		return -errno;
	want = fsx.fsx_xflags | (dir ? FS_XFLAG_PROJINHERIT : 0);
	if (fsx.fsx_projid == id && fsx.fsx_xflags == want)
		return 0;
	fsx.fsx_projid = id;
	fsx.fsx_xflags = want;
	return ioctl(fd, FS_IOC_FSSETXATTR, &fsx) ? -errno : 0;
}

/*
 * Open @name in @dirfd for tagging when it is a directory or regular file
 * on @dev: first as O_PATH (nothing of the file runs: a device node a guest
 * made opens no driver), then, once fstat says what it is, again through
 * /proc/self/fd, which reaches that same inode whatever the guest renames
 * meanwhile. Return: the fd, -ENOENT to skip the name, or -errno.
 */
static int open_taggable(int dirfd, const char *name, dev_t dev, bool *dir)
{
	char path[64];
	struct stat st;
	int pfd, fd;

	pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return errno == ENOENT ? -ENOENT : -errno;
	if (fstat(pfd, &st)) {
		fd = -errno;
		goto out;
	}
	/* Symlinks, special files and mount points of other file systems. */
	if ((!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) || st.st_dev != dev) {
		fd = -ENOENT;
		goto out;
	}
	*dir = S_ISDIR(st.st_mode);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", pfd);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (*dir ? O_DIRECTORY : 0));
	if (fd < 0)
		fd = -errno;
out:
	close(pfd);
	return fd;
}

/*
 * Tag the tree below directory @dirfd, one name at a time from an fd, so a
 * running guest that swaps a directory for a symlink leads the walk nowhere
 * outside its tree; on device @dev only. Symlinks and special files keep
 * the project they were made with.
 */
static int tag_tree(int dirfd, dev_t dev, uint32_t id, unsigned int depth)
{
	struct dirent *de;
	bool dir = false;
	DIR *d;
	int fd, dup_fd, ret;

	ret = tag_one(dirfd, id, true);
	if (ret)
		return ret;
	if (depth >= QUOTA_TREE_DEPTH_MAX)
		return -ELOOP;
	dup_fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	if (dup_fd < 0)
		return -errno;
	d = fdopendir(dup_fd);
	if (!d) {
		close(dup_fd);
		return -errno;
	}
	while (!ret && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
			continue;
		fd = open_taggable(dirfd, de->d_name, dev, &dir);
		if (fd == -ENOENT)
			continue;
		if (fd < 0) {
			ret = fd;
			break;
		}
		ret = dir ? tag_tree(fd, dev, id, depth + 1) : tag_one(fd, id, false);
		close(fd);
	}
	if (!ret && errno)
		ret = -errno;
	closedir(d);
	return ret;
}

static int tag_root(int rootfd, const char *root, uint32_t id)
{
	struct stat st;
	int ret;

	if (fstat(rootfd, &st))
		return err_print_errno(errno, "cannot read %s", root), -errno;
	ret = tag_tree(rootfd, st.st_dev, id, 0);
	if (ret == -EOPNOTSUPP || ret == -ENOTTY)
		err_print("cannot give %s project id %" PRIu32 ": its file system has no project ids; for ext4 run 'tune2fs -O project,quota DEVICE' while it is unmounted and mount it with -o prjquota",
			  root, id);
	else if (ret == -ELOOP)
		err_print("cannot give %s project id %" PRIu32 ": its tree is deeper than %d directories",
			  root, id, QUOTA_TREE_DEPTH_MAX);
	else if (ret)
		err_print_errno(ret, "cannot give the files of %s project id %" PRIu32, root, id);
	return ret;
}

/* Kernel quota blocks are QIF_DQBLKSIZE (1 KiB); a limit rounds up to one. */
static uint64_t to_blocks(uint64_t bytes)
{
	return (bytes + QIF_DQBLKSIZE - 1) >> QIF_DQBLKSIZE_BITS;
}

static int set_limits(int rootfd, const char *name, uint32_t id, const struct disk_limit *l)
{
	struct if_dqblk q;
	int ret;

	memset(&q, 0, sizeof(q));
	if (l->have_bytes) {
		/* The hard limit only: statfs shows the soft one when set. */
		q.dqb_bhardlimit = to_blocks(l->bytes);
		q.dqb_valid |= QIF_BLIMITS;
	}
	if (l->have_inodes) {
		q.dqb_ihardlimit = l->inodes;
		q.dqb_valid |= QIF_ILIMITS;
	}
	ret = qctl(rootfd, Q_SETQUOTA, id, &q);
	if (ret)
		err_print_errno(ret, "cannot set the disk limits of '%s' (project %" PRIu32 ")", name, id);
	return ret;
}

int quota_apply(const char *name, int rootfd, const char *root, const struct disk_limit *l,
		uint32_t *projid)
{
	uint32_t id = 0, cur = 0;
	bool inherit = false;
	int ret;

	if (!l->have_bytes && !l->have_inodes)
		return 0;
	ret = check_fs(rootfd, root);
	if (!ret)
		ret = check_quota_on(rootfd, root);
	if (!ret)
		ret = project_of(name, rootfd, root, &id);
	if (ret)
		return ret;
	/* A tree tagged once stays so: its new files inherit the project. */
	ret = root_project(rootfd, &cur, &inherit);
	if (!ret && (cur != id || !inherit))
		ret = tag_root(rootfd, root, id);
	else if (ret)
		err_print_errno(ret, "cannot read the project id of %s", root);
	if (!ret)
		ret = set_limits(rootfd, name, id, l);
	if (!ret && projid)
		*projid = id;
	return ret;
}

int quota_usage(int rootfd, struct disk_usage *u)
{
	struct if_dqblk q;
	bool inherit = false;
	int ret;

	memset(u, 0, sizeof(*u));
	ret = root_project(rootfd, &u->projid, &inherit);
	if (ret || !u->projid || !inherit) {
		u->projid = 0;
		return ret;
	}
	ret = qctl(rootfd, Q_GETQUOTA, u->projid, &q);
	if (ret)
		return ret;
	u->bytes = q.dqb_curspace;
	u->bytes_limit = q.dqb_bhardlimit << QIF_DQBLKSIZE_BITS;
	u->inodes = q.dqb_curinodes;
	u->inodes_limit = q.dqb_ihardlimit;
	return 0;
}
