/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keyrings are kept per process, not per namespace: a task of a context
 * started by a host process would otherwise share that process's session
 * keyring (the admin's login keyring, or the host's) with the guest.
 */
#ifndef VCTX_RUNTIME_KEYRING_H
#define VCTX_RUNTIME_KEYRING_H

/*
 * Join a fresh anonymous session keyring, which the children started next
 * inherit. Call it in the host-side parent, before cloning a context's
 * task (a guest may be refused keyctl(2) altogether). A kernel without
 * keys is fine. Return: 0, or -errno.
 */
int keyring_join_fresh(void);

#endif /* VCTX_RUNTIME_KEYRING_H */
