// SPDX-License-Identifier: GPL-2.0
/*
 * kexec_try: ask the kernel to unload its kexec image, the most harmless
 * request that still passes every permission check of kexec_load(2) or
 * kexec_file_load(2).
 *
 *   kexec_try load|file-unload
 *
 * Prints "ok" (exit 0) or the error (exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEXEC_FILE_UNLOAD 0x1

int main(int argc, char **argv)
{
	long ret;

	if (argc != 2)
		goto usage;
	if (!strcmp(argv[1], "load"))
		ret = syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL);
	else if (!strcmp(argv[1], "file-unload"))
		ret = syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL, KEXEC_FILE_UNLOAD);
	else
		goto usage;
	if (ret) {
		printf("%s\n", strerror(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
usage:
	fprintf(stderr, "usage: kexec_try load|file-unload\n");
	return 2;
}
