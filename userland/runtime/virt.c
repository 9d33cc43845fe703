// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A context's VIRT flags as names, VServer's: mem, swap, uptime, load, cpu.
 */
#include <string.h>

#include "lib/libvctx.h"
#include "runtime/virt.h"
#include "util/namelist.h"

static const struct {
	const char *name;
	uint32_t bit;
} virt_names[] = {
	{ "mem", VCTX_VIRT_MEM }, { "swap", VCTX_VIRT_SWAP }, { "uptime", VCTX_VIRT_UPTIME },
	{ "load", VCTX_VIRT_LOAD }, { "cpu", VCTX_VIRT_CPU },
};

#define NR_VIRT_NAMES (sizeof(virt_names) / sizeof(virt_names[0]))

const char *virt_parse(const char *list, uint32_t *virt, const char **bad, size_t *len)
{
	size_t i, pos = 0;
	const char *p;
	uint32_t v = 0;

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
	while ((p = namelist_next(list, &pos, len))) {
		for (i = 0; i < NR_VIRT_NAMES; i++)
			if (strlen(virt_names[i].name) == *len && !strncmp(p, virt_names[i].name, *len))
				break;
		if (i == NR_VIRT_NAMES) {
			*bad = p;
			return *len ? "no such flag" : "an empty name";
		}
		v |= virt_names[i].bit;
	}
	*len = 0;
	*virt = v;
	return NULL;
}

void virt_each(uint32_t virt, void (*fn)(const char *name, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < NR_VIRT_NAMES; i++)
		if (virt & virt_names[i].bit)
			fn(virt_names[i].name, arg);
}

void virt_format(uint32_t virt, char *buf, size_t size)
{
	struct namelist_buf b;

	namelist_init(&b, buf, size);
	virt_each(virt, namelist_add, &b);
	namelist_done(&b);
}
