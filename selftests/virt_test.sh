#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /proc and sysinfo virtualization (SPEC 3.8): inside a context free, top,
# uptime and nproc show the context, through /proc, /sys and sysinfo(2);
# the host, the spectator and a context with --virt none see the host.
# Every figure inside is checked against the host's at the same time, so a
# module that virtualizes nothing fails each check.
#
#   host (2 CPUs, ~1 GB) -- reads its own /proc/meminfo, nproc, uptime
#    |
#    +-- vctx/vm  --memory 256M --cpuset 0    MemTotal 262144 kB, 1 CPU
#    +-- vctx/vq  --cpu 1/4                   1 CPU (ceil of the share)
#    +-- vctx/vx  cpu.max 0.5 CPU             1 CPU (its own, or vctx/'s)
#    +-- vctx/vl  two busy loops               load rises toward 2
#    +-- vctx/vn  --virt none                 the host's figures
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
HOG=$VCTX_BUILD/selftests/helpers/hog
SYSINFO32=$VCTX_BUILD/selftests/helpers/sysinfo32

after_each() {
	# A failed cpu.max check must not leave every context on one CPU, nor
	# a failed swap check the host with a swap device.
	[[ -f /sys/fs/cgroup/vctx/cpu.max ]] && echo "max 100000" >/sys/fs/cgroup/vctx/cpu.max
	reset_contexts
	swap_off
}

meminfo_kb() { awk -v k="$1:" '$1 == k { print $2 }'; }

# The guest's view of a file or a command's output.
in_ctx() {
	local name=$1
	shift
	"$VCTX" exec "$name" -- "$@"
}

# sysinfo(2) as glibc reports it: total RAM, uptime (python's os has no sysinfo).
sysinfo_py='import ctypes, sys
class S(ctypes.Structure):
    _fields_ = [("uptime", ctypes.c_long), ("loads", ctypes.c_ulong * 3),
                ("totalram", ctypes.c_ulong), ("freeram", ctypes.c_ulong),
                ("sharedram", ctypes.c_ulong), ("bufferram", ctypes.c_ulong),
                ("totalswap", ctypes.c_ulong), ("freeswap", ctypes.c_ulong),
                ("procs", ctypes.c_ushort), ("pad", ctypes.c_ushort),
                ("totalhigh", ctypes.c_ulong), ("freehigh", ctypes.c_ulong),
                ("mem_unit", ctypes.c_uint), ("_f", ctypes.c_char * 8)]
s = S()
assert ctypes.CDLL(None, use_errno=True).sysinfo(ctypes.byref(s)) == 0
print(s.totalram * s.mem_unit, s.uptime, s.loads[0] / 65536.0, s.procs)'

memory_is_the_limit() {
	local host got
	"$VCTX" create --memory 256M --cpuset 0 vm || return 1
	host=$(meminfo_kb MemTotal </proc/meminfo)
	got=$(in_ctx vm cat /proc/meminfo | meminfo_kb MemTotal)
	expect_eq "$got" 262144 "MemTotal inside (host: $host kB)" || return 1
	[[ $host -gt 262144 ]] || { echo "the host's MemTotal $host is not larger"; return 1; }
	expect_eq "$(meminfo_kb MemTotal </proc/meminfo)" "$host" "the host's own read" || return 1
	got=$(in_ctx vm free -b | awk '$1 == "Mem:" { print $2 }')
	expect_eq "$got" 268435456 "free -b total" || return 1
	got=$(in_ctx vm busybox free | awk '$1 == "Mem:" { print $2 }')
	expect_eq "$got" 262144 "busybox free (sysinfo) total" || return 1
	got=$(in_ctx vm python3 -c "$sysinfo_py" | cut -d' ' -f1)
	expect_eq "$got" 268435456 "sysinfo(2) totalram" || return 1
	# The 32-bit entry a 32-bit guest binary takes (compat struct).
	got=$(in_ctx vm "$SYSINFO32" | cut -d' ' -f1)
	expect_eq "$got" 268435456 "32-bit sysinfo(2) totalram" || return 1
	[[ $("$SYSINFO32" | cut -d' ' -f1) -gt 268435456 ]] || { echo "the host's 32-bit sysinfo"; return 1; }
	got=$(in_ctx vm top -bn1 | awk '/MiB Mem/ { print int($4) }')
	expect_eq "$got" 256 "top's MiB Mem total" || return 1
	# Every line of the kernel's file is still there, in its order.
	expect_eq "$(in_ctx vm cat /proc/meminfo | cut -d: -f1)" "$(cut -d: -f1 /proc/meminfo)" \
		"meminfo's keys" || return 1
}

# MemTotal - MemAvailable grows by about what a task touches.
used_memory_follows_the_context() {
	local out before after
	"$VCTX" create --memory 256M vm || return 1
	out=$(in_ctx vm python3 -c '
def used():
    m = dict(l.split(":", 1) for l in open("/proc/meminfo"))
    return int(m["MemTotal"].split()[0]) - int(m["MemAvailable"].split()[0])
before = used()
b = bytearray(100 << 20)
for i in range(0, len(b), 4096): b[i] = 1
print(before, used())') || return 1
	read -r before after <<<"$out"
	echo "used: $before kB before, $after kB after touching 100 MiB"
	(( after - before >= 95 * 1024 && after - before <= 130 * 1024 )) ||
		{ echo "used memory did not grow by about 100 MiB"; return 1; }
}

cpus_are_the_cpuset() {
	local host
	host=$(nproc)
	[[ $host -ge 2 ]] || { echo "the VM has $host CPU"; return 1; }
	"$VCTX" create --cpuset 0 vm || return 1
	expect_eq "$(in_ctx vm nproc)" 1 "nproc (host: $host)" || return 1
	expect_eq "$(in_ctx vm getconf _NPROCESSORS_ONLN)" 1 "getconf _NPROCESSORS_ONLN" || return 1
	expect_eq "$(in_ctx vm python3 -c 'import os; print(os.cpu_count())')" 1 "os.cpu_count()" ||
		return 1
	expect_eq "$(in_ctx vm cat /sys/devices/system/cpu/online)" 0 "cpu/online" || return 1
	expect_eq "$(nproc)" "$host" "the host's nproc" || return 1
	expect_eq "$(cat /sys/devices/system/cpu/online)" "0-$((host - 1))" "the host's cpu/online" ||
		return 1
}

# The context runs on host CPU 1 only: it is processor 0 and cpu0 inside.
cpuinfo_and_stat_list_its_cpus() {
	local host stat in_btime host_btime up now usage ticks
	host=$(grep -c '^processor' /proc/cpuinfo)
	[[ $host -ge 2 ]] || { echo "the VM has $host CPU"; return 1; }
	"$VCTX" create --cpuset 1 vc || return 1
	expect_eq "$(in_ctx vc grep -c '^processor' /proc/cpuinfo)" 1 "cpuinfo processors" || return 1
	expect_eq "$(in_ctx vc grep '^processor' /proc/cpuinfo)" "$(printf 'processor\t: 0')" \
		"the processor's number" || return 1
	expect_eq "$(grep -c '^processor' /proc/cpuinfo)" "$host" "the host's cpuinfo" || return 1
	stat=$(in_ctx vc cat /proc/stat) || return 1
	expect_eq "$(grep -c '^cpu[0-9]' <<<"$stat")" 1 "cpuN lines of /proc/stat" || return 1
	grep -q '^cpu0 ' <<<"$stat" || { echo "no cpu0 line"; return 1; }
	expect_eq "$(grep -c '^cpu[0-9]' /proc/stat)" "$host" "the host's cpuN lines" || return 1
	# The kernel's line order and ten figures per cpu line.
	expect_eq "$(awk '{ print $1 }' <<<"$stat" | grep -v '^cpu[0-9]' | tr '\n' ' ')" \
		"$(awk '{ print $1 }' /proc/stat | grep -v '^cpu[0-9]' | tr '\n' ' ')" "line order" ||
		return 1
	expect_eq "$(awk '/^cpu/ { print NF }' <<<"$stat" | sort -u)" 11 "fields per cpu line" || return 1
	# Its own CPU time: 2 s of a hog inside, as its cgroup's cpu.stat counts
	# it (ticks of 10 ms against usage_usec; within 15 % or 20 ticks).
	in_ctx vc "$HOG" spin 1 2 || return 1
	stat=$(in_ctx vc cat /proc/stat) || return 1
	usage=$(awk '$1 == "usage_usec" { print int($2 / 10000) }' /sys/fs/cgroup/vctx/vc/cpu.stat)
	ticks=$(awk '$1 == "cpu" { print $2 + $4 }' <<<"$stat")
	echo "CPU time: $ticks ticks in its /proc/stat, $usage in cpu.stat"
	[[ $usage -ge 150 ]] || { echo "the hog did not run"; return 1; }
	awk -v a="$ticks" -v b="$usage" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 20 || d <= b * 0.15) }' ||
		{ echo "its cpu line is not its cgroup's time"; return 1; }
	[[ $(awk '$1 == "cpu" { print $2 + $4 }' /proc/stat) -gt $((ticks + 100)) ]] ||
		{ echo "the host's cpu line is the context's"; return 1; }
	# btime is its boot: btime + uptime is now, and later than the host's.
	in_btime=$(awk '$1 == "btime" { print $2 }' <<<"$stat")
	host_btime=$(awk '$1 == "btime" { print $2 }' /proc/stat)
	up=$(in_ctx vc cut -d. -f1 /proc/uptime)
	now=$(date +%s)
	echo "btime $in_btime inside, $host_btime on the host; uptime inside $up s"
	[[ $in_btime -gt $((host_btime + 5)) ]] || { echo "the host's btime"; return 1; }
	[[ $((in_btime + up - now)) -ge -3 && $((in_btime + up - now)) -le 3 ]] ||
		{ echo "btime and uptime disagree"; return 1; }
}

cpus_follow_the_share() {
	"$VCTX" create --cpu 1/4 vq || return 1
	expect_eq "$(in_ctx vq nproc)" 1 "nproc at 1/4 of one CPU" || return 1
	expect_eq "$(in_ctx vq python3 -c 'import os; print(len(os.sched_getaffinity(0)))')" 1 \
		"sched_getaffinity" || return 1
	expect_eq "$(in_ctx vq getconf _NPROCESSORS_ONLN)" 1 "getconf _NPROCESSORS_ONLN" || return 1
	"$VCTX" limit vq --cpu off || return 1
	expect_eq "$(in_ctx vq nproc)" "$(nproc)" "nproc with the limit off" || return 1
}

# A real swap device: 64 MiB on a loop device over a file in /run (tmpfs).
SWAPIMG=/run/virt-swap.img
swap_on() {
	modprobe loop 2>/dev/null
	dd if=/dev/zero of="$SWAPIMG" bs=1M count=64 status=none || return 1
	SWAPDEV=$(losetup -f --show "$SWAPIMG") || return 1
	mkswap "$SWAPDEV" >/dev/null && swapon "$SWAPDEV"
}
# Found by its backing file: after_each runs outside the check's subshell.
swap_off() {
	local dev
	for dev in $(losetup -n -O NAME -j "$SWAPIMG" 2>/dev/null); do
		swapoff "$dev" 2>/dev/null
		losetup -d "$dev"
	done
	rm -f "$SWAPIMG"
}

swap_is_the_contexts() {
	local host got
	swap_on || { swap_off; echo "cannot set up a swap device"; return 1; }
	host=$(meminfo_kb SwapTotal </proc/meminfo)
	echo "host swap: $host kB on $SWAPDEV"
	[[ $host -gt 60000 ]] || { swap_off; echo "no host swap"; return 1; }
	"$VCTX" create --memory 256M --swap 32M vw && "$VCTX" create --memory 256M vv || { swap_off; return 1; }
	got=$(in_ctx vw cat /proc/meminfo | meminfo_kb SwapTotal)
	expect_eq "$got" 32768 "SwapTotal with --swap 32M" || { swap_off; return 1; }
	got=$(in_ctx vw free -k | awk '$1 == "Swap:" { print $2 }')
	expect_eq "$got" 32768 "free's swap total" || { swap_off; return 1; }
	got=$(in_ctx vw python3 -c 'import ctypes
class S(ctypes.Structure):
    _fields_ = [("a", ctypes.c_long * 4), ("r", ctypes.c_ulong * 4), ("totalswap", ctypes.c_ulong),
                ("freeswap", ctypes.c_ulong), ("p", ctypes.c_ushort * 2), ("h", ctypes.c_ulong * 2),
                ("mem_unit", ctypes.c_uint), ("_f", ctypes.c_char * 8)]
s = S(); ctypes.CDLL(None).sysinfo(ctypes.byref(s)); print(s.totalswap * s.mem_unit)')
	expect_eq "$got" $((32 << 20)) "sysinfo(2) totalswap" || { swap_off; return 1; }
	expect_eq "$(in_ctx vw "$SYSINFO32" | cut -d' ' -f3)" $((32 << 20)) "32-bit sysinfo totalswap" ||
		{ swap_off; return 1; }
	# /proc/swaps: the kernel's header, one line of its own, no host device.
	got=$(in_ctx vw cat /proc/swaps)
	echo "$got"
	expect_eq "$(head -1 <<<"$got")" "$(head -1 /proc/swaps)" "the header" || { swap_off; return 1; }
	expect_eq "$(sed -n 2p <<<"$got" | awk '{ print $1, $2, $3 }')" "none virtual 32768" \
		"its swap line" || { swap_off; return 1; }
	expect_eq "$(wc -l <<<"$got")" 2 "lines of its /proc/swaps" || { swap_off; return 1; }
	# No swap limit of its own: the host's swap, devices listed.
	expect_eq "$(in_ctx vv cat /proc/meminfo | meminfo_kb SwapTotal)" "$host" "SwapTotal without --swap" ||
		{ swap_off; return 1; }
	# (Name, type and size: the Used column moves between two reads.)
	expect_eq "$(in_ctx vv cat /proc/swaps | awk '{ print $1, $2, $3 }')" \
		"$(awk '{ print $1, $2, $3 }' /proc/swaps)" "/proc/swaps without --swap" || { swap_off; return 1; }
	grep -q "^$SWAPDEV " /proc/swaps || { swap_off; echo "the host's /proc/swaps lost its device"; return 1; }
	swap_off
}

nproc_is() { [[ $(in_ctx "$1" nproc) == "$2" && $(in_ctx "$1" cat /sys/devices/system/cpu/online) == "$3" ]]; }

# cpu.max (a systemd unit's CPUQuota, an admin's write) caps the count as the
# bucket does, its own or its parent's; a change shows within about a second.
cpus_follow_cpu_max() {
	local own=/sys/fs/cgroup/vctx/vx/cpu.max parent=/sys/fs/cgroup/vctx/cpu.max
	"$VCTX" create vx || return 1
	expect_eq "$(in_ctx vx nproc)" "$(nproc)" "nproc without cpu.max" || return 1
	echo "50000 100000" >"$own" || return 1
	wait_until 10 nproc_is vx 1 0 || { echo "nproc with cpu.max 0.5 CPU: $(in_ctx vx nproc)"; return 1; }
	echo "max 100000" >"$own" || return 1
	wait_until 10 nproc_is vx "$(nproc)" "$(cat /sys/devices/system/cpu/online)" ||
		{ echo "nproc after cpu.max max: $(in_ctx vx nproc)"; return 1; }
	echo "100000 100000" >"$parent" || return 1
	wait_until 10 nproc_is vx 1 0
	local rc=$?
	echo "max 100000" >"$parent"
	[[ $rc -eq 0 ]] || { echo "the parent's cpu.max is not counted: $(in_ctx vx nproc)"; return 1; }
}

uptime_starts_with_the_context() {
	local inside host si
	"$VCTX" create --cap-keep sys_boot vu || return 1
	inside=$(in_ctx vu cat /proc/uptime | cut -d. -f1)
	host=$(cut -d. -f1 /proc/uptime)
	echo "uptime: $inside s inside, $host s on the host"
	[[ $inside -lt 60 && $inside -lt $((host - 5)) ]] || { echo "the guest has the host's uptime"; return 1; }
	si=$(in_ctx vu python3 -c "$sysinfo_py" | cut -d' ' -f2)
	[[ $si -le $((inside + 5)) ]] || { echo "sysinfo uptime $si, /proc/uptime $inside"; return 1; }
}

init_pid_of() { "$VCTX" --json info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["init_pid"])'; }
init_changed() { local p; p=$(init_pid_of "$1"); [[ $p != "$2" && $p -gt 0 ]]; }

uptime_restarts_at_a_reboot() {
	local before up0 up1
	"$VCTX" create --cap-keep sys_boot vu || return 1
	# Old enough that a new boot tells.
	wait_until 60 bash -c "[[ \$('$VCTX' exec vu cat /proc/uptime | cut -d. -f1) -ge 8 ]]" || return 1
	up0=$(in_ctx vu cat /proc/uptime | cut -d. -f1)
	before=$(init_pid_of vu)
	in_ctx vu busybox reboot -f >/dev/null 2>&1
	wait_until 60 init_changed vu "$before" || { echo "it did not reboot"; return 1; }
	up1=$(in_ctx vu cat /proc/uptime | cut -d. -f1)
	echo "uptime $up0 s before the reboot, $up1 s after"
	[[ $up1 -lt $up0 ]] || { echo "the reboot did not restart its uptime"; return 1; }
}

load1() { "$VCTX" exec "$1" -- cat /proc/loadavg | cut -d' ' -f1; }
load_at_least() { awk -v l="$(load1 "$1")" -v m="$2" 'BEGIN { exit !(l >= m) }'; }

load_is_the_contexts() {
	local idle busy running blocked tasks
	"$VCTX" create vl || return 1
	"$VCTX" create vi || return 1
	"$VCTX" exec vl -- "$HOG" spin 2 0 </dev/null >/dev/null 2>&1 &
	# 2 runnable tasks for 30 s give 2 x (1 - e^(-1/2)) = 0.79.
	wait_until 120 load_at_least vl 0.6 || { echo "load of vl: $(load1 vl)"; return 1; }
	busy=$(in_ctx vl cat /proc/loadavg)
	idle=$(in_ctx vi cat /proc/loadavg)
	echo "busy context: $busy; idle context: $idle; host: $(cat /proc/loadavg)"
	awk -v l="${idle%% *}" 'BEGIN { exit !(l < 0.3) }' || { echo "the idle context has load"; return 1; }
	[[ ${busy#* * * } == 2/* || ${busy#* * * } == 3/* ]] || { echo "running/total: ${busy#* * * }"; return 1; }
	awk -v l="$(in_ctx vl python3 -c "$sysinfo_py" | cut -d' ' -f3)" \
		'BEGIN { exit !(l >= 0.5) }' || { echo "sysinfo loads are not the context's"; return 1; }
	# /proc/stat's task counts are the 5 s count's: the hogs, or the reader alone.
	running=$(in_ctx vl awk '$1 == "procs_running" { print $2 }' /proc/stat)
	[[ $running -ge 2 ]] || { echo "procs_running of the busy context: $running"; return 1; }
	expect_eq "$(in_ctx vi awk '$1 == "procs_running" { print $2 }' /proc/stat)" 1 \
		"procs_running of the idle context" || return 1
	# Its own blocked count, not the host's: at most its own tasks (init and
	# the reader, either of which a loaded VM may catch in D state at the
	# 5 s sample, e.g. faulting in a page of its root over 9p).
	blocked=$(in_ctx vi awk '$1 == "procs_blocked" { print $2 }' /proc/stat)
	tasks=$(awk '{ split($4, n, "/"); print n[2] }' <<<"$idle")
	[[ $blocked =~ ^[0-9]+$ && $blocked -le $tasks ]] ||
		{ echo "procs_blocked of the idle context: $blocked (its tasks: $tasks)"; return 1; }
}

none_and_spectator_see_the_host() {
	local host
	host=$(meminfo_kb MemTotal </proc/meminfo)
	"$VCTX" create --memory 256M --cpuset 0 --virt none vn || return 1
	expect_eq "$(in_ctx vn cat /proc/meminfo | meminfo_kb MemTotal)" "$host" "MemTotal with --virt none" ||
		return 1
	expect_eq "$(in_ctx vn getconf _NPROCESSORS_ONLN)" "$(nproc)" "CPUs with --virt none" || return 1
	expect_eq "$(in_ctx vn grep -c '^processor' /proc/cpuinfo)" "$(grep -c '^processor' /proc/cpuinfo)" \
		"cpuinfo with --virt none" || return 1
	expect_eq "$(in_ctx vn grep -c '^cpu[0-9]' /proc/stat)" "$(grep -c '^cpu[0-9]' /proc/stat)" \
		"/proc/stat with --virt none" || return 1
	expect_eq "$("$VCTX" spectate -- cat /proc/meminfo | meminfo_kb MemTotal)" "$host" \
		"the spectator's MemTotal" || return 1
	# Turned on while it runs: memory only.
	expect_status 0 "$VCTX" limit vn --virt mem || return 1
	expect_eq "$(in_ctx vn cat /proc/meminfo | meminfo_kb MemTotal)" 262144 "MemTotal after --virt mem" ||
		return 1
	expect_eq "$(in_ctx vn getconf _NPROCESSORS_ONLN)" "$(nproc)" "CPUs after --virt mem" || return 1
}

virt_is_shown_and_checked() {
	"$VCTX" create --virt mem,cpu vs || return 1
	expect_status 0 "$VCTX" info vs || return 1
	expect_contains "$OUT" "virt:       mem,cpu" || return 1
	expect_status 0 "$VCTX" limit vs || return 1
	expect_contains "$OUT" "virt:       mem,cpu" || return 1
	expect_status 0 "$VCTX" limit --json vs || return 1
	python3 -c 'import json,sys; l = json.loads(sys.argv[1]); assert l["virt"] == ["mem", "cpu"], l' "$OUT" ||
		return 1
	expect_status 125 "$VCTX" limit vs --virt mem,disk || return 1
	expect_contains "$OUT" "invalid --virt 'mem,disk': no such flag: 'disk'" || return 1
	expect_status 125 "$VCTX" create --virt '' never || return 1
	! "$VCTX" info never >/dev/null 2>&1 || { echo "a refused create left a context"; return 1; }
	expect_status 0 "$VCTX" --json info vs || return 1
	python3 -c 'import json,sys; i = json.loads(sys.argv[1]); assert i["virt"] == ["mem", "cpu"], i' "$OUT" ||
		return 1
	# A new context: all of them.
	"$VCTX" create va || return 1
	expect_status 0 "$VCTX" info va || return 1
	expect_contains "$OUT" "virt:       mem,swap,uptime,load,cpu" || return 1
}

check "a context's /proc/meminfo, free, top and sysinfo show its memory limit" memory_is_the_limit
check "used memory inside follows what the context touches" used_memory_follows_the_context
check "nproc, getconf, os.cpu_count and cpu/online show its cpuset" cpus_are_the_cpuset
check "cpuinfo and /proc/stat list the context's CPUs from 0, with its own times and btime" \
	cpuinfo_and_stat_list_its_cpus
check "a 1/4 CPU share shows one CPU, sched_getaffinity too" cpus_follow_the_share
check "with a swap device, SwapTotal, free, sysinfo and /proc/swaps show its --swap" swap_is_the_contexts
check "cpu.max on its cgroup or above caps its CPUs" cpus_follow_cpu_max
check "uptime starts with the context, in /proc and sysinfo" uptime_starts_with_the_context
check "a guest's reboot restarts its uptime" uptime_restarts_at_a_reboot
check "the load average is the context's own" load_is_the_contexts
check "--virt none and the spectator see the host; --virt changes live" none_and_spectator_see_the_host
check "--virt is shown by info and limit and checked" virt_is_shown_and_checked
done_testing
