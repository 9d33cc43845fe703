#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every selftest inside the test VM (vctx.ko loaded by the runner) and
# writes result lines to $VCTX_OUT/results, each program's full output to
# $VCTX_OUT/<name>.log. The C tests come from build/selftests, the shell
# scenarios from selftests/*_test.sh.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tree=$(dirname "$here")
out=${VCTX_OUT:?run me through scripts/vm/vm-run.sh}
build=${VCTX_BUILD:?}
kver=$(uname -r)
results=$out/results
# A bound for a hung program, not a speed check: the slowest take a few
# minutes beside the other kernel's VM.
per_test_timeout=${VCTX_TEST_TIMEOUT:-600}
: >"$results"

# A kernel with kmemleak (make check-debug's) keeps what the suite leaks:
# forget what the boot left, check once at the end (kmemleak_check.sh).
kmemleak=/sys/kernel/debug/kmemleak
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[[ ! -w $kmemleak ]] || echo clear >"$kmemleak"

run_one() {
	local name=$1 status t0=$SECONDS left c
	shift
	echo "== $name"
	timeout -k 5 "$per_test_timeout" "$@" >"$out/$name.log" 2>&1
	status=$?
	cat "$out/$name.log"
	echo "== $name: $((SECONDS - t0)) s"
	[[ $status -ne 124 ]] || echo "not ok 0 timed out after ${per_test_timeout}s" >>"$out/$name.log"
	"$tree/scripts/tap2results.sh" "$kver: $name" "$status" <"$out/$name.log" >>"$results"
	# A program that unloads vctx.ko (or was killed while it was away)
	# must not fail the ones after it: a failure of its own, and the
	# module loaded again.
	if [[ -n ${VCTX_MODULE:-} ]] && ! grep -q '^vctx ' /proc/modules; then
		echo "FAIL $kver: $name left vctx.ko unloaded" >>"$results"
		insmod "$VCTX_MODULE"
	fi
	# Nor contexts (which pin the module and fill the registry): a failure
	# of its own, and the contexts destroyed.
	left=$("$build/userland/vctx" --json list 2>/dev/null |
		python3 -c 'import json,sys; print(" ".join(c["name"] for c in json.load(sys.stdin)))' 2>/dev/null)
	if [[ -n $left ]]; then
		echo "FAIL $kver: $name left contexts behind: $left" >>"$results"
		for c in $left; do
			"$build/userland/vctx" destroy --force "$c" >/dev/null 2>&1
		done
	fi
}

found=0
for t in "$build"/selftests/*_test; do
	[[ -x $t ]] || continue
	found=1
	run_one "$(basename "$t")" "$t"
done
for t in "$here"/*_test.sh; do
	found=1
	run_one "$(basename "$t" .sh)" bash "$t"
done
[[ ! -w $kmemleak ]] || run_one kmemleak_check bash "$here/kmemleak_check.sh"
[[ $found -eq 1 ]] || echo "FAIL $kver: no selftests found (run 'make selftests')" >>"$results"

# A skip is no pass: the run fails, check.sh names the skipped tests.
grep -q '^FAIL\|^SKIP' "$results" && exit 1
exit 0
