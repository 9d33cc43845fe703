// SPDX-License-Identifier: GPL-2.0
/*
 * Guest guards: rules that hold for every task of a context, whatever the
 * tool that built it did. Guest root runs in the host's user namespace, so
 * the kernel's own checks against "root in a user namespace" do not stop
 * it; these do.
 *
 *   cgroups   No task of a context is moved, by anyone, or born outside its
 *             context's subtree, and a guest task moves nothing outside it:
 *             nsdelegate's rule at the context's boundary, whatever the
 *             mount options. A guest writes no file of its context's own
 *             cgroup but the delegatable ones (cgroup.procs, cgroup.threads,
 *             cgroup.subtree_control): its limits are the host's, also
 *             through a cgroup2 mount of its own in a user namespace.
 *   keyrings  Keys belong to uids, not to contexts, and guest root is the
 *             host's uid 0: add_key, request_key and keyctl are refused to
 *             every task outside the host (as the default filters of Docker
 *             and systemd-nspawn do).
 *   unix      No connect or send to another context's abstract unix socket:
 *             the abstract namespace is the network namespace's, which a
 *             context on the shared stack shares with the host.
 *   modules   No module request (autoload) on behalf of a guest task, but
 *             for names that match the autoload_allow parameter.
 *   devices   A guest opens no device node but the ones a context's /dev
 *             holds (null, zero, full, random, urandom, tty, ptmx, pty
 *             slaves): with mknod (a capability it may be given) or a
 *             device an admin binds in, it would otherwise read the host's
 *             disks and memory. cgroup v2 has no device controller but
 *             BPF programs; this is the same rule in the module.
 *             Checked from enforce.c's file_open hook, via
 *             vctx_guard_device_denied().
 *   quota     A guest changes no file's project id or PROJINHERIT flag (its
 *             disk quota is its project's: a file re-tagged to another
 *             project walks out of it), and makes no quotactl on project
 *             quotas nor any that changes a quota.
 *   sockets   Only the families of the context's allow-list; on the host's
 *             network namespace, only the netlink protocols that show no
 *             other context's state. Checked from netbind.c's socket_create
 *             hook (a function has one IPMODIFY user) via
 *             vctx_guard_socket_denied().
 * Each callback returns at once for the host. Every denial raises a DENIED
 * event.
 */
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/fileattr.h>
#include <linux/fs.h>
#include <linux/glob.h>
#include <linux/kdev_t.h>
#include <linux/kernfs.h>
#include <linux/major.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/nsproxy.h>
#include <linux/quota.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/un.h>
#include <uapi/linux/dqblk_xfs.h>
#include <net/af_unix.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "context.h"
#include "events.h"
#include "guard.h"
#include "hook.h"
#include "registry.h"

/* The current task's context, under RCU. */
static __always_inline struct vctx_context *vctx_current_rcu(void)
{
	return vctx_task_context_rcu(current);
}

static __always_inline bool vctx_is_host(const struct vctx_context *ctx)
{
	return ctx->xid == VCTX_XID_HOST;
}

static bool notrace vctx_current_is_host(void)
{
	bool host;

	rcu_read_lock();
	host = vctx_is_host(vctx_current_rcu());
	rcu_read_unlock();
	return host;
}

/* @cgrp is @ctx's cgroup or below it. */
static bool notrace vctx_cgroup_within(struct cgroup *cgrp, const struct vctx_context *ctx)
{
	return ctx->cgrp && cgroup_is_descendant(cgrp, ctx->cgrp);
}

/*
 * cgroup_attach_permissions(src_cgrp, dst_cgrp, sb, threadgroup, ns): the
 * one check of both a write to cgroup.procs or cgroup.threads (src is the
 * moved task's cgroup) and clone3(CLONE_INTO_CGROUP) (src is the parent's).
 */
static void notrace vctx_cgroup_attach_entry(unsigned long ip, unsigned long parent_ip,
					     struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct cgroup *src = (struct cgroup *)vctx_hook_arg(fregs, 0);
	struct cgroup *dst = (struct cgroup *)vctx_hook_arg(fregs, 1);
	struct vctx_context *from, *actor;
	bool ok;

	rcu_read_lock();
	from = vctx_cgroup_context_rcu(src);
	actor = vctx_current_rcu();
	ok = (vctx_is_host(from) || vctx_cgroup_within(dst, from)) &&
	     (vctx_is_host(actor) || vctx_cgroup_within(dst, actor));
	rcu_read_unlock();
	if (!ok) {
		vctx_event_denied(VCTX_DENY_CGROUP, current, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/* cgroup_file_write(of, buf, nbytes, off): every cgroup file's write. */
static void notrace vctx_cgroup_write_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct kernfs_open_file *of = (struct kernfs_open_file *)vctx_hook_arg(fregs, 0);
	struct vctx_context *actor;
	struct cftype *cft;
	struct cgroup *cgrp;
	bool ok;

	rcu_read_lock();
	actor = vctx_current_rcu();
	if (vctx_is_host(actor)) {
		rcu_read_unlock();
		return;
	}
	/* A cgroup file's node holds its cftype; its directory's, the cgroup. */
	cft = of->kn->priv;
	cgrp = of->kn->parent->priv;
	ok = vctx_cgroup_within(cgrp, actor) &&
	     (cgrp != actor->cgrp || (cft->flags & CFTYPE_NS_DELEGATABLE));
	rcu_read_unlock();
	if (!ok) {
		vctx_event_denied(VCTX_DENY_LIMITS, current, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm_long);
	}
}

/* add_key(2), request_key(2), keyctl(2), at every entry point. */
static void notrace vctx_keyring_entry(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	if (!vctx_current_is_host()) {
		vctx_event_denied(VCTX_DENY_KEYRING, current, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm_long);
	}
}

/* Whether current may reach @other, a unix socket it connects or sends to. */
static bool notrace vctx_unix_may_reach(struct sock *other)
{
	const struct unix_address *addr;
	struct vctx_context *actor, *owner;
	bool ok = true;

	rcu_read_lock();
	actor = vctx_current_rcu();
	if (!vctx_is_host(actor)) {
		/* Pairs with the release that publishes the address at bind. */
		addr = smp_load_acquire(&unix_sk(other)->addr);
		/* An abstract name starts with a NUL; a path name is the file's. */
		if (addr && addr->len > offsetof(struct sockaddr_un, sun_path) &&
		    !addr->name->sun_path[0]) {
			owner = vctx_cgroup_context_rcu(sock_cgroup_ptr(&other->sk_cgrp_data));
			ok = owner == actor;
		}
	}
	rcu_read_unlock();
	if (!ok)
		vctx_event_denied(VCTX_DENY_UNIX, current, current, 0);
	return ok;
}

/* security_unix_stream_connect(sock, other, newsk) */
static void notrace vctx_unix_connect_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	if (!vctx_unix_may_reach((struct sock *)vctx_hook_arg(fregs, 1)))
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/* security_unix_may_send(sock, other): datagram sends and connects. */
static void notrace vctx_unix_send_entry(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct socket *other = (struct socket *)vctx_hook_arg(fregs, 1);

	if (!vctx_unix_may_reach(other->sk))
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/*
 * Whether @fa, a vfs_fileattr_set() request, moves the file to another
 * project or changes whether its children inherit the project, from @old.
 * FS_IOC_SETFLAGS (flags_valid) keeps the old project id: the kernel copies
 * it in; FS_IOC_FSSETXATTR (fsx_valid) sets both.
 */
static bool vctx_fileattr_moves_project(const struct fileattr *old, const struct fileattr *fa)
{
	if (fa->fsx_valid)
		return fa->fsx_projid != old->fsx_projid ||
		       ((fa->fsx_xflags ^ old->fsx_xflags) & FS_XFLAG_PROJINHERIT);
	if (fa->flags_valid)
		return (fa->flags ^ old->flags) & FS_PROJINHERIT_FL;
	return false;
}

/**
 * vctx_guard_fileattr_set() - vfs_fileattr_set()'s stand-in for a guest
 * @idmap: the mount's idmap (6.12) or user namespace (6.1), passed on as is
 * @dentry: the file
 * @fa: the attributes asked for
 *
 * The file's current attributes are only known in process context (XFS
 * reads them under a sleeping lock), so the hook sends a guest's call here.
 * A change of project is refused; anything else goes on to the kernel's
 * vfs_fileattr_set(), whose hook lets calls from this module through.
 *
 * Return: -EPERM for a change of project, else vfs_fileattr_set()'s.
 */
static noinline int vctx_guard_fileattr_set(void *idmap, struct dentry *dentry,
					    struct fileattr *fa)
{
	struct fileattr old = {};
	int err;

	err = vfs_fileattr_get(dentry, &old);
	if (!err && vctx_fileattr_moves_project(&old, fa)) {
		vctx_event_denied(VCTX_DENY_QUOTA, current, current, 0);
		err = -EPERM;
	} else {
		/* A file system without attributes answers as it would have. */
		err = vfs_fileattr_set(idmap, dentry, fa);
	}
	module_put(THIS_MODULE);
	return err;
}

/* vfs_fileattr_set(idmap, dentry, fa): FS_IOC_SETFLAGS and FS_IOC_FSSETXATTR. */
static void notrace vctx_fileattr_set_entry(unsigned long ip, unsigned long parent_ip,
					    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	/* The stand-in's own call, or another of the module's. */
	if (within_module(parent_ip, THIS_MODULE))
		return;
	if (!vctx_current_is_host() && try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, vctx_guard_fileattr_set);
}

/* quotactl commands that change nothing: a guest may still ask its own usage. */
static bool notrace vctx_quotactl_reads(int cmd)
{
	switch (cmd) {
	case Q_GETFMT:
	case Q_GETINFO:
	case Q_GETQUOTA:
	case Q_GETNEXTQUOTA:
	case Q_SYNC:
	case Q_XGETQUOTA:
	case Q_XGETNEXTQUOTA:
	case Q_XGETQSTAT:
	case Q_XGETQSTATV:
	case Q_XQUOTASYNC:
		return true;
	default:
		return false;
	}
}

/*
 * security_quotactl(cmd, type, id, sb): every quotactl(2) and
 * quotactl_fd(2) once the kernel's own permission check passed. A project's
 * usage and limits name other guests' projects too, so a guest reads none.
 */
static void notrace vctx_quotactl_entry(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	int cmd = (int)vctx_hook_arg(fregs, 0);
	int type = (int)vctx_hook_arg(fregs, 1);

	if (type != PRJQUOTA && vctx_quotactl_reads(cmd))
		return;
	if (!vctx_current_is_host()) {
		vctx_event_denied(VCTX_DENY_QUOTA, current, current, 0);
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
	}
}

/*
 * The module names guests may still have loaded for them: glob patterns,
 * each NUL-terminated, the list ended by an empty one. Replaced whole
 * under the parameter lock, read under RCU.
 */
struct vctx_autoload {
	struct rcu_head rcu;
	char patterns[];
};

static struct vctx_autoload __rcu *vctx_autoload_allow;

static bool notrace vctx_autoload_allowed(const char *name)
{
	const struct vctx_autoload *list;
	const char *p;
	bool ok = false;

	rcu_read_lock();
	list = rcu_dereference(vctx_autoload_allow);
	for (p = list ? list->patterns : ""; *p && !ok; p += strlen(p) + 1)
		ok = glob_match(p, name);
	rcu_read_unlock();
	return ok;
}

static int vctx_autoload_set(const char *val, const struct kernel_param *kp)
{
	struct vctx_autoload *list, *old;
	size_t len = strlen(val);
	char *p;

	if (len > PAGE_SIZE)
		return -E2BIG;
	list = kzalloc(sizeof(*list) + len + 2, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	/* "a, b,c\n" -> "a\0b\0c\0\0": separators become terminators. */
	memcpy(list->patterns, val, len);
	for (p = list->patterns; *p; p++)
		if (*p == ',' || isspace(*p))
			*p = '\0';
	/* Squeeze the empty patterns out, so the first empty one ends the list. */
	for (p = list->patterns; p < list->patterns + len; ) {
		size_t n = strlen(p);

		if (!n) {
			memmove(p, p + 1, list->patterns + len - p);
			len--;
			continue;
		}
		p += n + 1;
	}
	old = rcu_replace_pointer(vctx_autoload_allow, list, true);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int vctx_autoload_get(char *buffer, const struct kernel_param *kp)
{
	const struct vctx_autoload *list;
	const char *p;
	int n = 0;

	rcu_read_lock();
	list = rcu_dereference(vctx_autoload_allow);
	for (p = list ? list->patterns : ""; *p; p += strlen(p) + 1)
		n += scnprintf(buffer + n, PAGE_SIZE - n, "%s%s", n ? "," : "", p);
	rcu_read_unlock();
	n += scnprintf(buffer + n, PAGE_SIZE - n, "\n");
	return n;
}

static const struct kernel_param_ops vctx_autoload_ops = {
	.set = vctx_autoload_set,
	.get = vctx_autoload_get,
};

module_param_cb(autoload_allow, &vctx_autoload_ops, NULL, 0600);
MODULE_PARM_DESC(autoload_allow,
		 "module names (globs, comma-separated) the kernel may still load on a guest's request");

/* security_kernel_module_request(kmod_name) */
static void notrace vctx_module_request_entry(unsigned long ip, unsigned long parent_ip,
					      struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const char *name = (const char *)vctx_hook_arg(fregs, 0);

	if (vctx_current_is_host() || vctx_autoload_allowed(name))
		return;
	vctx_event_denied(VCTX_DENY_MODULE, current, current, 0);
	vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/* The device numbers of what a context's /dev holds (rootfs.c). */
static bool notrace vctx_device_ok(umode_t mode, dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	if (!S_ISCHR(mode))
		return false;
	switch (major) {
	case MEM_MAJOR:
		/* null, zero, full, random, urandom */
		return minor == 3 || minor == 5 || minor == 7 || minor == 8 || minor == 9;
	case TTYAUX_MAJOR:
		/* tty, ptmx */
		return minor == 0 || minor == 2;
	default:
		return major >= UNIX98_PTY_SLAVE_MAJOR &&
		       major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT;
	}
}

/**
 * vctx_guard_device_denied() - whether current may not open a device node
 * @inode: the inode being opened, a device node or anything else
 *
 * Context: the security_file_open hook.
 * Return: true (and a DENIED event raised) for a device node outside a
 * guest's set, opened by a guest task.
 */
bool notrace vctx_guard_device_denied(const struct inode *inode)
{
	u32 xid;

	if (!S_ISCHR(inode->i_mode) && !S_ISBLK(inode->i_mode))
		return false;
	if (vctx_device_ok(inode->i_mode, inode->i_rdev))
		return false;
	/* The spectator keeps the host's /dev, and /dev/vctx with it. */
	rcu_read_lock();
	xid = vctx_current_rcu()->xid;
	rcu_read_unlock();
	if (xid == VCTX_XID_HOST || xid == VCTX_XID_SPECTATOR)
		return false;
	vctx_event_denied(VCTX_DENY_DEVICE, current, current, 0);
	return true;
}

/* Netlink protocols on the host's network namespace that show no other context. */
static bool notrace vctx_netlink_shared_ok(int protocol)
{
	switch (protocol) {
	case NETLINK_ROUTE:
	case NETLINK_AUDIT:
	case NETLINK_KOBJECT_UEVENT:
	case NETLINK_GENERIC:
		return true;
	default:
		return false;
	}
}

/**
 * vctx_guard_socket_denied() - whether current may not create a socket
 * @family: its family
 * @protocol: its protocol
 *
 * Context: the security_socket_create hook, for a user socket.
 * Return: true (and a DENIED event raised) when the family is not in the
 * context's allow-list, or is a netlink protocol the host's network
 * namespace does not share.
 */
bool notrace vctx_guard_socket_denied(int family, int protocol)
{
	struct vctx_context *ctx;
	struct nsproxy *ns;
	bool deny = false;

	if (family <= AF_UNSPEC || family >= AF_MAX)
		return false;
	rcu_read_lock();
	ctx = vctx_current_rcu();
	if (!vctx_is_host(ctx)) {
		deny = !(READ_ONCE(ctx->sockfam[family / 64]) & BIT_ULL(family % 64));
		ns = current->nsproxy;
		if (!deny && family == AF_NETLINK && ns && net_eq(ns->net_ns, &init_net))
			deny = !vctx_netlink_shared_ok(protocol);
	}
	rcu_read_unlock();
	if (deny)
		vctx_event_denied(VCTX_DENY_SOCKET, current, current, 0);
	return deny;
}

static struct vctx_hook vctx_guard_hooks[] = {
	VCTX_HOOK(cgroup_attach_permissions, vctx_cgroup_attach_entry),
	VCTX_HOOK(cgroup_file_write, vctx_cgroup_write_entry),
	VCTX_HOOK(security_unix_stream_connect, vctx_unix_connect_entry),
	VCTX_HOOK(security_unix_may_send, vctx_unix_send_entry),
	VCTX_HOOK(security_kernel_module_request, vctx_module_request_entry),
	VCTX_HOOK(vfs_fileattr_set, vctx_fileattr_set_entry),
	VCTX_HOOK(security_quotactl, vctx_quotactl_entry),
	/* Only the entry points this configuration builds (see enforce.c). */
#if IS_ENABLED(CONFIG_KEYS)
	VCTX_HOOK(__x64_sys_add_key, vctx_keyring_entry),
	VCTX_HOOK(__x64_sys_request_key, vctx_keyring_entry),
	VCTX_HOOK(__x64_sys_keyctl, vctx_keyring_entry),
#if IS_ENABLED(CONFIG_IA32_EMULATION)
	VCTX_HOOK(__ia32_sys_add_key, vctx_keyring_entry),
	VCTX_HOOK(__ia32_sys_request_key, vctx_keyring_entry),
	VCTX_HOOK(__ia32_compat_sys_keyctl, vctx_keyring_entry),
#endif
#if IS_ENABLED(CONFIG_X86_X32_ABI)
	VCTX_HOOK(__x64_compat_sys_keyctl, vctx_keyring_entry),
#endif
#endif
};

static struct vctx_hook_table vctx_guard_hooks_table = VCTX_HOOK_TABLE(vctx_guard_hooks);

/* A new context may create the default socket families (VCTX_SOCKFAM_DEFAULT). */
static int vctx_guard_ctx_init(struct vctx_context *ctx)
{
	ctx->sockfam[0] = VCTX_SOCKFAM_DEFAULT;
	return 0;
}

const struct vctx_feature vctx_guard_feature = {
	.name = "guard",
	.init = vctx_guard_ctx_init,
};

int vctx_guard_init(void)
{
	return vctx_hooks_attach(&vctx_guard_hooks_table);
}

/*
 * The parameter may be set before vctx_guard_init() runs (at load), so the
 * load's error path frees it too; no reader is left by then.
 */
void vctx_guard_params_free(void)
{
	kfree(rcu_replace_pointer(vctx_autoload_allow, NULL, true));
}

void vctx_guard_exit(void)
{
	/* Detaching waits for every callback. */
	vctx_hooks_detach(&vctx_guard_hooks_table);
	vctx_guard_params_free();
}
