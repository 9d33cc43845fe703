// SPDX-License-Identifier: GPL-2.0
/*
 * The hook engine.
 *
 * Each hook is an ftrace_ops filtered to one function by name (no symbol
 * lookup needed) with:
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

noinline int vctx_hook_deny_enoent(void)
{
	return -ENOENT;
}

noinline void *vctx_hook_deny_enoent_ptr(void)
{
	return ERR_PTR(-ENOENT);
}

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

static int vctx_hook_attach(struct vctx_hook *hook)
{
	int ret;

	memset(&hook->ops, 0, sizeof(hook->ops));
	hook->ops.func = hook->entry;
	hook->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY |
			  FTRACE_OPS_FL_RECURSION;

	ret = ftrace_set_filter(&hook->ops, (unsigned char *)hook->func,
				strlen(hook->func), 1);
	if (ret)
		goto err;
	ret = register_ftrace_function(&hook->ops);
	if (ret)
		goto err_filter;
	hook->attached = true;
	return 0;

err_filter:
	ftrace_free_filter(&hook->ops);
err:
	pr_err("cannot hook %s: %s (%d); not loading without it\n",
	       hook->func, vctx_hook_why(ret), ret);
	return ret;
}

static void vctx_hook_detach(struct vctx_hook *hook)
{
	int ret;

	if (!hook->attached)
		return;
	ret = unregister_ftrace_function(&hook->ops);
	if (ret)
		pr_err("cannot unhook %s: %d\n", hook->func, ret);
	ftrace_free_filter(&hook->ops);
	hook->attached = false;
}

/**
 * vctx_hooks_attach() - hook every function of a table, or none
 * @hooks: the table; @func and @entry set
 * @nr: its length
 *
 * A hook that cannot attach is logged with its function's name and the
 * reason, and undoes the ones before it.
 *
 * Return: 0, or the error of the first hook that failed.
 */
int vctx_hooks_attach(struct vctx_hook *hooks, size_t nr)
{
	size_t i;
	int ret;

	for (i = 0; i < nr; i++) {
		ret = vctx_hook_attach(&hooks[i]);
		if (ret)
			goto err;
	}
	return 0;

err:
	while (i--)
		vctx_hook_detach(&hooks[i]);
	return ret;
}

/**
 * vctx_hooks_detach() - unhook a table attached by vctx_hooks_attach()
 * @hooks: the table
 * @nr: its length
 *
 * Returns once no callback of the table runs and none can start.
 */
void vctx_hooks_detach(struct vctx_hook *hooks, size_t nr)
{
	size_t i;

	for (i = nr; i--; )
		vctx_hook_detach(&hooks[i]);
	/*
	 * ftrace waits like this itself for dynamic ops on preemptible kernels;
	 * do not depend on that: a task may still be on its way back through
	 * an error stub of ours.
	 */
	synchronize_rcu_tasks();
}
