// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvctx: thin, typed wrappers around the ioctls of /dev/vctx.
 */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <vctx/name.h>
#include <vctx/procpath.h>

#include "lib/libvctx.h"
#include "version.h"

const char *vctx_library_version(void)
{
	return VCTX_TOOL_VERSION;
}

const char *vctx_device_path(void)
{
	const char *path = getenv("VCTX_DEVICE");

	return path && *path ? path : VCTX_DEVICE_PATH;
}

int vctx_open(void)
{
	int fd = open(vctx_device_path(), O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int vctx_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int vctx_get_version(int fd, struct vctx_version *version)
{
	memset(version, 0, sizeof(*version));
	return vctx_ioctl(fd, VCTX_IOC_VERSION, version);
}

int vctx_create(int fd, __u32 xid, const char *name, __u32 flags, int cgroup_fd,
		__u64 cap_bset)
{
	struct vctx_create c;
	int ret;

	memset(&c, 0, sizeof(c));
	if (strlen(name) >= sizeof(c.name))
		return -EINVAL;
	c.xid = xid;
	c.flags = flags;
	c.cgroup_fd = cgroup_fd;
	c.cap_bset = cap_bset;
	strcpy(c.name, name);
	ret = vctx_ioctl(fd, VCTX_IOC_CREATE, &c);
	return ret < 0 ? ret : (int)c.xid;
}

int vctx_destroy(int fd, __u32 xid)
{
	struct vctx_destroy d;

	memset(&d, 0, sizeof(d));
	d.xid = xid;
	return vctx_ioctl(fd, VCTX_IOC_DESTROY, &d);
}

int vctx_info_by_xid(int fd, __u32 xid, struct vctx_info *info)
{
	memset(info, 0, sizeof(*info));
	info->lookup = VCTX_LOOKUP_XID;
	info->xid = xid;
	return vctx_ioctl(fd, VCTX_IOC_INFO, info);
}

int vctx_info_by_name(int fd, const char *name, struct vctx_info *info)
{
	memset(info, 0, sizeof(*info));
	if (strlen(name) >= sizeof(info->name))
		return -EINVAL;
	info->lookup = VCTX_LOOKUP_NAME;
	strcpy(info->name, name);
	return vctx_ioctl(fd, VCTX_IOC_INFO, info);
}

int vctx_info_by_pid(int fd, pid_t pid, struct vctx_info *info)
{
	memset(info, 0, sizeof(*info));
	info->lookup = VCTX_LOOKUP_PID;
	info->pid = pid;
	return vctx_ioctl(fd, VCTX_IOC_INFO, info);
}

int vctx_list_all(int fd, struct vctx_info **infos)
{
	struct vctx_info *all = NULL, *grown;
	struct vctx_list l;
	size_t n = 0, room = 0;
	__u32 start = 0;
	int ret;

	do {
		/* Room for what the module says exists, plus some that may appear. */
		if (room - n < 64) {
			room = room ? room * 2 : 256;
			grown = realloc(all, room * sizeof(*all));
			if (!grown) {
				free(all);
				return -ENOMEM;
			}
			all = grown;
		}
		memset(&l, 0, sizeof(l));
		l.start_xid = start;
		l.count = (__u32)(room - n);
		l.entry_size = sizeof(*all);
		l.entries = (__u64)(uintptr_t)(all + n);
		ret = vctx_ioctl(fd, VCTX_IOC_LIST, &l);
		if (ret < 0) {
			free(all);
			return ret;
		}
		n += l.count;
		start = l.next_xid;
	} while (start);
	*infos = all;
	return (int)n;
}

int vctx_set_flags(int fd, __u32 xid, __u32 flags, __u32 mask)
{
	struct vctx_set_flags s;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	s.flags = flags;
	s.mask = mask;
	return vctx_ioctl(fd, VCTX_IOC_SET_FLAGS, &s);
}

int vctx_set_caps(int fd, __u32 xid, __u64 cap_bset)
{
	struct vctx_set_caps s;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	s.cap_bset = cap_bset;
	return vctx_ioctl(fd, VCTX_IOC_SET_CAPS, &s);
}

int vctx_set_init(int fd, __u32 xid, pid_t pid)
{
	struct vctx_set_init s;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	s.pid = pid;
	return vctx_ioctl(fd, VCTX_IOC_SET_INIT, &s);
}

int vctx_set_spectator(int fd, int cgroup_fd)
{
	struct vctx_set_spectator s;

	memset(&s, 0, sizeof(s));
	s.cgroup_fd = cgroup_fd;
	return vctx_ioctl(fd, VCTX_IOC_SET_SPECTATOR, &s);
}

int vctx_set_sched(int fd, const struct vctx_set_sched *limit)
{
	struct vctx_set_sched s = *limit;

	return vctx_ioctl(fd, VCTX_IOC_SET_SCHED, &s);
}

int vctx_get_sched(int fd, __u32 xid, struct vctx_sched_info *info)
{
	memset(info, 0, sizeof(*info));
	info->xid = xid;
	return vctx_ioctl(fd, VCTX_IOC_GET_SCHED, info);
}

int vctx_set_proc(int fd, __u32 xid, __u32 op, __u32 flags, const char *path)
{
	struct vctx_proc_set s;

	memset(&s, 0, sizeof(s));
	if (strlen(path) >= sizeof(s.path))
		return -EINVAL;
	s.xid = xid;
	s.op = op;
	s.flags = flags;
	strcpy(s.path, path);
	return vctx_ioctl(fd, VCTX_IOC_SET_PROC, &s);
}

int vctx_list_proc(int fd, __u32 xid, struct vctx_proc_entry **entries)
{
	struct vctx_proc_entry *all = NULL, *grown;
	struct vctx_proc_list l;
	__u32 room = 0, total = 0;
	int ret;

	/* Read it whole; again when it changed size meanwhile. */
	do {
		room = total + 16;
		grown = realloc(all, room * sizeof(*all));
		if (!grown) {
			free(all);
			return -ENOMEM;
		}
		all = grown;
		memset(&l, 0, sizeof(l));
		l.xid = xid;
		l.count = room;
		l.entry_size = sizeof(*all);
		l.entries = (__u64)(uintptr_t)all;
		ret = vctx_ioctl(fd, VCTX_IOC_LIST_PROC, &l);
		if (ret < 0) {
			free(all);
			return ret;
		}
		total = l.total;
	} while (l.count < total);
	*entries = all;
	return (int)l.count;
}

int vctx_set_net(int fd, __u32 xid, __u32 flags, const struct vctx_net_addr *addrs,
		 unsigned int count)
{
	struct vctx_net_set s;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	s.flags = flags;
	s.count = count;
	s.addr_size = sizeof(*addrs);
	s.addrs = (__u64)(uintptr_t)addrs;
	return vctx_ioctl(fd, VCTX_IOC_SET_NET, &s);
}

int vctx_get_net(int fd, __u32 xid, struct vctx_net_addr *addrs, unsigned int room,
		 __u32 *flags)
{
	struct vctx_net_info n;
	int ret;

	memset(&n, 0, sizeof(n));
	n.xid = xid;
	n.count = room;
	n.addr_size = sizeof(*addrs);
	n.addrs = (__u64)(uintptr_t)addrs;
	ret = vctx_ioctl(fd, VCTX_IOC_GET_NET, &n);
	if (ret)
		return ret;
	*flags = n.flags;
	return (int)n.total;
}

int vctx_set_sockfam(int fd, __u32 xid, const __u64 families[VCTX_SOCKFAM_WORDS])
{
	struct vctx_sockfam s;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	memcpy(s.families, families, sizeof(s.families));
	return vctx_ioctl(fd, VCTX_IOC_SET_SOCKFAM, &s);
}

int vctx_get_sockfam(int fd, __u32 xid, __u64 families[VCTX_SOCKFAM_WORDS])
{
	struct vctx_sockfam s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.xid = xid;
	ret = vctx_ioctl(fd, VCTX_IOC_GET_SOCKFAM, &s);
	if (!ret)
		memcpy(families, s.families, sizeof(s.families));
	return ret;
}

int vctx_set_virt(int fd, __u32 xid, __u32 virt)
{
	struct vctx_virt v;

	memset(&v, 0, sizeof(v));
	v.xid = xid;
	v.virt = virt;
	return vctx_ioctl(fd, VCTX_IOC_SET_VIRT, &v);
}

int vctx_get_virt(int fd, __u32 xid, __u32 *virt)
{
	struct vctx_virt v;
	int ret;

	memset(&v, 0, sizeof(v));
	v.xid = xid;
	ret = vctx_ioctl(fd, VCTX_IOC_GET_VIRT, &v);
	if (!ret)
		*virt = v.virt;
	return ret;
}

int vctx_set_disk(int devfd, uint32_t xid, int fd, uint32_t projid)
{
	struct vctx_disk d;

	memset(&d, 0, sizeof(d));
	d.xid = xid;
	d.fd = fd;
	d.projid = projid;
	return vctx_ioctl(devfd, VCTX_IOC_SET_DISK, &d);
}

int vctx_valid_name(const char *name)
{
	size_t len = strlen(name);

	return len < VCTX_NAME_LEN && vctx_name_valid(name, len + 1, 0);
}

int vctx_valid_proc_path(const char *path)
{
	char buf[VCTX_PROC_PATH_LEN] = { 0 };
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, path, len);
	return vctx_proc_path_valid(buf, sizeof(buf), VCTX_PROC_DEPTH_MAX, 1) != 0;
}
