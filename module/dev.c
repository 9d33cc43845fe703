// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vctx and the ioctl dispatcher.
 *
 * Every command is described once in vctx_ioctls[]; the dispatcher does the
 * work common to all of them (matching the command, checking and copying the
 * extensible struct, copying results back), so a handler only validates its
 * own fields and acts on a kernel copy of the argument.
 */
#include <linux/build_bug.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "vctx.h"

/* The dispatcher keeps the argument on its stack; structs stay small. */
#define VCTX_IOC_KBUF_SIZE	256

struct vctx_ioctl_desc {
	unsigned int cmd;
	size_t ksize;
	size_t size_ver0;
	int (*handler)(struct file *file, void *arg);
};

#define VCTX_IOCTL(_cmd, _type, _ver0, _handler)		\
	[_IOC_NR(_cmd)] = {					\
		.cmd = (_cmd),					\
		.ksize = sizeof(_type),				\
		.size_ver0 = (_ver0),				\
		.handler = (_handler),				\
	}

static const struct vctx_ioctl_desc vctx_ioctls[] = {
	VCTX_IOCTL(VCTX_IOC_VERSION, struct vctx_version,
		   VCTX_VERSION_SIZE_VER0, vctx_ioctl_version),
};

static long vctx_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct vctx_ioctl_desc *desc;
	size_t usize = _IOC_SIZE(cmd);
	u64 kbuf[VCTX_IOC_KBUF_SIZE / sizeof(u64)];
	int ret;

	BUILD_BUG_ON(sizeof(struct vctx_version) != VCTX_VERSION_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct vctx_version) > sizeof(kbuf));

	if (_IOC_TYPE(cmd) != VCTX_IOC_MAGIC || _IOC_NR(cmd) >= ARRAY_SIZE(vctx_ioctls))
		return -ENOTTY;
	desc = &vctx_ioctls[_IOC_NR(cmd)];
	if (!desc->handler || _IOC_DIR(cmd) != _IOC_DIR(desc->cmd))
		return -ENOTTY;

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
