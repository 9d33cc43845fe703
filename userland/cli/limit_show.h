/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Showing a context's limits (vctx limit NAME).
 */
#ifndef VCTX_CLI_LIMIT_SHOW_H
#define VCTX_CLI_LIMIT_SHOW_H

#include <stdbool.h>

#include "lib/libvctx.h"


/* Print the context's limits and bucket state (@json: one JSON object). */
int limits_show(int devfd, const struct vctx_info *info, const char *cg, bool json);

#endif /* VCTX_CLI_LIMIT_SHOW_H */
