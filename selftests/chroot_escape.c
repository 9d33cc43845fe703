// SPDX-License-Identifier: GPL-2.0
/*
 * chroot_escape: the classic ways out of a chroot, tried by root inside a
 * context. Built static so it runs in a minimal root. Exits 0 when every
 * attempt still sees the context's root (/guest-marker present,
 * /host-marker absent), 1 with a message when one got out, 2 on a setup
 * error.
 *
 *   1. chroot into a subdirectory, chdir("..") many times, chroot(".")
 *   2. keep a directory fd of "/", chroot elsewhere, fchdir back, chroot(".")
 *   3. the same through /proc/self/root and /proc/1/root
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int outside(const char *how)
{
	if (access("/guest-marker", F_OK) || !access("/host-marker", F_OK)) {
		printf("escaped through %s\n", how);
		return 1;
	}
	return 0;
}

static int climb(void)
{
	int i;

	for (i = 0; i < 64; i++)
		if (chdir(".."))
			return -1;
	return chroot(".");
}

int main(void)
{
	int rootfd, bad = 0;

	if (access("/guest-marker", F_OK)) {
		printf("setup: no /guest-marker in the context's root\n");
		return 2;
	}
	rootfd = open("/", O_RDONLY | O_DIRECTORY);
	if (mkdir("/esc", 0700) && errno != EEXIST) {
		printf("setup: mkdir /esc: %s\n", strerror(errno));
		return 2;
	}

	if (chroot("/esc") == 0) {
		climb();
		bad |= outside("chroot + chdir(..) + chroot(.)");
	} else {
		printf("setup: chroot: %s\n", strerror(errno));
		return 2;
	}
	if (fchdir(rootfd) == 0) {
		climb();
		bad |= outside("a saved fd of / + chdir(..) + chroot(.)");
	}
	if (chdir("/proc/self/root") == 0) {
		climb();
		bad |= outside("/proc/self/root");
	}
	if (chdir("/proc/1/root") == 0) {
		climb();
		bad |= outside("/proc/1/root");
	}
	return bad;
}
