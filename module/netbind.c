// SPDX-License-Identifier: GPL-2.0
/*
 * IP binding: the TCP and UDP sockets of a context with an address set
 * (netset.c) use only those addresses, on the host's network stack.
 *
 * Hooks (ftrace, see hook.c), each cheap for everyone while no context has
 * a set (one atomic read), and for host tasks after a context lookup:
 *
 *   create   security_socket_create: raw and packet sockets, and IP
 *            protocols other than TCP and UDP (SCTP, MPTCP, ping ...,
 *            whose addresses these hooks do not police): EPERM;
 *   bind     security_socket_bind: the kernel's copy of the address is
 *            edited in place (a wildcard becomes the primary address) or
 *            the call fails (EADDRNOTAVAIL);
 *   connect  inet_stream_connect, inet_dgram_connect (both families);
 *   sendmsg  inet_sendmsg, inet6_sendmsg (a per-message source outside
 *            the set: EPERM);
 *   listen   inet_listen: loopback destinations are refused and a family
 *            without addresses is unreachable; a socket not bound yet is
 *            sent through the module, which binds it (kernel_bind(), port
 *            0) to the set's address for the destination and then makes
 *            the call the kernel was making, through the socket's own
 *            proto_ops. Binding first is what keeps the kernel from ever
 *            choosing a source, or a wildcard, itself.
 *
 * Whoever is sent through the module holds a reference on it until the
 * call returns (it may sleep there).
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "guard.h"
#include "hook.h"
#include "netbind.h"
#include "netset.h"
#include "registry.h"

/* The set of current's context, or NULL. Under RCU. */
static const struct vctx_netset *notrace vctx_net_current(void)
{
	return rcu_dereference(vctx_task_context_rcu(current)->net);
}

/* The sockets the set applies to: TCP and UDP over IPv4 and IPv6. */
static bool notrace vctx_net_covered(const struct sock *sk)
{
	return sk && !sk->sk_kern_sock && (sk->sk_family == AF_INET || sk->sk_family == AF_INET6) &&
	       (sk->sk_protocol == IPPROTO_TCP || sk->sk_protocol == IPPROTO_UDP);
}

static bool notrace vctx_net_unbound(const struct sock *sk)
{
	if (sk->sk_family == AF_INET)
		return !sk->sk_rcv_saddr;
	return ipv6_addr_any(&sk->sk_v6_rcv_saddr);
}

/*
 * The destination of @addr (@len bytes) for a socket of @sk's family:
 * *@family and *@dst (IPv4-mapped addresses count as IPv4). Return: false
 * when @addr names none (too short, AF_UNSPEC ...): the kernel decides.
 */
static bool notrace vctx_net_dest(const struct sock *sk, const struct sockaddr *addr, int len,
				  int *family, const u8 **dst)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)addr;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)addr;

	if (!addr)
		return false;
	if (addr->sa_family == AF_INET && len >= (int)sizeof(*sin)) {
		*family = AF_INET;
		*dst = (const u8 *)&sin->sin_addr;
		return true;
	}
	if (sk->sk_family != AF_INET6 || addr->sa_family != AF_INET6 || len < SIN6_LEN_RFC2133)
		return false;
	if (ipv6_addr_v4mapped(&sin6->sin6_addr)) {
		*family = AF_INET;
		*dst = sin6->sin6_addr.s6_addr + 12;
	} else {
		*family = AF_INET6;
		*dst = sin6->sin6_addr.s6_addr;
	}
	return true;
}

/* May a task of @set talk to @dst? 0, -EPERM (loopback) or -ENETUNREACH. */
static int notrace vctx_net_may_reach(const struct vctx_netset *set, int family, const u8 *dst)
{
	if (vctx_net_loopback(family, dst))
		return (set->flags & VCTX_NET_F_LOOPBACK) ? 0 : -EPERM;
	return vctx_net_primary(set, family) ? 0 : -ENETUNREACH;
}

/* The deny stub for @err. */
static const void *notrace vctx_net_stub(int err)
{
	switch (err) {
	case -EPERM:
		return vctx_hook_deny_eperm;
	case -ENETUNREACH:
		return vctx_hook_deny_enetunreach;
	default:
		return vctx_hook_deny_eaddrnotavail;
	}
}

/* security_socket_create(family, type, protocol, kern) */
static void notrace vctx_net_create_entry(unsigned long ip, unsigned long parent_ip,
					  struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	int family = vctx_hook_arg(fregs, 0), type = vctx_hook_arg(fregs, 1);
	int protocol = vctx_hook_arg(fregs, 2), kern = vctx_hook_arg(fregs, 3);
	bool deny = false;

	if (kern)
		return;
	if (vctx_guard_socket_denied(family, protocol)) {
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
		return;
	}
	if (!atomic_read(&vctx_net_sets))
		return;
	if (family == AF_PACKET)
		deny = true;
	else if (family == AF_INET || family == AF_INET6)
		deny = (type != SOCK_STREAM && type != SOCK_DGRAM) ||
		       (protocol && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP);
	if (!deny)
		return;
	rcu_read_lock();
	deny = vctx_net_current();
	rcu_read_unlock();
	if (deny)
		vctx_hook_deny(fregs, vctx_hook_deny_eperm);
}

/* Check, and for a wildcard rewrite, the IPv4 address @a to bind. */
static int notrace vctx_net_bind_v4(const struct vctx_netset *set, u8 *a)
{
	const u8 *primary;

	if (!memchr_inv(a, 0, 4)) {
		primary = vctx_net_primary(set, AF_INET);
		if (!primary)
			return -EADDRNOTAVAIL;
		memcpy(a, primary, 4);
		return 0;
	}
	if (vctx_net_loopback(AF_INET, a))
		return (set->flags & VCTX_NET_F_LOOPBACK) ? 0 : -EADDRNOTAVAIL;
	return vctx_net_has(set, AF_INET, a) ? 0 : -EADDRNOTAVAIL;
}

static int notrace vctx_net_bind_check(const struct vctx_netset *set, const struct sock *sk,
				       struct sockaddr *addr, int len)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;
	struct sockaddr_in *sin = (struct sockaddr_in *)addr;
	const u8 *primary;
	u8 *a;

	if (sk->sk_family == AF_INET) {
		/* inet_bind() takes AF_UNSPEC for INADDR_ANY: so do we. */
		if (len < (int)sizeof(*sin) ||
		    (sin->sin_family != AF_INET && sin->sin_family != AF_UNSPEC))
			return 0;	/* the kernel refuses it */
		if (sin->sin_family == AF_UNSPEC && sin->sin_addr.s_addr != htonl(INADDR_ANY))
			return 0;	/* likewise */
		sin->sin_family = AF_INET;	/* the primary is no INADDR_ANY */
		return vctx_net_bind_v4(set, (u8 *)&sin->sin_addr);
	}
	if (len < SIN6_LEN_RFC2133 || sin6->sin6_family != AF_INET6)
		return 0;
	a = sin6->sin6_addr.s6_addr;
	if (ipv6_addr_v4mapped(&sin6->sin6_addr))
		return vctx_net_bind_v4(set, a + 12);
	if (ipv6_addr_any(&sin6->sin6_addr)) {
		primary = vctx_net_primary(set, AF_INET6);
		if (!primary)
			return -EADDRNOTAVAIL;
		memcpy(a, primary, 16);
		return 0;
	}
	if (vctx_net_loopback(AF_INET6, a))
		return (set->flags & VCTX_NET_F_LOOPBACK) ? 0 : -EADDRNOTAVAIL;
	return vctx_net_has(set, AF_INET6, a) ? 0 : -EADDRNOTAVAIL;
}

/* security_socket_bind(sock, address, addrlen): @address is the kernel's copy. */
static void notrace vctx_net_bind_entry(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct socket *sock = (struct socket *)vctx_hook_arg(fregs, 0);
	struct sockaddr *addr = (struct sockaddr *)vctx_hook_arg(fregs, 1);
	const struct vctx_netset *set;
	int err = 0;

	if (!atomic_read(&vctx_net_sets) || !vctx_net_covered(sock->sk))
		return;
	rcu_read_lock();
	set = vctx_net_current();
	if (set)
		err = vctx_net_bind_check(set, sock->sk, addr, vctx_hook_arg(fregs, 2));
	rcu_read_unlock();
	if (err)
		vctx_hook_deny(fregs, vctx_net_stub(err));
}

/*
 * Bind @sock, not bound yet, to the address of current's set for @dest
 * (NULL: the primary of the socket's family), port 0. Process context.
 */
static int vctx_net_autobind(struct socket *sock, const struct sockaddr *dest, int len)
{
	struct sock *sk = sock->sk;
	struct sockaddr_storage src = {};
	const struct vctx_netset *set;
	int family = sk->sk_family, err = 0;
	const u8 *dst = NULL, *a;

	if (!dest || !vctx_net_dest(sk, dest, len, &family, &dst))
		dst = NULL;
	rcu_read_lock();
	set = vctx_net_current();
	a = !set ? NULL : dst ? vctx_net_source(set, family, dst) : vctx_net_primary(set, family);
	if (!a) {
		err = !set ? 0 : dst ? -ENETUNREACH : -EADDRNOTAVAIL;
	} else if (sk->sk_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&src;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a, 4);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&src;

		sin6->sin6_family = AF_INET6;
		if (family == AF_INET)
			ipv6_addr_set_v4mapped(*(const __be32 *)a, &sin6->sin6_addr);
		else
			memcpy(&sin6->sin6_addr, a, 16);
		len = sizeof(*sin6);
	}
	rcu_read_unlock();
	if (err || !a)
		return err;	/* no set any more: nothing to bind */
	return kernel_bind(sock, (struct sockaddr *)&src, len);
}

/* Where an unbound socket's connect goes: bind it, then connect. */
static noinline int vctx_net_connect(struct socket *sock, struct sockaddr *uaddr, int len,
				     int flags)
{
	int err = vctx_net_autobind(sock, uaddr, len);

	if (!err)
		err = sock->ops->connect(sock, uaddr, len, flags);
	module_put(THIS_MODULE);
	return err;
}

/* Where an unbound socket's sendmsg goes: bind it, then send. */
static noinline int vctx_net_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	int err = vctx_net_autobind(sock, msg->msg_name, msg->msg_namelen);

	if (!err)
		err = sock->ops->sendmsg(sock, msg, size);
	module_put(THIS_MODULE);
	return err;
}

/* Where an unbound socket's listen goes: bind it to the primary, then listen. */
static noinline int vctx_net_listen(struct socket *sock, int backlog)
{
	int err = vctx_net_autobind(sock, NULL, 0);

	if (!err)
		err = sock->ops->listen(sock, backlog);
	module_put(THIS_MODULE);
	return err;
}

/* May a task of @set send from @src? */
static bool notrace vctx_net_may_source(const struct vctx_netset *set, int family, const u8 *src)
{
	if (vctx_net_loopback(family, src))
		return set->flags & VCTX_NET_F_LOOPBACK;
	return vctx_net_has(set, family, src);
}

/*
 * A source given with one message (IP_PKTINFO, IPV6_PKTINFO) must be the
 * set's. Only a control buffer in kernel memory is read (sendmsg(2) copies
 * it there); one still in user memory cannot be read here.
 */
static int notrace vctx_net_check_pktinfo(const struct vctx_netset *set, const struct msghdr *msg)
{
	struct cmsghdr *cmsg;

	if (!msg || !msg->msg_controllen || msg->msg_control_is_user)
		return 0;
	for_each_cmsghdr(cmsg, (struct msghdr *)msg) {
		if (!CMSG_OK(msg, cmsg))
			break;
		if (cmsg->cmsg_level == SOL_IP && cmsg->cmsg_type == IP_PKTINFO &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			const struct in_pktinfo *pi = CMSG_DATA(cmsg);
			const u8 *src = (const u8 *)&pi->ipi_spec_dst;

			if (pi->ipi_spec_dst.s_addr && !vctx_net_may_source(set, AF_INET, src))
				return -EPERM;
		} else if (cmsg->cmsg_level == SOL_IPV6 && cmsg->cmsg_type == IPV6_PKTINFO &&
			   cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			const struct in6_pktinfo *pi = CMSG_DATA(cmsg);
			const u8 *src = pi->ipi6_addr.s6_addr;

			if (!ipv6_addr_any(&pi->ipi6_addr) &&
			    !vctx_net_may_source(set, AF_INET6, src))
				return -EPERM;
		}
	}
	return 0;
}

/*
 * The common decision of the connect, sendmsg and listen hooks: deny
 * (@fregs goes to an error stub), send the call through @wrapper, or let
 * it be. @dest and @msg may be NULL.
 */
static void notrace vctx_net_outgoing(struct ftrace_regs *fregs, struct socket *sock,
				      const struct sockaddr *dest, int len,
				      const struct msghdr *msg, const void *wrapper)
{
	const struct vctx_netset *set;
	int family, err = 0;
	bool bind = false;
	const u8 *dst;

	if (!atomic_read(&vctx_net_sets) || !vctx_net_covered(sock->sk))
		return;
	/* The common case, a bound socket's plain send: nothing to check. */
	if (!dest && (!msg || !msg->msg_controllen) && !vctx_net_unbound(sock->sk))
		return;
	rcu_read_lock();
	set = vctx_net_current();
	if (set) {
		if (vctx_net_dest(sock->sk, dest, len, &family, &dst))
			err = vctx_net_may_reach(set, family, dst);
		if (!err)
			err = vctx_net_check_pktinfo(set, msg);
		bind = !err && vctx_net_unbound(sock->sk);
	}
	rcu_read_unlock();
	if (err)
		vctx_hook_deny(fregs, vctx_net_stub(err));
	else if (bind && try_module_get(THIS_MODULE))
		vctx_hook_redirect(fregs, wrapper);
	else if (bind)
		vctx_hook_deny(fregs, vctx_hook_deny_eaddrnotavail);
}

/* inet_stream_connect(sock, uaddr, addr_len, flags), inet_dgram_connect(...) */
static void notrace vctx_net_connect_entry(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_net_outgoing(fregs, (struct socket *)vctx_hook_arg(fregs, 0),
			  (const struct sockaddr *)vctx_hook_arg(fregs, 1), vctx_hook_arg(fregs, 2),
			  NULL, vctx_net_connect);
}

/* inet_sendmsg(sock, msg, size), inet6_sendmsg(...) */
static void notrace vctx_net_sendmsg_entry(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const struct msghdr *msg = (const struct msghdr *)vctx_hook_arg(fregs, 1);

	vctx_net_outgoing(fregs, (struct socket *)vctx_hook_arg(fregs, 0), msg->msg_name,
			  msg->msg_namelen, msg, vctx_net_sendmsg);
}

/* inet_listen(sock, backlog) */
static void notrace vctx_net_listen_entry(unsigned long ip, unsigned long parent_ip,
					  struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	vctx_net_outgoing(fregs, (struct socket *)vctx_hook_arg(fregs, 0), NULL, 0, NULL,
			  vctx_net_listen);
}

static struct vctx_hook vctx_netbind_hooks[] = {
	VCTX_HOOK(security_socket_create, vctx_net_create_entry),
	VCTX_HOOK(security_socket_bind, vctx_net_bind_entry),
	VCTX_HOOK(inet_stream_connect, vctx_net_connect_entry),
	VCTX_HOOK(inet_dgram_connect, vctx_net_connect_entry),
	VCTX_HOOK(inet_sendmsg, vctx_net_sendmsg_entry),
	VCTX_HOOK(inet6_sendmsg, vctx_net_sendmsg_entry),
	VCTX_HOOK(inet_listen, vctx_net_listen_entry),
};

static struct vctx_hook_table vctx_netbind_hooks_table = VCTX_HOOK_TABLE(vctx_netbind_hooks);

int vctx_netbind_init(void)
{
	return vctx_hooks_attach(&vctx_netbind_hooks_table);
}

/* A call still in a wrapper holds the module: none is. */
void vctx_netbind_exit(void)
{
	vctx_hooks_detach(&vctx_netbind_hooks_table);
}
