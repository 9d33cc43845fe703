/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signals by name, as a configuration writes them (STOP_SIGNAL=SIGPWR).
 */
#ifndef VCTX_UTIL_SIGNAME_H
#define VCTX_UTIL_SIGNAME_H

#include <stddef.h>

/* "PWR", "SIGPWR", "SIGRTMIN+3" or a number into a signal. Return: -1 if none. */
int signal_parse(const char *text);

/* The signal's name without SIG ("PWR", "RTMIN+3"), in @buf. */
const char *signal_name(int sig, char *buf, size_t len);

#endif /* VCTX_UTIL_SIGNAME_H */
