#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-proc.sh: what /proc and sysinfo virtualization costs (SPEC 3.8, 6),
# run inside the test VM by 'make bench-proc'. Each virtualized file is read
# whole (open, read, close; selftests/procbench.c) and each system call made
# by:
#   a host task without vctx.ko            the baseline of every ratio
#   a host task with vctx.ko loaded        what the hooks cost the host
#   a task of a context (limits set)       what a guest pays for its own view
#   a task in a cgroup with the same       LXCFS's view of the same file
#   limits, reading LXCFS's mount          (LXCFS has no sysinfo(2) or
#                                          sched_getaffinity(2) view)
# Then the load average's upkeep: the duration of each 5 s update (ftrace's
# function_graph on vctx_virt_load_update) with 1000 contexts of 5 tasks,
# as a share of one CPU.
set -euo pipefail

vctx=${VCTX_BUILD:?run me through scripts/vm/vm-run.sh}/userland/vctx
pb=$VCTX_BUILD/selftests/helpers/procbench
cg=/sys/fs/cgroup
lx=/run/bench-lxcfs
plain=$cg/bench-lxcfs
tr=/sys/kernel/tracing
ncontexts=${BENCH_CONTEXTS:-1000}

# The files as NAME=PATH under ROOT ('' for the kernel's own).
files() {
	local root=$1
	echo "meminfo=$root/proc/meminfo swaps=$root/proc/swaps uptime=$root/proc/uptime" \
		"loadavg=$root/proc/loadavg cpuinfo=$root/proc/cpuinfo stat=$root/proc/stat" \
		"cpu_online=$root/sys/devices/system/cpu/online"
}

# shellcheck disable=SC2046
measure() { "$@" "$pb" read $(files ""); "$@" "$pb" call; }

cleanup() {
	"$vctx" destroy --force bench >/dev/null 2>&1 || true
	[[ -d $plain ]] && rmdir "$plain" 2>/dev/null || true
	if [[ -f $lx/pid ]]; then
		umount -l "$lx/mnt" 2>/dev/null || true
		kill "$(cat "$lx/pid")" 2>/dev/null || true
	fi
}
trap cleanup EXIT

echo "+cpuset +memory" >"$cg/cgroup.subtree_control"

rmmod vctx
measure >/dev/null	# warm: the first pass pays for what later ones find cached
bare=$(measure)
insmod "$VCTX_MODULE"
host=$(measure)

# A 2-CPU host, a context on one of them with 256 MiB: every virtualized
# figure is the context's own. (A CPU share would hold the reader itself
# part of the time: wall time would measure the limiter.)
"$vctx" create --cpuset 0 --memory 256M --swap 64M bench
inside=$(measure "$vctx" exec bench --)
"$vctx" destroy --force bench

# LXCFS over a cgroup with the same limits, read by a task in it.
modprobe fuse 2>/dev/null || true
mkdir -p "$lx/mnt"
lxcfs -f -l -p "$lx/pid" "$lx/mnt" >"$lx/log" 2>&1 &
for _ in $(seq 300); do
	[[ -r $lx/mnt/proc/meminfo ]] && break
	sleep 0.1
done
[[ -r $lx/mnt/proc/meminfo ]] || { echo "lxcfs did not mount:" >&2; cat "$lx/log" >&2; exit 1; }
mkdir "$plain"
echo 0 >"$plain/cpuset.cpus"
echo 256M >"$plain/memory.max"
echo 64M >"$plain/memory.swap.max"
# shellcheck disable=SC2046
lxcfs_figs=$(echo $BASHPID >"$plain/cgroup.procs"; exec "$pb" read $(files "$lx/mnt"))
rmdir "$plain"

# The load average's upkeep: each update's own duration, from ftrace.
[[ -d $tr/events ]] || mount -t tracefs nodev "$tr"
"$pb" contexts "$ncontexts" 4 >/dev/null
echo 0 >"$tr/tracing_on"
echo function_graph >"$tr/current_tracer" 2>/dev/null || {
	echo "this kernel has no function_graph tracer" >&2
	exit 1
}
echo vctx_virt_load_update >"$tr/set_graph_function"
echo vctx_virt_load_update >"$tr/set_ftrace_filter"
echo 1 >"$tr/max_graph_depth"
echo >"$tr/trace"
echo 1 >"$tr/tracing_on"
updates() { grep -c 'vctx_virt_load_update' "$tr/trace" || true; }
# Six updates come within 30 s; the bound leaves room for a loaded host.
for _ in $(seq 900); do
	[[ $(updates) -ge 6 ]] && break
	sleep 0.1
done
echo 0 >"$tr/tracing_on"
load_us=$(grep -o '[0-9.]* us |  vctx_virt_load_update' "$tr/trace" | awk '{ print $1 }' | sort -n)
echo nop >"$tr/current_tracer"
echo >"$tr/set_ftrace_filter"
echo >"$tr/set_graph_function"
"$pb" drop "$ncontexts" >/dev/null
[[ -n $load_us ]] || { echo "no load update was traced in 90 s" >&2; exit 1; }

echo "/proc and sysinfo read cost on $(uname -r), $(nproc) CPUs: ns per read (median of 7"
echo "rounds, lowest-highest) and ratio to a host task without vctx.ko"
printf '%-18s %18s %18s %6s %18s %6s %18s %6s\n' operation "no module" "host, module" ratio \
	"in a context" ratio "LXCFS" ratio
# Rows: NAME BARE LOW HIGH HOST LOW HIGH INSIDE LOW HIGH [LXCFS LOW HIGH]
join <(sort <<<"$bare") <(sort <<<"$host") | join - <(sort <<<"$inside") |
	join -a 1 - <(sort <<<"$lxcfs_figs") |
	awk 'function cell(v, lo, hi) { return sprintf("%d (%d-%d)", v, lo, hi) }
	     { printf "%-18s %18s %18s %6.2f %18s %6.2f ", $1, cell($2, $3, $4),
		       cell($5, $6, $7), $5 / $2, cell($8, $9, $10), $8 / $2
	       if (NF >= 13) printf "%18s %6.2f\n", cell($11, $12, $13), $11 / $2
	       else printf "%18s %6s\n", "n/a", "-" }'
echo "SPEC 6 targets: host with the module at most 1.03, a context's view at most 1.5."
echo
n=$(wc -l <<<"$load_us")
med=$(sed -n "$(((n + 1) / 2))p" <<<"$load_us")
awk -v n="$n" -v med="$med" -v lo="$(head -1 <<<"$load_us")" -v hi="$(tail -1 <<<"$load_us")" \
	-v c="$ncontexts" 'BEGIN {
	printf "Load average upkeep, %d contexts of 5 tasks: %d updates, %.0f us each (median; %.0f-%.0f),\n",
		c, n, med, lo, hi
	printf "every 5 s: %.4f %% of one CPU (target: well under 1 %%; emulated, so an upper bound)\n",
		med / 5e6 * 100 }'
