// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vctx and the ioctl dispatcher.
 *
 * Every command is described once in vctx_ioctls[]; the dispatcher does the
 * work common to all of them (who may call it, matching the command,
 * checking and copying the extensible struct, copying results back), so a
 * handler only validates its own fields and acts on a kernel copy of the
 * argument.
 *
 * Who: only host and spectator tasks reach the device at all, at open and
 * again at every call (a guest may have inherited or been passed an open
 * file); commands that change state also need CAP_SYS_ADMIN in the initial
 * user namespace and a host caller.
 */
#include <linux/build_bug.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "ctl.h"
#include "dev.h"
#include "disk.h"
#include "netset.h"
#include "proctab.h"
#include "registry.h"
#include "sched.h"
#include "version.h"

/* The dispatcher keeps the argument on its stack; structs stay small. */
#define VCTX_IOC_KBUF_SIZE	256

struct vctx_ioctl_desc {
	unsigned int cmd;
	size_t ksize;
	size_t size_ver0;
	int (*handler)(struct file *file, void *arg);
	bool admin;
};

#define VCTX_IOCTL(_cmd, _type, _ver0, _handler, _admin)	\
	[_IOC_NR(_cmd)] = {					\
		.cmd = (_cmd),					\
		.ksize = sizeof(_type),				\
		.size_ver0 = (_ver0),				\
		.handler = (_handler),				\
		.admin = (_admin),				\
	}

static const struct vctx_ioctl_desc vctx_ioctls[] = {
	VCTX_IOCTL(VCTX_IOC_VERSION, struct vctx_version,
		   VCTX_VERSION_SIZE_VER0, vctx_ioctl_version, false),
	VCTX_IOCTL(VCTX_IOC_INFO, struct vctx_info,
		   VCTX_INFO_SIZE_VER0, vctx_ioctl_info, false),
	VCTX_IOCTL(VCTX_IOC_LIST, struct vctx_list,
		   VCTX_LIST_SIZE_VER0, vctx_ioctl_list, false),
	VCTX_IOCTL(VCTX_IOC_GET_SCHED, struct vctx_sched_info,
		   VCTX_SCHED_INFO_SIZE_VER0, vctx_ioctl_get_sched, false),
	VCTX_IOCTL(VCTX_IOC_LIST_PROC, struct vctx_proc_list,
		   VCTX_PROC_LIST_SIZE_VER0, vctx_ioctl_list_proc, false),
	VCTX_IOCTL(VCTX_IOC_GET_NET, struct vctx_net_info,
		   VCTX_NET_INFO_SIZE_VER0, vctx_ioctl_get_net, false),
	VCTX_IOCTL(VCTX_IOC_GET_SOCKFAM, struct vctx_sockfam,
		   VCTX_SOCKFAM_SIZE_VER0, vctx_ioctl_get_sockfam, false),
	VCTX_IOCTL(VCTX_IOC_GET_VIRT, struct vctx_virt,
		   VCTX_VIRT_SIZE_VER0, vctx_ioctl_get_virt, false),
	VCTX_IOCTL(VCTX_IOC_CREATE, struct vctx_create,
		   VCTX_CREATE_SIZE_VER0, vctx_ioctl_create, true),
	VCTX_IOCTL(VCTX_IOC_DESTROY, struct vctx_destroy,
		   VCTX_DESTROY_SIZE_VER0, vctx_ioctl_destroy, true),
	VCTX_IOCTL(VCTX_IOC_SET_FLAGS, struct vctx_set_flags,
		   VCTX_SET_FLAGS_SIZE_VER0, vctx_ioctl_set_flags, true),
	VCTX_IOCTL(VCTX_IOC_SET_CAPS, struct vctx_set_caps,
		   VCTX_SET_CAPS_SIZE_VER0, vctx_ioctl_set_caps, true),
	VCTX_IOCTL(VCTX_IOC_SET_INIT, struct vctx_set_init,
		   VCTX_SET_INIT_SIZE_VER0, vctx_ioctl_set_init, true),
	VCTX_IOCTL(VCTX_IOC_SET_SPECTATOR, struct vctx_set_spectator,
		   VCTX_SET_SPECTATOR_SIZE_VER0, vctx_ioctl_set_spectator, true),
	VCTX_IOCTL(VCTX_IOC_SET_SCHED, struct vctx_set_sched,
		   VCTX_SET_SCHED_SIZE_VER0, vctx_ioctl_set_sched, true),
	VCTX_IOCTL(VCTX_IOC_SET_PROC, struct vctx_proc_set,
		   VCTX_PROC_SET_SIZE_VER0, vctx_ioctl_set_proc, true),
	VCTX_IOCTL(VCTX_IOC_SET_NET, struct vctx_net_set,
		   VCTX_NET_SET_SIZE_VER0, vctx_ioctl_set_net, true),
	VCTX_IOCTL(VCTX_IOC_SET_SOCKFAM, struct vctx_sockfam,
		   VCTX_SOCKFAM_SIZE_VER0, vctx_ioctl_set_sockfam, true),
	VCTX_IOCTL(VCTX_IOC_SET_VIRT, struct vctx_virt,
		   VCTX_VIRT_SIZE_VER0, vctx_ioctl_set_virt, true),
	VCTX_IOCTL(VCTX_IOC_SET_DISK, struct vctx_disk,
		   VCTX_DISK_SIZE_VER0, vctx_ioctl_set_disk, true),
};

/* The caller's context: host, spectator or a guest. */
static u32 vctx_caller_xid(void)
{
	u32 xid;

	rcu_read_lock();
	xid = vctx_task_context_rcu(current)->xid;
	rcu_read_unlock();
	return xid;
}

static bool vctx_caller_may_use(bool admin)
{
	u32 xid = vctx_caller_xid();

	if (admin)
		return xid == VCTX_XID_HOST && capable(CAP_SYS_ADMIN);
	return xid == VCTX_XID_HOST || xid == VCTX_XID_SPECTATOR;
}

static int vctx_dev_open(struct inode *inode, struct file *file)
{
	return vctx_caller_may_use(false) ? 0 : -EPERM;
}

static long vctx_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct vctx_ioctl_desc *desc;
	size_t usize = _IOC_SIZE(cmd);
	u64 kbuf[VCTX_IOC_KBUF_SIZE / sizeof(u64)];
	int ret;

	BUILD_BUG_ON(sizeof(struct vctx_version) != VCTX_VERSION_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_info) != VCTX_INFO_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_list) != VCTX_LIST_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_create) != VCTX_CREATE_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_destroy) != VCTX_DESTROY_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_set_flags) != VCTX_SET_FLAGS_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_set_caps) != VCTX_SET_CAPS_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_set_init) != VCTX_SET_INIT_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_set_spectator) != VCTX_SET_SPECTATOR_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_set_sched) != VCTX_SET_SCHED_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_sched_info) != VCTX_SCHED_INFO_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_proc_set) != VCTX_PROC_SET_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_proc_entry) != VCTX_PROC_ENTRY_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_proc_list) != VCTX_PROC_LIST_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_net_addr) != VCTX_NET_ADDR_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_net_set) != VCTX_NET_SET_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_net_info) != VCTX_NET_INFO_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_sockfam) != VCTX_SOCKFAM_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_virt) != VCTX_VIRT_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_disk) != VCTX_DISK_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_info) > sizeof(kbuf));
	BUILD_BUG_ON(sizeof(struct vctx_create) > sizeof(kbuf));

	if (_IOC_TYPE(cmd) != VCTX_IOC_MAGIC || _IOC_NR(cmd) >= ARRAY_SIZE(vctx_ioctls))
		return -ENOTTY;
	desc = &vctx_ioctls[_IOC_NR(cmd)];
	if (!desc->handler || _IOC_DIR(cmd) != _IOC_DIR(desc->cmd))
		return -ENOTTY;

	if (!vctx_caller_may_use(desc->admin))
		return -EPERM;
	if (usize < desc->size_ver0)
		return -EINVAL;
	if (usize > VCTX_IOC_SIZE_MAX)
		return -E2BIG;

	ret = copy_struct_from_user(kbuf, desc->ksize, uarg, usize);
	if (ret)
		return ret;

	ret = desc->handler(file, kbuf);
	if (ret < 0)
		return ret;

	if ((_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, kbuf, min(usize, desc->ksize)))
		return -EFAULT;
	return ret;
}

static const struct file_operations vctx_dev_fops = {
	.owner = THIS_MODULE,
	.open = vctx_dev_open,
	.unlocked_ioctl = vctx_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vctx_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VCTX_DEVICE_NAME,
	.fops = &vctx_dev_fops,
	.mode = 0600,
};

/**
 * vctx_dev_init() - register /dev/vctx
 *
 * Called last in module init: once the device exists, ioctls may arrive.
 *
 * Return: 0 or the error of misc_register().
 */
int vctx_dev_init(void)
{
	int ret = misc_register(&vctx_miscdev);

	if (ret)
		pr_err("cannot register /dev/%s: %d\n", VCTX_DEVICE_NAME, ret);
	return ret;
}

void vctx_dev_exit(void)
{
	misc_deregister(&vctx_miscdev);
}
