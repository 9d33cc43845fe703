/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The defaults every new context gets where its command line and its own
 * configuration say nothing: the global file DIR/vctx.conf (DIR is
 * config_dir(), /etc/vctx), over built-in values that are the same as the
 * installed file's. A missing file, or a key it leaves out, means the
 * built-in value, never "unlimited": a deleted file must not open the host
 * to a fork bomb. Parsing only (pure, tested on the host); spec_opts.c
 * applies them.
 */
#ifndef VCTX_RUNTIME_DEFAULTS_H
#define VCTX_RUNTIME_DEFAULTS_H

#include <limits.h>
#include <stdio.h>

#include "util/config.h"

#define DEFAULTS_FILE	"vctx.conf"

/* Built in: keep the same as userland/vctx.conf and the documentation. */
#define DEFAULT_PIDS	"1024"
#define DEFAULT_MEMORY	"50%"
#define DEFAULT_MASK \
	"/etc/shadow /etc/shadow- /etc/gshadow /etc/gshadow- /etc/security/opasswd " \
	"/etc/ssh/ssh_host_*_key /etc/ssl/private /etc/vctx /root /home /var/lib/vctx " \
	"/var/backups /var/log /var/mail /var/spool /var/tmp /run"

enum defaults_key { DEF_PIDS, DEF_MEMORY, DEF_MASK, DEF_NR };

/**
 * struct vctx_defaults - the defaults in force
 * @value: each key's value (PIDS and MEMORY as an option takes them, MASK
 *	   blank-separated absolute paths or globs, possibly none)
 * @from_file: whether the file set it (else it is built in)
 * @path: the file read, "" when there was none
 */
struct vctx_defaults {
	char value[DEF_NR][CONFIG_LINE_MAX];
	bool from_file[DEF_NR];
	char path[PATH_MAX];
};

/* The keys of the global file, for errors and documentation. */
extern const struct config_key defaults_keys[DEF_NR];

/* Fill @d with the built-in values alone. */
void defaults_builtin(struct vctx_defaults *d);

/*
 * The built-in values, then what @f (named @path) sets, each value checked.
 * Return: 0, or -1 after printing "PATH:LINE: why".
 */
int defaults_parse(FILE *f, const char *path, struct vctx_defaults *d);

/*
 * config_dir()/vctx.conf, or the built-in values when it does not exist.
 * Return: 0, or -1 after printing why.
 */
int defaults_load(struct vctx_defaults *d);

/*
 * Check one MASK entry: an absolute path (globs allowed) that names
 * something below /, without "." or ".." components. Return: NULL or why not.
 */
const char *defaults_mask_invalid(const char *entry);

#endif /* VCTX_RUNTIME_DEFAULTS_H */
