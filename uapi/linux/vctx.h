/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vctx: Linux-VServer-style security contexts for stock kernels.
 *
 * This header is the ABI between vctx.ko and userland. It is usable from C
 * userland as is (it needs only <linux/types.h> and <linux/ioctl.h>).
 *
 * Device
 *	All control goes through ioctls on the misc device /dev/vctx
 *	(mode 0600, root only). Only tasks of the host (xid 0) and of the
 *	spectator (xid 1) may open it or issue commands through it, whoever
 *	opened the file; a guest gets EPERM. Queries are answered to both;
 *	commands that change anything also require CAP_SYS_ADMIN in the
 *	initial user namespace and a caller in the host context.
 *
 * Extensible structs
 *	Every command takes a pointer to one struct. The struct's size is
 *	encoded in the command number (_IOC_SIZE), so a command keeps its
 *	_IOC_NR forever while its struct may grow at the end. The module
 *	dispatches on type, number and direction only, then checks the size:
 *
 *	- smaller than the command's first published size (VCTX_*_SIZE_VER0):
 *	  EINVAL;
 *	- larger than VCTX_IOC_SIZE_MAX: E2BIG;
 *	- larger than the struct the module knows: the extra bytes must be
 *	  zero (the caller asks for nothing the module does not understand),
 *	  else E2BIG; output is then written only up to the module's size;
 *	- smaller than the struct the module knows (an older caller): the
 *	  missing fields read as zero and output stops at the caller's size.
 *
 *	All structs have explicit padding and the same layout on 32-bit and
 *	64-bit userland. Fields marked "in" are read by the module, "out" are
 *	written by it. Every reserved field and every unused flag bit must be
 *	zero on input (else EINVAL) and is zero on output.
 *
 * Errors (negative return of ioctl(2), errno set)
 *	ENOTTY	unknown command, or a known number with the wrong direction
 *	EINVAL	struct too small, reserved field or unknown flag set, a value
 *		out of range
 *	E2BIG	struct too large, or non-zero bytes past the known struct
 *	EFAULT	the argument pointer is not readable/writable
 *	EPERM	the caller may not perform this command
 *	ENOENT	no such context
 *	EEXIST	the xid, name or cgroup is already registered
 *	EBUSY	the context still has tasks, or its cgroup overlaps another
 *		context's
 *	ENOSPC	no dynamic xid left
 *	EBADF	cgroup_fd is not an open cgroup v2 directory, or a file
 *		descriptor argument is not open (VCTX_IOC_SET_DISK)
 *	EOPNOTSUPP	the context's cgroup lacks a file the command needs
 *		(cgroup.freeze, or cpu.weight when the cpu controller is off),
 *		or a filesystem has no quota (VCTX_IOC_SET_DISK)
 *	ESRCH	project quota is not on for the filesystem (VCTX_IOC_SET_DISK)
 *
 * Nothing is changed by a command that fails.
 *
 * Contexts
 *	A context is identified by an xid and a unique name. Its members are
 *	the tasks of its cgroup v2 directory and of that directory's
 *	descendants; every other task belongs to the host. Context cgroups may
 *	not nest. xid 0 (host) and 1 (spectator) are built in: they answer
 *	lookups but are never created, destroyed or listed. Each live context
 *	holds a reference on the module, so rmmod refuses to unload ("in use")
 *	until every context is destroyed.
 */
#ifndef _UAPI_LINUX_VCTX_H
#define _UAPI_LINUX_VCTX_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VCTX_DEVICE_NAME	"vctx"
#define VCTX_DEVICE_PATH	"/dev/vctx"

/* Bumped only on incompatible changes; growth of structs does not bump it. */
#define VCTX_ABI_VERSION	1

/* 0xE7 is unused in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define VCTX_IOC_MAGIC		0xE7

/* Largest argument struct the module accepts, whatever it knows. */
#define VCTX_IOC_SIZE_MAX	4096

/* Length of module_version, including the terminating NUL. */
#define VCTX_VERSION_LEN	64

/*
 * Feature bits reported by VCTX_IOC_VERSION. A bit is set when the loaded
 * module implements the feature; userland must ignore bits it does not know.
 */
#define VCTX_FEATURE_CONTEXTS	(1ULL << 0)	/* the context registry below */
#define VCTX_FEATURE_ENFORCE	(1ULL << 1)	/* cross-context rules, spectator */
#define VCTX_FEATURE_SCHED	(1ULL << 2)	/* the token-bucket CPU limiter */
#define VCTX_FEATURE_EVENTS	(1ULL << 3)	/* the generic netlink event family */
#define VCTX_FEATURE_PROCFS	(1ULL << 4)	/* procfs visibility flags */
#define VCTX_FEATURE_NET	(1ULL << 5)	/* IP binding on the shared stack */
#define VCTX_FEATURE_GUARD	(1ULL << 6)	/* guest guards, socket families */
#define VCTX_FEATURE_VIRT	(1ULL << 7)	/* /proc and sysinfo virtualization */
#define VCTX_FEATURE_DISK	(1ULL << 8)	/* disk quota watch, DISK events */
#define VCTX_FEATURES_ALL	(VCTX_FEATURE_CONTEXTS | VCTX_FEATURE_ENFORCE | \
				 VCTX_FEATURE_SCHED | VCTX_FEATURE_EVENTS | \
				 VCTX_FEATURE_PROCFS | VCTX_FEATURE_NET | \
				 VCTX_FEATURE_GUARD | VCTX_FEATURE_VIRT | \
				 VCTX_FEATURE_DISK)

/* Names: [a-z0-9][a-z0-9_.-]{0,62}, NUL-terminated, zero-padded to the end. */
#define VCTX_NAME_LEN		64

#define VCTX_XID_HOST		0
#define VCTX_XID_SPECTATOR	1
#define VCTX_XID_STATIC_MIN	2
#define VCTX_XID_STATIC_MAX	49151
#define VCTX_XID_DYNAMIC_MIN	49152
#define VCTX_XID_DYNAMIC_MAX	65535

/* Context flags (struct vctx_create.flags, vctx_set_flags, vctx_info). */
#define VCTX_F_PERSISTENT	(1U << 0)	/* stays registered with no task */
#define VCTX_F_ALL		(VCTX_F_PERSISTENT)

/* vctx_info.info_flags: facts about the context, not settable. */
#define VCTX_INFO_BUILTIN	(1U << 0)	/* host or spectator */

/* vctx_info.state */
#define VCTX_STATE_CREATED	1	/* registered, no init reported yet */
#define VCTX_STATE_RUNNING	2	/* has tasks */
#define VCTX_STATE_STOPPED	3	/* had an init, has no task now */

/* vctx_info.lookup: which input field names the context. */
#define VCTX_LOOKUP_XID		0
#define VCTX_LOOKUP_NAME	1
#define VCTX_LOOKUP_PID		2	/* a pid in the caller's pid namespace */

/**
 * struct vctx_version - VCTX_IOC_VERSION argument
 * @abi_version:	out: VCTX_ABI_VERSION of the loaded module
 * @flags:		in: must be 0
 * @features:		out: VCTX_FEATURE_* bits the module implements
 * @module_version:	out: module release, NUL-terminated, e.g. "0.1.0"
 * @reserved:		in: must be zero; out: zero
 */
struct vctx_version {
	__u32 abi_version;
	__u32 flags;
	__u64 features;
	char module_version[VCTX_VERSION_LEN];
	__u64 reserved[4];
};

#define VCTX_VERSION_SIZE_VER0	112

/**
 * struct vctx_create - VCTX_IOC_CREATE argument
 * @xid:	in: VCTX_XID_STATIC_MIN..VCTX_XID_STATIC_MAX, or 0 for the next
 *		free dynamic xid; out: the context's xid
 * @flags:	in: VCTX_F_*
 * @cgroup_fd:	in: an open cgroup v2 directory (O_RDONLY or O_PATH); its
 *		tasks and those of its descendants become the context's
 * @reserved0:	in: must be zero
 * @cap_bset:	in: capability bounding set for tasks entering the context
 *		(bit N = capability N); bits past CAP_LAST_CAP: EINVAL
 * @name:	in: the context's unique name (see VCTX_NAME_LEN); the names
 *		"host" and "spectator" belong to xid 0 and 1
 * @reserved:	in: must be zero
 *
 * Errors: EINVAL (bad xid, name, flags or bits), EEXIST (xid, name or
 * cgroup taken), EBUSY (the cgroup is inside or above another context's),
 * EBADF (cgroup_fd), ENOSPC (no dynamic xid left).
 */
struct vctx_create {
	__u32 xid;
	__u32 flags;
	__s32 cgroup_fd;
	__u32 reserved0;
	__u64 cap_bset;
	char name[VCTX_NAME_LEN];
	__u64 reserved[4];
};

#define VCTX_CREATE_SIZE_VER0	120

/**
 * struct vctx_destroy - VCTX_IOC_DESTROY argument
 * @xid:	in: the context to unregister
 * @flags:	in: must be 0
 * @reserved:	in: must be zero
 *
 * The context must have no task left (EBUSY otherwise): kill them first
 * (cgroup.kill). Its cgroup directory is left to the caller to remove.
 */
struct vctx_destroy {
	__u32 xid;
	__u32 flags;
	__u64 reserved[2];
};

#define VCTX_DESTROY_SIZE_VER0	24

/**
 * struct vctx_info - VCTX_IOC_INFO argument, and VCTX_IOC_LIST entry
 * @xid:	in (VCTX_LOOKUP_XID) / out
 * @lookup:	in: VCTX_LOOKUP_*, which of @xid, @name or @pid names it
 * @pid:	in (VCTX_LOOKUP_PID): any task, in the caller's pid namespace
 * @flags:	out: VCTX_F_*
 * @name:	in (VCTX_LOOKUP_NAME) / out
 * @state:	out: VCTX_STATE_*
 * @init_pid:	out: the context's init in the caller's pid namespace, 0 if
 *		none is reported, it is gone, or the caller cannot see it
 * @nr_tasks:	out: tasks (threads) in the context's cgroup subtree, from
 *		its pids.current when the pids controller is enabled there
 * @cap_bset:	out: the capability bounding set for entering tasks
 * @cgroup_id:	out: the id of the context's cgroup (its inode number)
 * @created_ns:	out: CLOCK_REALTIME of the creation, in nanoseconds
 * @info_flags:	out: VCTX_INFO_*
 * @reserved0:	in: must be zero
 * @reserved:	in: must be zero
 *
 * Errors: ENOENT (no such context, or the pid does not exist), EINVAL.
 * For a pid outside every context the answer is the host (xid 0).
 */
struct vctx_info {
	__u32 xid;
	__u32 lookup;
	__s32 pid;
	__u32 flags;
	char name[VCTX_NAME_LEN];
	__u32 state;
	__s32 init_pid;
	__u64 nr_tasks;
	__u64 cap_bset;
	__u64 cgroup_id;
	__u64 created_ns;
	__u32 info_flags;
	__u32 reserved0;
	__u64 reserved[4];
};

#define VCTX_INFO_SIZE_VER0	160

/**
 * struct vctx_list - VCTX_IOC_LIST argument
 * @start_xid:	in: report contexts with xid >= start_xid
 * @count:	in: room in @entries; out: entries written
 * @entry_size:	in: the caller's sizeof(struct vctx_info), at least
 *		VCTX_INFO_SIZE_VER0; fields the module does not know are zeroed
 * @flags:	in: must be 0
 * @entries:	in: user pointer to @count entries of @entry_size bytes
 * @next_xid:	out: start_xid for the next page, 0 when this page ends the list
 * @total:	out: contexts registered (built-ins not included)
 * @reserved:	in: must be zero
 *
 * Lists created contexts in xid order, a page per call; a context created or
 * destroyed between calls appears or not, no other is skipped or repeated.
 */
struct vctx_list {
	__u32 start_xid;
	__u32 count;
	__u32 entry_size;
	__u32 flags;
	__u64 entries;
	__u32 next_xid;
	__u32 total;
	__u64 reserved[2];
};

#define VCTX_LIST_SIZE_VER0	48

/**
 * struct vctx_set_flags - VCTX_IOC_SET_FLAGS argument
 * @xid:	in: a created context
 * @flags:	in: new values of the bits in @mask
 * @mask:	in: the VCTX_F_* bits to change; @flags outside it: EINVAL
 * @reserved0:	in: must be zero
 * @reserved:	in: must be zero
 */
struct vctx_set_flags {
	__u32 xid;
	__u32 flags;
	__u32 mask;
	__u32 reserved0;
	__u64 reserved[2];
};

#define VCTX_SET_FLAGS_SIZE_VER0	32

/**
 * struct vctx_set_caps - VCTX_IOC_SET_CAPS argument
 * @xid:	in: a created context
 * @flags:	in: must be 0
 * @cap_bset:	in: the new bounding set for tasks entering from now on;
 *		running tasks keep theirs
 * @reserved:	in: must be zero
 */
struct vctx_set_caps {
	__u32 xid;
	__u32 flags;
	__u64 cap_bset;
	__u64 reserved[2];
};

#define VCTX_SET_CAPS_SIZE_VER0	32

/**
 * struct vctx_set_init - VCTX_IOC_SET_INIT argument
 * @xid:	in: a created context
 * @pid:	in: its init, in the caller's pid namespace; it must already be
 *		a member of the context (else EINVAL), ENOENT if it does not exist
 * @reserved:	in: must be zero
 */
struct vctx_set_init {
	__u32 xid;
	__s32 pid;
	__u64 reserved[2];
};

#define VCTX_SET_INIT_SIZE_VER0	24

/**
 * struct vctx_set_spectator - VCTX_IOC_SET_SPECTATOR argument
 * @cgroup_fd:	in: a cgroup v2 directory (O_RDONLY or O_PATH) whose tasks,
 *		and those of its descendants, become the spectator (xid 1);
 *		-1 unbinds the spectator's cgroup
 * @flags:	in: must be 0
 * @reserved:	in: must be zero
 *
 * Binding the cgroup already bound is a no-op, so callers may bind before
 * every use. The spectator then answers lookups with that cgroup's id and
 * task count. Errors: EBUSY (the cgroup bound now still has tasks, or the
 * new one is inside or above a context's or the bound one's), EEXIST (it is
 * a context's), EBADF, EINVAL (the root cgroup, cgroup_fd < -1), EPERM (not
 * the host's root).
 */
struct vctx_set_spectator {
	__s32 cgroup_fd;
	__u32 flags;
	__u64 reserved[3];
};

#define VCTX_SET_SPECTATOR_SIZE_VER0	32

/*
 * The token-bucket CPU limiter (VCTX_FEATURE_SCHED)
 *
 * One token is one millisecond of CPU time consumed by the context's tasks,
 * summed over all of them and all CPUs. Every @interval milliseconds the
 * bucket gains @fill_rate tokens, up to @tokens_max. With an idle fill rate,
 * it also gains @fill_rate2 tokens for every @interval2 milliseconds of CPU
 * time the whole machine spent idle (all CPUs summed): the context may soak
 * up time nobody else wanted.
 *
 * VCTX_SCHED_HARD: when the bucket is empty, every task of the context is
 * held (frozen through its cgroup's cgroup.freeze: no signal, nothing a
 * process can observe but time) until the bucket holds @tokens_min tokens.
 * VCTX_SCHED_PRIO: nothing is held; the context's cpu.weight follows the
 * bucket's level, from 10 when empty through 100 at half to 1000 when full.
 *
 * A limit takes effect at once and starts with a full bucket; changing one
 * keeps the tokens (clamped to the new @tokens_max) and releases a hold
 * that the new parameters no longer call for.
 */
#define VCTX_SCHED_OFF		0	/* no limit: the default */
#define VCTX_SCHED_HARD		1	/* hold the context when the bucket is empty */
#define VCTX_SCHED_PRIO		2	/* cpu.weight follows the bucket */

#define VCTX_SCHED_RATE_MAX	1000000	/* fill_rate, fill_rate2 */
#define VCTX_SCHED_INTERVAL_MAX	3600000	/* interval, interval2: one hour, in ms */
#define VCTX_SCHED_TOKENS_MAX	3600000	/* tokens_max: one hour of CPU */

/**
 * struct vctx_set_sched - VCTX_IOC_SET_SCHED argument
 * @xid:	in: a created context
 * @mode:	in: VCTX_SCHED_*; VCTX_SCHED_OFF removes the limit, and then
 *		every other field must be zero
 * @fill_rate:	in: R, tokens per interval, 1..VCTX_SCHED_RATE_MAX
 * @interval:	in: T, milliseconds, 1..VCTX_SCHED_INTERVAL_MAX
 * @fill_rate2:	in: R2, tokens per @interval2 of idle CPU time,
 *		0 (no idle fill)..VCTX_SCHED_RATE_MAX
 * @interval2:	in: T2, milliseconds, 1..VCTX_SCHED_INTERVAL_MAX with
 *		@fill_rate2, else 0
 * @tokens_max:	in: S, the bucket's size, 1..VCTX_SCHED_TOKENS_MAX
 * @tokens_min:	in: M, the level that ends a hold, 0..@tokens_max
 * @flags:	in: must be 0
 * @reserved0:	in: must be zero
 * @reserved:	in: must be zero
 *
 * Errors: ENOENT (no such context), EINVAL (a field out of range, a
 * built-in xid), EOPNOTSUPP (VCTX_SCHED_PRIO without the cpu controller
 * in the context's cgroup, or no cgroup.freeze for VCTX_SCHED_HARD).
 */
struct vctx_set_sched {
	__u32 xid;
	__u32 mode;
	__u32 fill_rate;
	__u32 interval;
	__u32 fill_rate2;
	__u32 interval2;
	__u32 tokens_max;
	__u32 tokens_min;
	__u32 flags;
	__u32 reserved0;
	__u64 reserved[3];
};

#define VCTX_SET_SCHED_SIZE_VER0	64

/**
 * struct vctx_sched_info - VCTX_IOC_GET_SCHED argument
 * @xid:	in: a created context
 * @flags:	in: must be 0
 * @mode:	out: as in struct vctx_set_sched
 * @fill_rate:	out
 * @interval:	out
 * @fill_rate2:	out
 * @interval2:	out
 * @tokens_max:	out
 * @tokens_min:	out
 * @held:	out: 1 while the context is held, else 0 (set when the limiter
 *		decides the hold; cgroup.freeze follows from a work item)
 * @tokens:	out: tokens in the bucket now, rounded down; negative when the
 *		context ran past the empty bucket before its hold took effect
 *		(that debt is paid back before the hold ends); 0 with no limit
 * @cpu_ns:	out: CPU time the context's tasks used since its cgroup was
 *		made (the cgroup's cpu.stat usage), limited or not
 * @hold_ns:	out: total time held, the current hold included
 * @nr_holds:	out: holds so far
 * @reserved:	in: must be zero; out: zero
 *
 * The hold counters survive changes of the limit, including its removal.
 * Errors: ENOENT, EINVAL (a built-in xid, flags or reserved fields set).
 */
struct vctx_sched_info {
	__u32 xid;
	__u32 flags;
	__u32 mode;
	__u32 fill_rate;
	__u32 interval;
	__u32 fill_rate2;
	__u32 interval2;
	__u32 tokens_max;
	__u32 tokens_min;
	__u32 held;
	__s64 tokens;
	__u64 cpu_ns;
	__u64 hold_ns;
	__u64 nr_holds;
	__u64 reserved[4];
};

#define VCTX_SCHED_INFO_SIZE_VER0	104

/*
 * procfs visibility (VCTX_FEATURE_PROCFS)
 *
 * Entries of /proc other than the per-process directories are named by
 * their path below /proc, without a leading slash: "kcore", "sys/kernel/
 * core_pattern", "net/dev" (the current network namespace's /proc/net,
 * whichever /proc/<pid>/net it is reached through). Each may carry the
 * flags below, VServer's: an entry without VCTX_PROC_HIDE is visible to
 * every task; one with it is visible to host tasks if it also has
 * VCTX_PROC_ADMIN, to the spectator if it has VCTX_PROC_WATCH, and to no
 * guest. A context may override an entry's flags for its own tasks.
 * Hidden means absent from readdir and ENOENT on lookup and open, on every
 * procfs mount. The module starts with a table of secure defaults.
 *
 * Paths: 1 to VCTX_PROC_PATH_LEN - 1 characters of [A-Za-z0-9._:@+-] in
 * components separated by single slashes, at most VCTX_PROC_DEPTH_MAX
 * components, none "." or "..", the first not a number, "self" or
 * "thread-self". NUL-terminated and zero-padded to the end.
 */
#define VCTX_PROC_ADMIN		(1U << 0)	/* visible to the host while hidden */
#define VCTX_PROC_WATCH		(1U << 1)	/* visible to the spectator while hidden */
#define VCTX_PROC_HIDE		(1U << 2)	/* hidden from guests (and see above) */
#define VCTX_PROC_ALL		(VCTX_PROC_ADMIN | VCTX_PROC_WATCH | VCTX_PROC_HIDE)

#define VCTX_PROC_PATH_LEN	128
#define VCTX_PROC_DEPTH_MAX	8
#define VCTX_PROC_GLOBAL_MAX	1024	/* entries of the global table */
#define VCTX_PROC_CONTEXT_MAX	256	/* overrides of one context */

/*
 * vctx_proc_set.op: SET makes the entry's flags @flags; REMOVE drops the
 * entry (for an override: the global flags apply again).
 */
#define VCTX_PROC_OP_SET	0
#define VCTX_PROC_OP_REMOVE	1

/**
 * struct vctx_proc_set - VCTX_IOC_SET_PROC argument
 * @xid:	in: 0 for the global table, or a created context for its
 *		overrides
 * @op:		in: VCTX_PROC_OP_*
 * @flags:	in: VCTX_PROC_* (VCTX_PROC_OP_SET), else 0
 * @reserved0:	in: must be zero
 * @path:	in: the entry, as above
 * @reserved:	in: must be zero
 *
 * Takes effect at once for every lookup, readdir and open that starts
 * afterwards. Errors: EINVAL (path, op, flags, a built-in xid other than
 * 0), ENOENT (no such context; REMOVE of an entry that is not there),
 * ENOSPC (the table is full).
 */
struct vctx_proc_set {
	__u32 xid;
	__u32 op;
	__u32 flags;
	__u32 reserved0;
	char path[VCTX_PROC_PATH_LEN];
	__u64 reserved[2];
};

#define VCTX_PROC_SET_SIZE_VER0	160

/**
 * struct vctx_proc_entry - one entry of a VCTX_IOC_LIST_PROC page
 * @path:	out
 * @flags:	out: VCTX_PROC_*
 * @reserved:	out: zero
 */
struct vctx_proc_entry {
	char path[VCTX_PROC_PATH_LEN];
	__u32 flags;
	__u32 reserved;
};

#define VCTX_PROC_ENTRY_SIZE_VER0	136

/**
 * struct vctx_proc_list - VCTX_IOC_LIST_PROC argument
 * @xid:	in: 0 for the global table, or a created context for its
 *		overrides
 * @start:	in: index of the first entry to report
 * @count:	in: room in @entries; out: entries written
 * @entry_size:	in: the caller's sizeof(struct vctx_proc_entry), at least
 *		VCTX_PROC_ENTRY_SIZE_VER0
 * @entries:	in: user pointer to @count entries of @entry_size bytes
 * @total:	out: entries in the table
 * @flags:	in: must be 0
 * @reserved:	in: must be zero
 *
 * Entries come sorted by path. A table changed between pages may repeat
 * or skip entries: read it again when @total changes.
 */
struct vctx_proc_list {
	__u32 xid;
	__u32 start;
	__u32 count;
	__u32 entry_size;
	__u64 entries;
	__u32 total;
	__u32 flags;
	__u64 reserved[2];
};

#define VCTX_PROC_LIST_SIZE_VER0	48

/*
 * IP binding (VCTX_FEATURE_NET)
 *
 * A context may carry a set of IPv4 and IPv6 addresses; the first of each
 * family is its primary. While it has one, its tasks' TCP and UDP sockets
 * are bound to the set:
 *
 * - bind() to a wildcard address binds the family's primary address; to
 *   an address outside the set: EADDRNOTAVAIL;
 * - connect(), and sendmsg() with a destination, on a socket not bound yet
 *   bind it first to the set's address whose subnet holds the destination,
 *   else to the family's primary (port 0: any free port);
 * - a destination in 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104: EPERM,
 *   unless VCTX_NET_F_LOOPBACK; binding such an address likewise;
 * - a family without an address: bind() EADDRNOTAVAIL, connect() and
 *   sendmsg() ENETUNREACH;
 * - a source address given per message (IP_PKTINFO, IPV6_PKTINFO) outside
 *   the set: EPERM;
 * - creating a raw (SOCK_RAW) or packet (AF_PACKET) socket: EPERM.
 *
 * Contexts without a set (the host, the spectator, contexts with a network
 * namespace of their own) are not affected. The addresses are not added to
 * any interface by the module: userland does that (and records where in
 * @ifindex).
 */
#define VCTX_NET_F_LOOPBACK	(1U << 0)	/* may use the host's loopback */
#define VCTX_NET_F_ALL		(VCTX_NET_F_LOOPBACK)

#define VCTX_NET_ADDRS_MAX	32	/* addresses of one context, both families */

/**
 * struct vctx_net_addr - one address of a context's set
 * @family:	AF_INET (2) or AF_INET6 (10)
 * @prefix:	the subnet's prefix length, 0..32 or 0..128
 * @reserved0:	must be zero
 * @ifindex:	the host interface userland put the address on (0: none);
 *		kept and reported, not used by the module
 * @addr:	the address in network byte order; an IPv4 address in the
 *		first 4 bytes, the rest zero. Not unspecified, multicast,
 *		loopback or (IPv4) limited broadcast.
 */
struct vctx_net_addr {
	__u16 family;
	__u8 prefix;
	__u8 reserved0;
	__u32 ifindex;
	__u8 addr[16];
};

#define VCTX_NET_ADDR_SIZE_VER0	24

/**
 * struct vctx_net_set - VCTX_IOC_SET_NET argument
 * @xid:	in: a created context
 * @flags:	in: VCTX_NET_F_*
 * @count:	in: addresses at @addrs, 0..VCTX_NET_ADDRS_MAX; 0 removes the
 *		set (and @flags must be 0): the context is unrestricted again
 * @addr_size:	in: sizeof(struct vctx_net_addr) of the caller, at least
 *		VCTX_NET_ADDR_SIZE_VER0
 * @addrs:	in: user pointer to @count addresses, primary first per family
 * @reserved:	in: must be zero
 *
 * Replaces the whole set at once; sockets bound already keep their
 * addresses. Errors: ENOENT, EINVAL (a built-in xid, a bad address or
 * prefix, a duplicate, @count too large, flags or reserved fields).
 */
struct vctx_net_set {
	__u32 xid;
	__u32 flags;
	__u32 count;
	__u32 addr_size;
	__u64 addrs;
	__u64 reserved[2];
};

#define VCTX_NET_SET_SIZE_VER0	40

/**
 * struct vctx_net_info - VCTX_IOC_GET_NET argument
 * @xid:	in: a created context
 * @flags:	out: VCTX_NET_F_*
 * @count:	in: room at @addrs; out: addresses written
 * @addr_size:	in: as in struct vctx_net_set
 * @addrs:	in: user pointer to @count addresses
 * @total:	out: addresses in the set (0: none, unrestricted)
 * @reserved0:	in: must be zero
 * @reserved:	in: must be zero
 */
struct vctx_net_info {
	__u32 xid;
	__u32 flags;
	__u32 count;
	__u32 addr_size;
	__u64 addrs;
	__u32 total;
	__u32 reserved0;
	__u64 reserved[2];
};

#define VCTX_NET_INFO_SIZE_VER0	48

/*
 * Guest guards (VCTX_FEATURE_GUARD)
 *
 * Rules that hold for every task of a context, whatever the tool did:
 * no move out of its cgroup subtree (by anyone), no write to the limits of
 * its own cgroup, no keyring system call, no connect or send to another
 * context's abstract unix socket, no module request, no device node opened
 * but null, zero, full, random, urandom, tty, ptmx and pty slaves, and
 * only the socket families of its allow-list. Membership is pinned by the pid namespace of
 * the context's init: a task of that namespace stays a task of the context
 * wherever its cgroup is.
 *
 * Socket families: bit N of families[N / 64] allows AF_N; AF_UNSPEC (bit 0)
 * must be clear. A new context starts with VCTX_SOCKFAM_DEFAULT. Netlink
 * sockets on the host's network namespace are further limited to the
 * protocols ROUTE, AUDIT, KOBJECT_UEVENT and GENERIC (SOCK_DIAG would list
 * every context's sockets); in a network namespace of its own a context
 * may use every netlink protocol.
 */
#define VCTX_SOCKFAM_WORDS	2
/* AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET */
#define VCTX_SOCKFAM_DEFAULT	((1ULL << 1) | (1ULL << 2) | (1ULL << 10) | \
				 (1ULL << 16) | (1ULL << 17))

/**
 * struct vctx_sockfam - VCTX_IOC_SET_SOCKFAM and VCTX_IOC_GET_SOCKFAM argument
 * @xid:	in: a created context
 * @flags:	in: must be 0
 * @families:	SET: in, the new allow-list (bit 0 or a family the kernel
 *		does not know: EINVAL); GET: in, zero; out, the current one
 * @reserved:	in: must be zero
 */
struct vctx_sockfam {
	__u32 xid;
	__u32 flags;
	__u64 families[VCTX_SOCKFAM_WORDS];
	__u64 reserved[2];
};

#define VCTX_SOCKFAM_SIZE_VER0	40

/*
 * /proc and sysinfo virtualization (VCTX_FEATURE_VIRT)
 *
 * What a context's tasks read as their context's own instead of the
 * host's, through every procfs mount and sysinfo(2); the host and the
 * spectator always read the host's. A new context starts with
 * VCTX_VIRT_ALL.
 *
 *	MEM	/proc/meminfo and sysinfo() memory from the lowest memory.max
 *		on the context's cgroup path (none lower than the host's
 *		memory: the host's figures), usage and its breakdown from its
 *		cgroup (memory.current, memory.stat)
 *	SWAP	SwapTotal/SwapFree and sysinfo() swap from memory.swap.max and
 *		memory.swap.current; /proc/swaps one line of its own when
 *		that limit is below the host's swap
 *	UPTIME	/proc/uptime and sysinfo().uptime from its init's start (a
 *		guest's reboot is a new boot); idle = uptime x its CPUs - its
 *		CPU time; /proc/stat's btime
 *	LOAD	/proc/loadavg and sysinfo() loads and procs from its own
 *		runnable and uninterruptible tasks, averaged every 5 s as the
 *		kernel does; /proc/stat's procs_running and procs_blocked
 *	CPU	its CPUs: its cpuset, capped at the token bucket's share or
 *		the lowest cpu.max on its cgroup path, rounded up;
 *		/sys/devices/system/cpu/online and sched_getaffinity(2) show
 *		that many, /proc/cpuinfo lists them from 0, /proc/stat's cpu
 *		lines carry its own time on them
 */
#define VCTX_VIRT_MEM		(1U << 0)
#define VCTX_VIRT_SWAP		(1U << 1)
#define VCTX_VIRT_UPTIME	(1U << 2)
#define VCTX_VIRT_LOAD		(1U << 3)
#define VCTX_VIRT_CPU		(1U << 4)
#define VCTX_VIRT_ALL		(VCTX_VIRT_MEM | VCTX_VIRT_SWAP | VCTX_VIRT_UPTIME | \
				 VCTX_VIRT_LOAD | VCTX_VIRT_CPU)

/**
 * struct vctx_virt - VCTX_IOC_SET_VIRT and VCTX_IOC_GET_VIRT argument
 * @xid:	in: a created context
 * @virt:	SET: in, VCTX_VIRT_* (another bit: EINVAL); GET: in, zero;
 *		out, the current ones
 * @reserved:	in: must be zero
 */
struct vctx_virt {
	__u32 xid;
	__u32 virt;
	__u64 reserved[2];
};

#define VCTX_VIRT_SIZE_VER0	24

/*
 * Disk quota watch (VCTX_FEATURE_DISK)
 *
 * A context may have one project quota watched: a project id on one
 * filesystem (ext4 mounted prjquota, XFS pquota). Userland tags the
 * guest's tree with the project id and sets its limits with quotactl(2);
 * the module only reads them. About once a second it reads the project's
 * usage and hard limits (as quotactl's Q_GETQUOTA does) and raises a
 * VCTX_EVENT_DISK event when the level of blocks or of inodes changes:
 * 90 at 90 % of the hard limit, 100 at the limit, 0 below 90 % again (or
 * when the limit is removed), so every new crossing is reported. A new
 * watch starts at level 0 for both: its first look reports a project that
 * is already past 90 %. No hook: it costs the host nothing but the poll.
 *
 * The watch keeps the filesystem's mount (a reference on the fd's path):
 * it cannot be unmounted (EBUSY) until the watch is removed or the
 * context destroyed.
 */
#define VCTX_DISK_BLOCKS	1	/* VCTX_A_DISK_RESOURCE: space, in bytes */
#define VCTX_DISK_INODES	2	/* ... inodes, a count */

/**
 * struct vctx_disk - VCTX_IOC_SET_DISK argument
 * @xid:	in: a created context
 * @fd:		in: any open file (O_PATH included, e.g. the guest's root
 *		directory) on the filesystem holding the quota; -1 (with
 *		@projid 0) removes the context's watch, a no-op when it has none
 * @projid:	in: the project id, in the initial user namespace: non-zero
 *		with @fd >= 0, 0 with @fd -1 (else EINVAL)
 * @flags:	in: must be 0
 * @reserved:	in: must be zero
 *
 * Replaces the context's watch, if any, at once (both levels start at 0
 * again). Errors: EINVAL (a built-in xid, @fd < -1, @projid, @flags,
 * reserved fields), ENOENT (no such context), EBADF (@fd is not open),
 * EOPNOTSUPP (the filesystem has no quota operations: tmpfs, procfs ...),
 * ESRCH (project quota is not on for that filesystem), or the error of
 * reading the project's quota.
 */
struct vctx_disk {
	__u32 xid;
	__s32 fd;
	__u32 projid;
	__u32 flags;
	__u64 reserved[2];
};

#define VCTX_DISK_SIZE_VER0	32

/*
 * Events (VCTX_FEATURE_EVENTS)
 *
 * The generic netlink family VCTX_GENL_NAME, in the initial network
 * namespace only, multicasts one VCTX_CMD_EVENT message per event to its
 * group VCTX_GENL_MCGRP_EVENTS; joining the group needs CAP_SYS_ADMIN. The
 * family has no commands to send it.
 *
 * Every event carries VCTX_A_SEQ, which counts 1, 2, 3, ... over the
 * module's lifetime the events raised while anyone listened. A gap in the
 * sequence is the number of events lost to this listener: the module's
 * queue (VCTX_EVENT_QUEUE_LEN events) was full, or the listener's socket
 * buffer was (its recv() then also fails once with ENOBUFS). Raising an
 * event never sleeps, never waits for a listener and never fails the
 * operation that caused it; with no listener it costs one test.
 */
#define VCTX_GENL_NAME		"vctx"
#define VCTX_GENL_VERSION	1
#define VCTX_GENL_MCGRP_EVENTS	"events"
#define VCTX_EVENT_QUEUE_LEN	1024

enum vctx_genl_cmd {
	VCTX_CMD_UNSPEC,
	VCTX_CMD_EVENT,		/* multicast: one event */
	__VCTX_CMD_MAX,
};

/*
 * Event types (VCTX_A_EVENT). Every event has VCTX_A_SEQ, VCTX_A_TIME,
 * VCTX_A_EVENT, VCTX_A_XID and VCTX_A_NAME; the others as noted. DENIED:
 * a task of the context was refused an operation on a task of another
 * context (VCTX_DENY_KEXEC: an operation on the kernel; the target is the
 * actor itself); it has VCTX_A_PID (the actor), VCTX_A_RULE,
 * VCTX_A_TARGET_XID, VCTX_A_TARGET_NAME, VCTX_A_TARGET_PID, and
 * VCTX_A_SIGNAL for VCTX_DENY_SIGNAL. DISK: the level of a watched
 * project quota changed (see "Disk quota watch"); it has
 * VCTX_A_DISK_RESOURCE, VCTX_A_DISK_LEVEL, VCTX_A_DISK_USAGE and
 * VCTX_A_DISK_LIMIT.
 */
enum vctx_event_type {
	VCTX_EVENT_CREATED = 1,	/* registered */
	VCTX_EVENT_STARTED,	/* its init was reported: VCTX_A_PID */
	VCTX_EVENT_STOPPED,	/* its init exited: VCTX_A_PID */
	VCTX_EVENT_EMPTY,	/* its last task left its cgroup */
	VCTX_EVENT_DESTROYED,	/* unregistered */
	VCTX_EVENT_HOLD,	/* the CPU limiter began holding it */
	VCTX_EVENT_UNHOLD,	/* ... and let it run again */
	VCTX_EVENT_DENIED,	/* one of its tasks was refused: see below */
	VCTX_EVENT_DISK,	/* its disk quota level changed: see above */
	__VCTX_EVENT_MAX,
};

/* What a denied operation was (VCTX_A_RULE). */
enum vctx_deny_rule {
	VCTX_DENY_SIGNAL = 1,	/* a signal, kill(pid, 0) included */
	VCTX_DENY_PTRACE,	/* ptrace and what its checks guard */
	VCTX_DENY_PRIORITY,	/* nice, I/O priority, scheduler, memory placement */
	VCTX_DENY_PROC,		/* opening the target's /proc/<pid> files */
	VCTX_DENY_OWNER,	/* naming the target the owner of a file (SIGIO) */
	VCTX_DENY_KEXEC,	/* kexec_load or kexec_file_load: the target is the actor */
	VCTX_DENY_CGROUP,	/* a move out of a context subtree: the target is the actor */
	VCTX_DENY_KEYRING,	/* add_key, request_key, keyctl: the target is the actor */
	VCTX_DENY_UNIX,		/* to another context's abstract socket: target = actor */
	VCTX_DENY_SOCKET,	/* a family or netlink protocol not allowed: target = actor */
	VCTX_DENY_MODULE,	/* a module request (autoload): the target is the actor */
	VCTX_DENY_RLIMIT,	/* changing the target's resource limits (prlimit) */
	VCTX_DENY_LINK,		/* following the target's /proc/<pid> fd, cwd, root, exe */
	VCTX_DENY_LIMITS,	/* writing its own cgroup limits: the target is the actor */
	VCTX_DENY_DEVICE,	/* a device node outside a guest's set: target = actor */
	VCTX_DENY_QUOTA,	/* a file's project or a quotactl: the target is the actor */
	__VCTX_DENY_MAX,
};

/* Attributes of VCTX_CMD_EVENT. Pids are in the initial pid namespace. */
enum vctx_attr {
	VCTX_A_UNSPEC,
	VCTX_A_PAD,
	VCTX_A_SEQ,		/* u64: see above */
	VCTX_A_TIME,		/* u64: CLOCK_REALTIME, in ns */
	VCTX_A_EVENT,		/* u32: VCTX_EVENT_* */
	VCTX_A_XID,		/* u32: the context (DENIED: the actor's) */
	VCTX_A_NAME,		/* string: its name */
	VCTX_A_PID,		/* u32: the init (STARTED, STOPPED), the actor (DENIED) */
	VCTX_A_RULE,		/* u32: VCTX_DENY_* */
	VCTX_A_SIGNAL,		/* u32: the signal refused (0: a probe) */
	VCTX_A_TARGET_XID,	/* u32: the target's context */
	VCTX_A_TARGET_NAME,	/* string: its name */
	VCTX_A_TARGET_PID,	/* u32: the target task */
	VCTX_A_DISK_RESOURCE,	/* u32: VCTX_DISK_BLOCKS or VCTX_DISK_INODES */
	VCTX_A_DISK_LEVEL,	/* u32: 0, 90 or 100 (percent of the hard limit) */
	VCTX_A_DISK_USAGE,	/* u64: bytes (BLOCKS) or inodes in use */
	VCTX_A_DISK_LIMIT,	/* u64: the hard limit, same unit; 0: none */
	__VCTX_A_MAX,
};

#define VCTX_A_MAX		(__VCTX_A_MAX - 1)

/* Version query: answered to every opener of /dev/vctx. */
#define VCTX_IOC_VERSION	_IOWR(VCTX_IOC_MAGIC, 0x00, struct vctx_version)

/* Queries: host and spectator. */
#define VCTX_IOC_INFO		_IOWR(VCTX_IOC_MAGIC, 0x01, struct vctx_info)
#define VCTX_IOC_LIST		_IOWR(VCTX_IOC_MAGIC, 0x02, struct vctx_list)
#define VCTX_IOC_GET_SCHED	_IOWR(VCTX_IOC_MAGIC, 0x03, struct vctx_sched_info)
#define VCTX_IOC_LIST_PROC	_IOWR(VCTX_IOC_MAGIC, 0x04, struct vctx_proc_list)
#define VCTX_IOC_GET_NET	_IOWR(VCTX_IOC_MAGIC, 0x05, struct vctx_net_info)
#define VCTX_IOC_GET_SOCKFAM	_IOWR(VCTX_IOC_MAGIC, 0x06, struct vctx_sockfam)
#define VCTX_IOC_GET_VIRT	_IOWR(VCTX_IOC_MAGIC, 0x07, struct vctx_virt)

/* Changes: CAP_SYS_ADMIN in the initial user namespace, host context. */
#define VCTX_IOC_CREATE		_IOWR(VCTX_IOC_MAGIC, 0x10, struct vctx_create)
#define VCTX_IOC_DESTROY	_IOW(VCTX_IOC_MAGIC, 0x11, struct vctx_destroy)
#define VCTX_IOC_SET_FLAGS	_IOW(VCTX_IOC_MAGIC, 0x12, struct vctx_set_flags)
#define VCTX_IOC_SET_CAPS	_IOW(VCTX_IOC_MAGIC, 0x13, struct vctx_set_caps)
#define VCTX_IOC_SET_INIT	_IOW(VCTX_IOC_MAGIC, 0x14, struct vctx_set_init)
#define VCTX_IOC_SET_SPECTATOR	_IOW(VCTX_IOC_MAGIC, 0x15, struct vctx_set_spectator)
#define VCTX_IOC_SET_SCHED	_IOW(VCTX_IOC_MAGIC, 0x16, struct vctx_set_sched)
#define VCTX_IOC_SET_PROC	_IOW(VCTX_IOC_MAGIC, 0x17, struct vctx_proc_set)
#define VCTX_IOC_SET_NET	_IOW(VCTX_IOC_MAGIC, 0x18, struct vctx_net_set)
#define VCTX_IOC_SET_SOCKFAM	_IOW(VCTX_IOC_MAGIC, 0x19, struct vctx_sockfam)
#define VCTX_IOC_SET_VIRT	_IOW(VCTX_IOC_MAGIC, 0x1a, struct vctx_virt)
#define VCTX_IOC_SET_DISK	_IOW(VCTX_IOC_MAGIC, 0x1b, struct vctx_disk)

#endif /* _UAPI_LINUX_VCTX_H */
