// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "runtime/defaults.h"
#include "util/config.h"
#include "util/units.h"

const struct config_key defaults_keys[DEF_NR] = {
	[DEF_PIDS] = { "PIDS", CK_OPTION, "--pids", "most tasks at once: N or max (1024)" },
	[DEF_MEMORY] = { "MEMORY", CK_OPTION, "--memory",
			 "memory limit: SIZE, P% of the host's memory, or max (50%)" },
	[DEF_MASK] = { "MASK", CK_LIST, NULL,
		       "paths hidden in the default root's view, globs allowed" },
};

static const char *const builtin[DEF_NR] = {
	[DEF_PIDS] = DEFAULT_PIDS,
	[DEF_MEMORY] = DEFAULT_MEMORY,
	[DEF_MASK] = DEFAULT_MASK,
};

void defaults_builtin(struct vctx_defaults *d)
{
	int k;

	memset(d, 0, sizeof(*d));
	for (k = 0; k < DEF_NR; k++)
		snprintf(d->value[k], sizeof(d->value[k]), "%s", builtin[k]);
}

const char *defaults_mask_invalid(const char *entry)
{
	const char *p;
	size_t n;

	if (entry[0] != '/')
		return "not an absolute path";
	if (!entry[1] || strspn(entry, "/") == strlen(entry))
		return "the root itself cannot be hidden";
	if (strlen(entry) >= 256)
		return "longer than 255 characters";
	for (p = entry; *p; p += n) {
		p += strspn(p, "/");
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return "'.' and '..' are not allowed in it";
	}
	return NULL;
}

/* Check @v for key @k. Return: NULL, or why it is wrong. */
static const char *check_value(int k, const char *v, char *word, size_t len)
{
	char copy[CONFIG_LINE_MAX], *tok, *save = NULL;
	const char *why;
	uint64_t n;

	word[0] = '\0';
	switch (k) {
	case DEF_PIDS:
		if (!parse_count(v, 1, UINT32_MAX, true, &n))
			return "give a number of tasks (at least 1) or max";
		return NULL;
	case DEF_MEMORY:
		/* Any host: only the form is checked; the share is taken at creation. */
		if (!parse_size_share(v, true, UINT64_C(1) << 50, 4096, &n))
			return "give a size like 512M or 2G, a share of the host's memory like 50% (1 to 100), or max";
		return NULL;
	case DEF_MASK:
		snprintf(copy, sizeof(copy), "%s", v);
		for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
			why = defaults_mask_invalid(tok);
			if (why) {
				snprintf(word, len, "%s", tok);
				return why;
			}
		}
		return NULL;
	}
	return "unknown key";
}

int defaults_parse(FILE *f, const char *path, struct vctx_defaults *d)
{
	char v[CONFIG_LINE_MAX], word[256];
	const char *why;
	struct config c;
	int k;

	defaults_builtin(d);
	if (config_parse_keys(f, path, &c, defaults_keys, DEF_NR,
			      "the global file takes PIDS, MEMORY and MASK; see vctx.conf(5)"))
		return -1;
	snprintf(d->path, sizeof(d->path), "%s", path);
	for (k = 0; k < DEF_NR; k++) {
		if (!config_get(&c, k, v, sizeof(v))) {
			if (c.value_line[k] < 0)
				continue;
			why = "the value is too long";
			word[0] = '\0';
		} else {
			why = check_value(k, v, word, sizeof(word));
		}
		if (why) {
			if (word[0])
				fprintf(stderr, "vctx: %s:%d: invalid %s entry '%s': %s; give absolute paths (globs allowed) separated by blanks, like /etc/shadow /root\n",
					path, c.value_line[k] + 1, defaults_keys[k].key, word, why);
			else
				fprintf(stderr, "vctx: %s:%d: invalid %s '%s': %s\n", path,
					c.value_line[k] + 1, defaults_keys[k].key, v, why);
			config_free(&c);
			return -1;
		}
		snprintf(d->value[k], sizeof(d->value[k]), "%s", v);
		d->from_file[k] = true;
	}
	config_free(&c);
	return 0;
}

int defaults_load(struct vctx_defaults *d)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", config_dir(), DEFAULTS_FILE);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT) {
			defaults_builtin(d);
			return 0;
		}
		fprintf(stderr, "vctx: cannot read the defaults %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = defaults_parse(f, path, d);
	fclose(f);
	return ret;
}
