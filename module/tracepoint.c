// SPDX-License-Identifier: GPL-2.0
/*
 * Probes on the kernel's tracepoints. Their register_trace_*() helpers need
 * symbols the kernel does not export, so tracepoints are found by name
 * among the kernel's own and registered through the generic, exported API.
 */
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "tracepoint.h"

static void vctx_tracepoint_match(struct tracepoint *tp, void *priv)
{
	struct vctx_tracepoint *t = priv;

	if (!strcmp(tp->name, t->name))
		t->tp = tp;
}

/**
 * vctx_tracepoint_find() - look a tracepoint of the kernel up by name
 * @t: @name set; @tp is filled in
 *
 * Return: 0, or -ENOENT (logged) when this kernel has no such tracepoint.
 */
int vctx_tracepoint_find(struct vctx_tracepoint *t)
{
	t->tp = NULL;
	for_each_kernel_tracepoint(vctx_tracepoint_match, t);
	if (t->tp)
		return 0;
	pr_err("no tracepoint %s in this kernel; not loading without it\n", t->name);
	return -ENOENT;
}

/**
 * vctx_tracepoint_attach() - start calling @probe at the tracepoint
 * @t: a tracepoint found by vctx_tracepoint_find()
 * @probe: the probe, whose prototype matches the tracepoint's plus a
 *	leading void *data
 *
 * Return: 0 or the error of tracepoint_probe_register().
 */
int vctx_tracepoint_attach(struct vctx_tracepoint *t, void *probe)
{
	int ret = tracepoint_probe_register(t->tp, probe, NULL);

	if (ret)
		pr_err("cannot attach to tracepoint %s: %d\n", t->name, ret);
	else
		t->probe = probe;
	return ret;
}

/**
 * vctx_tracepoint_detach() - stop calling the probe
 * @t: an attached tracepoint
 *
 * Returns once no call of the probe is running.
 */
void vctx_tracepoint_detach(struct vctx_tracepoint *t)
{
	if (!t->probe)
		return;
	tracepoint_probe_unregister(t->tp, t->probe, NULL);
	t->probe = NULL;
	tracepoint_synchronize_unregister();
}
