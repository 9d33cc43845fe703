// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fresh session keyring for the tasks of a context (keyring.h). No
 * libkeyutils: it is one system call.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/keyring.h"

#define VCTX_KEYCTL_JOIN_SESSION_KEYRING 1

int keyring_join_fresh(void)
{
	/* A NULL name makes a new anonymous keyring and joins it. */
	if (syscall(SYS_keyctl, VCTX_KEYCTL_JOIN_SESSION_KEYRING, NULL) >= 0)
		return 0;
	return errno == ENOSYS ? 0 : -errno;
}
