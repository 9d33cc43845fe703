#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-cpu.sh: the CPU limiter's accuracy (SPEC 6, 3.4), run inside the
# test VM by 'make bench-cpu'. For each setting, busy threads run first in a
# vctx context limited by the token bucket, then in a plain cgroup limited
# by the kernel's own cpu.max with the same share; each share is CPU time
# over wall time, measured from steady state, and printed as a ratio to the
# configured share.
#
#   vctx/bench (R/T, hard)     hog spin N   <- cgroup.freeze by vctx.ko
#   bench-cpumax (cpu.max)     hog spin N   <- CFS bandwidth control
set -euo pipefail

vctx=${VCTX_BUILD:?run me through scripts/vm/vm-run.sh}/userland/vctx
hog=$VCTX_BUILD/selftests/helpers/hog
cg=/sys/fs/cgroup
plain=$cg/bench-cpumax
long=${BENCH_SECONDS:-20}
short=${BENCH_SHORT_SECONDS:-10}

# sample CGROUP: "USAGE_US WALL_US", read together by bash builtins alone, so
# no process start-up falls between them.
sample() {
	local key value
	while read -r key value; do
		[[ $key == usage_usec ]] && { echo "$value ${EPOCHREALTIME/./}"; return; }
	done <"$1/cpu.stat"
}

# measure CGROUP SECONDS: percent of one CPU used.
measure() {
	local u0 t0 u1 t1
	read -r u0 t0 < <(sample "$1")
	sleep "$2"
	read -r u1 t1 < <(sample "$1")
	awk -v u="$((u1 - u0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.2f", u * 100 / t }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

holds() { sed -n 's/^holds: //p' /proc/vctx/*/sched; }

# vctx_share RATE INTERVAL THREADS SECONDS
vctx_share() {
	local pct
	"$vctx" create --cpu "$1/$2" --cpu-bucket 50 --cpu-min 10 bench
	"$vctx" exec bench -- "$hog" spin "$3" 0 </dev/null >/dev/null 2>&1 &
	# Steady state: the bucket has run dry and refilled a few times.
	for _ in $(seq 1500); do [[ $(holds) -ge 3 ]] && break; sleep 0.02; done
	pct=$(measure "$cg/vctx/bench" "$4")
	"$vctx" destroy --force bench
	wait 2>/dev/null || true
	echo "$pct"
}

# cpumax_share RATE INTERVAL THREADS SECONDS: the same share as cpu.max.
cpumax_share() {
	local quota pid pct
	quota=$(($1 * 100000 / $2))
	mkdir "$plain"
	echo "$quota 100000" >"$plain/cpu.max"
	(echo $BASHPID >"$plain/cgroup.procs"; exec "$hog" spin "$3" 0) </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep 1
	pct=$(measure "$plain" "$4")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	rmdir "$plain"
	echo "$pct"
}

echo +cpu >"$cg/cgroup.subtree_control"

echo "CPU limiter accuracy on $(uname -r), $(nproc) CPUs; share of one CPU, from steady state"
echo
printf '%-8s %7s %8s %9s %11s %9s %11s %s\n' setting threads seconds "target%" "vctx%" "ratio" "cpu.max%" ratio
for row in "1 4 1 $long" "1 4 2 $long" "1 4 4 $long" "1 10 2 $short" "1 2 2 $short" "3 4 2 $short"; do
	read -r r t n s <<<"$row"
	target=$(awk -v r="$r" -v t="$t" 'BEGIN { printf "%.2f", r * 100 / t }')
	v=$(vctx_share "$r" "$t" "$n" "$s")
	m=$(cpumax_share "$r" "$t" "$n" "$s")
	printf '%-8s %7s %8s %9s %11s %9s %11s %s\n' "$r/$t" "$n" "$s" "$target" "$v" \
		"$(ratio "$v" "$target")" "$m" "$(ratio "$m" "$target")"
done
echo
echo "ratio: measured share / configured share (1.000 is exact). SPEC 6: 1/4 within"
echo "+-1 point of 25% over 20 s for 1, 2 and 4 threads."
