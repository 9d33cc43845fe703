/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Socket-family allow-lists (vctx create/run --socket-families, the
 * SOCKET_FAMILIES key): the AF_* names, parsing a list and printing one.
 * Pure functions, tested on the host.
 */
#ifndef VCTX_RUNTIME_SOCKFAM_H
#define VCTX_RUNTIME_SOCKFAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>
#include <linux/vctx.h>

/* The set as the module takes it: bit N of fam[N / 64] allows AF_N. */
struct sockfam_set {
	__u64 fam[VCTX_SOCKFAM_WORDS];
};

/* The module's default: unix, inet, inet6, netlink, packet. */
void sockfam_default(struct sockfam_set *s);

/* The family named @name ("inet6", "AF_INET6", any case), or -1. */
int sockfam_lookup(const char *name, size_t len);

/* The name of family @af ("inet6"), or NULL when it has none here. */
const char *sockfam_name(int af);

/*
 * A comma-separated list into @s: "default"; "none"; names, the whole
 * list (unix,inet); or +name and -name only, changes to the default
 * (-packet,+vsock). Return: NULL, or why it is malformed with the word at
 * fault in *@bad (@badlen characters long, possibly 0).
 */
const char *sockfam_parse(const char *list, struct sockfam_set *s, const char **bad,
			  size_t *badlen);

/* Whether two sets are the same. */
bool sockfam_equal(const struct sockfam_set *a, const struct sockfam_set *b);

/*
 * Call @fn with the name of every family in @s in ascending order ("afN"
 * for one without a name here).
 */
void sockfam_each(const struct sockfam_set *s, void (*fn)(const char *name, void *arg),
		  void *arg);

/* @s as "unix,inet,..." ("none" when empty) into @buf. */
void sockfam_format(const struct sockfam_set *s, char *buf, size_t len);

#endif /* VCTX_RUNTIME_SOCKFAM_H */
