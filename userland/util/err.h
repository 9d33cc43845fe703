/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How vctx reports a failure, whichever layer notices it (util-linux's
 * warnx()/warn() style): one line "vctx: [WHERE: ]MESSAGE[: strerror]" on
 * stderr, and the exit codes the tool ends with.
 */
#ifndef VCTX_UTIL_ERR_H
#define VCTX_UTIL_ERR_H

/* Container conventions (docker, podman, crun): the rest is the command's. */
enum {
	EXIT_TOOL = 125,	/* vctx itself failed */
	EXIT_CANNOT_EXEC = 126,	/* the command exists but cannot run */
	EXIT_NOT_FOUND = 127,	/* the command does not exist */
};

/*
 * When set, errors read "vctx: WHERE: MESSAGE": a configuration file's
 * line, or the default a value came from.
 */
extern const char *err_where;

/*
 * Print "vctx: MESSAGE" on stderr and return EXIT_TOOL; the _errno form
 * appends ": strerror(err)" (err is a positive or negative errno).
 */
int err_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_print_errno(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* VCTX_UTIL_ERR_H */
