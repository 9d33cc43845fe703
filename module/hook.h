/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hook engine: ftrace callbacks on kernel functions (the LSM entry
 * points) that decide whether a call goes on, and deny it by returning
 * through an error stub of the module instead of the function.
 */
#ifndef _VCTX_HOOK_H
#define _VCTX_HOOK_H

#include <linux/ftrace.h>
#include <linux/ptrace.h>

/**
 * struct vctx_hook - one hooked kernel function
 * @func: the function's name, as in available_filter_functions
 * @entry: the callback, run at the function's entry with its arguments
 * @ip: the function's address, learned at its first call
 */
struct vctx_hook {
	const char *func;
	ftrace_func_t entry;
	unsigned long ip;
};

#define VCTX_HOOK(_func, _entry)	{ .func = #_func, .entry = (_entry) }

/**
 * struct vctx_hook_table - hooks attached and detached together
 * @hooks: the hooks
 * @nr: how many
 * @ops: the one ftrace_ops that serves them
 * @attached: whether @ops is registered
 */
struct vctx_hook_table {
	struct vctx_hook *hooks;
	size_t nr;
	struct ftrace_ops ops;
	bool attached;
};

#define VCTX_HOOK_TABLE(_hooks)	{ .hooks = (_hooks), .nr = ARRAY_SIZE(_hooks) }

int vctx_hooks_attach(struct vctx_hook_table *t);
void vctx_hooks_detach(struct vctx_hook_table *t);

/*
 * Error stubs: a denied call returns what its stub returns. The int ones
 * serve functions returning int, the _long one those returning long (system
 * calls: an int -1 would reach their caller as 4294967295), the _ptr one
 * those returning a pointer.
 */
int vctx_hook_deny_eperm(void);
long vctx_hook_deny_eperm_long(void);
int vctx_hook_deny_enoent(void);
int vctx_hook_deny_eaddrnotavail(void);
int vctx_hook_deny_enetunreach(void);
void *vctx_hook_deny_enoent_ptr(void);
void *vctx_hook_deny_eperm_ptr(void);

/*
 * The hooked function's argument @n (0-based, integer or pointer). The
 * engine registers with FTRACE_OPS_FL_SAVE_REGS, so the full register set
 * is always there.
 */
static __always_inline unsigned long vctx_hook_arg(struct ftrace_regs *fregs, unsigned int n)
{
	return regs_get_kernel_argument(ftrace_get_regs(fregs), n);
}

/*
 * Make the hooked function return what @stub returns, without running it:
 * the callback's return lands in @stub, whose own return goes to the
 * function's caller. @stub is a function of the module: an error stub, or
 * one taking the hooked function's arguments (it is entered with them).
 * No kernel code is ever called through a pointer the module computed,
 * which is what keeps this safe under IBT.
 */
static __always_inline void vctx_hook_redirect(struct ftrace_regs *fregs, const void *stub)
{
	vctx_ftrace_set_ip(fregs, (unsigned long)stub);
}

/* Deny the hooked call: make it return what the error stub @stub returns. */
static __always_inline void vctx_hook_deny(struct ftrace_regs *fregs, const void *stub)
{
	vctx_hook_redirect(fregs, stub);
}

#endif /* _VCTX_HOOK_H */
