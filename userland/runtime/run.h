/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vctx run's context: registered for one command, gone when it exits.
 */
#ifndef VCTX_RUNTIME_RUN_H
#define VCTX_RUNTIME_RUN_H

#include "runtime/spec.h"

/*
 * Register @spec, run @argv in it as pid 2 under the built-in init (on a
 * pty of its own when vctx runs on a terminal, signals passed on), then
 * tear it down. Errors are printed. Return: the command's exit status, or
 * 125/126/127.
 */
int context_run(struct ctx_spec *spec, char **argv);

#endif /* VCTX_RUNTIME_RUN_H */
