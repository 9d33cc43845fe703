// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/guestconf.h"
#include "runtime/proc_change.h"
#include "runtime/spec.h"
#include "runtime/spec_opts.h"
#include "runtime/state.h"
#include "util/config.h"
#include "util/err.h"
#include "util/linkspec.h"
#include "util/signame.h"

void guestconf_state_path(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, STATE_DIR "/%s/options.conf", name);
}

void guest_root_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, GUEST_ROOT_BASE "/%s/rootfs", name);
}

bool guestconf_name_ok(const char *name)
{
	if (strcmp(name, GUEST_NAME_RESERVED))
		return true;
	err_print("a guest cannot be named '%s': %s/%s.conf holds the defaults of every context (vctx.conf(5)), not a guest's configuration; choose another name",
		  name, config_dir(), name);
	return false;
}

int guestconf_load(const char *name, struct config *c, bool must_exist)
{
	char path[PATH_MAX];

	if (!strcmp(name, GUEST_NAME_RESERVED)) {
		if (!must_exist)
			return -ENOENT;
		return guestconf_name_ok(name) ? -ENOENT : -1;
	}

	config_path_of(name, path);
	return guestconf_load_file(name, path, c, must_exist);
}

int guestconf_load_file(const char *name, const char *path, struct config *c, bool must_exist)
{
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		if (ret == -ENOENT && !must_exist)
			return ret;
		if (ret == -ENOENT)
			err_print("guest '%s' has no configuration %s: write one with 'vctx config %s KEY=VALUE', 'vctx build %s ...' or 'vctx create --save ... %s'",
				  name, path, name, name, name);
		else
			err_print_errno(ret, "cannot read %s", path);
		return ret == -ENOENT ? ret : -1;
	}
	ret = config_parse(f, path, c);
	fclose(f);
	return ret;
}

static bool yes_no(const char *v, bool *out)
{
	if (!strcmp(v, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "no")) {
		*out = false;
		return true;
	}
	return false;
}

/* Check a key that stands for no option. Return: 0, or -1 after printing why. */
static int check_own(const char *name, int k, const char *v)
{
	const char *key = config_keys[k].key;
	char path[VCTX_PROC_PATH_LEN], *copy, *tok, *save = NULL;
	unsigned long n;
	char *end;
	bool b;
	int ret = 0;

	(void)name;
	if (!strcmp(key, "ROOT")) {
		if (strcmp(v, "host") && v[0] != '/')
			return err_print("invalid ROOT '%s': give an absolute directory, or 'host' for a read-only view of the host's /",
					 v), -1;
	} else if (!strcmp(key, "INIT")) {
		if (!v[0] || strspn(v, " \t") == strlen(v))
			return err_print("invalid INIT '%s': give a command (like /sbin/init), or 'builtin' for vctx's own",
					 v), -1;
	} else if (!strcmp(key, "PROC_HIDE") || !strcmp(key, "PROC_UNHIDE")) {
		copy = strdup(v);
		if (!copy)
			return err_print("out of memory"), -1;
		for (tok = strtok_r(copy, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save))
			if (!proc_table_path(tok, path)) {
				err_print("invalid %s entry '%s': give entries of /proc (like kmsg or /proc/sys/kernel/core_pattern), separated by blanks",
					  key, tok);
				ret = -1;
			}
		free(copy);
	} else if (!strcmp(key, "STOP_SIGNAL")) {
		if (signal_parse(v) < 0)
			return err_print("invalid STOP_SIGNAL '%s': give a signal name like SIGPWR, SIGTERM or SIGRTMIN+3, or its number",
					 v), -1;
	} else if (!strcmp(key, "STOP_TIMEOUT")) {
		errno = 0;
		n = strtoul(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || errno || !n || n > STOP_TIMEOUT_MAX)
			return err_print("invalid STOP_TIMEOUT '%s': give whole seconds, 1 to %d",
					 v, STOP_TIMEOUT_MAX), -1;
	} else if (!strcmp(key, "AUTOSTART")) {
		if (!yes_no(v, &b))
			return err_print("invalid AUTOSTART '%s': use yes or no", v), -1;
	}
	return ret;
}

/* The CK_FLAG values of @c are yes or no. Return: 0, or -1 after printing why. */
static int check_flags(const struct config *c)
{
	char v[CONFIG_LINE_MAX];
	unsigned int k;
	bool b;

	for (k = 0; k < config_nr_keys; k++) {
		if (config_keys[k].kind != CK_FLAG || !config_get(c, (int)k, v, sizeof(v)))
			continue;
		if (!yes_no(v, &b)) {
			err_print("invalid %s '%s': use yes or no", config_keys[k].key, v);
			return -1;
		}
	}
	return 0;
}

/* Give key @ck's value @v to the setter of its option. Return: false after printing why. */
static bool set_key(struct spec_opts *o, const struct config_key *ck, const char *v)
{
	int opt = spec_opt_code(ck->option);
	char words[CONFIG_LINE_MAX], *tok, *save = NULL;
	bool b;

	switch (ck->kind) {
	case CK_OPTION:
		return spec_opt_set(o, opt, v);
	case CK_LIST:
		snprintf(words, sizeof(words), "%s", v);
		for (tok = strtok_r(words, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
			if (!spec_opt_set(o, opt, tok))
				return false;
		return true;
	case CK_FLAG:
		return !yes_no(v, &b) || !b || spec_opt_set(o, opt, NULL);
	case CK_OWN:
		break;
	}
	return true;
}

/*
 * The root of guest @name that start uses (ROOT, or its default) into
 * @root; it must be a directory unless "host". Return: 0, or -1 after
 * printing why.
 */
static int start_root(const char *name, const struct config *c, char root[PATH_MAX])
{
	struct stat st;

	if (!config_get(c, config_key_index("ROOT"), root, PATH_MAX))
		guest_root_of(name, root);
	if (!strcmp(root, "host"))
		return 0;
	if (stat(root, &st) || !S_ISDIR(st.st_mode)) {
		err_print("the root of guest '%s', %s, is not a directory: build it with 'vctx build %s --skeleton' (or --debootstrap SUITE), or set ROOT",
			  name, root, name);
		return -1;
	}
	return 0;
}

/* start's --root and --init: the guest's own root and /sbin/init by default. */
static bool set_start_keys(struct spec_opts *o, const struct config *c, const char *root)
{
	char v[CONFIG_LINE_MAX];

	if (strcmp(root, "host") && !spec_opt_set(o, SPEC_OPT_ROOT, root))
		return false;
	if (!config_get(c, config_key_index("INIT"), v, sizeof(v)))
		strcpy(v, "/sbin/init");
	return !strcmp(v, "builtin") || spec_opt_set(o, SPEC_OPT_INIT, v);
}

/*
 * The context @c stands for into @spec, each key through the setter of the
 * option it stands for. With @for_start the root must exist and the
 * defaults of ROOT and INIT are filled in; otherwise ROOT and INIT are left
 * out, so a guest can be configured before its root is built. Return: 0,
 * or -1 after printing why.
 */
static int spec_of_config(const char *name, const struct config *c, bool for_start,
			  struct ctx_spec *spec)
{
	char v[CONFIG_LINE_MAX], root[PATH_MAX];
	struct spec_opts o;
	unsigned int k;

	if (check_flags(c) || (for_start && start_root(name, c, root)))
		return -1;
	spec_opts_begin(&o, spec);
	for (k = 0; k < config_nr_keys; k++) {
		const struct config_key *ck = &config_keys[k];

		if (!config_get(c, (int)k, v, sizeof(v)))
			continue;
		if (!strcmp(ck->key, "ROOT") || !strcmp(ck->key, "INIT"))
			continue;
		if (!set_key(&o, ck, v))
			goto err;
	}
	if (for_start && !set_start_keys(&o, c, root))
		goto err;
	return spec_opts_end(&o);
err:
	spec_opts_abort(&o);
	return -1;
}

int guestconf_check_value(const char *name, int k, const char *value)
{
	const struct config_key *ck = &config_keys[k];
	struct config one;
	struct ctx_spec spec;
	bool b;
	int ret;

	if (ck->kind == CK_OWN)
		return check_own(name, k, value);
	/* These depend on other keys: alone, only their form is checked. */
	if (ck->kind == CK_FLAG && !yes_no(value, &b))
		return err_print("invalid %s '%s': use yes or no", ck->key, value), -1;
	if (ck->kind == CK_FLAG)
		return 0;
	if (!strcmp(ck->key, "NET")) {
		if (strcmp(value, "none") && strcmp(value, "shared") && strcmp(value, "private"))
			return err_print("invalid NET '%s': use none, shared or private", value), -1;
		return 0;
	}
	if (!strcmp(ck->key, "LINK")) {
		enum net_link kind;
		char dev[IF_NAMESIZE];
		const char *why = linkspec_parse(value, &kind, dev);

		if (why)
			return err_print("invalid LINK '%s': %s", value, why), -1;
		return 0;
	}
	config_init(&one);
	if (config_set(&one, k, value)) {
		err_print("invalid %s: a value is one line without double quotes", ck->key);
		return -1;
	}
	ret = spec_of_config(name, &one, false, &spec);
	config_free(&one);
	return ret;
}

/* The file @c was read from, or where it would be. */
static void path_of(const char *name, const struct config *c, char path[PATH_MAX])
{
	if (c->path[0])
		snprintf(path, PATH_MAX, "%s", c->path);
	else
		config_path_of(name, path);
}

int guestconf_check(const char *name, const struct config *c)
{
	char where[PATH_MAX + 16], path[PATH_MAX], v[CONFIG_LINE_MAX];
	struct ctx_spec spec;
	unsigned int k;
	int ret = 0;

	path_of(name, c, path);
	for (k = 0; k < config_nr_keys && !ret; k++) {
		if (!config_get(c, (int)k, v, sizeof(v)))
			continue;
		snprintf(where, sizeof(where), "%s:%d", path, c->value_line[k] + 1);
		err_where = where;
		ret = guestconf_check_value(name, (int)k, v);
	}
	if (!ret) {
		err_where = path;
		ret = spec_of_config(name, c, false, &spec);
	}
	err_where = NULL;
	return ret;
}

int guestconf_spec(const char *name, const struct config *c, struct ctx_spec *spec)
{
	char path[PATH_MAX], v[CONFIG_LINE_MAX];
	int ret;

	if (guestconf_check(name, c))
		return -1;
	path_of(name, c, path);
	err_where = path;
	ret = spec_of_config(name, c, true, spec);
	err_where = NULL;
	if (ret)
		return -1;
	snprintf(spec->name, sizeof(spec->name), "%s", name);
	if (config_get(c, config_key_index("STOP_SIGNAL"), v, sizeof(v)))
		spec->stop_signal = signal_parse(v);
	if (config_get(c, config_key_index("STOP_TIMEOUT"), v, sizeof(v)))
		spec->stop_timeout = (unsigned int)strtoul(v, NULL, 10);
	spec->proc_hide = spec->proc_unhide = NULL;
	if (config_get(c, config_key_index("PROC_HIDE"), spec->proc_hide_buf,
		       sizeof(spec->proc_hide_buf)))
		spec->proc_hide = spec->proc_hide_buf;
	if (config_get(c, config_key_index("PROC_UNHIDE"), spec->proc_unhide_buf,
		       sizeof(spec->proc_unhide_buf)))
		spec->proc_unhide = spec->proc_unhide_buf;
	return 0;
}

bool guestconf_autostart(const struct config *c)
{
	char v[8];
	bool b = false;

	return config_get(c, config_key_index("AUTOSTART"), v, sizeof(v)) && yes_no(v, &b) && b;
}

int guestconf_save(const char *name, const struct config *c)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	int fd, ret;
	FILE *f;

	if (!guestconf_name_ok(name))
		return -EINVAL;
	if (mkdir(config_dir(), 0755) && errno != EEXIST)
		return err_print_errno(errno, "cannot create %s", config_dir()), -errno;
	config_path_of(name, path);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		err_print_errno(ret, "cannot write %s", tmp);
		return ret;
	}
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		err_print_errno(ret, "cannot write %s", tmp);
		return ret;
	}
	ret = config_write(c, f);
	if (!ret && fsync(fd))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		err_print_errno(ret, "cannot write %s", path);
	}
	return ret;
}
