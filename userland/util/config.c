// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"

const struct config_key config_keys[] = {
	{ "XID", CK_OPTION, "--xid", "static xid, 2..49151 (default: a dynamic one)" },
	{ "ROOT", CK_OWN, "--root",
	  "the guest's root directory, or 'host' (default: /var/lib/vctx/NAME/rootfs)" },
	{ "HOSTNAME", CK_OPTION, "--hostname", "its hostname (default: NAME)" },
	{ "INIT", CK_OWN, "--init",
	  "its pid 1, split on blanks, or 'builtin' (default: /sbin/init)" },
	{ "NET", CK_OPTION, "--net", "none, shared or private (default: none, shared with IP)" },
	{ "LINK", CK_OPTION, "--link",
	  "with NET=private: veth, or ipvlan[-l3|-l2][@DEV] (default: veth)" },
	{ "IP", CK_LIST, "--ip", "its addresses, ADDR[/PREFIX][@DEV] separated by blanks" },
	{ "HOST_LOOPBACK", CK_FLAG, "--host-loopback", "yes: it may reach the host's loopback" },
	{ "CAP_KEEP", CK_OPTION, "--cap-keep", "capabilities added to the bounding set" },
	{ "CAP_DROP", CK_OPTION, "--cap-drop", "capabilities removed from it" },
	{ "CPU", CK_OPTION, "--cpu", "CPU token bucket: R/T, P% or off" },
	{ "CPU_BUCKET", CK_OPTION, "--cpu-bucket", "bucket size in ms (500)" },
	{ "CPU_MIN", CK_OPTION, "--cpu-min", "tokens that end a hold (50)" },
	{ "CPU_MODE", CK_OPTION, "--cpu-mode", "hard or prio" },
	{ "CPU_IDLE", CK_OPTION, "--cpu-idle", "R2/T2 tokens of idle host time, or off" },
	{ "MEMORY", CK_OPTION, "--memory", "memory limit: SIZE or max" },
	{ "SWAP", CK_OPTION, "--swap", "swap limit: SIZE or max" },
	{ "PIDS", CK_OPTION, "--pids", "most tasks at once: N or max" },
	{ "IO_WEIGHT", CK_OPTION, "--io-weight", "I/O weight, 1..10000" },
	{ "CPUSET", CK_OPTION, "--cpuset", "CPUs it may run on, e.g. 0-3,6" },
	{ "SOCKET_FAMILIES", CK_OPTION, "--socket-families",
	  "socket families it may use: default, a list, or +name/-name changes" },
	{ "VIRT", CK_OPTION, "--virt",
	  "what /proc and sysinfo show as its own: all, none or mem,swap,uptime,load,cpu" },
	{ "DISK", CK_OPTION, "--disk", "disk space of its root (project quota): SIZE or max" },
	{ "INODES", CK_OPTION, "--inodes", "most files on its root: N or max" },
	{ "PROC_HIDE", CK_OWN, NULL, "/proc entries hidden from it, separated by blanks" },
	{ "PROC_UNHIDE", CK_OWN, NULL, "/proc entries shown to it, separated by blanks" },
	{ "STOP_SIGNAL", CK_OWN, NULL, "the signal that asks its init to shut down (SIGPWR)" },
	{ "STOP_TIMEOUT", CK_OWN, NULL, "seconds stop waits before killing (30)" },
	{ "AUTOSTART", CK_OWN, NULL, "yes: vctx-autostart.service starts it at boot" },
};

const unsigned int config_nr_keys = sizeof(config_keys) / sizeof(config_keys[0]);

_Static_assert(sizeof(config_keys) / sizeof(config_keys[0]) <=
	       sizeof(((struct config *)0)->value_line) / sizeof(int),
	       "struct config has a line index for every key");

static int key_index_in(const struct config_key *keys, unsigned int nr, const char *key);

int config_key_index(const char *key)
{
	return key_index_in(config_keys, config_nr_keys, key);
}

const char *config_dir(void)
{
	const char *dir = getenv("VCTX_CONFIG_DIR");

	return dir && *dir ? dir : CONFIG_DIR;
}

void config_path_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, "%s/%s.conf", config_dir(), name);
}

void config_init(struct config *c)
{
	unsigned int i;

	c->nr_lines = 0;
	c->path[0] = '\0';
	for (i = 0; i < sizeof(c->value_line) / sizeof(c->value_line[0]); i++)
		c->value_line[i] = -1;
}

void config_free(struct config *c)
{
	unsigned int i;

	for (i = 0; i < c->nr_lines; i++)
		free(c->lines[i]);
	c->nr_lines = 0;
}

static int parse_error(const char *path, unsigned int line, const char *why, const char *text)
{
	fprintf(stderr, "vctx: %s:%u: %s%s%s%s\n", path, line, why, text ? " '" : "",
		text ? text : "", text ? "'" : "");
	return -1;
}

/* The KEY of "KEY=value" (blanks around allowed) into @key; its value's start. */
static const char *split_line(const char *line, char *key, size_t len)
{
	const char *p = line, *eq;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	eq = strchr(p, '=');
	if (!eq)
		return NULL;
	n = (size_t)(eq - p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n || n >= len)
		return NULL;
	memcpy(key, p, n);
	key[n] = '\0';
	return eq + 1;
}

/* A value with blanks trimmed and one pair of double quotes removed. */
static bool unquote(const char *v, char *buf, size_t len)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n && *v == '"') {
		if (n < 2 || v[n - 1] != '"')
			return false;
		v++;
		n -= 2;
	}
	if (n >= len || memchr(v, '"', n))
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return true;
}

static bool is_blank_or_comment(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return !*line || *line == '#';
}

int config_parse(FILE *f, const char *path, struct config *c)
{
	return config_parse_keys(f, path, c, config_keys, config_nr_keys,
				 "see 'vctx config --keys' or vctx.conf(5)");
}

static int key_index_in(const struct config_key *keys, unsigned int nr, const char *key)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(keys[i].key, key))
			return (int)i;
	return -1;
}

int config_parse_keys(FILE *f, const char *path, struct config *c, const struct config_key *keys,
		      unsigned int nr_keys, const char *hint)
{
	char unknown[128];
	char buf[CONFIG_LINE_MAX + 2], key[32], value[CONFIG_LINE_MAX];
	const char *v;
	unsigned int lineno = 0;
	size_t n;
	int k;

	config_init(c);
	snprintf(c->path, sizeof(c->path), "%s", path);
	while (fgets(buf, sizeof(buf), f)) {
		lineno++;
		n = strlen(buf);
		if (n && buf[n - 1] == '\n')
			buf[--n] = '\0';
		else if (!feof(f))
			goto err_long;
		if (c->nr_lines == CONFIG_LINES_MAX) {
			parse_error(path, lineno, "too many lines (at most 512)", NULL);
			goto err;
		}
		if (!is_blank_or_comment(buf)) {
			v = split_line(buf, key, sizeof(key));
			if (!v) {
				parse_error(path, lineno, "not KEY=value:", buf);
				goto err;
			}
			k = key_index_in(keys, nr_keys, key);
			if (k < 0) {
				snprintf(unknown, sizeof(unknown), "unknown key (%s):", hint);
				parse_error(path, lineno, unknown, key);
				goto err;
			}
			if (c->value_line[k] >= 0) {
				fprintf(stderr, "vctx: %s:%u: %s is already set on line %d; keep one\n",
					path, lineno, key, c->value_line[k] + 1);
				goto err;
			}
			if (!unquote(v, value, sizeof(value))) {
				parse_error(path, lineno,
					    "bad quoting: a value is plain or in one pair of double quotes, without others:",
					    buf);
				goto err;
			}
			c->value_line[k] = (int)c->nr_lines;
		}
		c->lines[c->nr_lines] = strdup(buf);
		if (!c->lines[c->nr_lines]) {
			parse_error(path, lineno, "out of memory", NULL);
			goto err;
		}
		c->nr_lines++;
	}
	if (ferror(f)) {
		fprintf(stderr, "vctx: cannot read %s: %s\n", path, strerror(errno));
		goto err;
	}
	return 0;

err_long:
	parse_error(path, lineno, "line too long (at most 1024 characters)", NULL);
err:
	config_free(c);
	return -1;
}

bool config_get(const struct config *c, int k, char *buf, size_t len)
{
	char key[32];
	const char *v;

	if (k < 0 || c->value_line[k] < 0)
		return false;
	v = split_line(c->lines[c->value_line[k]], key, sizeof(key));
	return v && unquote(v, buf, len);
}

int config_set(struct config *c, int k, const char *value)
{
	unsigned int i, at;
	char *line = NULL;
	bool blank;

	if (value) {
		if (strchr(value, '\n') || strchr(value, '"'))
			return -EINVAL;
		if (strlen(value) >= CONFIG_LINE_MAX - 40)
			return -E2BIG;
		blank = strpbrk(value, " \t#") || !*value;
		if (asprintf(&line, blank ? "%s=\"%s\"" : "%s=%s", config_keys[k].key, value) < 0)
			return -ENOMEM;
	}
	if (c->value_line[k] >= 0) {
		at = (unsigned int)c->value_line[k];
		free(c->lines[at]);
		if (line) {
			c->lines[at] = line;
			return 0;
		}
		/* Removed: the lines after it move up. */
		for (i = at; i + 1 < c->nr_lines; i++)
			c->lines[i] = c->lines[i + 1];
		c->nr_lines--;
		c->value_line[k] = -1;
		for (i = 0; i < config_nr_keys; i++)
			if (c->value_line[i] > (int)at)
				c->value_line[i]--;
		return 0;
	}
	if (!line)
		return 0;
	if (c->nr_lines == CONFIG_LINES_MAX) {
		free(line);
		return -E2BIG;
	}
	c->value_line[k] = (int)c->nr_lines;
	c->lines[c->nr_lines++] = line;
	return 0;
}

int config_write(const struct config *c, FILE *f)
{
	unsigned int i;

	for (i = 0; i < c->nr_lines; i++)
		if (fprintf(f, "%s\n", c->lines[i]) < 0)
			return -errno;
	return fflush(f) ? -errno : 0;
}
