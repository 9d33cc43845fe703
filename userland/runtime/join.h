/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a command in a context that runs (vctx enter, vctx exec).
 */
#ifndef VCTX_RUNTIME_JOIN_H
#define VCTX_RUNTIME_JOIN_H

#include <stdint.h>

struct vctx_info;

/*
 * Join the running context @info describes and run @argv there (a login
 * shell when NULL). @devfd is used to check that the init found is still
 * the context's, and closed. Return: the command's exit status (125 when
 * joining failed, with a message printed).
 */
int join_context(int devfd, const struct vctx_info *info, char **argv);

#endif /* VCTX_RUNTIME_JOIN_H */
