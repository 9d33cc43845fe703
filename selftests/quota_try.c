// SPDX-License-Identifier: GPL-2.0
/*
 * quota_try: one attempt at a file's project or a project quota, for
 * quota_test.sh, which runs it inside a guest (refused) and on the host
 * (the baseline: the same call works there). Static, so it runs in a
 * busybox root.
 *
 *   quota_try projid FILE ID       FS_IOC_FSSETXATTR: move FILE to project ID
 *   quota_try inherit FILE on|off  FS_IOC_FSSETXATTR: set or clear PROJINHERIT
 *   quota_try setflags FILE on|off FS_IOC_SETFLAGS: FS_PROJINHERIT_FL (chattr +P)
 *   quota_try noatime FILE on|off  FS_IOC_SETFLAGS: FS_NOATIME_FL, no project
 *                                  change (a guest may)
 *   quota_try show FILE            print "PROJID INHERIT"
 *   quota_try qget PATH ID         quotactl_fd Q_GETQUOTA of project ID
 *   quota_try qset PATH ID KIB     quotactl_fd Q_SETQUOTA: block hard limit
 *   quota_try qinfo PATH           quotactl_fd Q_GETINFO of project quotas, a
 *                                  call the kernel lets anyone make
 *
 * Exit status 0 when the attempt succeeded; otherwise 1, with the error on
 * stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/quota.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "quota_try: %s: %s\n", what, strerror(errno));
	return 1;
}

static int fsx(int fd, const char *id, const char *inherit)
{
	struct fsxattr x;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &x))
		return fail("FS_IOC_FSGETXATTR");
	if (id)
		x.fsx_projid = (unsigned int)strtoul(id, NULL, 10);
	if (inherit && !strcmp(inherit, "on"))
		x.fsx_xflags |= FS_XFLAG_PROJINHERIT;
	else if (inherit)
		x.fsx_xflags &= ~FS_XFLAG_PROJINHERIT;
	if (ioctl(fd, FS_IOC_FSSETXATTR, &x))
		return fail("FS_IOC_FSSETXATTR");
	return 0;
}

static int flags(int fd, int flag, const char *on)
{
	int f;

	if (ioctl(fd, FS_IOC_GETFLAGS, &f))
		return fail("FS_IOC_GETFLAGS");
	f = !strcmp(on, "on") ? f | flag : f & ~flag;
	if (ioctl(fd, FS_IOC_SETFLAGS, &f))
		return fail("FS_IOC_SETFLAGS");
	return 0;
}

static int quota(int fd, const char *op, const char *id, const char *kib)
{
	struct if_dqblk q;
	int cmd = Q_GETQUOTA;

	memset(&q, 0, sizeof(q));
	if (!strcmp(op, "qset")) {
		cmd = Q_SETQUOTA;
		q.dqb_bhardlimit = strtoull(kib, NULL, 10);
		q.dqb_valid = QIF_BLIMITS;
	}
	if (syscall(SYS_quotactl_fd, fd, QCMD(cmd, PRJQUOTA), (unsigned int)strtoul(id, NULL, 10),
		    &q))
		return fail("quotactl_fd");
	if (cmd == Q_GETQUOTA)
		printf("%llu %llu\n", (unsigned long long)q.dqb_curspace,
		       (unsigned long long)q.dqb_bhardlimit);
	return 0;
}

/* Needs no capability: only vctx.ko can refuse it (security_quotactl). */
static int quota_info(int fd)
{
	struct if_dqinfo info;

	if (syscall(SYS_quotactl_fd, fd, QCMD(Q_GETINFO, PRJQUOTA), 0, &info))
		return fail("quotactl_fd");
	printf("grace %llu s\n", (unsigned long long)info.dqi_bgrace);
	return 0;
}

int main(int argc, char **argv)
{
	struct fsxattr x;
	int fd;

	if (argc < 3)
		return fprintf(stderr, "usage: see quota_try.c\n"), 2;
	fd = open(argv[2], O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return fail(argv[2]);
	if (!strcmp(argv[1], "projid") && argc == 4)
		return fsx(fd, argv[3], NULL);
	if (!strcmp(argv[1], "inherit") && argc == 4)
		return fsx(fd, NULL, argv[3]);
	if (!strcmp(argv[1], "setflags") && argc == 4)
		return flags(fd, FS_PROJINHERIT_FL, argv[3]);
	if (!strcmp(argv[1], "noatime") && argc == 4)
		return flags(fd, FS_NOATIME_FL, argv[3]);
	if (!strcmp(argv[1], "show")) {
		if (ioctl(fd, FS_IOC_FSGETXATTR, &x))
			return fail("FS_IOC_FSGETXATTR");
		printf("%u %s\n", x.fsx_projid, x.fsx_xflags & FS_XFLAG_PROJINHERIT ? "on" : "off");
		return 0;
	}
	if (!strcmp(argv[1], "qget") && argc == 4)
		return quota(fd, argv[1], argv[3], NULL);
	if (!strcmp(argv[1], "qinfo") && argc == 3)
		return quota_info(fd);
	if (!strcmp(argv[1], "qset") && argc == 5)
		return quota(fd, argv[1], argv[3], argv[4]);
	return fprintf(stderr, "usage: see quota_try.c\n"), 2;
}
