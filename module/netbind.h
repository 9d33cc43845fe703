/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP binding: the socket hooks (netbind.c) that keep a context with an
 * address set (netset.h) to its addresses.
 */
#ifndef _VCTX_NETBIND_H
#define _VCTX_NETBIND_H

int vctx_netbind_init(void);
void vctx_netbind_exit(void);

#endif /* _VCTX_NETBIND_H */
