/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A process title for long-lived helpers (a context's built-in init), so
 * ps shows what they are rather than the vctx command that forked them.
 */
#ifndef VCTX_UTIL_PROCTITLE_H
#define VCTX_UTIL_PROCTITLE_H

/* Remember where main()'s arguments live; call first thing in main(). */
void proctitle_init(int argc, char **argv);

/*
 * Rewrite the command line (/proc/self/cmdline) and the thread name to
 * @title, cut to the space the arguments had. Pointers into the old
 * arguments then see @title: call it only once they are no longer needed.
 */
void proctitle_set(const char *title);

#endif /* VCTX_UTIL_PROCTITLE_H */
