// SPDX-License-Identifier: GPL-2.0
/*
 * Freezes the ABI of <linux/vctx.h>: the published layouts and command
 * numbers never change. A failure here means an incompatible ABI change:
 * grow structs at the end and keep the old VCTX_*_SIZE_VER0 instead.
 * (That the header compiles alone in strict C99 and C++ is checked by
 * userland/tests/header_test.sh.)
 */
#include <linux/vctx.h>

#include <stddef.h>

_Static_assert(VCTX_ABI_VERSION == 1, "ABI version");
_Static_assert(VCTX_IOC_MAGIC == 0xE7, "ioctl magic");
_Static_assert(VCTX_IOC_SIZE_MAX == 4096, "size limit");
_Static_assert(VCTX_VERSION_SIZE_VER0 == 112, "vctx_version v0 size");
_Static_assert(sizeof(struct vctx_version) == VCTX_VERSION_SIZE_VER0, "vctx_version size");
_Static_assert(offsetof(struct vctx_version, abi_version) == 0, "abi_version");
_Static_assert(offsetof(struct vctx_version, flags) == 4, "flags");
_Static_assert(offsetof(struct vctx_version, features) == 8, "features");
_Static_assert(offsetof(struct vctx_version, module_version) == 16, "module_version");
_Static_assert(offsetof(struct vctx_version, reserved) == 80, "reserved");
_Static_assert(VCTX_IOC_VERSION == 0xc070e700UL, "VCTX_IOC_VERSION number");

/* Values userland stores or compares. */
_Static_assert(VCTX_FEATURE_CONTEXTS == 1 && VCTX_FEATURE_ENFORCE == 2 && VCTX_FEATURE_SCHED == 4 &&
	       VCTX_FEATURE_EVENTS == 8 && VCTX_FEATURE_PROCFS == 16 &&
	       VCTX_FEATURE_NET == 32, "feature bits");
_Static_assert(VCTX_NAME_LEN == 64, "name length");
_Static_assert(VCTX_XID_HOST == 0 && VCTX_XID_SPECTATOR == 1, "built-in xids");
_Static_assert(VCTX_XID_STATIC_MIN == 2 && VCTX_XID_STATIC_MAX == 49151, "static xids");
_Static_assert(VCTX_XID_DYNAMIC_MIN == 49152 && VCTX_XID_DYNAMIC_MAX == 65535, "dynamic xids");
_Static_assert(VCTX_F_PERSISTENT == 1, "context flags");
_Static_assert(VCTX_INFO_BUILTIN == 1, "info flags");
_Static_assert(VCTX_STATE_CREATED == 1 && VCTX_STATE_RUNNING == 2 && VCTX_STATE_STOPPED == 3,
	       "states");
_Static_assert(VCTX_LOOKUP_XID == 0 && VCTX_LOOKUP_NAME == 1 && VCTX_LOOKUP_PID == 2, "lookups");

_Static_assert(VCTX_CREATE_SIZE_VER0 == 120, "vctx_create v0 size");
_Static_assert(sizeof(struct vctx_create) == VCTX_CREATE_SIZE_VER0, "vctx_create size");
_Static_assert(offsetof(struct vctx_create, xid) == 0, "vctx_create.xid");
_Static_assert(offsetof(struct vctx_create, flags) == 4, "vctx_create.flags");
_Static_assert(offsetof(struct vctx_create, cgroup_fd) == 8, "vctx_create.cgroup_fd");
_Static_assert(offsetof(struct vctx_create, reserved0) == 12, "vctx_create.reserved0");
_Static_assert(offsetof(struct vctx_create, cap_bset) == 16, "vctx_create.cap_bset");
_Static_assert(offsetof(struct vctx_create, name) == 24, "vctx_create.name");
_Static_assert(offsetof(struct vctx_create, reserved) == 88, "vctx_create.reserved");
_Static_assert(VCTX_DESTROY_SIZE_VER0 == 24, "vctx_destroy v0 size");
_Static_assert(sizeof(struct vctx_destroy) == VCTX_DESTROY_SIZE_VER0, "vctx_destroy size");
_Static_assert(offsetof(struct vctx_destroy, xid) == 0, "vctx_destroy.xid");
_Static_assert(offsetof(struct vctx_destroy, flags) == 4, "vctx_destroy.flags");
_Static_assert(offsetof(struct vctx_destroy, reserved) == 8, "vctx_destroy.reserved");
_Static_assert(VCTX_INFO_SIZE_VER0 == 160, "vctx_info v0 size");
_Static_assert(sizeof(struct vctx_info) == VCTX_INFO_SIZE_VER0, "vctx_info size");
_Static_assert(offsetof(struct vctx_info, xid) == 0, "vctx_info.xid");
_Static_assert(offsetof(struct vctx_info, lookup) == 4, "vctx_info.lookup");
_Static_assert(offsetof(struct vctx_info, pid) == 8, "vctx_info.pid");
_Static_assert(offsetof(struct vctx_info, flags) == 12, "vctx_info.flags");
_Static_assert(offsetof(struct vctx_info, name) == 16, "vctx_info.name");
_Static_assert(offsetof(struct vctx_info, state) == 80, "vctx_info.state");
_Static_assert(offsetof(struct vctx_info, init_pid) == 84, "vctx_info.init_pid");
_Static_assert(offsetof(struct vctx_info, nr_tasks) == 88, "vctx_info.nr_tasks");
_Static_assert(offsetof(struct vctx_info, cap_bset) == 96, "vctx_info.cap_bset");
_Static_assert(offsetof(struct vctx_info, cgroup_id) == 104, "vctx_info.cgroup_id");
_Static_assert(offsetof(struct vctx_info, created_ns) == 112, "vctx_info.created_ns");
_Static_assert(offsetof(struct vctx_info, info_flags) == 120, "vctx_info.info_flags");
_Static_assert(offsetof(struct vctx_info, reserved0) == 124, "vctx_info.reserved0");
_Static_assert(offsetof(struct vctx_info, reserved) == 128, "vctx_info.reserved");
_Static_assert(VCTX_LIST_SIZE_VER0 == 48, "vctx_list v0 size");
_Static_assert(sizeof(struct vctx_list) == VCTX_LIST_SIZE_VER0, "vctx_list size");
_Static_assert(offsetof(struct vctx_list, start_xid) == 0, "vctx_list.start_xid");
_Static_assert(offsetof(struct vctx_list, count) == 4, "vctx_list.count");
_Static_assert(offsetof(struct vctx_list, entry_size) == 8, "vctx_list.entry_size");
_Static_assert(offsetof(struct vctx_list, flags) == 12, "vctx_list.flags");
_Static_assert(offsetof(struct vctx_list, entries) == 16, "vctx_list.entries");
_Static_assert(offsetof(struct vctx_list, next_xid) == 24, "vctx_list.next_xid");
_Static_assert(offsetof(struct vctx_list, total) == 28, "vctx_list.total");
_Static_assert(offsetof(struct vctx_list, reserved) == 32, "vctx_list.reserved");
_Static_assert(VCTX_SET_FLAGS_SIZE_VER0 == 32, "vctx_set_flags v0 size");
_Static_assert(sizeof(struct vctx_set_flags) == VCTX_SET_FLAGS_SIZE_VER0, "vctx_set_flags size");
_Static_assert(offsetof(struct vctx_set_flags, xid) == 0, "vctx_set_flags.xid");
_Static_assert(offsetof(struct vctx_set_flags, flags) == 4, "vctx_set_flags.flags");
_Static_assert(offsetof(struct vctx_set_flags, mask) == 8, "vctx_set_flags.mask");
_Static_assert(offsetof(struct vctx_set_flags, reserved0) == 12, "vctx_set_flags.reserved0");
_Static_assert(offsetof(struct vctx_set_flags, reserved) == 16, "vctx_set_flags.reserved");
_Static_assert(VCTX_SET_CAPS_SIZE_VER0 == 32, "vctx_set_caps v0 size");
_Static_assert(sizeof(struct vctx_set_caps) == VCTX_SET_CAPS_SIZE_VER0, "vctx_set_caps size");
_Static_assert(offsetof(struct vctx_set_caps, xid) == 0, "vctx_set_caps.xid");
_Static_assert(offsetof(struct vctx_set_caps, flags) == 4, "vctx_set_caps.flags");
_Static_assert(offsetof(struct vctx_set_caps, cap_bset) == 8, "vctx_set_caps.cap_bset");
_Static_assert(offsetof(struct vctx_set_caps, reserved) == 16, "vctx_set_caps.reserved");
_Static_assert(VCTX_SET_INIT_SIZE_VER0 == 24, "vctx_set_init v0 size");
_Static_assert(sizeof(struct vctx_set_init) == VCTX_SET_INIT_SIZE_VER0, "vctx_set_init size");
_Static_assert(offsetof(struct vctx_set_init, xid) == 0, "vctx_set_init.xid");
_Static_assert(offsetof(struct vctx_set_init, pid) == 4, "vctx_set_init.pid");
_Static_assert(offsetof(struct vctx_set_init, reserved) == 8, "vctx_set_init.reserved");
_Static_assert(VCTX_SET_SPECTATOR_SIZE_VER0 == 32, "vctx_set_spectator v0 size");
_Static_assert(sizeof(struct vctx_set_spectator) == VCTX_SET_SPECTATOR_SIZE_VER0, "vctx_set_spectator size");
_Static_assert(offsetof(struct vctx_set_spectator, cgroup_fd) == 0, "vctx_set_spectator.cgroup_fd");
_Static_assert(offsetof(struct vctx_set_spectator, flags) == 4, "vctx_set_spectator.flags");
_Static_assert(offsetof(struct vctx_set_spectator, reserved) == 8, "vctx_set_spectator.reserved");
_Static_assert(VCTX_SCHED_OFF == 0 && VCTX_SCHED_HARD == 1 && VCTX_SCHED_PRIO == 2, "sched modes");
_Static_assert(VCTX_SCHED_RATE_MAX == 1000000 && VCTX_SCHED_INTERVAL_MAX == 3600000 &&
	       VCTX_SCHED_TOKENS_MAX == 3600000, "sched bounds");
_Static_assert(VCTX_SET_SCHED_SIZE_VER0 == 64, "vctx_set_sched v0 size");
_Static_assert(sizeof(struct vctx_set_sched) == VCTX_SET_SCHED_SIZE_VER0, "vctx_set_sched size");
_Static_assert(offsetof(struct vctx_set_sched, xid) == 0, "vctx_set_sched.xid");
_Static_assert(offsetof(struct vctx_set_sched, mode) == 4, "vctx_set_sched.mode");
_Static_assert(offsetof(struct vctx_set_sched, fill_rate) == 8, "vctx_set_sched.fill_rate");
_Static_assert(offsetof(struct vctx_set_sched, interval) == 12, "vctx_set_sched.interval");
_Static_assert(offsetof(struct vctx_set_sched, fill_rate2) == 16, "vctx_set_sched.fill_rate2");
_Static_assert(offsetof(struct vctx_set_sched, interval2) == 20, "vctx_set_sched.interval2");
_Static_assert(offsetof(struct vctx_set_sched, tokens_max) == 24, "vctx_set_sched.tokens_max");
_Static_assert(offsetof(struct vctx_set_sched, tokens_min) == 28, "vctx_set_sched.tokens_min");
_Static_assert(offsetof(struct vctx_set_sched, flags) == 32, "vctx_set_sched.flags");
_Static_assert(offsetof(struct vctx_set_sched, reserved0) == 36, "vctx_set_sched.reserved0");
_Static_assert(offsetof(struct vctx_set_sched, reserved) == 40, "vctx_set_sched.reserved");

_Static_assert(VCTX_SCHED_INFO_SIZE_VER0 == 104, "vctx_sched_info v0 size");
_Static_assert(sizeof(struct vctx_sched_info) == VCTX_SCHED_INFO_SIZE_VER0, "vctx_sched_info size");
_Static_assert(offsetof(struct vctx_sched_info, xid) == 0, "vctx_sched_info.xid");
_Static_assert(offsetof(struct vctx_sched_info, flags) == 4, "vctx_sched_info.flags");
_Static_assert(offsetof(struct vctx_sched_info, mode) == 8, "vctx_sched_info.mode");
_Static_assert(offsetof(struct vctx_sched_info, fill_rate) == 12, "vctx_sched_info.fill_rate");
_Static_assert(offsetof(struct vctx_sched_info, interval) == 16, "vctx_sched_info.interval");
_Static_assert(offsetof(struct vctx_sched_info, fill_rate2) == 20, "vctx_sched_info.fill_rate2");
_Static_assert(offsetof(struct vctx_sched_info, interval2) == 24, "vctx_sched_info.interval2");
_Static_assert(offsetof(struct vctx_sched_info, tokens_max) == 28, "vctx_sched_info.tokens_max");
_Static_assert(offsetof(struct vctx_sched_info, tokens_min) == 32, "vctx_sched_info.tokens_min");
_Static_assert(offsetof(struct vctx_sched_info, held) == 36, "vctx_sched_info.held");
_Static_assert(offsetof(struct vctx_sched_info, tokens) == 40, "vctx_sched_info.tokens");
_Static_assert(offsetof(struct vctx_sched_info, cpu_ns) == 48, "vctx_sched_info.cpu_ns");
_Static_assert(offsetof(struct vctx_sched_info, hold_ns) == 56, "vctx_sched_info.hold_ns");
_Static_assert(offsetof(struct vctx_sched_info, nr_holds) == 64, "vctx_sched_info.nr_holds");
_Static_assert(offsetof(struct vctx_sched_info, reserved) == 72, "vctx_sched_info.reserved");

_Static_assert(VCTX_IOC_INFO == 0xc0a0e701UL, "VCTX_IOC_INFO number");
_Static_assert(VCTX_IOC_LIST == 0xc030e702UL, "VCTX_IOC_LIST number");
_Static_assert(VCTX_IOC_CREATE == 0xc078e710UL, "VCTX_IOC_CREATE number");
_Static_assert(VCTX_IOC_DESTROY == 0x4018e711UL, "VCTX_IOC_DESTROY number");
_Static_assert(VCTX_IOC_SET_FLAGS == 0x4020e712UL, "VCTX_IOC_SET_FLAGS number");
_Static_assert(VCTX_IOC_SET_CAPS == 0x4020e713UL, "VCTX_IOC_SET_CAPS number");
_Static_assert(VCTX_IOC_SET_INIT == 0x4018e714UL, "VCTX_IOC_SET_INIT number");
_Static_assert(VCTX_IOC_SET_SPECTATOR == 0x4020e715UL, "VCTX_IOC_SET_SPECTATOR number");
_Static_assert(VCTX_IOC_GET_SCHED == 0xc068e703UL, "VCTX_IOC_GET_SCHED number");
_Static_assert(VCTX_IOC_SET_SCHED == 0x4040e716UL, "VCTX_IOC_SET_SCHED number");

/* procfs visibility */
_Static_assert(VCTX_PROC_ADMIN == 1 && VCTX_PROC_WATCH == 2 && VCTX_PROC_HIDE == 4 &&
	       VCTX_PROC_ALL == 7, "procfs flags");
_Static_assert(VCTX_PROC_PATH_LEN == 128 && VCTX_PROC_DEPTH_MAX == 8 &&
	       VCTX_PROC_GLOBAL_MAX == 1024 && VCTX_PROC_CONTEXT_MAX == 256, "procfs bounds");
_Static_assert(VCTX_PROC_OP_SET == 0 && VCTX_PROC_OP_REMOVE == 1, "procfs ops");
_Static_assert(VCTX_PROC_SET_SIZE_VER0 == 160, "vctx_proc_set v0 size");
_Static_assert(sizeof(struct vctx_proc_set) == VCTX_PROC_SET_SIZE_VER0, "vctx_proc_set size");
_Static_assert(offsetof(struct vctx_proc_set, op) == 4, "vctx_proc_set.op");
_Static_assert(offsetof(struct vctx_proc_set, flags) == 8, "vctx_proc_set.flags");
_Static_assert(offsetof(struct vctx_proc_set, reserved0) == 12, "vctx_proc_set.reserved0");
_Static_assert(offsetof(struct vctx_proc_set, path) == 16, "vctx_proc_set.path");
_Static_assert(offsetof(struct vctx_proc_set, reserved) == 144, "vctx_proc_set.reserved");
_Static_assert(VCTX_PROC_ENTRY_SIZE_VER0 == 136, "vctx_proc_entry v0 size");
_Static_assert(sizeof(struct vctx_proc_entry) == VCTX_PROC_ENTRY_SIZE_VER0, "vctx_proc_entry size");
_Static_assert(offsetof(struct vctx_proc_entry, flags) == 128, "vctx_proc_entry.flags");
_Static_assert(VCTX_PROC_LIST_SIZE_VER0 == 48, "vctx_proc_list v0 size");
_Static_assert(sizeof(struct vctx_proc_list) == VCTX_PROC_LIST_SIZE_VER0, "vctx_proc_list size");
_Static_assert(offsetof(struct vctx_proc_list, start) == 4, "vctx_proc_list.start");
_Static_assert(offsetof(struct vctx_proc_list, count) == 8, "vctx_proc_list.count");
_Static_assert(offsetof(struct vctx_proc_list, entry_size) == 12, "vctx_proc_list.entry_size");
_Static_assert(offsetof(struct vctx_proc_list, entries) == 16, "vctx_proc_list.entries");
_Static_assert(offsetof(struct vctx_proc_list, total) == 24, "vctx_proc_list.total");
_Static_assert(offsetof(struct vctx_proc_list, flags) == 28, "vctx_proc_list.flags");
_Static_assert(offsetof(struct vctx_proc_list, reserved) == 32, "vctx_proc_list.reserved");
_Static_assert(VCTX_IOC_LIST_PROC == 0xc030e704UL, "VCTX_IOC_LIST_PROC number");
_Static_assert(VCTX_IOC_SET_PROC == 0x40a0e717UL, "VCTX_IOC_SET_PROC number");

/* IP binding */
_Static_assert(VCTX_NET_F_LOOPBACK == 1 && VCTX_NET_ADDRS_MAX == 32, "net flags and bounds");
_Static_assert(VCTX_NET_ADDR_SIZE_VER0 == 24, "vctx_net_addr v0 size");
_Static_assert(sizeof(struct vctx_net_addr) == VCTX_NET_ADDR_SIZE_VER0, "vctx_net_addr size");
_Static_assert(offsetof(struct vctx_net_addr, prefix) == 2, "vctx_net_addr.prefix");
_Static_assert(offsetof(struct vctx_net_addr, ifindex) == 4, "vctx_net_addr.ifindex");
_Static_assert(offsetof(struct vctx_net_addr, addr) == 8, "vctx_net_addr.addr");
_Static_assert(VCTX_NET_SET_SIZE_VER0 == 40, "vctx_net_set v0 size");
_Static_assert(sizeof(struct vctx_net_set) == VCTX_NET_SET_SIZE_VER0, "vctx_net_set size");
_Static_assert(offsetof(struct vctx_net_set, count) == 8, "vctx_net_set.count");
_Static_assert(offsetof(struct vctx_net_set, addr_size) == 12, "vctx_net_set.addr_size");
_Static_assert(offsetof(struct vctx_net_set, addrs) == 16, "vctx_net_set.addrs");
_Static_assert(offsetof(struct vctx_net_set, reserved) == 24, "vctx_net_set.reserved");
_Static_assert(VCTX_NET_INFO_SIZE_VER0 == 48, "vctx_net_info v0 size");
_Static_assert(sizeof(struct vctx_net_info) == VCTX_NET_INFO_SIZE_VER0, "vctx_net_info size");
_Static_assert(offsetof(struct vctx_net_info, addrs) == 16, "vctx_net_info.addrs");
_Static_assert(offsetof(struct vctx_net_info, total) == 24, "vctx_net_info.total");
_Static_assert(offsetof(struct vctx_net_info, reserved) == 32, "vctx_net_info.reserved");
_Static_assert(VCTX_IOC_GET_NET == 0xc030e705UL, "VCTX_IOC_GET_NET number");
_Static_assert(VCTX_IOC_SET_NET == 0x4028e718UL, "VCTX_IOC_SET_NET number");

/* Guest guards: socket families. */
_Static_assert(VCTX_FEATURE_GUARD == (1ULL << 6), "guard feature bit");
_Static_assert(VCTX_SOCKFAM_SIZE_VER0 == 40, "vctx_sockfam v0 size");
_Static_assert(sizeof(struct vctx_sockfam) == VCTX_SOCKFAM_SIZE_VER0, "vctx_sockfam size");
_Static_assert(offsetof(struct vctx_sockfam, families) == 8, "vctx_sockfam layout");
_Static_assert(VCTX_SOCKFAM_DEFAULT == 0x30406ULL, "default socket families");
_Static_assert(VCTX_IOC_GET_SOCKFAM == 0xc028e706UL, "VCTX_IOC_GET_SOCKFAM number");
_Static_assert(VCTX_IOC_SET_SOCKFAM == 0x4028e719UL, "VCTX_IOC_SET_SOCKFAM number");

/* /proc and sysinfo virtualization. */
_Static_assert(VCTX_FEATURE_VIRT == (1ULL << 7), "virt feature bit");
_Static_assert(VCTX_VIRT_MEM == 1 && VCTX_VIRT_SWAP == 2 && VCTX_VIRT_UPTIME == 4 &&
	       VCTX_VIRT_LOAD == 8 && VCTX_VIRT_CPU == 16 && VCTX_VIRT_ALL == 0x1f, "virt flags");
_Static_assert(VCTX_VIRT_SIZE_VER0 == 24, "vctx_virt v0 size");
_Static_assert(sizeof(struct vctx_virt) == VCTX_VIRT_SIZE_VER0, "vctx_virt size");
_Static_assert(offsetof(struct vctx_virt, virt) == 4 && offsetof(struct vctx_virt, reserved) == 8,
	       "vctx_virt layout");
_Static_assert(VCTX_IOC_GET_VIRT == 0xc018e707UL, "VCTX_IOC_GET_VIRT number");
_Static_assert(VCTX_IOC_SET_VIRT == 0x4018e71aUL, "VCTX_IOC_SET_VIRT number");

/* Disk quota watch. */
_Static_assert(VCTX_FEATURE_DISK == (1ULL << 8), "disk feature bit");
_Static_assert(VCTX_DISK_BLOCKS == 1 && VCTX_DISK_INODES == 2, "disk resources");
_Static_assert(VCTX_DISK_SIZE_VER0 == 32, "vctx_disk v0 size");
_Static_assert(sizeof(struct vctx_disk) == VCTX_DISK_SIZE_VER0, "vctx_disk size");
_Static_assert(offsetof(struct vctx_disk, fd) == 4 && offsetof(struct vctx_disk, projid) == 8 &&
	       offsetof(struct vctx_disk, flags) == 12 && offsetof(struct vctx_disk, reserved) == 16,
	       "vctx_disk layout");
_Static_assert(VCTX_IOC_SET_DISK == 0x4020e71bUL, "VCTX_IOC_SET_DISK number");

/* The event family: names, numbers of commands, events, rules, attributes. */
_Static_assert(sizeof(VCTX_GENL_NAME) == 5 && VCTX_GENL_VERSION == 1, "genl family");
_Static_assert(sizeof(VCTX_GENL_MCGRP_EVENTS) == 7 && VCTX_EVENT_QUEUE_LEN == 1024, "genl group");
_Static_assert(VCTX_CMD_EVENT == 1, "genl commands");
_Static_assert(VCTX_EVENT_CREATED == 1 && VCTX_EVENT_STARTED == 2 && VCTX_EVENT_STOPPED == 3 &&
	       VCTX_EVENT_EMPTY == 4 && VCTX_EVENT_DESTROYED == 5 && VCTX_EVENT_HOLD == 6 &&
	       VCTX_EVENT_UNHOLD == 7 && VCTX_EVENT_DENIED == 8 && VCTX_EVENT_DISK == 9,
	       "event types");
_Static_assert(VCTX_DENY_SIGNAL == 1 && VCTX_DENY_PTRACE == 2 && VCTX_DENY_PRIORITY == 3 &&
	       VCTX_DENY_PROC == 4 && VCTX_DENY_OWNER == 5 &&
	       VCTX_DENY_KEXEC == 6 && VCTX_DENY_CGROUP == 7 && VCTX_DENY_KEYRING == 8 &&
	       VCTX_DENY_UNIX == 9 && VCTX_DENY_SOCKET == 10 && VCTX_DENY_MODULE == 11 &&
	       VCTX_DENY_RLIMIT == 12 && VCTX_DENY_LINK == 13 && VCTX_DENY_LIMITS == 14 &&
	       VCTX_DENY_DEVICE == 15 && VCTX_DENY_QUOTA == 16,
	       "deny rules");
_Static_assert(VCTX_A_PAD == 1 && VCTX_A_SEQ == 2 && VCTX_A_TIME == 3 && VCTX_A_EVENT == 4 &&
	       VCTX_A_XID == 5 && VCTX_A_NAME == 6 && VCTX_A_PID == 7 && VCTX_A_RULE == 8 &&
	       VCTX_A_SIGNAL == 9 && VCTX_A_TARGET_XID == 10 && VCTX_A_TARGET_NAME == 11 &&
	       VCTX_A_TARGET_PID == 12 && VCTX_A_DISK_RESOURCE == 13 && VCTX_A_DISK_LEVEL == 14 &&
	       VCTX_A_DISK_USAGE == 15 && VCTX_A_DISK_LIMIT == 16 && VCTX_A_MAX == 16,
	       "event attributes");

int main(void)
{
	return 0;
}
