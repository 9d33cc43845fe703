// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A context's VIRT flags as names, VServer's: mem, swap, uptime, load, cpu.
 */
#include <stdio.h>
#include <string.h>

#include "lib/libvctx.h"
#include "runtime/virt.h"

static const struct {
	const char *name;
	uint32_t bit;
} virt_names[] = {
	{ "mem", VCTX_VIRT_MEM }, { "swap", VCTX_VIRT_SWAP }, { "uptime", VCTX_VIRT_UPTIME },
	{ "load", VCTX_VIRT_LOAD }, { "cpu", VCTX_VIRT_CPU },
};

const char *virt_parse(const char *list, uint32_t *virt, const char **bad, size_t *len)
{
	const char *p = list, *end;
	uint32_t v = 0;
	size_t i, n;

	*bad = NULL;
	*len = 0;
	if (!strcmp(list, "all")) {
		*virt = VCTX_VIRT_ALL;
		return NULL;
	}
	if (!strcmp(list, "none")) {
		*virt = 0;
		return NULL;
	}
	if (!*list)
		return "the list is empty";
	for (;;) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < sizeof(virt_names) / sizeof(virt_names[0]); i++)
			if (strlen(virt_names[i].name) == n && !strncmp(p, virt_names[i].name, n))
				break;
		if (i == sizeof(virt_names) / sizeof(virt_names[0])) {
			*bad = p;
			*len = n;
			return n ? "no such flag" : "an empty name";
		}
		v |= virt_names[i].bit;
		if (!end)
			break;
		p = end + 1;
	}
	*virt = v;
	return NULL;
}

void virt_each(uint32_t virt, void (*fn)(const char *name, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(virt_names) / sizeof(virt_names[0]); i++)
		if (virt & virt_names[i].bit)
			fn(virt_names[i].name, arg);
}

struct virt_buf {
	char *buf;
	size_t size, len;
};

static void virt_append(const char *name, void *arg)
{
	struct virt_buf *b = arg;
	int n;

	n = snprintf(b->buf + b->len, b->size - b->len, "%s%s", b->len ? "," : "", name);
	if (n > 0 && (size_t)n < b->size - b->len)
		b->len += (size_t)n;
}

void virt_format(uint32_t virt, char *buf, size_t size)
{
	struct virt_buf b = { buf, size, 0 };

	buf[0] = '\0';
	virt_each(virt, virt_append, &b);
	if (!b.len)
		snprintf(buf, size, "none");
}
