// SPDX-License-Identifier: GPL-2.0
/*
 * vctx: Linux-VServer-style security contexts for stock kernels.
 *
 * Module entry and exit. Each subsystem is brought up in order here and torn
 * down in exact reverse; a failure unwinds what was already set up. Here
 * too: the list of features every context has (vctx_features[]).
 */
#include <linux/init.h>
#include <linux/module.h>

#include "context.h"
#include "dev.h"
#include "disk.h"
#include "enforce.h"
#include "events.h"
#include "guard.h"
#include "netbind.h"
#include "netset.h"
#include "procfs.h"
#include "proctab.h"
#include "procvis.h"
#include "registry.h"
#include "sched.h"
#include "version.h"
#include "virt.h"
#include "watch.h"

/*
 * What every context has, in the order it is set up; torn down in reverse
 * (see struct vctx_feature). A new kind of per-context state adds itself
 * here, and nowhere else in the context's life.
 *
 * The order is what a context's last events need: its /proc/vctx files go
 * first (no reader is left once destroy returns), then the limiter thaws
 * the cgroup (UNHOLD), then the watch takes a last look (EMPTY), and
 * DESTROYED comes after them all. The disk watch raises nothing at
 * teardown and goes last: its release may wait for a poll, which must not
 * delay the removal of /proc/vctx/<xid> (a new context may get the xid as
 * soon as this one is unpublished).
 */
static const struct vctx_feature *const vctx_features[] = {
	&vctx_disk_feature,	/* the project quota watch: DISK */
	&vctx_watch_feature,	/* cgroup.events watched: EMPTY */
	&vctx_sched_feature,	/* the CPU limiter */
	&vctx_guard_feature,	/* socket families */
	&vctx_netset_feature,	/* the address set */
	&vctx_proctab_feature,	/* procfs visibility overrides */
	&vctx_procfs_feature,	/* /proc/vctx/<xid>/ */
	&vctx_virt_feature,	/* /proc and sysinfo virtualization */
};

static int __init vctx_init(void)
{
	int ret;

	ret = vctx_proc_init();
	if (ret)
		goto err_proc;
	ret = vctx_events_init();
	if (ret)
		goto err_events;
	ret = vctx_sched_init();
	if (ret)
		goto err_sched;
	ret = vctx_watch_init();
	if (ret)
		goto err_watch;
	ret = vctx_disk_init();
	if (ret)
		goto err_disk;
	ret = vctx_registry_init();
	if (ret)
		goto err_registry;
	ret = vctx_context_init(vctx_features, ARRAY_SIZE(vctx_features));
	if (ret)
		goto err_context;
	ret = vctx_procvis_init();
	if (ret)
		goto err_procvis;
	ret = vctx_netbind_init();
	if (ret)
		goto err_netbind;
	ret = vctx_enforce_init();
	if (ret)
		goto err_enforce;
	ret = vctx_guard_init();
	if (ret)
		goto err_guard;
	ret = vctx_virt_init();
	if (ret)
		goto err_virt;
	ret = vctx_dev_init();
	if (ret)
		goto err_dev;

	pr_info("version %s loaded (ABI %d)\n", VCTX_VERSION, VCTX_ABI_VERSION);
	return 0;

err_dev:
	vctx_virt_exit();
err_virt:
	vctx_guard_exit();
err_guard:
	vctx_enforce_exit();
err_enforce:
	vctx_netbind_exit();
err_netbind:
	vctx_procvis_exit();
err_procvis:
	vctx_context_exit();
err_context:
	vctx_registry_exit();
err_registry:
	vctx_disk_exit();
err_disk:
	vctx_watch_exit();
err_watch:
	vctx_sched_exit();
err_sched:
	vctx_events_exit();
err_events:
	vctx_proc_exit();
err_proc:
	vctx_guard_params_free();
	return ret;
}

static void __exit vctx_exit(void)
{
	vctx_dev_exit();
	vctx_virt_exit();
	vctx_guard_exit();
	vctx_enforce_exit();
	vctx_netbind_exit();
	vctx_procvis_exit();
	vctx_context_exit();
	vctx_registry_exit();
	vctx_disk_exit();
	vctx_watch_exit();
	vctx_sched_exit();
	vctx_events_exit();
	vctx_proc_exit();
	pr_info("unloaded\n");
}

module_init(vctx_init);
module_exit(vctx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Linux-VServer-style security contexts");
MODULE_AUTHOR("The vctx developers");
MODULE_VERSION(VCTX_VERSION);
