#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# After the whole suite, on a kernel with kmemleak (make check-debug's):
# no object that vctx.ko allocated is left unreferenced. kmemleak reports an
# object only once it is older than 5 s (MSECS_MIN_AGE in mm/kmemleak.c)
# and a scan found no reference to it, so the scan runs once the suite's
# last allocation is past that age. Reports of the kernel's own objects
# (none of vctx.ko's functions in the backtrace) are not vctx's to answer
# and are only counted. selftests/run.sh runs this last.
. "$(dirname "$0")/lib.sh"

leak=/sys/kernel/debug/kmemleak

no_leak_in_vctx() {
	local reports
	[[ -w $leak ]] || { echo "$leak not writable: no kmemleak"; return 1; }
	sleep 6 # the minimum age above: a kernel constant, not a guess
	echo scan >"$leak" && echo scan >"$leak" || return 1
	reports=$(awk '
		/^unreferenced object/ { if (vctx) print block; block = ""; vctx = 0; all++ }
		{ block = block $0 "\n" }
		/\[vctx\]/ { vctx = 1 }
		END { if (vctx) print block; print "kmemleak: " all + 0 " reports in all" > "/dev/stderr" }
	' "$leak") || return 1
	[[ -z $reports ]] || { echo "leaks in vctx.ko:"; echo "$reports"; return 1; }
}

check "kmemleak finds nothing of vctx.ko unreferenced after the suite" no_leak_in_vctx
done_testing
