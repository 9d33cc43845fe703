// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-context enforcement: who may act on which task.
 *
 * The host may act on every task; any other task only on tasks of its own
 * context. The spectator (xid 1) sees every task but, like a guest, acts
 * only on its own. "Acting" is signalling, ptracing (and everything the
 * kernel guards with a ptrace access check: /proc/<pid>/mem, environ, fd,
 * process_vm_*, pidfd_getfd, kcmp), changing a task's priority, I/O
 * priority, scheduling or memory placement, and opening its /proc/<pid>
 * files (for the spectator: for writing), and naming it the owner of a file
 * (F_SETOWN: the target of SIGIO and SIGURG).
 *
 * Denials fail with EPERM. ESRCH ("no such process", VServer's answer for
 * signals) cannot be given from the LSM hook: kill(2) and
 * pidfd_send_signal(2) take ESRCH from the permission check for a task that
 * exited meanwhile and look it up again, forever. A guest names only the
 * tasks of its own pid namespace anyway and gets ESRCH from the lookup for
 * all others; EPERM reaches only a task that holds a way to name a foreign
 * task (an inherited pidfd or /proc directory, or the spectator's view).
 *
 * A task the host made inside a context (its built-in init, a joining vctx
 * exec before its execve) still runs the host's code and may hold what the
 * host gave it: until it execs, no task but the host's may look into it
 * (ptrace access of any mode, which guards its /proc fd links, exe, cwd,
 * root, mem and environ). Changing another task's resource limits is acting
 * on it; the spectator lists another context's /proc/<pid> links but never
 * follows them.
 *
 * Each callback first asks for the acting task's context and returns at
 * once for the host: while no context exists that costs one load, and one
 * hash lookup per cgroup level otherwise. Every denial raises a DENIED
 * event (which costs nothing more while no one listens).
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/magic.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/ptrace.h>
#include <linux/sched.h>

#include "enforce.h"
#include "events.h"
#include "guard.h"
#include "hook.h"
#include "procvis.h"
#include "registry.h"

/* The acting task's xid, under RCU. */
static __always_inline u32 vctx_xid_of(struct task_struct *task)
{
	return vctx_task_context_rcu(task)->xid;
}

/**
 * vctx_may_act() - whether one task may act on another
 * @actor: the task acting
 * @target: the task acted on
 * @view: the action only reads (a ptrace "read" check): allowed to the
 *	spectator on everyone
 *
 * Context: any, without sleeping.
 */
static bool notrace vctx_may_act(struct task_struct *actor, struct task_struct *target,
				 bool view)
{
	u32 mine;
	bool ok;

	rcu_read_lock();
	mine = vctx_xid_of(actor);
	ok = mine == VCTX_XID_HOST || (view && mine == VCTX_XID_SPECTATOR) ||
	     vctx_xid_of(target) == mine;
	rcu_read_unlock();
	return ok;
}

/*
 * Whether @p was made by a host task (it is its parent) and has not exec'd
 * since: self_exec_id counts the execs of a task, parent_exec_id is its
 * parent's count at the fork, copied with it. Under RCU.
 */
static bool notrace vctx_host_made(struct task_struct *p)
{
	if (READ_ONCE(p->self_exec_id) != READ_ONCE(p->parent_exec_id))
		return false;
	return vctx_xid_of(rcu_dereference(p->real_parent)) == VCTX_XID_HOST &&
	       vctx_xid_of(p) != VCTX_XID_HOST;
}

/*
 * vctx_may_act(), and a task the host made is the host's until it execs:
 * only the host and another such task (host code too: a joining vctx exec
 * that joins its init's namespaces through a pidfd) may look into it.
 */
static bool notrace vctx_may_look(struct task_struct *actor, struct task_struct *target,
				  bool view)
{
	bool ok;

	if (!vctx_may_act(actor, target, view))
		return false;
	rcu_read_lock();
	ok = vctx_xid_of(actor) == VCTX_XID_HOST || !vctx_host_made(target) ||
	     vctx_host_made(actor);
	rcu_read_unlock();
	return ok;
}

/* security_task_kill(p, info, sig, cred) */
static void notrace vctx_task_kill_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct task_struct *p = (struct task_struct *)vctx_hook_arg(fregs, 0);

	/*
	 * A non-NULL cred is a signal sent on behalf of whoever set it up
	 * (USB async I/O completion), not by current: its target was chosen
	 * in the setter's pid namespace.
	 */
	if (vctx_hook_arg(fregs, 3))
		return;
	if (!vctx_may_act(current, p, false)) {
		vctx_event_denied(VCTX_DENY_SIGNAL, current, p, (int)vctx_hook_arg(fregs, 2));
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/* security_ptrace_access_check(child, mode) */
static void notrace vctx_ptrace_access_entry(unsigned long ip, unsigned long parent_ip,
					     struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct task_struct *child = (struct task_struct *)vctx_hook_arg(fregs, 0);
	unsigned int mode = vctx_hook_arg(fregs, 1);

	if (!vctx_may_look(current, child, !(mode & PTRACE_MODE_ATTACH))) {
		vctx_event_denied(VCTX_DENY_PTRACE, current, child, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/*
 * security_ptrace_traceme(parent): the parent would act on current, and a
 * guest would feed the parent (its supervisor, for an init) stop events it
 * never asked for: both must be of one context, or the parent the host's
 * tracing a host task.
 */
static void notrace vctx_ptrace_traceme_entry(unsigned long ip, unsigned long parent_ip,
					      struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct task_struct *parent = (struct task_struct *)vctx_hook_arg(fregs, 0);
	bool ok;

	rcu_read_lock();
	ok = vctx_xid_of(current) == vctx_xid_of(parent);
	rcu_read_unlock();
	if (!ok) {
		vctx_event_denied(VCTX_DENY_PTRACE, parent, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/*
 * security_task_setnice(p, nice), security_task_setioprio(p, ioprio),
 * security_task_setscheduler(p), security_task_movememory(p)
 */
static void notrace vctx_task_change_entry(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct task_struct *p = (struct task_struct *)vctx_hook_arg(fregs, 0);

	if (!vctx_may_act(current, p, false)) {
		vctx_event_denied(VCTX_DENY_PRIORITY, current, p, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/*
 * Whether current may make @pid (of @type) the owner of a file: the target
 * of its SIGIO and SIGURG, which the kernel sends later on behalf of
 * whoever causes the I/O, so the rule applies when the owner is named.
 * A process group is allowed only when every member is; a denial names
 * the first member refused.
 */
static bool notrace vctx_may_own(struct pid *pid, enum pid_type type)
{
	struct task_struct *p, *refused = NULL;

	rcu_read_lock();
	if (type <= PIDTYPE_TGID) {
		p = pid_task(pid, PIDTYPE_PID);
		if (p && !vctx_may_act(current, p, false))
			refused = p;
	} else {
		do_each_pid_task(pid, type, p) {
			if (!vctx_may_act(current, p, false)) {
				refused = p;
				break;
			}
		} while_each_pid_task(pid, type, p);
	}
	if (refused)
		vctx_event_denied(VCTX_DENY_OWNER, current, refused, 0);
	rcu_read_unlock();
	return !refused;
}

/* f_setown(filp, who, force): F_SETOWN, FIOSETOWN, SIOCSPGRP. */
static void notrace vctx_f_setown_entry(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	int who = (int)vctx_hook_arg(fregs, 1);
	enum pid_type type = who < 0 ? PIDTYPE_PGID : PIDTYPE_TGID;
	struct pid *pid;
	bool ok;

	/* INT_MIN and pids that do not exist: the kernel's own errors. */
	if (!who || who == INT_MIN)
		return;
	rcu_read_lock();
	pid = find_vpid(abs(who));
	ok = !pid || vctx_may_own(pid, type);
	rcu_read_unlock();
	if (!ok)
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/*
 * __f_setown(filp, pid, type, force): F_SETOWN_EX and the tty and socket
 * paths that bypass f_setown(). It returns nothing, so a denial leaves the
 * owner unchanged without an error.
 */
static void notrace vctx_f_setown_pid_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct pid *pid = (struct pid *)vctx_hook_arg(fregs, 1);
	enum pid_type type = (enum pid_type)vctx_hook_arg(fregs, 2);

	/* NULL: the owner is being cleared (f_delown). */
	if (pid && !vctx_may_own(pid, type))
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/*
 * The task whose /proc/<pid> directory holds @dentry (of a procfs), or
 * NULL: not under a /proc/<pid>, or the task is gone. Under RCU: procfs
 * never renames or moves these dentries, so the walk up is stable.
 */
static struct task_struct *notrace vctx_proc_dentry_task(struct dentry *dentry)
{
	struct dentry *root = dentry->d_sb->s_root;
	char nr[12];
	int pid;

	if (dentry == root)
		return NULL;
	while (READ_ONCE(dentry->d_parent) != root)
		dentry = READ_ONCE(dentry->d_parent);
	if (dentry->d_name.len >= sizeof(nr))
		return NULL;
	memcpy(nr, dentry->d_name.name, dentry->d_name.len);
	nr[dentry->d_name.len] = '\0';
	if (kstrtoint(nr, 10, &pid) || pid <= 0)
		return NULL;
	return pid_task(find_pid_ns(pid, proc_pid_ns(dentry->d_sb)), PIDTYPE_PID);
}

/* security_file_open(file) */
static void notrace vctx_file_open_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct file *file = (struct file *)vctx_hook_arg(fregs, 0);
	struct dentry *dentry = file->f_path.dentry;
	struct task_struct *target;
	bool ok = true;
	u32 mine;

	if (dentry->d_sb->s_magic != PROC_SUPER_MAGIC) {
		if (vctx_guard_device_denied(file_inode(file)))
			vctx_hook_deny(fregs, vctx_hook_deny_eperm);
		return;
	}

	rcu_read_lock();
	mine = vctx_xid_of(current);
	if (mine != VCTX_XID_HOST &&
	    (mine != VCTX_XID_SPECTATOR || (file->f_mode & FMODE_WRITE))) {
		target = vctx_proc_dentry_task(dentry);
		ok = !target || vctx_xid_of(target) == mine;
		if (!ok)
			vctx_event_denied(VCTX_DENY_PROC, current, target, 0);
	}
	rcu_read_unlock();
	if (!ok)
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	else if (vctx_proc_dentry_hidden(dentry))
		vctx_hook_deny(fregs, vctx_hook_deny_enoent);
}

/*
 * proc_pid_get_link(dentry, inode, done): following /proc/<pid>/fd/N, cwd,
 * root or exe. Guests are refused other contexts' by the ptrace access
 * check; the spectator passes it (a read) and would reach, through the
 * link, another context's open files and its root. NULL @dentry: an RCU
 * walk, which the function itself refuses (ECHILD) before retrying.
 */
static void notrace vctx_proc_link_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct dentry *dentry = (struct dentry *)vctx_hook_arg(fregs, 0);
	struct task_struct *target;
	bool ok = true;
	u32 mine;

	if (!dentry)
		return;
	rcu_read_lock();
	mine = vctx_xid_of(current);
	if (mine == VCTX_XID_SPECTATOR) {
		target = vctx_proc_dentry_task(dentry);
		ok = !target || vctx_xid_of(target) == mine;
		if (!ok)
			vctx_event_denied(VCTX_DENY_LINK, current, target, 0);
	}
	rcu_read_unlock();
	if (!ok)
		vctx_hook_deny(fregs, vctx_hook_deny_eperm_ptr);
}

/*
 * The prlimit64(2) entry points (the only way to change another task's
 * limits): arguments pid, resource, new_rlim, old_rlim from the saved
 * user registers @regs. Reading limits (no new_rlim) is a view.
 */
static void notrace vctx_prlimit(struct ftrace_regs *fregs, pid_t nr, unsigned long new_rlim)
{
	struct task_struct *p;
	bool ok = true;

	if (!new_rlim || !nr)
		return;
	rcu_read_lock();
	p = pid_task(find_vpid(nr), PIDTYPE_PID);
	if (p && !same_thread_group(p, current) && !vctx_may_act(current, p, false)) {
		vctx_event_denied(VCTX_DENY_RLIMIT, current, p, 0);
		ok = false;
	}
	rcu_read_unlock();
	if (!ok)
		vctx_hook_deny(fregs, vctx_hook_deny_eperm_long);
}

static void notrace vctx_prlimit_entry(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const struct pt_regs *regs = (const struct pt_regs *)vctx_hook_arg(fregs, 0);

	vctx_prlimit(fregs, (pid_t)regs->di, regs->dx);
}

/* A kernel without 32-bit emulation (make check-debug's) has no such entry. */
#if IS_ENABLED(CONFIG_IA32_EMULATION)
static void notrace vctx_prlimit_ia32_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const struct pt_regs *regs = (const struct pt_regs *)vctx_hook_arg(fregs, 0);

	vctx_prlimit(fregs, (pid_t)regs->bx, (u32)regs->dx);
}
#endif

/*
 * kexec_load(2) and kexec_file_load(2), at their x86-64, ia32 and x32 entry
 * points. A guest keeps CAP_SYS_BOOT so that its reboot(2) ends its own pid
 * namespace (the kernel reports it as its init's exit, which vctx turns into
 * a restart or a stop). The same capability would let it load, or unload,
 * the host's next or crash kernel, and kexec_file_load(KEXEC_FILE_UNLOAD)
 * passes no LSM hook: the system calls themselves are refused.
 */
static void notrace vctx_kexec_entry(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	u32 mine;

	rcu_read_lock();
	mine = vctx_xid_of(current);
	rcu_read_unlock();
	if (mine != VCTX_XID_HOST) {
		vctx_event_denied(VCTX_DENY_KEXEC, current, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm_long);
	}
}

static struct vctx_hook vctx_enforce_hooks[] = {
	VCTX_HOOK(security_task_kill, vctx_task_kill_entry),
	VCTX_HOOK(security_ptrace_access_check, vctx_ptrace_access_entry),
	VCTX_HOOK(security_ptrace_traceme, vctx_ptrace_traceme_entry),
	VCTX_HOOK(security_task_setnice, vctx_task_change_entry),
	VCTX_HOOK(security_task_setioprio, vctx_task_change_entry),
	VCTX_HOOK(security_task_setscheduler, vctx_task_change_entry),
	VCTX_HOOK(security_task_movememory, vctx_task_change_entry),
	VCTX_HOOK(security_file_open, vctx_file_open_entry),
	VCTX_HOOK(f_setown, vctx_f_setown_entry),
	VCTX_HOOK(__f_setown, vctx_f_setown_pid_entry),
	VCTX_HOOK(proc_pid_get_link, vctx_proc_link_entry),
	VCTX_HOOK(__x64_sys_prlimit64, vctx_prlimit_entry),
#if IS_ENABLED(CONFIG_IA32_EMULATION)
	VCTX_HOOK(__ia32_sys_prlimit64, vctx_prlimit_ia32_entry),
#endif
	/*
	 * Only the entry points this configuration builds: a system call left
	 * out is an alias of sys_ni_syscall, which must not be hooked.
	 */
#if IS_ENABLED(CONFIG_KEXEC)
	VCTX_HOOK(__x64_sys_kexec_load, vctx_kexec_entry),
#if IS_ENABLED(CONFIG_IA32_EMULATION)
	VCTX_HOOK(__ia32_compat_sys_kexec_load, vctx_kexec_entry),
#endif
#if IS_ENABLED(CONFIG_X86_X32_ABI)
	VCTX_HOOK(__x64_compat_sys_kexec_load, vctx_kexec_entry),
#endif
#endif
#if IS_ENABLED(CONFIG_KEXEC_FILE)
	VCTX_HOOK(__x64_sys_kexec_file_load, vctx_kexec_entry),
#endif
};

static struct vctx_hook_table vctx_enforce_hooks_table = VCTX_HOOK_TABLE(vctx_enforce_hooks);

int vctx_enforce_init(void)
{
	return vctx_hooks_attach(&vctx_enforce_hooks_table);
}

void vctx_enforce_exit(void)
{
	vctx_hooks_detach(&vctx_enforce_hooks_table);
}
