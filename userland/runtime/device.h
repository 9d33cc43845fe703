/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening /dev/vctx for a command, with the fix for each failure printed.
 */
#ifndef VCTX_RUNTIME_DEVICE_H
#define VCTX_RUNTIME_DEVICE_H

#include "lib/libvctx.h"


/*
 * Open /dev/vctx. On failure print what went wrong and how to fix it (module
 * not loaded, node missing, not root) and return a negative errno.
 */
int device_open(void);

/*
 * Open /dev/vctx for the context commands: also checks that the module
 * has the context registry. Prints what is wrong and returns -errno.
 */
int device_open_contexts(void);

/* The same, for a module that has every feature of @features (@what names them). */
int device_open_with(__u64 features, const char *what);

#endif /* VCTX_RUNTIME_DEVICE_H */
