// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The filesystem view of a context, built by its init inside its new mount
 * namespace before anything of the guest runs:
 *
 *   /            the given root (read-write), or the host's / read-only
 *   /proc        a procfs of the context's pid namespace; /proc/sys and
 *                /proc/sysrq-trigger read-only (when vctx.ko does not hide
 *                them); /proc/vctx shows only the context's own entry
 *   /sys         sysfs read-only; /sys/fs/cgroup the context's own subtree,
 *                read-only
 *   /dev         null zero full random urandom tty, ptmx on a private devpts,
 *                shm; nothing else (no device a guest could open to reach
 *                the host)
 *   /run, /tmp   tmpfs (/tmp only over the read-only default root)
 *   masks        in the default root only: the host's secrets (MASK of
 *                vctx.conf: /etc/shadow, /root, other guests' roots, ...)
 *                covered, files by /dev/null, directories by an empty
 *                read-only tmpfs; the guest has no CAP_SYS_ADMIN to undo
 *                them, and in a user namespace of its own the kernel locks
 *                them (mounts inherited by a less privileged namespace)
 *
 * then pivot_root() into it and detach the old root, so nothing of the host
 * stays reachable.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/rootfs.h"
#include "runtime/spawn_error.h"
#include "runtime/spec.h"
#include "runtime/state.h"

static int fail(struct spawn_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct spawn_error *err, const char *fmt, ...)
{
	va_list ap;

	err->err = errno;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int mount_at(struct spawn_error *err, const char *root, const char *where,
		    const char *fstype, unsigned long flags, const char *data)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, where);
	if (mount(fstype, path, fstype, flags, data))
		return fail(err, "cannot mount %s on %s", fstype, where);
	return 0;
}

/*
 * Bind @where onto itself and make it read-only. A /proc entry that is not
 * there (vctx.ko hides it from the context, or the kernel lacks it) needs
 * nothing.
 */
static int read_only(struct spawn_error *err, const char *root, const char *where)
{
	const unsigned long ro = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, where);
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL)) {
		if (errno == ENOENT && !strncmp(where, "/proc/", 6))
			return 0;
		return fail(err, "cannot make %s read-only", where);
	}
	if (mount(NULL, path, NULL, ro, NULL))
		return fail(err, "cannot make %s read-only", where);
	return 0;
}

static int ensure_dir(struct spawn_error *err, const char *root, const char *where)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", root, where);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(path, 0755) && errno != EEXIST)
		return fail(err, "the root has no %s directory and it cannot be created", where);
	return 0;
}

/*
 * Every context's /proc/vctx lists all contexts: cover it with a tmpfs that
 * holds only this context's entry, bound from the real one.
 */
static int mask_proc_vctx(struct spawn_error *err, const char *root, uint32_t xid)
{
	char own[PATH_MAX], dir[PATH_MAX], fdpath[64];
	int fd;

	snprintf(own, sizeof(own), "%s/proc/vctx/%u", root, xid);
	fd = open(own, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, "the context's /proc/vctx/%u entry is missing", xid);
	snprintf(dir, sizeof(dir), "%s/proc/vctx", root);
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=555,size=4k") ||
	    mkdir(own, 0555)) {
		close(fd);
		return fail(err, "cannot cover /proc/vctx");
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	if (mount(fdpath, own, NULL, MS_BIND, NULL)) {
		close(fd);
		return fail(err, "cannot show the context's own /proc/vctx entry");
	}
	close(fd);
	if (mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=555,size=4k"))
		return fail(err, "cannot make /proc/vctx read-only");
	return 0;
}

/*
 * Cover @rel (a path below @rootfd, as the guest will resolve it: symlinks
 * stay inside the root) with /dev/null or an empty read-only tmpfs. Gone
 * or already covered by something that is not there: nothing to hide.
 */
static int mask_one(struct spawn_error *err, int rootfd, const char *rel, const char *shown)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char fdpath[64];
	struct stat st;
	int fd, ret;

	fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		       fail(err, "cannot open %s to hide it", shown);
	if (fstat(fd, &st)) {
		close(fd);
		return fail(err, "cannot stat %s to hide it", shown);
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	if (S_ISDIR(st.st_mode)) {
		ret = mount("tmpfs", fdpath, "tmpfs", ro, "mode=755,size=4k");
	} else {
		/*
		 * The host's /dev/null: the guest reads nothing, writes vanish.
		 * Made read-only before it is attached: @fd still names the file
		 * underneath, so a remount through it would miss the bind.
		 */
		struct mount_attr attr = {
			.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC,
		};
		int tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/dev/null",
					OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

		ret = tree < 0 ? -1 : 0;
		if (!ret)
			ret = (int)syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr,
					   sizeof(attr));
		if (!ret)
			ret = (int)syscall(SYS_move_mount, tree, "", fd, "",
					   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
		if (tree >= 0)
			close(tree);
	}
	close(fd);
	if (ret)
		return fail(err, "cannot hide %s", shown);
	return 0;
}

/*
 * Hide every path of @masks (blank-separated, absolute, globs) in the
 * default root @root, before pivot_root: only this mount namespace sees it.
 */
static int apply_masks(struct spawn_error *err, const char *root, const char *masks)
{
	char copy[1024], pattern[PATH_MAX], *tok, *save = NULL;
	size_t i, skip = strlen(root);
	glob_t g;
	int rootfd, ret = 0;

	if (!masks || !*masks)
		return 0;
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return fail(err, "cannot open the root %s", root);
	snprintf(copy, sizeof(copy), "%s", masks);
	for (tok = strtok_r(copy, " \t", &save); tok && !ret; tok = strtok_r(NULL, " \t", &save)) {
		snprintf(pattern, sizeof(pattern), "%s%s", root, tok);
		/* No match is no path to hide; NOCHECK would hand back the pattern. */
		if (glob(pattern, GLOB_NOSORT, NULL, &g)) {
			globfree(&g);
			continue;
		}
		for (i = 0; i < g.gl_pathc && !ret; i++)
			ret = mask_one(err, rootfd, g.gl_pathv[i] + skip, g.gl_pathv[i] + skip);
		globfree(&g);
	}
	close(rootfd);
	return ret;
}

static int build_dev(struct spawn_error *err, const char *root)
{
	static const struct {
		const char *name;
		unsigned int major, minor;
	} nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
		{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	};
	static const struct {
		const char *name, *target;
	} links[] = {
		{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};
	char path[PATH_MAX];
	size_t i;

	if (mount_at(err, root, "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k"))
		return -1;
	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(path, sizeof(path), "%s/dev/%s", root, nodes[i].name);
		if (mknod(path, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)) ||
		    chmod(path, 0666))
			return fail(err, "cannot create /dev/%s", nodes[i].name);
	}
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "%s/dev/%s", root, links[i].name);
		if (symlink(links[i].target, path))
			return fail(err, "cannot create /dev/%s", links[i].name);
	}
	snprintf(path, sizeof(path), "%s/dev/pts", root);
	if (mkdir(path, 0755))
		return fail(err, "cannot create /dev/pts");
	if (mount_at(err, root, "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=620"))
		return -1;
	snprintf(path, sizeof(path), "%s/dev/shm", root);
	if (mkdir(path, 01777))
		return fail(err, "cannot create /dev/shm");
	return mount_at(err, root, "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

/*
 * A socket for the interface ioctls, of a family the context may use: the
 * init is the context's already, so vctx.ko holds it to the context's
 * socket families (--socket-families). Any family reaches the device ioctls
 * (dev_ioctl()). -1 with errno EPERM when none is allowed.
 */
static int ioctl_socket(void)
{
	static const struct {
		int family, type;
	} tries[] = {
		{ AF_INET, SOCK_DGRAM }, { AF_INET6, SOCK_DGRAM }, { AF_UNIX, SOCK_DGRAM },
		{ AF_NETLINK, SOCK_RAW }, { AF_PACKET, SOCK_DGRAM },
	};
	int fd = -1, first = 0;
	size_t i;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]) && fd < 0; i++) {
		fd = socket(tries[i].family, tries[i].type | SOCK_CLOEXEC, 0);
		if (fd < 0 && !first)
			first = errno;
		if (fd < 0 && errno != EPERM && errno != EACCES && errno != EAFNOSUPPORT) {
			first = errno;
			break;
		}
	}
	if (fd < 0)
		errno = first;
	return fd;
}

static int loopback_up(struct spawn_error *err)
{
	struct ifreq ifr;
	int fd = ioctl_socket();

	/* No family at all: nothing in the context could use the loopback. */
	if (fd < 0 && (errno == EPERM || errno == EACCES))
		return 0;
	if (fd < 0)
		return fail(err, "cannot open a socket in the context's network namespace");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) == 0) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	return fail(err, "cannot bring up the loopback interface");
}

int rootfs_build(const struct ctx_spec *spec, uint32_t xid, struct spawn_error *err)
{
	char staging[PATH_MAX];
	const char *root;
	const char *hostname = spec->hostname ? spec->hostname : spec->name;

	/* Nothing done here may propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail(err, "cannot make the mount namespace private");

	if (spec->root) {
		root = spec->root;
		if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) ||
		    mount(NULL, root, NULL, MS_BIND | MS_REMOUNT | MS_NODEV, NULL))
			return fail(err, "cannot bind the root %s", root);
	} else {
		/* The host's root file system only, without its submounts. */
		state_dir_of(spec->name, staging);
		strncat(staging, "/root", sizeof(staging) - strlen(staging) - 1);
		root = staging;
		if (mount("/", root, NULL, MS_BIND, NULL) ||
		    mount(NULL, root, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NODEV, NULL))
			return fail(err, "cannot bind a read-only view of / on %s", root);
		/* First: /run and /tmp get their own tmpfs over any mask below. */
		if (apply_masks(err, root, spec->masks))
			return -1;
	}

	if (ensure_dir(err, root, "/proc") || ensure_dir(err, root, "/sys") ||
	    ensure_dir(err, root, "/dev") || ensure_dir(err, root, "/run") ||
	    ensure_dir(err, root, "/tmp"))
		return -1;

	if (mount_at(err, root, "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) ||
	    read_only(err, root, "/proc/sys") || read_only(err, root, "/proc/sysrq-trigger") ||
	    mask_proc_vctx(err, root, xid))
		return -1;
	if (mount_at(err, root, "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return -1;
	if (mount_at(err, root, "/sys/fs/cgroup", "cgroup2",
		     MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return -1;
	if (build_dev(err, root))
		return -1;
	if (mount_at(err, root, "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755"))
		return -1;
	if (!spec->root && mount_at(err, root, "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"))
		return -1;

	if (sethostname(hostname, strlen(hostname)))
		return fail(err, "cannot set the hostname '%s'", hostname);
	if (spec->net == NET_NONE && loopback_up(err))
		return -1;

	if (chdir(root) || syscall(SYS_pivot_root, ".", ".") || umount2(".", MNT_DETACH) ||
	    chdir("/"))
		return fail(err, "cannot pivot into the root %s", root);
	return 0;
}
