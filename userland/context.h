/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building, joining and tearing down a context: the pieces create, run,
 * enter/exec and destroy share.
 */
#ifndef VCTX_CONTEXT_H
#define VCTX_CONTEXT_H

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "limit_opts.h"
#include "netaddr.h"
#include "sockfam.h"

#define STATE_DIR "/run/vctx"

enum net_mode {
	NET_NONE,	/* a network namespace of its own, loopback only */
	NET_SHARED,	/* the host's network stack */
	NET_PRIVATE,	/* a namespace of its own with a veth pair to the host */
};

/* What a context is built from (the options of create and run). */
struct ctx_spec {
	char name[64];
	uint32_t xid;			/* 0: dynamic */
	const char *root;		/* NULL: a read-only view of the host's / */
	const char *hostname;		/* NULL: the name */
	char **init_argv;		/* NULL: the built-in reaper */
	enum net_mode net;
	uint64_t cap_bset;
	bool persistent;
	struct limit_opts limits;	/* applied before the init starts */
	struct netaddr ips[VCTX_NET_ADDRS_MAX];	/* --ip, in order */
	unsigned int nr_ips;
	bool host_loopback;
	int stop_signal;		/* what vctx stop sends the init */
	unsigned int stop_timeout;	/* seconds before the rest is killed */
	const char *proc_hide;		/* /proc entries, blank-separated, or NULL */
	const char *proc_unhide;
	/*
	 * Paths (globs) hidden in the default root's view, blank-separated:
	 * MASK of vctx.conf or its built-in list. NULL with --root.
	 */
	const char *masks;
	bool sockfam_given;		/* --socket-families: set @sockfam */
	struct sockfam_set sockfam;
};

#define STOP_SIGNAL_DEFAULT	SIGPWR
#define STOP_TIMEOUT_DEFAULT	30
#define STOP_TIMEOUT_MAX	3600

/* Where a failure in a child is reported to its parent. */
struct spawn_error {
	int err;			/* errno, 0 if none */
	int exit_code;			/* 125, 126 or 127 */
	char msg[400];
};

enum spawn_mode {
	SPAWN_DAEMON,	/* stdio to /dev/null, own session: vctx create */
	SPAWN_RUN,	/* stdio inherited, the reaper runs one command: vctx run */
};

/* vctx run's command, which the built-in init starts as pid 2. */
struct run_cmd {
	char **argv;
	int tty;		/* a pty slave for the fds of tty_mask, or -1 */
	unsigned int tty_mask;	/* bit N: fd N gets the pty (ptyproxy.h) */
};

/*
 * Start a context's init (pid 1 of new pid, mount, uts, ipc, cgroup, time
 * and, unless shared, net namespaces) inside the cgroup @cgroup_fd, with its
 * root, /proc, /sys, /dev, hostname and bounding set built. In SPAWN_RUN
 * mode the reaper starts @run as its child and exits with its status. The
 * init keeps none of the caller's descriptors (but @run's pty slave).
 *
 * Return: the init's pid, its pidfd in *@pidfd; or -1 with @err filled.
 */
pid_t spawn_context(const struct ctx_spec *spec, uint32_t xid, int cgroup_fd,
		    enum spawn_mode mode, const struct run_cmd *run, int *pidfd,
		    struct spawn_error *err);

/*
 * --net private: the veth pair of the context whose init is @pid (held
 * before it runs), configured on both ends. 0, or -1 with @err filled.
 */
int privnet_setup(const struct ctx_spec *spec, uint32_t xid, pid_t pid, struct spawn_error *err);

/* Inside the new namespaces: build the root and pivot into it. */
int rootfs_build(const struct ctx_spec *spec, uint32_t xid, struct spawn_error *err);

/* Drop every capability outside @bset from the bounding, ambient and own sets. */
int caps_limit(uint64_t bset, struct spawn_error *err);

/*
 * The built-in init. @run: the command to run and follow (vctx run), with
 * the caller's stdio or @run's pty; NULL: just reap (create). pid 1 itself
 * ends with the guest's /dev/null on 0, 1, 2.
 */
void reaper_run(const struct run_cmd *run, int ready_fd) __attribute__((noreturn));

/* execvp() @argv; on failure report to stderr and _exit(126 or 127). */
void exec_or_die(char **argv) __attribute__((noreturn));

/* exec a login shell (bash, else sh); on failure _exit(127). */
void exec_login_shell(void) __attribute__((noreturn));

/*
 * clone3() with @flags into the cgroup @cgroup_fd (-1: the caller's); the
 * child's pidfd in *@pidfd.
 */
pid_t clone3_into(uint64_t flags, int cgroup_fd, int *pidfd);

/* The environment every command started in a context gets. */
void context_environment(void);

/* A wait status as a shell reports it: the exit code, or 128 + signal. */
int exit_code_of(int status);

/* The signals vctx passes on to the command it waits for (SIGINT, SIGTERM, ...). */
void context_forwarded_signals(sigset_t *set);

/*
 * Wait for the child @pid (@pidfd), forwarding to it the signals vctx
 * gets, the terminal's included (the command has a session of its own).
 * Return: its exit status, or 128 + the signal that killed it.
 */
int wait_forwarding(pid_t pid, int pidfd);

struct vctx_info;

/*
 * Join the running context @info describes and run @argv there (a login
 * shell when NULL). @devfd is used to check that the init found is still
 * the context's, and closed. Return: the command's exit status (125 when
 * joining failed, with a message printed).
 */
int join_context(int devfd, const struct vctx_info *info, char **argv);

/*
 * Kill what is left of context @name, then (when @unregister) unregister
 * @xid and remove its cgroup and state directory. A persistent context that
 * stopped keeps its registration and cgroup. Already-gone pieces are fine.
 * Return: 0 or -errno with @why set.
 */
int context_teardown(int devfd, const char *name, uint32_t xid, bool unregister,
		     const char **why);

/*
 * The supervisor of a context records its pid in /run/vctx/<name>/supervisor
 * (removed with the state directory, or forgotten when a persistent context
 * stops). destroy takes supervisor_pidfd() before tearing down and
 * supervisor_wait()s (bounded) on it after, so a destroyed context leaves
 * no process of vctx behind.
 */
void supervisor_record(const char *name);
void supervisor_forget(const char *name);
int supervisor_pidfd(const char *name);
pid_t supervisor_pid(const char *name);
void supervisor_wait(int pidfd);

/*
 * Register context @spec and start its init with a supervisor. In the
 * background (create, start) return 0 once the init runs; in the
 * @foreground the caller is the supervisor and returns when the context
 * has stopped. @delegated: make its cgroup in the one systemd delegated to
 * the caller (cgroup_create_delegated()). @registered: the xid of a
 * persistent context that stopped, started again in its registration (0: a
 * new one). Errors are printed; the exit code.
 */
int context_launch(struct ctx_spec *spec, bool foreground, bool delegated, uint32_t registered);

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

/*
 * Apply @spec's limits to the context just registered as @xid, before any
 * task of it runs; its CPU limit is only checked here, and set by
 * context_apply_cpu_limit() once the init (or run's command) is started.
 * Return: 0, or -errno after printing why.
 */
int context_apply_limits(int devfd, const struct ctx_spec *spec, uint32_t xid, const char *cg);
int context_apply_cpu_limit(int devfd, const struct ctx_spec *spec, uint32_t xid);

/* /run/vctx/<name>, and removing it with its "root" staging directory. */
void state_dir_of(const char *name, char path[PATH_MAX]);
void state_dir_remove(const char *name);

/*
 * The context's --ip addresses: each put on its interface (checked free on
 * the host and in every other context), then the set handed to the module.
 * All or nothing; errors printed. Return: 0 or -1.
 */
int context_apply_net(int devfd, struct ctx_spec *spec, uint32_t xid);

/*
 * Put the addresses the module holds for @xid back on their interfaces (a
 * persistent context starts again). All or nothing; errors printed.
 * Return: 0 or -1.
 */
int context_restore_net(int devfd, uint32_t xid);

/* Take the context's addresses off their interfaces (it stops). */
void context_release_net(int devfd, uint32_t xid);

/* The set of @xid: up to VCTX_NET_ADDRS_MAX addresses. 0 or -errno. */
int context_net_read(int devfd, uint32_t xid, struct vctx_net_addr *addrs, unsigned int *nr,
		     uint32_t *flags);

/* Resolve @na's interface and add it there, for @xid. 0, or an error printed: EXIT_TOOL. */
int context_net_place(int devfd, uint32_t xid, struct netaddr *na);

/* Remove @a from the interface it was put on (nothing if none). */
void context_net_unplace(const struct vctx_net_addr *a);

struct json;

/* "addresses": [...] and "host_loopback" of @xid's set, in an open object. */
void context_net_json(struct json *j, int devfd, uint32_t xid);

/* @xid's addresses on one line ("-" when none), devices named. */
void context_net_print(FILE *out, int devfd, uint32_t xid);

/* Warn about host TCP services listening on every address. */
void context_net_warn_wildcards(void);

#endif /* VCTX_CONTEXT_H */
