/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsing the values admins type: sizes, rates, counts, CPU lists. Pure
 * functions, tested on the host.
 */
#ifndef VCTX_UTIL_UNITS_H
#define VCTX_UTIL_UNITS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* An unlimited value ("max") where a limit may be lifted. */
#define UNITS_MAX UINT64_MAX

/*
 * "512M", "2G", "1048576", "64k" (K, M, G, T: powers of 1024; an optional
 * trailing B or iB), or "max" when @allow_max. Return: false when malformed
 * or out of range (over 2^63).
 */
bool parse_size(const char *s, bool allow_max, uint64_t *bytes);

/*
 * A memory size: what parse_size() takes, or "P%" (P from 1 to 100) of
 * @total bytes, rounded down to whole pages of @page bytes (the kernel
 * keeps memory limits in pages).
 */
bool parse_size_share(const char *s, bool allow_max, uint64_t total, uint64_t page,
		      uint64_t *bytes);

/* A decimal count in [@min, @max], or "max" when @allow_max. */
bool parse_count(const char *s, uint64_t min, uint64_t max, bool allow_max, uint64_t *value);

/*
 * A CPU rate: "R/T" (R tokens every T ms) or "P%" (P percent of one CPU,
 * reduced: 25% is 1/4, 150% is 3/2). R and T must lie in 1..@max.
 */
bool parse_rate(const char *s, uint32_t max, uint32_t *rate, uint32_t *interval);

/* A cpuset list, "0-3,6,8-9": ascending numbers below 4096, no overlaps. */
bool parse_cpu_list(const char *s);

/* Bytes as the shortest exact "512M"-style text (or plain bytes). */
void format_size(uint64_t bytes, char *buf, size_t len);

#endif /* VCTX_UTIL_UNITS_H */
