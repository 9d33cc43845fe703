// SPDX-License-Identifier: GPL-2.0
/*
 * sysinfo32: sysinfo(2) through the 32-bit system call entry (int $0x80,
 * the ia32 compat path a 32-bit guest binary takes), from a 64-bit static
 * program so no multilib toolchain is needed. Prints "TOTALRAM UPTIME
 * TOTALSWAP", bytes and seconds, as the compat struct reports them.
 */
#include <stdint.h>
#include <stdio.h>

#include "int80.h"

/* struct compat_sysinfo (include/linux/compat.h). */
struct sysinfo32 {
	int32_t uptime;
	uint32_t loads[3];
	uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t totalhigh, freehigh, mem_unit;
	char f[8];
};

#define NR_SYSINFO_I386 116


int main(void)
{
	/* The compat entry takes a 32-bit pointer: the struct lives below 4 GiB. */
	struct sysinfo32 *s = int80_page();
	long ret;

	if (s == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	ret = int80(NR_SYSINFO_I386, (unsigned long)s, 0, 0, 0, 0);
	if (ret) {
		fprintf(stderr, "sysinfo via int $0x80: %ld\n", ret);
		return 1;
	}
	printf("%llu %d %llu\n", (unsigned long long)s->totalram * s->mem_unit, s->uptime,
	       (unsigned long long)s->totalswap * s->mem_unit);
	return 0;
}
