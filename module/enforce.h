/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The isolation hooks between contexts: signals, ptrace, priorities, file
 * owners, /proc of other contexts, rlimits, kexec (enforce.c).
 */
#ifndef _VCTX_ENFORCE_H
#define _VCTX_ENFORCE_H

int vctx_enforce_init(void);
void vctx_enforce_exit(void);

#endif /* _VCTX_ENFORCE_H */
