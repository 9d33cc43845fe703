// SPDX-License-Identifier: GPL-2.0
/*
 * guard_try: one attempt at something the guest guards refuse, for
 * guard_test.sh, which runs it both inside a context and on the host (the
 * baseline that shows the attempt works where it is allowed). Static, so it
 * runs in a busybox root.
 *
 *   guard_try key-add NAME DATA      add a "user" key to the user keyring
 *   guard_try key-read NAME          find it there and print its data
 *   guard_try key-request NAME       request_key(2) it (no upcall): print its id
 *   guard_try key-clear              empty the user keyring
 *   guard_try unix-serve NAME READY  listen on the abstract stream socket
 *                                    @NAME and the datagram one @NAME.dgram;
 *                                    create READY when listening; answer
 *                                    "hello" to every connection
 *   guard_try unix-connect NAME      connect to @NAME, print what it says
 *   guard_try unix-send NAME         send a datagram to @NAME.dgram
 *   guard_try socket FAMILY [TYPE [PROTO]]   create a socket
 *   guard_try write FILE TEXT        open FILE write-only, write TEXT
 *   guard_try readlink PATH          print where a (/proc) link points
 *   guard_try handle PATH            open PATH again through its file handle
 *                                    (open_by_handle_at, "shocker")
 *   guard_try remount PATH OPTIONS   remount with exactly OPTIONS (mount(8)
 *                                    would merge in the current ones)
 *
 * Exit status 0 when the attempt succeeded; otherwise 1, with the error
 * ("Operation not permitted", ...) on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/keyctl.h>

static int fail(const char *what)
{
	fprintf(stderr, "guard_try: %s: %s\n", what, strerror(errno));
	return 1;
}

static socklen_t abstract_addr(struct sockaddr_un *sun, const char *name, const char *suffix)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "%s%s", name, suffix);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sun->sun_path + 1));
}

static int key_add(const char *name, const char *data)
{
	long id = syscall(SYS_add_key, "user", name, data, strlen(data), KEY_SPEC_USER_KEYRING);

	if (id < 0)
		return fail("add_key");
	printf("%ld\n", id);
	return 0;
}

static int key_read(const char *name)
{
	char buf[256];
	long id, n;

	id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", name, 0);
	if (id < 0)
		return fail("keyctl search");
	n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof(buf) - 1);
	if (n < 0)
		return fail("keyctl read");
	buf[n < (long)sizeof(buf) - 1 ? n : (long)sizeof(buf) - 1] = '\0';
	printf("%s\n", buf);
	return 0;
}

static int key_request(const char *name)
{
	long id = syscall(SYS_request_key, "user", name, NULL, KEY_SPEC_USER_KEYRING);

	if (id < 0)
		return fail("request_key");
	printf("%ld\n", id);
	return 0;
}

static int key_clear(void)
{
	if (syscall(SYS_keyctl, KEYCTL_CLEAR, KEY_SPEC_USER_KEYRING) < 0)
		return fail("keyctl clear");
	return 0;
}

static int unix_serve(const char *name, const char *ready)
{
	struct sockaddr_un sun;
	socklen_t len;
	int s, d, c;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || d < 0)
		return fail("socket");
	len = abstract_addr(&sun, name, "");
	if (bind(s, (struct sockaddr *)&sun, len) || listen(s, 16))
		return fail("bind/listen");
	len = abstract_addr(&sun, name, ".dgram");
	if (bind(d, (struct sockaddr *)&sun, len))
		return fail("bind (datagram)");
	c = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (c < 0)
		return fail(ready);
	close(c);
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		if (write(c, "hello\n", 6) != 6)
			perror("guard_try: write");
		close(c);
	}
}

static int unix_connect(const char *name)
{
	struct sockaddr_un sun;
	char buf[16];
	ssize_t n;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	if (s < 0)
		return fail("socket");
	if (connect(s, (struct sockaddr *)&sun, abstract_addr(&sun, name, "")))
		return fail("connect");
	n = read(s, buf, sizeof(buf) - 1);
	if (n <= 0)
		return fail("read");
	buf[n] = '\0';
	fputs(buf, stdout);
	return 0;
}

static int unix_send(const char *name)
{
	struct sockaddr_un sun;
	socklen_t len = abstract_addr(&sun, name, ".dgram");
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (s < 0)
		return fail("socket");
	if (sendto(s, "x", 1, 0, (struct sockaddr *)&sun, len) != 1)
		return fail("sendto");
	return 0;
}

static int try_socket(int argc, char **argv)
{
	int family = atoi(argv[2]);
	int type = argc > 3 ? atoi(argv[3]) : SOCK_STREAM;
	int proto = argc > 4 ? atoi(argv[4]) : 0;
	int s = socket(family, type, proto);

	if (s < 0)
		return fail("socket");
	close(s);
	return 0;
}

static int try_write(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return fail("open");
	if (write(fd, text, strlen(text)) < 0)
		return fail("write");
	close(fd);
	return 0;
}

static int try_readlink(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return fail("readlink");
	buf[n] = '\0';
	printf("%s\n", buf);
	return 0;
}

static int try_handle(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[MAX_HANDLE_SZ];
	} h;
	int mount_id, mount_fd, fd;

	h.fh.handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0))
		return fail("name_to_handle_at");
	/* Decoded on the file system of this descriptor (not an O_PATH one). */
	mount_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (mount_fd < 0)
		return fail("open");
	fd = open_by_handle_at(mount_fd, &h.fh, O_RDONLY);
	if (fd < 0)
		return fail("open_by_handle_at");
	close(fd);
	close(mount_fd);
	return 0;
}

static int try_remount(const char *path, const char *options)
{
	if (mount(NULL, path, NULL, MS_REMOUNT, options))
		return fail("mount");
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "key-add") && argc == 4)
		return key_add(argv[2], argv[3]);
	if (!strcmp(cmd, "key-read") && argc == 3)
		return key_read(argv[2]);
	if (!strcmp(cmd, "key-request") && argc == 3)
		return key_request(argv[2]);
	if (!strcmp(cmd, "key-clear") && argc == 2)
		return key_clear();
	if (!strcmp(cmd, "unix-serve") && argc == 4)
		return unix_serve(argv[2], argv[3]);
	if (!strcmp(cmd, "unix-connect") && argc == 3)
		return unix_connect(argv[2]);
	if (!strcmp(cmd, "unix-send") && argc == 3)
		return unix_send(argv[2]);
	if (!strcmp(cmd, "socket") && argc >= 3 && argc <= 5)
		return try_socket(argc, argv);
	if (!strcmp(cmd, "write") && argc == 4)
		return try_write(argv[2], argv[3]);
	if (!strcmp(cmd, "readlink") && argc == 3)
		return try_readlink(argv[2]);
	if (!strcmp(cmd, "handle") && argc == 3)
		return try_handle(argv[2]);
	if (!strcmp(cmd, "remount") && argc == 4)
		return try_remount(argv[2], argv[3]);
	fprintf(stderr, "usage: guard_try key-add|key-read|key-request|key-clear|unix-serve|unix-connect|unix-send|socket|write|readlink|handle|remount ...\n");
	return 2;
}
