// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/units.h"

/* Digits only (strtoull would take signs, blanks and hex). */
static bool parse_digits(const char *s, const char **end, uint64_t *value)
{
	uint64_t v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*end = p;
	*value = v;
	return true;
}

bool parse_size(const char *s, bool allow_max, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	const char *p, *u;
	uint64_t v, mul = 1;

	if (allow_max && !strcmp(s, "max")) {
		*bytes = UNITS_MAX;
		return true;
	}
	if (!parse_digits(s, &p, &v))
		return false;
	if (*p && (u = strchr(units, toupper((unsigned char)*p)))) {
		mul = UINT64_C(1) << (10 * (u - units + 1));
		p++;
		if (*p == 'i' && toupper((unsigned char)p[1]) == 'B')
			p++;
	}
	if (toupper((unsigned char)*p) == 'B')
		p++;
	if (*p || v > (UINT64_C(1) << 63) / mul)
		return false;
	*bytes = v * mul;
	return true;
}

bool parse_size_share(const char *s, bool allow_max, uint64_t total, uint64_t page,
		      uint64_t *bytes)
{
	const char *p;
	uint64_t pct, v;

	if (!*s || s[strlen(s) - 1] != '%')
		return parse_size(s, allow_max, bytes);
	if (!parse_digits(s, &p, &pct) || *p != '%' || p[1] || !pct || pct > 100 || !page)
		return false;
	/* total / 100 * pct would lose up to 99 bytes; this cannot overflow. */
	v = total / 100 * pct + total % 100 * pct / 100;
	*bytes = v / page * page;
	return *bytes != 0;
}

bool parse_count(const char *s, uint64_t min, uint64_t max, bool allow_max, uint64_t *value)
{
	const char *end;
	uint64_t v;

	if (allow_max && !strcmp(s, "max")) {
		*value = UNITS_MAX;
		return true;
	}
	if (!parse_digits(s, &end, &v) || *end || v < min || v > max)
		return false;
	*value = v;
	return true;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

bool parse_rate(const char *s, uint32_t max, uint32_t *rate, uint32_t *interval)
{
	const char *p;
	uint64_t r, t, g;

	if (!parse_digits(s, &p, &r))
		return false;
	if (*p == '%' && !p[1]) {
		t = 100;
	} else if (*p == '/') {
		if (!parse_digits(p + 1, &p, &t) || *p)
			return false;
	} else {
		return false;
	}
	if (!r || !t)
		return false;
	if (s[strspn(s, "0123456789")] == '%') {
		g = gcd(r, t);
		r /= g;
		t /= g;
	}
	if (r > max || t > max)
		return false;
	*rate = (uint32_t)r;
	*interval = (uint32_t)t;
	return true;
}

bool parse_cpu_list(const char *s)
{
	const char *p = s;
	uint64_t lo, hi;
	int64_t last = -1;

	for (;;) {
		if (!parse_digits(p, &p, &lo))
			return false;
		hi = lo;
		if (*p == '-' && !parse_digits(p + 1, &p, &hi))
			return false;
		if (hi < lo || hi >= 4096 || (int64_t)lo <= last)
			return false;
		last = (int64_t)hi;
		if (!*p)
			return true;
		if (*p++ != ',')
			return false;
	}
}

void format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int i;

	for (i = 3; i >= 0; i--) {
		uint64_t unit = UINT64_C(1) << (10 * (i + 1));

		if (bytes >= unit && bytes % unit == 0) {
			snprintf(buf, len, "%" PRIu64 "%c", bytes / unit, units[i]);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64, bytes);
}
