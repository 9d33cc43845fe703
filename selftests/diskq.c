// SPDX-License-Identifier: GPL-2.0
/*
 * diskq: what disk_test.sh needs of project quota and of VCTX_IOC_SET_DISK,
 * without the quota package.
 *
 *   diskq project DIR PROJID          tag DIR with PROJID, inherited below
 *   diskq limit DEV PROJID KB INODES  project hard limits (quotactl), 0: none
 *   diskq watch XID PATH PROJID       VCTX_IOC_SET_DISK on PATH's filesystem
 *   diskq unwatch XID                 VCTX_IOC_SET_DISK with fd -1
 *
 * A failed call prints "diskq: errno NAME" (EOPNOTSUPP, ESRCH ...) and
 * exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/quota.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/vctx.h>

#include "vctx_util.h"

#ifndef PRJQUOTA
#define PRJQUOTA 2
#endif

static int fail(int err)
{
	const char *name = strerrorname_np(err);

	printf("diskq: errno %s\n", name ? name : "?");
	return 1;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "diskq: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

static int project(const char *dir, unsigned long projid)
{
	struct fsxattr fsx;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return fail(errno);
	if (ioctl(fd, FS_IOC_FSGETXATTR, &fsx))
		return fail(errno);
	fsx.fsx_projid = projid;
	fsx.fsx_xflags |= FS_XFLAG_PROJINHERIT;
	if (ioctl(fd, FS_IOC_FSSETXATTR, &fsx))
		return fail(errno);
	close(fd);
	return 0;
}

static int limit(const char *dev, unsigned long projid, unsigned long kb, unsigned long inodes)
{
	struct dqblk q;

	memset(&q, 0, sizeof(q));
	q.dqb_bhardlimit = kb;		/* in 1 KiB quota blocks */
	q.dqb_ihardlimit = inodes;
	q.dqb_valid = QIF_LIMITS;
	if (quotactl(QCMD(Q_SETQUOTA, PRJQUOTA), dev, projid, (caddr_t)&q))
		return fail(errno);
	return 0;
}

static int watch(unsigned long xid, const char *path, unsigned long projid)
{
	struct vctx_disk d = { .xid = xid, .fd = -1, .projid = projid };
	int dev = vctx_open();

	if (dev < 0)
		return fail(-dev);
	if (path) {
		d.fd = open(path, O_PATH | O_CLOEXEC);
		if (d.fd < 0)
			return fail(errno);
	}
	if (ioctl(dev, VCTX_IOC_SET_DISK, &d))
		return fail(errno);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "project"))
		return project(argv[2], num(argv[3]));
	if (argc == 6 && !strcmp(argv[1], "limit"))
		return limit(argv[2], num(argv[3]), num(argv[4]), num(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "watch"))
		return watch(num(argv[2]), argv[3], num(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "unwatch"))
		return watch(num(argv[2]), NULL, 0);
	fprintf(stderr, "usage: diskq project DIR PROJID | limit DEV PROJID KB INODES |\n"
		"       watch XID PATH PROJID | unwatch XID\n");
	return 2;
}
