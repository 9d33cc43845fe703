/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that differs between the kernels vctx supports lives here.
 * Kbuild force-includes this file into every object of the module, so the
 * rest of the source uses one (the newest) API. Differences are selected by
 * probing for a feature where a header tells us, and by version only where
 * nothing else can (the supported range itself).
 */
#ifndef _VCTX_COMPAT_H
#define _VCTX_COMPAT_H

#include <linux/version.h>

/*
 * Tested: Debian's 6.1 LTS and 6.12 LTS builds. Kernels in between share the
 * APIs we rely on; kernels outside the range have not been tried at all.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0) || \
	LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#ifndef VCTX_ALLOW_UNTESTED_KERNEL
#error "vctx supports Linux 6.1 to 6.12 (tested on Debian's 6.1 LTS and 6.12 LTS); \
build with VCTX_ALLOW_UNTESTED_KERNEL=1 to try another kernel at your own risk"
#endif
#endif

/*
 * ftrace callbacks redirect a hooked call by setting the saved instruction
 * pointer. 6.12 made struct ftrace_regs opaque and renamed the setter; both
 * are macros, so the header itself tells which one this kernel has.
 */
#include <linux/ftrace.h>

#if defined(ftrace_regs_set_instruction_pointer)
#define vctx_ftrace_set_ip(fregs, ip)	ftrace_regs_set_instruction_pointer(fregs, ip)
#elif defined(ftrace_instruction_pointer_set)
#define vctx_ftrace_set_ip(fregs, ip)	ftrace_instruction_pointer_set(fregs, ip)
#else
#error "vctx: this kernel's ftrace cannot redirect a call (no instruction pointer setter)"
#endif

/*
 * The abstract unix socket guard finds the context that owns a socket
 * through the cgroup the socket was created in (sock_cgroup_ptr()), which
 * the kernel records only with CONFIG_SOCK_CGROUP_DATA (selected by
 * CONFIG_CGROUP_BPF, CONFIG_CGROUP_NET_CLASSID or CONFIG_CGROUP_NET_PRIO).
 */
#if !IS_ENABLED(CONFIG_SOCK_CGROUP_DATA)
#error "vctx needs CONFIG_SOCK_CGROUP_DATA: build the kernel with CONFIG_CGROUP_BPF=y"
#endif

/*
 * The sched_stat_runtime tracepoint lost its vruntime argument in 6.8. Its
 * declaration tells which one this kernel has; usable where
 * <trace/events/sched.h> is included.
 */
#define VCTX_TP_RUNTIME_HAS_VRUNTIME						\
	__builtin_types_compatible_p(typeof(trace_sched_stat_runtime),		\
				     void (struct task_struct *, u64, u64))

#endif /* _VCTX_COMPAT_H */
