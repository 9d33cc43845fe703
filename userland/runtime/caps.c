// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "runtime/caps.h"
#include "runtime/spawn_error.h"

static const char *const names[CAPS_LAST + 1] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

_Static_assert(CAP_CHECKPOINT_RESTORE == CAPS_LAST, "capability table out of date");

const char *cap_name(unsigned int cap)
{
	return cap <= CAPS_LAST ? names[cap] : NULL;
}

static int cap_from_span(const char *name, size_t len)
{
	unsigned int cap;

	if (len > 4 && !strncasecmp(name, "cap_", 4)) {
		name += 4;
		len -= 4;
	}
	for (cap = 0; cap <= CAPS_LAST; cap++)
		if (strlen(names[cap]) == len && !strncasecmp(names[cap], name, len))
			return (int)cap;
	return -1;
}

int cap_from_name(const char *name)
{
	return cap_from_span(name, strlen(name));
}

bool caps_apply_list(uint64_t *set, const char *list, bool add, const char **bad, size_t *bad_len)
{
	const char *p = list;
	uint64_t result = *set;

	for (;;) {
		size_t len = strcspn(p, ",");
		uint64_t bits;
		int cap;

		if (len == 3 && !strncasecmp(p, "all", 3)) {
			bits = (UINT64_C(1) << (CAPS_LAST + 1)) - 1;
		} else {
			cap = cap_from_span(p, len);
			if (cap < 0) {
				*bad = p;
				*bad_len = len;
				return false;
			}
			bits = UINT64_C(1) << cap;
		}
		result = add ? result | bits : result & ~bits;
		if (!p[len])
			break;
		p += len + 1;
	}
	*set = result;
	return true;
}

uint64_t caps_default(bool own_netns)
{
	static const unsigned int keep[] = {
		CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL,
		CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
		CAP_SYS_CHROOT, CAP_AUDIT_WRITE, CAP_SETFCAP, CAP_SYS_BOOT,
	};
	uint64_t set = 0;
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		set |= UINT64_C(1) << keep[i];
	if (own_netns)
		set |= UINT64_C(1) << CAP_NET_RAW;
	return set;
}

void caps_print(FILE *out, uint64_t set)
{
	const char *sep = "";
	unsigned int cap;

	if (!set) {
		fputs("none", out);
		return;
	}
	for (cap = 0; cap <= CAPS_LAST; cap++) {
		if (set & (UINT64_C(1) << cap)) {
			fprintf(out, "%s%s", sep, names[cap]);
			sep = ",";
		}
	}
}

/*
 * Limiting what a task in a context may ever hold: the bounding set (what
 * execve() can grant), the ambient set, and its own current sets.
 */
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
