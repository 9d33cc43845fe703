// SPDX-License-Identifier: GPL-2.0
/*
 * Events: the generic netlink family "vctx" and its multicast group.
 *
 * Events are raised from every kind of context: ioctls, hook callbacks
 * with preemption off and arbitrary locks held, the limiter's work. Raising
 * one only copies it into a bounded ring under a raw spinlock and raises an
 * irq_work (safe anywhere); a work item then builds and multicasts the
 * messages in process context. When the ring is full the event is dropped
 * but its sequence number is used up, so every listener sees the gap; a
 * listener whose socket is full loses messages the same way. Nothing ever
 * waits for a listener, and with none the whole path is one test.
 */
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "events.h"
#include "registry.h"

/**
 * struct vctx_event - one event waiting to be sent
 * @seq: its sequence number
 * @time: CLOCK_REALTIME when raised, ns
 * @type: VCTX_EVENT_*
 * @xid: the context (DENIED: the actor's)
 * @pid: init or actor, in the initial pid namespace; 0: none
 * @rule: DENIED: VCTX_DENY_*
 * @signal: DENIED signals: the signal
 * @target_xid: DENIED: the target's context
 * @target_pid: DENIED: the target
 * @disk_resource: DISK: VCTX_DISK_BLOCKS or VCTX_DISK_INODES
 * @disk_level: DISK: 0, 90 or 100
 * @disk_usage: DISK: bytes or inodes in use
 * @disk_limit: DISK: the hard limit
 * @name: the context's name
 * @target_name: the target context's name
 */
struct vctx_event {
	u64 seq;
	u64 time;
	u32 type;
	u32 xid;
	s32 pid;
	u32 rule;
	u32 signal;
	u32 target_xid;
	s32 target_pid;
	u32 disk_resource;
	u32 disk_level;
	u64 disk_usage;
	u64 disk_limit;
	char name[VCTX_NAME_LEN];
	char target_name[VCTX_NAME_LEN];
};

static const struct genl_multicast_group vctx_mcgrps[] = {
	{ .name = VCTX_GENL_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

static struct genl_family vctx_genl_family __ro_after_init = {
	.name = VCTX_GENL_NAME,
	.version = VCTX_GENL_VERSION,
	.maxattr = VCTX_A_MAX,
	.module = THIS_MODULE,
	.mcgrps = vctx_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vctx_mcgrps),
};

static DEFINE_RAW_SPINLOCK(vctx_events_lock);
static struct vctx_event *vctx_ring;
static unsigned int vctx_ring_head, vctx_ring_len;
static u64 vctx_events_seq;

static void vctx_events_send_all(struct work_struct *work);
static DECLARE_WORK(vctx_events_work, vctx_events_send_all);

static void vctx_events_kick(struct irq_work *work)
{
	queue_work(system_unbound_wq, &vctx_events_work);
}

static struct irq_work vctx_events_irq_work;

static bool vctx_events_listened(void)
{
	return genl_has_listeners(&vctx_genl_family, &init_net, 0);
}

/*
 * Queue @ev; it takes the next number even when the ring is full and it is
 * dropped, which is how every listener learns of the loss.
 */
static void vctx_event_queue(struct vctx_event *ev)
{
	unsigned long flags;

	ev->time = ktime_get_real_ns();
	raw_spin_lock_irqsave(&vctx_events_lock, flags);
	ev->seq = ++vctx_events_seq;
	if (vctx_ring_len < VCTX_EVENT_QUEUE_LEN) {
		vctx_ring[(vctx_ring_head + vctx_ring_len) % VCTX_EVENT_QUEUE_LEN] = *ev;
		vctx_ring_len++;
	}
	raw_spin_unlock_irqrestore(&vctx_events_lock, flags);
	irq_work_queue(&vctx_events_irq_work);
}

/**
 * vctx_event_ctx() - raise an event about a context
 * @type: VCTX_EVENT_* other than DENIED
 * @ctx: the context
 * @pid: its init for STARTED and STOPPED, else NULL
 *
 * Context: any.
 */
void vctx_event_ctx(u32 type, const struct vctx_context *ctx, struct pid *pid)
{
	struct vctx_event ev = {
		.type = type,
		.xid = ctx->xid,
		.pid = pid ? pid_nr(pid) : 0,
	};

	if (!vctx_events_listened())
		return;
	memcpy(ev.name, ctx->name, sizeof(ev.name));
	vctx_event_queue(&ev);
}

/**
 * vctx_event_denied() - raise an event about a refused operation
 * @rule: VCTX_DENY_*
 * @actor: the task refused
 * @target: the task it would have acted on
 * @signal: the signal, for VCTX_DENY_SIGNAL
 *
 * Context: any, under RCU or not.
 */
void vctx_event_denied(u32 rule, struct task_struct *actor, struct task_struct *target,
		       int signal)
{
	struct vctx_event ev = { .type = VCTX_EVENT_DENIED, .rule = rule, .signal = signal };
	struct vctx_context *ctx;

	if (!vctx_events_listened())
		return;
	rcu_read_lock();
	ctx = vctx_task_context_rcu(actor);
	ev.xid = ctx->xid;
	memcpy(ev.name, ctx->name, sizeof(ev.name));
	ev.pid = task_pid_nr(actor);
	ctx = vctx_task_context_rcu(target);
	ev.target_xid = ctx->xid;
	memcpy(ev.target_name, ctx->name, sizeof(ev.target_name));
	ev.target_pid = task_pid_nr(target);
	rcu_read_unlock();
	vctx_event_queue(&ev);
}

/**
 * vctx_event_disk() - raise a DISK event: a project quota's level changed
 * @ctx: the context whose watch it is
 * @resource: VCTX_DISK_BLOCKS or VCTX_DISK_INODES
 * @level: the new level: 0, 90 or 100
 * @usage: bytes or inodes in use
 * @limit: the hard limit, same unit
 *
 * Context: any.
 */
void vctx_event_disk(const struct vctx_context *ctx, u32 resource, u32 level, u64 usage,
		     u64 limit)
{
	struct vctx_event ev = {
		.type = VCTX_EVENT_DISK,
		.xid = ctx->xid,
		.disk_resource = resource,
		.disk_level = level,
		.disk_usage = usage,
		.disk_limit = limit,
	};

	if (!vctx_events_listened())
		return;
	memcpy(ev.name, ctx->name, sizeof(ev.name));
	vctx_event_queue(&ev);
}

static int vctx_event_fill(struct sk_buff *skb, const struct vctx_event *ev)
{
	void *hdr = genlmsg_put(skb, 0, 0, &vctx_genl_family, 0, VCTX_CMD_EVENT);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, VCTX_A_SEQ, ev->seq, VCTX_A_PAD) ||
	    nla_put_u64_64bit(skb, VCTX_A_TIME, ev->time, VCTX_A_PAD) ||
	    nla_put_u32(skb, VCTX_A_EVENT, ev->type) ||
	    nla_put_u32(skb, VCTX_A_XID, ev->xid) ||
	    nla_put_string(skb, VCTX_A_NAME, ev->name) ||
	    (ev->pid && nla_put_u32(skb, VCTX_A_PID, ev->pid)))
		goto err;
	if (ev->type == VCTX_EVENT_DENIED &&
	    (nla_put_u32(skb, VCTX_A_RULE, ev->rule) ||
	     (ev->rule == VCTX_DENY_SIGNAL && nla_put_u32(skb, VCTX_A_SIGNAL, ev->signal)) ||
	     nla_put_u32(skb, VCTX_A_TARGET_XID, ev->target_xid) ||
	     nla_put_string(skb, VCTX_A_TARGET_NAME, ev->target_name) ||
	     nla_put_u32(skb, VCTX_A_TARGET_PID, ev->target_pid)))
		goto err;
	if (ev->type == VCTX_EVENT_DISK &&
	    (nla_put_u32(skb, VCTX_A_DISK_RESOURCE, ev->disk_resource) ||
	     nla_put_u32(skb, VCTX_A_DISK_LEVEL, ev->disk_level) ||
	     nla_put_u64_64bit(skb, VCTX_A_DISK_USAGE, ev->disk_usage, VCTX_A_PAD) ||
	     nla_put_u64_64bit(skb, VCTX_A_DISK_LIMIT, ev->disk_limit, VCTX_A_PAD)))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static void vctx_event_send(const struct vctx_event *ev)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!skb)
		return;
	if (vctx_event_fill(skb, ev)) {
		nlmsg_free(skb);
		return;
	}
	/* Listeners that are full drop it (and see the gap); none: -ESRCH. */
	genlmsg_multicast(&vctx_genl_family, skb, 0, 0, GFP_KERNEL);
}

static void vctx_events_send_all(struct work_struct *work)
{
	struct vctx_event ev;
	unsigned long flags;

	for (;;) {
		raw_spin_lock_irqsave(&vctx_events_lock, flags);
		if (!vctx_ring_len) {
			raw_spin_unlock_irqrestore(&vctx_events_lock, flags);
			break;
		}
		ev = vctx_ring[vctx_ring_head];
		vctx_ring_head = (vctx_ring_head + 1) % VCTX_EVENT_QUEUE_LEN;
		vctx_ring_len--;
		raw_spin_unlock_irqrestore(&vctx_events_lock, flags);
		vctx_event_send(&ev);
		cond_resched();
	}
}

int vctx_events_init(void)
{
	int ret;

	vctx_ring = kvcalloc(VCTX_EVENT_QUEUE_LEN, sizeof(*vctx_ring), GFP_KERNEL);
	if (!vctx_ring)
		return -ENOMEM;
	init_irq_work(&vctx_events_irq_work, vctx_events_kick);
	ret = genl_register_family(&vctx_genl_family);
	if (ret) {
		pr_err("cannot register the generic netlink family %s: %d\n", VCTX_GENL_NAME, ret);
		kvfree(vctx_ring);
	}
	return ret;
}

/* Everything that raises events is gone already. */
void vctx_events_exit(void)
{
	irq_work_sync(&vctx_events_irq_work);
	cancel_work_sync(&vctx_events_work);
	genl_unregister_family(&vctx_genl_family);
	kvfree(vctx_ring);
}
