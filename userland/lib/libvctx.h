/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvctx: the C interface to vctx.ko, one function per ioctl.
 *
 * Every function returns 0 (or a non-negative count) on success and a
 * negative errno on failure; errno itself is left as the system set it.
 * The argument structs are the ABI structs of <linux/vctx.h>.
 */
#ifndef LIBVCTX_H
#define LIBVCTX_H

#include <stdint.h>
#include <sys/types.h>

#include <linux/vctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's own release, e.g. "0.1.0". */
const char *vctx_library_version(void);

/*
 * The control device: $VCTX_DEVICE when set (an alternative node, e.g. in a
 * test chroot), else VCTX_DEVICE_PATH.
 */
const char *vctx_device_path(void);

/* Opens the control device close-on-exec; returns the fd or -errno. */
int vctx_open(void);

/* VCTX_IOC_VERSION: fills @version (which need not be zeroed first). */
int vctx_get_version(int fd, struct vctx_version *version);

/*
 * VCTX_IOC_CREATE: registers @name over the cgroup v2 directory @cgroup_fd
 * with @xid (0: the next dynamic one). Returns the xid or -errno.
 */
int vctx_create(int fd, __u32 xid, const char *name, __u32 flags, int cgroup_fd,
		__u64 cap_bset);

/* VCTX_IOC_DESTROY */
int vctx_destroy(int fd, __u32 xid);

/* VCTX_IOC_INFO by xid, by name, or for the context of a pid. */
int vctx_info_by_xid(int fd, __u32 xid, struct vctx_info *info);
int vctx_info_by_name(int fd, const char *name, struct vctx_info *info);
int vctx_info_by_pid(int fd, pid_t pid, struct vctx_info *info);

/*
 * Every created context, in xid order: *@infos is a malloc()ed array the
 * caller frees. Returns the number of entries or -errno.
 */
int vctx_list_all(int fd, struct vctx_info **infos);

/* VCTX_IOC_SET_FLAGS: set the VCTX_F_* bits of @mask to those in @flags. */
int vctx_set_flags(int fd, __u32 xid, __u32 flags, __u32 mask);

/* VCTX_IOC_SET_CAPS */
int vctx_set_caps(int fd, __u32 xid, __u64 cap_bset);

/* VCTX_IOC_SET_INIT */
int vctx_set_init(int fd, __u32 xid, pid_t pid);

/*
 * VCTX_IOC_SET_SPECTATOR: make the tasks of the cgroup @cgroup_fd (a cgroup
 * v2 directory) the spectator, xid 1; -1 unbinds it.
 */
int vctx_set_spectator(int fd, int cgroup_fd);

/*
 * VCTX_IOC_SET_SCHED: set (or, with mode VCTX_SCHED_OFF and every other
 * field zero, remove) the CPU limit of @limit->xid.
 */
int vctx_set_sched(int fd, const struct vctx_set_sched *limit);

/* VCTX_IOC_GET_SCHED: the CPU limit and bucket state of @xid. */
int vctx_get_sched(int fd, __u32 xid, struct vctx_sched_info *info);

/*
 * VCTX_IOC_SET_PROC: set (VCTX_PROC_OP_SET) or drop (VCTX_PROC_OP_REMOVE)
 * the flags of the /proc entry @path in the table of @xid (0: global).
 */
int vctx_set_proc(int fd, __u32 xid, __u32 op, __u32 flags, const char *path);

/*
 * VCTX_IOC_LIST_PROC: every entry of the table of @xid (0: global), sorted
 * by path, into a malloc'ed array at *@entries (free() it). Return: the
 * number of entries, or a negative errno.
 */
int vctx_list_proc(int fd, __u32 xid, struct vctx_proc_entry **entries);

/*
 * VCTX_IOC_SET_NET: make @addrs (@count of them, 0 to remove the set) the
 * IP set of @xid, with VCTX_NET_F_* @flags.
 */
int vctx_set_net(int fd, __u32 xid, __u32 flags, const struct vctx_net_addr *addrs,
		 unsigned int count);

/*
 * VCTX_IOC_GET_NET: up to @room addresses of the set of @xid into @addrs,
 * its flags into *@flags. Return: the number in the set (0: none), or a
 * negative errno.
 */
int vctx_get_net(int fd, __u32 xid, struct vctx_net_addr *addrs, unsigned int room,
		 __u32 *flags);

/*
 * The socket families a context's tasks may create (VCTX_FEATURE_GUARD):
 * bit N of families[N / 64] allows AF_N. Return: 0 or -errno.
 */
int vctx_set_sockfam(int fd, __u32 xid, const __u64 families[VCTX_SOCKFAM_WORDS]);
int vctx_get_sockfam(int fd, __u32 xid, __u64 families[VCTX_SOCKFAM_WORDS]);

/*
 * What a context's tasks read of /proc and sysinfo(2) as their own
 * (VCTX_FEATURE_VIRT): VCTX_VIRT_* bits. Return: 0 or -errno.
 */
int vctx_set_virt(int fd, __u32 xid, __u32 virt);
int vctx_get_virt(int fd, __u32 xid, __u32 *virt);

/*
 * VCTX_IOC_SET_DISK (VCTX_FEATURE_DISK): watch project @projid on the
 * filesystem of the open file @fd (O_PATH will do) for @xid, raising DISK
 * events at 90 % and 100 % of its hard limits; @fd -1 with @projid 0
 * removes the watch. Return: 0 or -errno.
 */
int vctx_set_disk(int devfd, uint32_t xid, int fd, uint32_t projid);

/*
 * The rules vctx.ko applies to what it is given, for checking input before
 * it reaches the module. vctx_valid_name(): @name is a context name
 * ([a-z0-9][a-z0-9_.-]{0,62}). vctx_valid_proc_path(): @path is a procfs
 * table path (VCTX_PROC_PATH_LEN in the uapi header), without "/proc/".
 * Return: 1 when valid, else 0.
 */
int vctx_valid_name(const char *name);
int vctx_valid_proc_path(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* LIBVCTX_H */
