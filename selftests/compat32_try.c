// SPDX-License-Identifier: GPL-2.0
/*
 * compat32_try: one system call through the 32-bit entry (int $0x80, the
 * ia32 compat path a 32-bit guest binary takes), for the tests of the calls
 * vctx.ko refuses there as at the 64-bit entry. A 64-bit static program, as
 * sysinfo32, so no multilib toolchain is needed.
 *
 *   compat32_try prlimit PID         prlimit64(PID, RLIMIT_CPU) set to its
 *                                    own value
 *   compat32_try kexec               kexec_load() of no segment (an unload)
 *   compat32_try add-key NAME        add_key("user", NAME) to the user keyring
 *   compat32_try request-key NAME    request_key("user", NAME), no upcall
 *   compat32_try keyctl              keyctl(KEYCTL_GET_KEYRING_ID, user keyring)
 *
 * Prints "ok" or the errno's name (EPERM, ...) and exits 0; exits 2 on a
 * usage error.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "int80.h"

/* arch/x86/entry/syscalls/syscall_32.tbl */
#define NR32_KEXEC_LOAD		283
#define NR32_ADD_KEY		286
#define NR32_REQUEST_KEY	287
#define NR32_KEYCTL		288
#define NR32_PRLIMIT64		340

#define KEY_SPEC_USER_KEYRING	-4
#define KEYCTL_GET_KEYRING_ID	0
#define RLIMIT_CPU		0
/* The compat entry wants the kernel's architecture named, not the default. */
#define KEXEC_ARCH_X86_64	(62 << 16)

/* call()'s answer to an action it does not know. */
#define UNKNOWN_ACTION		LONG_MIN


/* The compat entry takes 32-bit pointers: everything lives below 4 GiB. */
struct low {
	uint64_t rlim[2];
	char type[8];
	char name[128];
	char payload[8];
};

static long call(const char *what, const char *arg, struct low *m)
{
	unsigned long p = (unsigned long)m;
	long ret;

	strcpy(m->type, "user");
	strcpy(m->payload, "x");
	if (arg)
		snprintf(m->name, sizeof(m->name), "%s", arg);
	if (!strcmp(what, "prlimit") && arg) {
		ret = int80(NR32_PRLIMIT64, atoi(arg), RLIMIT_CPU, 0, p, 0);
		if (ret)
			return ret;
		return int80(NR32_PRLIMIT64, atoi(arg), RLIMIT_CPU, p, 0, 0);
	}
	if (!strcmp(what, "kexec") && !arg)
		return int80(NR32_KEXEC_LOAD, 0, 0, 0, KEXEC_ARCH_X86_64, 0);
	if (!strcmp(what, "add-key") && arg)
		return int80(NR32_ADD_KEY, (unsigned long)m->type, (unsigned long)m->name,
			     (unsigned long)m->payload, 1, (unsigned long)KEY_SPEC_USER_KEYRING);
	if (!strcmp(what, "request-key") && arg)
		return int80(NR32_REQUEST_KEY, (unsigned long)m->type, (unsigned long)m->name, 0,
			     (unsigned long)KEY_SPEC_USER_KEYRING, 0);
	if (!strcmp(what, "keyctl") && !arg)
		return int80(NR32_KEYCTL, KEYCTL_GET_KEYRING_ID,
			     (unsigned long)KEY_SPEC_USER_KEYRING, 0, 0, 0);
	return UNKNOWN_ACTION;
}

int main(int argc, char **argv)
{
	struct low *m = int80_page();
	long ret;

	if (m == MAP_FAILED) {
		perror("compat32_try: mmap");
		return 2;
	}
	ret = argc == 2 || argc == 3 ? call(argv[1], argc == 3 ? argv[2] : NULL, m) : UNKNOWN_ACTION;
	if (ret == UNKNOWN_ACTION) {
		fprintf(stderr, "usage: compat32_try prlimit PID | kexec | add-key NAME | request-key NAME | keyctl\n");
		return 2;
	}
	if (ret >= 0)
		puts("ok");
	else if (ret == -EPERM)
		puts("EPERM");
	else
		puts(strerror((int)-ret));
	return 0;
}
