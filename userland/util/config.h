/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's configuration file, /etc/vctx/NAME.conf: KEY=value lines,
 * comments (#) and blank lines, kept as written when a value is edited.
 * This is the file format alone; guestconf.h turns a file into a context.
 */
#ifndef VCTX_UTIL_CONFIG_H
#define VCTX_UTIL_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#define CONFIG_DIR	"/etc/vctx"
#define CONFIG_LINES_MAX 512
#define CONFIG_LINE_MAX	1024

/* What kind of value a key holds. */
enum config_kind {
	CK_OPTION,	/* the value of a vctx create option */
	CK_LIST,	/* blank-separated words, each the value of the option */
	CK_FLAG,	/* yes or no: whether the option is given */
	CK_OWN,		/* checked by guestconf.c itself */
};

struct config_key {
	const char *key;
	enum config_kind kind;
	const char *option;	/* the create option it stands for, or NULL */
	const char *help;	/* one line, for vctx config --keys */
};

extern const struct config_key config_keys[];
extern const unsigned int config_nr_keys;

/* The key named @key (exact, upper case), or -1. */
int config_key_index(const char *key);

/**
 * struct config - one configuration file in memory
 * @lines: every line as read, without its newline
 * @nr_lines: how many
 * @value_line: for each key of config_keys, the line that sets it, or -1
 * @path: the file it was read from ("" when none), for errors
 */
struct config {
	char *lines[CONFIG_LINES_MAX];
	unsigned int nr_lines;
	int value_line[64];
	char path[PATH_MAX];
};

/*
 * Read @f (named @path in errors) into @c. Every line must be blank, a
 * comment or KEY=value with a known KEY given once; a value may be written
 * in double quotes. Return: 0, or -1 after printing "PATH:LINE: why".
 */
int config_parse(FILE *f, const char *path, struct config *c);

/*
 * The same for a file of other keys (@keys, @nr_keys of them, at most 64);
 * @hint says where they are listed. @c's value_line is indexed by @keys.
 */
int config_parse_keys(FILE *f, const char *path, struct config *c, const struct config_key *keys,
		      unsigned int nr_keys, const char *hint);

/* Start an empty @c. */
void config_init(struct config *c);

/* Free what @c holds. */
void config_free(struct config *c);

/*
 * The value of key @k into @buf (quotes removed). Return: false when the
 * file does not set it.
 */
bool config_get(const struct config *c, int k, char *buf, size_t len);

/*
 * Set key @k to @value (replacing its line in place, or appended), or
 * remove it when @value is NULL. Return: 0 or -ENOMEM/-E2BIG/-EINVAL (a
 * value with a newline or a double quote).
 */
int config_set(struct config *c, int k, const char *value);

/* Write @c to @f, one line each. Return: 0 or -errno. */
int config_write(const struct config *c, FILE *f);

/*
 * The directory of configuration files: $VCTX_CONFIG_DIR when set (tests,
 * other layouts), else /etc/vctx.
 */
const char *config_dir(void);

/* @dir/NAME.conf into @path. */
void config_path_of(const char *name, char path[PATH_MAX]);

#endif /* VCTX_UTIL_CONFIG_H */
