/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's supervisor: starts its init, restarts it on reboot, stops
 * it on request and tears the context down when it ends.
 */
#ifndef VCTX_RUNTIME_SUPERVISOR_H
#define VCTX_RUNTIME_SUPERVISOR_H

#include <stdint.h>
#include <sys/types.h>

#include "runtime/spawn_error.h"
#include "runtime/spec.h"

/*
 * Start @spec's init in the registered context @xid (cgroup @cgfd) and
 * report it to the module. Return: its pid, or -1 with @err filled.
 */
pid_t context_start_init(int devfd, const struct ctx_spec *spec, uint32_t xid, int cgfd,
			 struct spawn_error *err);

/*
 * Be the supervisor of context @xid whose init is @init (supervisor.c):
 * restart it on reboot, stop it on SIGTERM, tear it down when it ends.
 * Return: the exit code, 0.
 */
int supervise(const struct ctx_spec *spec, uint32_t xid, int cgfd, pid_t init);

/*
 * Hold the signals the supervisor waits for (a stop may come while the init
 * starts); the init does not inherit the mask.
 */
void supervisor_block_signals(void);

/* The background supervisor's stdio: /dev/null, errors to /run/vctx/<name>/log. */
void supervisor_log_to_state(const char *name);

/* What stop waits for beyond the timeout: the kill and the teardown. */
#define STOP_GRACE_S 20

/*
 * The supervisor of the running context @name, with a pidfd that proves
 * the recorded pid is still it. Return: the pidfd, its pid in *@pid; or -1
 * after printing why.
 */
int supervisor_find(const char *name, pid_t *pid);

/*
 * Ask the supervisor @pid (@pidfd, closed here) of context @name to stop
 * it within @timeout seconds (sigqueue() carries them), and wait for it to
 * exit. Return: 0, or -1 after printing why.
 */
int supervisor_stop(const char *name, int pidfd, pid_t pid, int timeout);

#endif /* VCTX_RUNTIME_SUPERVISOR_H */
