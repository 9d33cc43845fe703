// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Limiting what a task in a context may ever hold: the bounding set (what
 * execve() can grant), the ambient set, and its own current sets.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "caps.h"
#include "context.h"

int caps_limit(uint64_t bset, struct spawn_error *err)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	unsigned int cap;
	uint64_t eff, prm;

	for (cap = 0; cap <= CAPS_LAST; cap++) {
		if (bset & (UINT64_C(1) << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL) {
			err->err = errno;
			snprintf(err->msg, sizeof(err->msg), "cannot drop CAP_%s from the bounding set",
				 cap_name(cap));
			return -1;
		}
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot clear the ambient capabilities");
		return -1;
	}

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data)) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot read the capabilities (capget)");
		return -1;
	}
	eff = ((uint64_t)data[1].effective << 32 | data[0].effective) & bset;
	prm = ((uint64_t)data[1].permitted << 32 | data[0].permitted) & bset;
	data[0].effective = (uint32_t)eff;
	data[1].effective = (uint32_t)(eff >> 32);
	data[0].permitted = (uint32_t)prm;
	data[1].permitted = (uint32_t)(prm >> 32);
	data[0].inheritable = data[1].inheritable = 0;
	if (syscall(SYS_capset, &hdr, data)) {
		err->err = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot limit the capabilities (capset)");
		return -1;
	}
	return 0;
}
