/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the selftests and their helper programs share: /dev/vctx and its
 * contexts, files and cgroup v2 directories, children forked into a cgroup,
 * time. Every int-returning helper answers 0 (or a descriptor) on success
 * and -errno on failure, so a test writes ASSERT_EQ(0, ...) and sees the
 * errno in the message.
 */
#ifndef VCTX_UTIL_H
#define VCTX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/vctx.h>

#define CG_ROOT "/sys/fs/cgroup"

/* The capability bounding set of the tests' contexts: CAP_CHOWN, CAP_DAC_OVERRIDE. */
#define VU_CAP_BSET 0x3

/* /dev/vctx */
int vctx_open(void);
int vctx_create_in(int fd, int cgroup_fd, __u32 xid, const char *name, __u32 flags, __u32 *xid_out);
int vctx_destroy_xid(int fd, __u32 xid);
int vctx_info_xid(int fd, __u32 xid, struct vctx_info *info);
int vctx_info_pid(int fd, pid_t pid, struct vctx_info *info);
__u32 vctx_total(int fd);

/* Files: the whole content, or its first line without the newline. */
int write_file(const char *path, const char *text);
int read_file(const char *path, char *buf, size_t len);
int read_line(const char *path, char *buf, size_t len);

/* cgroup v2 */
int cg_make(const char *dir);
int cg_read(const char *dir, const char *file, char *buf, size_t len);
int cg_enable(const char *dir, const char *controllers);
bool cg_has_controller(const char *controller);
int cg_enter(const char *dir);
int cg_wait_unpopulated(const char *dir);

/* Children moved into a cgroup (a context's, say) before fork_into returns. */
enum vu_child { VU_PARK, VU_SPIN };
pid_t fork_into(const char *cgdir, enum vu_child what);
void reap(pid_t pid);

/* CLOCK_MONOTONIC in seconds. */
double now_s(void);

/*
 * Benchmarks: the median over VU_ROUNDS rounds of the mean time, in ns, of
 * one call of @op(@arg) among @n; the spread is the rounds' lowest and
 * highest (NULL: not wanted).
 */
#define VU_ROUNDS 7
struct vu_spread {
	double low, high;
};
double median_ns(void (*op)(void *), void *arg, int n, struct vu_spread *spread);

#endif
