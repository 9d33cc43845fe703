// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

const char *err_where;

static void vreport(int err, const char *fmt, va_list ap)
{
	fputs("vctx: ", stderr);
	if (err_where)
		fprintf(stderr, "%s: ", err_where);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	fputc('\n', stderr);
}

int err_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(0, fmt, ap);
	va_end(ap);
	return EXIT_TOOL;
}

int err_print_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(err, fmt, ap);
	va_end(ap);
	return EXIT_TOOL;
}
