// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vctx build: make a guest's root directory and, when it has none, its
 * configuration file.
 *
 *   --skeleton      a tiny guest from the host's static busybox: busybox
 *                   init as /sbin/init, an inittab, an rcS that logs each
 *                   boot to /var/log/boot.log. For tests and demos.
 *   --debootstrap   a real Debian guest (minbase plus sysvinit-core), its
 *                   inittab made for a container: no gettys, SIGPWR shuts
 *                   it down.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "runtime/exec.h"
#include "runtime/guestconf.h"
#include "util/config.h"
#include "util/err.h"

#define BUSYBOX "/bin/busybox"
#define DEFAULT_MIRROR "http://deb.debian.org/debian"

enum { OPT_SKELETON = 1000, OPT_DEBOOTSTRAP, OPT_MIRROR, OPT_ROOT, OPT_INCLUDE };

/* mkdir -p @root/@rel. */
static int make_dirs(const char *root, const char *rel)
{
	char path[PATH_MAX + 512], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -errno : 0;
}

static int write_file(const char *root, const char *rel, const char *text, mode_t mode)
{
	char path[PATH_MAX + 512];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	if (n != (ssize_t)strlen(text))
		return n < 0 ? -errno : -EIO;
	return chmod(path, mode) ? -errno : 0;
}

/* Whether the ELF file @path has no program interpreter: statically linked. */
static bool is_static_elf(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	bool ok = false;
	int fd, i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(ph))
		goto out;
	ok = true;
	for (i = 0; i < eh.e_phnum && ok; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (Elf64_Off)i * sizeof(ph))) !=
		    sizeof(ph))
			ok = false;
		else if (ph.p_type == PT_INTERP)
			ok = false;
	}
out:
	close(fd);
	return ok;
}

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			ret = -EIO;
			break;
		}
	if (n < 0)
		ret = -errno;
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	return ret;
}

static const char skeleton_inittab[] =
	"# busybox init: vctx stop sends SIGPWR (halt); reboot and poweroff work.\n"
	"::sysinit:/etc/init.d/rcS\n"
	"::shutdown:/bin/sh -c 'echo \"$(date +%H:%M:%S) shutdown\" >>/var/log/boot.log'\n";

static const char skeleton_rcs[] =
	"#!/bin/sh\n"
	"# One line per boot: tests and the demo count them.\n"
	"echo \"$(date +%H:%M:%S) boot $(hostname)\" >>/var/log/boot.log\n";

/* The skeleton: the host's static busybox and its applets, a few /etc files. */
static int build_skeleton(const char *root)
{
	static const char *const dirs[] = {
		"bin", "sbin", "usr/bin", "usr/sbin", "etc/init.d", "proc", "sys", "dev", "run",
		"tmp", "root", "var/log",
	};
	char path[PATH_MAX + 512], line[256];
	size_t i;
	FILE *list;
	int ret;

	if (access(BUSYBOX, X_OK))
		return err_print("%s not found: install busybox-static (apt-get install busybox-static)",
				 BUSYBOX);
	if (!is_static_elf(BUSYBOX))
		return err_print("%s is not statically linked: install busybox-static (apt-get install busybox-static)",
				 BUSYBOX);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		ret = make_dirs(root, dirs[i]);
		if (ret)
			return err_print_errno(ret, "cannot create %s/%s", root, dirs[i]);
	}
	snprintf(path, sizeof(path), "%s/tmp", root);
	chmod(path, 01777);
	snprintf(path, sizeof(path), "%s/bin/busybox", root);
	ret = copy_file(BUSYBOX, path, 0755);
	if (ret)
		return err_print_errno(ret, "cannot copy %s to %s", BUSYBOX, path);
	list = popen(BUSYBOX " --list-full", "re");
	if (!list)
		return err_print_errno(errno, "cannot run %s --list-full", BUSYBOX);
	while (fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || strstr(line, "..") || !strcmp(line, "bin/busybox"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, line);
		if (symlink("/bin/busybox", path) && errno != EEXIST) {
			ret = -errno;
			break;
		}
	}
	if (pclose(list) && !ret)
		return err_print("%s --list-full failed", BUSYBOX);
	if (ret)
		return err_print_errno(ret, "cannot link the busybox applets in %s", root);
	if ((ret = write_file(root, "etc/inittab", skeleton_inittab, 0644)) ||
	    (ret = write_file(root, "etc/init.d/rcS", skeleton_rcs, 0755)) ||
	    (ret = write_file(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644)) ||
	    (ret = write_file(root, "etc/group", "root:x:0:\n", 0644)) ||
	    (ret = write_file(root, "etc/hosts", "127.0.0.1 localhost\n::1 localhost\n", 0644)) ||
	    (ret = write_file(root, "etc/profile", "export PS1='\\h:\\w\\$ '\n", 0644)))
		return err_print_errno(ret, "cannot write the skeleton's /etc in %s", root);
	return 0;
}

/* The host's Debian mirror (deb822 URIs: or a one-line deb entry), else deb.debian.org. */
static void host_mirror(char *buf, size_t len)
{
	static const char *const files[] = {
		"/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list",
	};
	char line[512], url[400];
	size_t i;
	FILE *f;

	snprintf(buf, len, "%s", DEFAULT_MIRROR);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		f = fopen(files[i], "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if ((sscanf(line, "URIs: %399s", url) == 1 ||
			     sscanf(line, "deb %399s", url) == 1) && !strstr(url, "security")) {
				snprintf(buf, len, "%s", url);
				fclose(f);
				return;
			}
		}
		fclose(f);
	}
}

/* Whether the mirror's host name resolves: no network is the usual failure. */
static bool mirror_resolves(const char *mirror, char *host, size_t len)
{
	struct addrinfo *ai = NULL;
	const char *p = strstr(mirror, "://");
	size_t n;
	bool ok;

	if (!p)
		return true;	/* file: or a local path: debootstrap says */
	p += 3;
	n = strcspn(p, ":/");
	snprintf(host, len, "%.*s", (int)n, p);
	ok = !getaddrinfo(host, NULL, NULL, &ai);
	if (ai)
		freeaddrinfo(ai);
	return ok;
}

static const char debian_inittab[] =
	"# A Debian guest of vctx: no gettys (there is no terminal), SIGPWR (vctx stop)\n"
	"# shuts it down, reboot and poweroff reach vctx through the kernel.\n"
	"id:2:initdefault:\n"
	"si::sysinit:/etc/init.d/rcS\n"
	"l0:0:wait:/etc/init.d/rc 0\n"
	"l1:1:wait:/etc/init.d/rc 1\n"
	"l2:2:wait:/etc/init.d/rc 2\n"
	"l3:3:wait:/etc/init.d/rc 3\n"
	"l4:4:wait:/etc/init.d/rc 4\n"
	"l5:5:wait:/etc/init.d/rc 5\n"
	"l6:6:wait:/etc/init.d/rc 6\n"
	"pf::powerwait:/sbin/shutdown -h now\n";

static int build_debootstrap(const char *root, const char *suite, const char *mirror,
			     const char *include)
{
	char host[256], includes[512];
	pid_t pid;
	int status, ret;

	if (access("/usr/sbin/debootstrap", X_OK))
		return err_print("debootstrap not found: install it (apt-get install debootstrap)");
	if (!mirror_resolves(mirror, host, sizeof(host)))
		return err_print("cannot resolve the mirror's host '%s': is the network up? give a reachable --mirror URL",
				 host);
	snprintf(includes, sizeof(includes), "--include=sysvinit-core%s%s", include ? "," : "",
		 include ? include : "");
	fprintf(stderr, "vctx: debootstrap %s into %s from %s\n", suite, root, mirror);
	pid = fork();
	if (pid < 0)
		return err_print_errno(errno, "cannot run debootstrap");
	if (pid == 0) {
		dup2(2, 1);
		execl("/usr/sbin/debootstrap", "debootstrap", "--variant=minbase", includes, suite,
		      root, mirror, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return err_print("debootstrap failed (status %d); its log is %s/debootstrap/debootstrap.log, and the half-built root is left for it",
				 exit_code_of(status), root);
	ret = write_file(root, "etc/inittab", debian_inittab, 0644);
	if (ret)
		return err_print_errno(ret, "cannot write %s/etc/inittab", root);
	return 0;
}

/* Whether @dir is missing or an empty directory: never build over a guest. */
static bool empty_or_missing(const char *dir)
{
	struct dirent *de;
	bool empty = true;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT;
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	return empty;
}

static const char build_usage[] =
	"NAME --skeleton | --debootstrap SUITE [--mirror URL] [--include PKG,...] [--root DIR]";
static const char build_details[] =
	"Builds the guest's root directory (default /var/lib/vctx/NAME/rootfs, which must\n"
	"be missing or empty) and, when /etc/vctx/NAME.conf does not exist, writes one\n"
	"with its ROOT and INIT. 'vctx start NAME' then boots it.\n"
	"\n"
	"Options:\n"
	"  --skeleton          a tiny busybox guest (host's busybox-static), for tests\n"
	"  --debootstrap SUITE a Debian guest (bookworm, trixie, ...): debootstrap minbase\n"
	"                      plus sysvinit-core, made for a container\n"
	"  --mirror URL        the Debian mirror (default: the host's, from /etc/apt)\n"
	"  --include PKG,...   more packages for debootstrap\n"
	"  --root DIR          build there instead\n"
	"  -h, --help          show this help\n";

static int build_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skeleton", no_argument, NULL, OPT_SKELETON },
		{ "debootstrap", required_argument, NULL, OPT_DEBOOTSTRAP },
		{ "mirror", required_argument, NULL, OPT_MIRROR },
		{ "include", required_argument, NULL, OPT_INCLUDE },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *suite = NULL, *mirror = NULL, *include = NULL, *root_arg = NULL, *name;
	char root[PATH_MAX], mirror_buf[400], conf_path[PATH_MAX];
	bool skeleton = false;
	struct config c;
	int ch, ret;

	(void)cli;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_SKELETON:
			skeleton = true;
			break;
		case OPT_DEBOOTSTRAP:
			suite = optarg;
			break;
		case OPT_MIRROR:
			mirror = optarg;
			break;
		case OPT_INCLUDE:
			include = optarg;
			break;
		case OPT_ROOT:
			root_arg = optarg;
			break;
		case 'h':
			cli_usage(&cmd_build, build_usage, build_details);
			return 0;
		default:
			return err_print("see 'vctx build --help'");
		}
	}
	if (argc - optind != 1)
		return err_print("build takes one NAME: vctx build %s", build_usage);
	name = argv[optind];
	if (!vctx_valid_name(name))
		return cli_bad_name(name);
	if (!guestconf_name_ok(name))
		return EXIT_TOOL;
	if (skeleton == !!suite)
		return err_print("give one of --skeleton and --debootstrap SUITE");
	if (skeleton && (mirror || include))
		return err_print("--mirror and --include are for --debootstrap");
	if (suite && (!suite[0] || strspn(suite, "abcdefghijklmnopqrstuvwxyz-") != strlen(suite)))
		return err_print("invalid --debootstrap '%s': give a Debian suite name like bookworm",
				 suite);
	/* Both reach debootstrap's command line: never as an option of its own. */
	if (mirror && strncmp(mirror, "http://", 7) && strncmp(mirror, "https://", 8) &&
	    strncmp(mirror, "file:///", 8))
		return err_print("invalid --mirror '%s': give an http://, https:// or file:/// URL",
				 mirror);
	if (include && (!include[0] ||
			strspn(include, "abcdefghijklmnopqrstuvwxyz0123456789.+-,") != strlen(include) ||
			include[0] == '-'))
		return err_print("invalid --include '%s': give Debian package names separated by commas",
				 include);
	if (root_arg && strlen(root_arg) >= PATH_MAX - 512)
		return err_print("invalid --root: the path is too long");
	if (root_arg && root_arg[0] != '/')
		return err_print("invalid --root '%s': give an absolute directory", root_arg);
	if (root_arg)
		snprintf(root, sizeof(root), "%s", root_arg);
	else
		guest_root_of(name, root);
	if (!empty_or_missing(root))
		return err_print("%s exists and is not empty: remove it, or give another --root", root);
	ret = make_dirs("", root + 1);
	if (ret)
		return err_print_errno(ret, "cannot create %s", root);
	if (suite && !mirror) {
		host_mirror(mirror_buf, sizeof(mirror_buf));
		mirror = mirror_buf;
	}
	ret = skeleton ? build_skeleton(root) : build_debootstrap(root, suite, mirror, include);
	if (ret)
		return EXIT_TOOL;

	config_path_of(name, conf_path);
	if (!access(conf_path, F_OK)) {
		fprintf(stderr, "vctx: %s exists: left as it is\n", conf_path);
		return 0;
	}
	config_init(&c);
	ret = config_set(&c, config_key_index("ROOT"), root);
	if (!ret)
		ret = config_set(&c, config_key_index("INIT"), "/sbin/init");
	if (!ret)
		ret = guestconf_save(name, &c);
	config_free(&c);
	return ret ? EXIT_TOOL : 0;
}

const struct cli_command cmd_build = {
	.name = "build",
	.summary = "Build a guest's root: a busybox skeleton or a Debian system",
	.run = build_run,
};
