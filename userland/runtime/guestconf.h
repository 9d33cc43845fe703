/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's configuration file as a context: every KEY stands for an option
 * of vctx create (checked by the very same code) or for one of the guest's
 * own settings (root, init, procfs overrides, stop signal and timeout,
 * autostart).
 */
#ifndef VCTX_RUNTIME_GUESTCONF_H
#define VCTX_RUNTIME_GUESTCONF_H

#include "runtime/spec.h"
#include "util/config.h"

/* Where guests' roots live by default: GUEST_ROOT_BASE/NAME/rootfs. */
#define GUEST_ROOT_BASE "/var/lib/vctx"

/*
 * DIR/vctx.conf holds every context's defaults (defaults.h), so no guest
 * may be called vctx: its configuration would be that file.
 */
#define GUEST_NAME_RESERVED "vctx"

/* Whether @name is a configured guest's possible name; if not, print why. */
bool guestconf_name_ok(const char *name);

/* The default root of guest @name into @path. */
void guest_root_of(const char *name, char path[PATH_MAX]);

/*
 * Read the configuration of guest @name into @c. Return: 0; -ENOENT when
 * there is none (printed only when @must_exist; a guest named vctx has
 * none); -1 after printing why.
 */
int guestconf_load(const char *name, struct config *c, bool must_exist);

/* The same from @path (a persistent context's saved options). */
int guestconf_load_file(const char *name, const char *path, struct config *c, bool must_exist);

/* Where vctx create --persistent keeps its options: /run/vctx/NAME/options.conf. */
void guestconf_state_path(const char *name, char path[PATH_MAX]);

/*
 * Check every value of @c, each alone (errors name the file's line) and
 * then together (errors name the file). Return: 0, or -1 after printing.
 */
int guestconf_check(const char *name, const struct config *c);

/* Check @value for key @k alone. Return: 0, or -1 after printing why. */
int guestconf_check_value(const char *name, int k, const char *value);

/*
 * The context @c describes, defaults filled in, into @spec. The root must
 * exist now. Strings in @spec stay valid until the next call. Return: 0,
 * or -1 after printing why.
 */
int guestconf_spec(const char *name, const struct config *c, struct ctx_spec *spec);

/*
 * Write @c as the configuration of @name: a new file beside the old one,
 * renamed over it. Return: 0, or -errno after printing why.
 */
int guestconf_save(const char *name, const struct config *c);

/* Whether @c says AUTOSTART=yes. */
bool guestconf_autostart(const struct config *c);

#endif /* VCTX_RUNTIME_GUESTCONF_H */
