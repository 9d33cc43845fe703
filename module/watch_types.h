/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lifecycle watch's state, embedded in every context (struct
 * vctx_context): layout only, the code that works on it is watch.c.
 */
#ifndef _VCTX_WATCH_TYPES_H
#define _VCTX_WATCH_TYPES_H

#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/**
 * struct vctx_watch - a context's cgroup.events, watched
 * @file: the open cgroup.events of the context's cgroup
 * @wqh: the wait queue @wait is on, or NULL
 * @wait: our entry on it, woken at every change of the file
 * @pt: the poll table that puts @wait on @wqh
 * @work: reads the new state in process context
 * @populated: the cgroup had tasks when last looked at (only @work and
 *	the final look at teardown touch it)
 */
struct vctx_watch {
	struct file *file;
	wait_queue_head_t *wqh;
	wait_queue_entry_t wait;
	poll_table pt;
	struct work_struct work;
	bool populated;
};

#endif /* _VCTX_WATCH_TYPES_H */
