/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a command in a context and waiting for it, the way a shell
 * would: environment, exec errors, exit codes, forwarded signals.
 */
#ifndef VCTX_RUNTIME_EXEC_H
#define VCTX_RUNTIME_EXEC_H

#include <signal.h>
#include <sys/types.h>

/* execvp() @argv; on failure report to stderr and _exit(126 or 127). */
void exec_or_die(char **argv) __attribute__((noreturn));

/* exec a login shell (bash, else sh); on failure _exit(127). */
void exec_login_shell(void) __attribute__((noreturn));

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

#endif /* VCTX_RUNTIME_EXEC_H */
