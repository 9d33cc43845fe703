// SPDX-License-Identifier: GPL-2.0
/*
 * A test module that holds IPMODIFY on one kernel function, as another
 * security module or a livepatch would, so the tests can check that vctx.ko
 * then refuses to load and says which function and why.
 *
 *   insmod vctx_ipmodify_holder.ko func=security_task_kill
 */
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/string.h>

static char *func = "security_task_kill";
module_param(func, charp, 0444);
MODULE_PARM_DESC(func, "the function to hold");

static void notrace holder_entry(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
}

static struct ftrace_ops holder_ops = {
	.func = holder_entry,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_RECURSION,
};

static int __init holder_init(void)
{
	int ret;

	ret = ftrace_set_filter(&holder_ops, (unsigned char *)func, strlen(func), 1);
	if (ret)
		return ret;
	ret = register_ftrace_function(&holder_ops);
	if (ret)
		ftrace_free_filter(&holder_ops);
	return ret;
}

static void __exit holder_exit(void)
{
	unregister_ftrace_function(&holder_ops);
	ftrace_free_filter(&holder_ops);
}

module_init(holder_init);
module_exit(holder_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vctx selftest: holds IPMODIFY on a kernel function");
