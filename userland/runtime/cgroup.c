// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>

#include "runtime/cgroup.h"

/* Controllers a context can be limited by, when the kernel has them. */
static const char *const wanted[] = { "cpu", "cpuset", "io", "memory", "pids" };

int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	return 0;
}

/* Write @text to @path opened with @flags (and mode 0644 when created). */
static int write_text_flags(const char *path, const char *text, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0 && (flags & O_CREAT))
		unlink(path);
	return n < 0 ? (int)n : 0;
}

int write_text(const char *path, const char *text)
{
	return write_text_flags(path, text, O_WRONLY);
}

/* Create @path (it must not exist) holding @text. 0 or -errno. */
static int write_text_new(const char *path, const char *text)
{
	return write_text_flags(path, text, O_WRONLY | O_CREAT | O_EXCL);
}

static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\n' || !p[len]))
			return true;
		p += len;
	}
	return false;
}

/* Enable in @dir's subtree every wanted controller that @dir itself has. */
static int enable_controllers(const char *dir)
{
	char path[PATH_MAX], have[512], on[512], cmd[64];
	size_t i;
	int ret;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
	ret = read_text(path, have, sizeof(have));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	ret = read_text(path, on, sizeof(on));
	if (ret)
		return ret;
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		if (!has_word(have, wanted[i]) || has_word(on, wanted[i]))
			continue;
		snprintf(cmd, sizeof(cmd), "+%s", wanted[i]);
		ret = write_text(path, cmd);
		if (ret)
			return ret;
	}
	return 0;
}

/* /run/vctx/<name>/cgroup: where a guest started under systemd has its cgroup. */
static void cgroup_record_of(const char *name, char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, "/run/vctx/%s/cgroup", name);
}

void cgroup_path_of(const char *name, char path[PATH_MAX])
{
	char record[PATH_MAX];

	cgroup_record_of(name, record);
	if (!read_text(record, path, PATH_MAX) && path[0] == '/') {
		path[strcspn(path, "\n")] = '\0';
		return;
	}
	snprintf(path, PATH_MAX, CGROUP_VCTX "/%s", name);
}

/*
 * Create the cgroup @path (an existing one is fine when @reuse; else
 * @exists_why says why not) and open it. Return: its fd, or -errno with
 * @why set.
 */
static int cgroup_mkdir_open(const char *path, bool reuse, const char *exists_why,
			     const char **why)
{
	int fd, ret;

	if (mkdir(path, 0755) && !(reuse && errno == EEXIST)) {
		ret = -errno;
		*why = ret == -EEXIST ? exists_why : "cannot create its cgroup";
		return ret;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		rmdir(path);
		*why = "cannot open its cgroup";
		return ret;
	}
	return fd;
}

static int cgroup_make(const char *name, bool reuse, char path[PATH_MAX], const char **why)
{
	struct statfs sfs;
	int ret;

	if (statfs(CGROUP_ROOT, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		*why = "cgroup v2 is not mounted at " CGROUP_ROOT
		       " (boot with systemd.unified_cgroup_hierarchy=1, or mount -t cgroup2 none "
		       CGROUP_ROOT ")";
		return -ENOTSUP;
	}
	ret = enable_controllers(CGROUP_ROOT);
	if (ret) {
		*why = "cannot enable controllers in " CGROUP_ROOT "/cgroup.subtree_control";
		return ret;
	}
	if (mkdir(CGROUP_VCTX, 0755) && errno != EEXIST) {
		*why = "cannot create " CGROUP_VCTX;
		return -errno;
	}
	ret = enable_controllers(CGROUP_VCTX);
	if (ret) {
		*why = "cannot enable controllers in " CGROUP_VCTX "/cgroup.subtree_control (does it hold processes?)";
		return ret;
	}
	cgroup_path_of(name, path);
	return cgroup_mkdir_open(path, reuse,
				 "its cgroup already exists: a context of that name is registered, or was not cleaned up ('vctx destroy --force NAME' removes it)",
				 why);
}

int cgroup_create(const char *name, char path[PATH_MAX], const char **why)
{
	return cgroup_make(name, false, path, why);
}

int cgroup_create_delegated(const char *name, char path[PATH_MAX], const char **why)
{
	char own[PATH_MAX - 32], dir[PATH_MAX - 16], record[PATH_MAX], line[PATH_MAX];
	size_t n;
	int fd, ret;

	/* cgroup v2 has one line, "0::/PATH". */
	ret = read_text("/proc/self/cgroup", line, sizeof(line));
	if (ret || strncmp(line, "0::/", 4)) {
		*why = "cannot read this process's cgroup v2 path from /proc/self/cgroup";
		return ret ? ret : -ENOTSUP;
	}
	line[strcspn(line, "\n")] = '\0';
	if (!strcmp(line, "0::/")) {
		*why = "--delegated needs a cgroup delegated to vctx (a systemd unit with Delegate=yes); this process is in the root cgroup";
		return -EINVAL;
	}
	n = (size_t)snprintf(own, sizeof(own), CGROUP_ROOT "%s", line + 3);
	if (n >= sizeof(own)) {
		*why = "its cgroup path is too long";
		return -ENAMETOOLONG;
	}
	/* No process may stay in a cgroup whose children get controllers. */
	snprintf(dir, sizeof(dir), "%s/supervisor", own);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		*why = "cannot create the supervisor's cgroup in the delegated one";
		return -errno;
	}
	snprintf(record, sizeof(record), "%s/cgroup.procs", dir);
	ret = write_text(record, "0");
	if (ret) {
		*why = "cannot move vctx into its supervisor cgroup (is the unit's cgroup delegated?)";
		return ret;
	}
	ret = enable_controllers(own);
	if (ret) {
		*why = "cannot enable controllers in the delegated cgroup (Delegate=yes?)";
		return ret;
	}
	snprintf(path, PATH_MAX, "%s/guest", own);
	fd = cgroup_mkdir_open(path, false,
			       "its cgroup already exists: a guest of that unit still has tasks", why);
	if (fd < 0)
		return fd;
	cgroup_record_of(name, record);
	ret = write_text_new(record, path);
	if (ret) {
		close(fd);
		rmdir(path);
		*why = "cannot record its cgroup in /run/vctx";
		return ret;
	}
	return fd;
}

int cgroup_open_spectator(char path[PATH_MAX], const char **why)
{
	return cgroup_make(SPECTATOR_CGROUP_NAME, true, path, why);
}

bool cgroup_populated(const char *path)
{
	char file[PATH_MAX], buf[256];

	snprintf(file, sizeof(file), "%s/cgroup.events", path);
	if (read_text(file, buf, sizeof(buf)))
		return false;
	return strstr(buf, "populated 1") != NULL;
}

int cgroup_kill(const char *path)
{
	char file[PATH_MAX];

	snprintf(file, sizeof(file), "%s/cgroup.kill", path);
	return write_text(file, "1");
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int cgroup_wait_empty(const char *path, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char file[PATH_MAX], buf[256];
	struct pollfd pfd;
	ssize_t n;
	int ret = -ETIMEDOUT;

	snprintf(file, sizeof(file), "%s/cgroup.events", path);
	pfd.fd = open(file, O_RDONLY | O_CLOEXEC);
	/* Removed, or being removed (by a concurrent teardown): empty. */
	if (pfd.fd < 0)
		return errno == ENOENT || errno == ENODEV ? 0 : -errno;
	pfd.events = POLLPRI;
	for (;;) {
		long long left;

		n = pread(pfd.fd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			ret = errno == ENODEV || errno == ENOENT ? 0 : -errno;
			break;
		}
		buf[n] = '\0';
		if (strstr(buf, "populated 0")) {
			ret = 0;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0)
			break;
		/* cgroup.events signals every change with POLLPRI. */
		poll(&pfd, 1, (int)(left < 1000 ? left : 1000));
	}
	close(pfd.fd);
	return ret;
}

/* The tasks in @path and below (pids.current); -1 without the pids controller. */
static long long cgroup_task_count(const char *path)
{
	char buf[32];

	if (cgroup_read_file(path, "pids.current", buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

int cgroup_wait_killed(const char *path, int stall_ms)
{
	long long before = cgroup_task_count(path), now;
	int ret;

	for (;;) {
		ret = cgroup_wait_empty(path, stall_ms);
		if (ret != -ETIMEDOUT)
			return ret;
		/*
		 * A thousand tasks dying on a loaded host take longer than one
		 * round: wait on while their number still falls (it cannot
		 * fall forever), give up once it stalls.
		 */
		now = cgroup_task_count(path);
		if (before < 0 || now < 0 || now >= before)
			return ret;
		before = now;
	}
}

int cgroup_remove(const char *path)
{
	char sub[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		ret = cgroup_remove(sub);
		if (ret)
			break;
	}
	closedir(d);
	if (!ret && rmdir(path) && errno != ENOENT)
		ret = -errno;
	return ret;
}

unsigned long long cgroup_inode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (unsigned long long)st.st_ino;
}

int cgroup_read_file(const char *cg, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	ret = read_text(path, buf, len);
	if (!ret)
		buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

int cgroup_write_file(const char *cg, const char *file, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return write_text(path, text);
}

int cgroup_read_key(const char *cg, const char *file, const char *key, unsigned long long *value)
{
	char path[PATH_MAX], line[256];
	size_t klen = strlen(key);
	int ret = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			ret = sscanf(line + klen + 1, "%llu", value) == 1 ? 0 : -EINVAL;
			break;
		}
	fclose(f);
	return ret;
}
