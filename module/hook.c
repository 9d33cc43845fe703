// SPDX-License-Identifier: GPL-2.0
/*
 * The hook engine.
 *
 * Each table of hooks is one ftrace_ops filtered to its functions by name
 * (no symbol lookup needed) with:
 *   SAVE_REGS  the callback reads the arguments from the saved registers;
 *   IPMODIFY   it may redirect the call, and no one else may at the same
 *              time (a second user gets EBUSY: we refuse to load rather
 *              than run unprotected);
 *   RECURSION  ftrace guards the callback against recursion.
 * The callbacks run at the function's entry with preemption disabled: they
 * may not sleep, and they answer fast for the host, which is almost every
 * call.
 *
 * Detaching unregisters every ops; ftrace then waits until no task is in a
 * callback or its trampoline, and (ops of modules are "dynamic") until
 * every task has passed a voluntary schedule, so none is left in an error
 * stub when the module text goes away.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "hook.h"

/*
 * The error stub a denied call returns through: noinline and address-taken,
 * so it exists as a function of its own. It is entered by a return, not a
 * call, and needs no landing pad (it has one anyway).
 */
noinline int vctx_hook_deny_eperm(void)
{
	return -EPERM;
}

noinline long vctx_hook_deny_eperm_long(void)
{
	return -EPERM;
}

noinline int vctx_hook_deny_enoent(void)
{
	return -ENOENT;
}

noinline int vctx_hook_deny_eaddrnotavail(void)
{
	return -EADDRNOTAVAIL;
}

noinline int vctx_hook_deny_enetunreach(void)
{
	return -ENETUNREACH;
}

noinline void *vctx_hook_deny_enoent_ptr(void)
{
	return ERR_PTR(-ENOENT);
}

noinline void *vctx_hook_deny_eperm_ptr(void)
{
	return ERR_PTR(-EPERM);
}

#define VCTX_HOOK_FLAGS	(FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_RECURSION)

static const char *vctx_hook_why(int err)
{
	switch (err) {
	case -EBUSY:
		return "another module, livepatch or kprobe already modifies it (IPMODIFY)";
	case -EINVAL:
	case -ENOENT:
		return "no such traceable function in this kernel";
	case -ENODEV:
		return "ftrace is disabled";
	default:
		return "ftrace refused";
	}
}

static void vctx_hook_refused(const char *func, int err)
{
	pr_err("cannot hook %s: %s (%d); not loading without it\n", func, vctx_hook_why(err), err);
}

/* The first call of a hooked function: which hook is it? (Slow, once.) */
static noinline struct vctx_hook *notrace vctx_hook_learn(struct vctx_hook_table *t,
							   unsigned long ip)
{
	char name[KSYM_SYMBOL_LEN];
	size_t i;

	sprint_symbol_no_offset(name, ip);
	for (i = 0; i < t->nr; i++) {
		if (strcmp(name, t->hooks[i].func))
			continue;
		WRITE_ONCE(t->hooks[i].ip, ip);
		return &t->hooks[i];
	}
	return NULL;
}

/*
 * The callback of a table's ftrace_ops: hand the call to its hook. @ip is
 * the hooked function's; each hook learns its own at its first call, since
 * no exported interface maps a name to an address.
 *
 * Learning cannot miss: ftrace_set_filter() put @ip in the filter because
 * kallsyms' name for it (the reverse lookup sprint_symbol_no_offset() makes
 * too) is the hook's name. Two functions of one name (static ones in
 * different files) both reach the hook, as the filter meant. Should that
 * ever fail, the log says which function runs unchecked.
 */
static void notrace vctx_hook_dispatch(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct vctx_hook_table *t = container_of(ops, struct vctx_hook_table, ops);
	struct vctx_hook *hook = NULL;
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (READ_ONCE(t->hooks[i].ip) == ip) {
			hook = &t->hooks[i];
			break;
		}
	if (!hook)
		hook = vctx_hook_learn(t, ip);
	if (likely(hook))
		hook->entry(ip, parent_ip, ops, fregs);
	else
		pr_err_once("no hook of the %s table matches %pS: it runs unchecked\n",
			    t->hooks[0].func, (void *)ip);
}

static void notrace vctx_hook_nop(unsigned long ip, unsigned long parent_ip,
				  struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
}

/*
 * A table's ops could not register (-EBUSY, most likely): find the function
 * that refuses, one at a time, so the log names it.
 */
static void vctx_hook_diagnose(struct vctx_hook_table *t, int err)
{
	struct ftrace_ops *probe;
	const char *func;
	size_t i;
	int ret;

	probe = kzalloc(sizeof(*probe), GFP_KERNEL);
	for (i = 0; probe && i < t->nr; i++) {
		func = t->hooks[i].func;
		memset(probe, 0, sizeof(*probe));
		probe->func = vctx_hook_nop;
		probe->flags = VCTX_HOOK_FLAGS;
		ret = ftrace_set_filter(probe, (unsigned char *)func, strlen(func), 1);
		if (!ret) {
			ret = register_ftrace_function(probe);
			if (!ret)
				unregister_ftrace_function(probe);
		}
		ftrace_free_filter(probe);
		if (ret) {
			vctx_hook_refused(func, ret);
			kfree(probe);
			return;
		}
	}
	kfree(probe);
	pr_err("cannot hook %s and %zu more: %s (%d); not loading without them\n",
	       t->hooks[0].func, t->nr - 1, vctx_hook_why(err), err);
}

/**
 * vctx_hooks_attach() - hook every function of a table, or none
 * @t: the table: its hooks' @func and @entry set
 *
 * One ftrace_ops serves the whole table, so loading and unloading cost one
 * registration each, whatever the number of hooks. A function that cannot
 * be hooked is logged by name with the reason.
 *
 * Return: 0, or the error.
 */
int vctx_hooks_attach(struct vctx_hook_table *t)
{
	size_t i;
	int ret;

	memset(&t->ops, 0, sizeof(t->ops));
	t->ops.func = vctx_hook_dispatch;
	t->ops.flags = VCTX_HOOK_FLAGS;
	for (i = 0; i < t->nr; i++) {
		const char *func = t->hooks[i].func;

		t->hooks[i].ip = 0;
		ret = ftrace_set_filter(&t->ops, (unsigned char *)func, strlen(func), !i);
		if (ret) {
			vctx_hook_refused(func, ret);
			goto err;
		}
	}
	ret = register_ftrace_function(&t->ops);
	if (ret) {
		vctx_hook_diagnose(t, ret);
		goto err;
	}
	t->attached = true;
	return 0;

err:
	ftrace_free_filter(&t->ops);
	return ret;
}

/**
 * vctx_hooks_detach() - unhook a table attached by vctx_hooks_attach()
 * @t: the table
 *
 * Returns once no callback of the table runs and none can start.
 */
void vctx_hooks_detach(struct vctx_hook_table *t)
{
	int ret;

	if (!t->attached)
		return;
	ret = unregister_ftrace_function(&t->ops);
	if (ret)
		pr_err("cannot unhook %s and the rest of its table: %d\n", t->hooks[0].func, ret);
	ftrace_free_filter(&t->ops);
	t->attached = false;
	/*
	 * ftrace waits like this itself for dynamic ops on preemptible kernels;
	 * do not depend on that: a task may still be on its way back through
	 * an error stub of ours.
	 */
	synchronize_rcu_tasks();
}
