/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A context's VIRT flags (what its tasks read of /proc and sysinfo(2) as
 * their own, VCTX_VIRT_*) as names: mem, swap, uptime, load, cpu.
 */
#ifndef VCTX_RUNTIME_VIRT_H
#define VCTX_RUNTIME_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parse "all", "none" or a comma-separated list of names into *@virt.
 * Return: NULL, or why @list is invalid (with the bad name in @bad/@len).
 */
const char *virt_parse(const char *list, uint32_t *virt, const char **bad, size_t *len);

/* "mem,swap,uptime,load,cpu" or "none" into @buf. */
void virt_format(uint32_t virt, char *buf, size_t size);

/* Call @fn with each flag's name that @virt has, in order. */
void virt_each(uint32_t virt, void (*fn)(const char *name, void *arg), void *arg);

#endif /* VCTX_RUNTIME_VIRT_H */
