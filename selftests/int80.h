/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 32-bit system call entry (int $0x80, the ia32 compat path a 32-bit
 * guest binary takes) from a 64-bit static helper, so that no multilib
 * toolchain is needed; and memory below 4 GiB for its 32-bit pointers.
 */
#ifndef VCTX_INT80_H
#define VCTX_INT80_H

#include <sys/mman.h>

static inline long int80(long nr, unsigned long a, unsigned long b, unsigned long c,
			 unsigned long d, unsigned long e)
{
	long ret;

	/* int $0x80 from 64-bit code clears r8-r11. */
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

/* A page a 32-bit pointer can reach; MAP_FAILED on failure. */
static inline void *int80_page(void)
{
	return mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
}

#endif
