/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a step of building a context, in a child, reports its failure to
 * the parent that prints it.
 */
#ifndef VCTX_RUNTIME_SPAWN_ERROR_H
#define VCTX_RUNTIME_SPAWN_ERROR_H


/* Where a failure in a child is reported to its parent. */
struct spawn_error {
	int err;			/* errno, 0 if none */
	int exit_code;			/* 125, 126 or 127 */
	char msg[400];
};

#endif /* VCTX_RUNTIME_SPAWN_ERROR_H */
