#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Soak through the tool: limit, bind and proc changes against running
# contexts from several processes at once, and vctx.ko unloaded and loaded
# again while contexts are created, entered and destroyed and while the
# hooked paths (signals, binds, /proc reads) run at full rate. Every command
# must answer as documented; the runner checks the kernel log (KASAN,
# lockdep and the other checkers on make check-debug's kernel).
#
# Every tool command is bounded (tool_timeout): one that hangs is a failure
# with its kernel stack in the log, never a hung check. check() collects a
# check's output through a pipe, so a process left holding it would hang
# the check too: each check stops its own background work on every path.
#
# VCTX_SOAK_ROUNDS (default 2) sets the rounds of changes per process,
# VCTX_SOAK_UNLOADS (default 1) the unload/load cycles: make check's short
# form; make check-debug raises both. Runs in the test VM as root with vctx.ko loaded; leaves it
# loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_MODULE:?}"
rounds=${VCTX_SOAK_ROUNDS:-2}
unloads=${VCTX_SOAK_UNLOADS:-1}
work=$(mktemp -d)
guests=(sk1 sk2 sk3)
# A bound for one tool command, far above what one takes under emulation.
tool_timeout=120

after_each() {
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	reset_contexts
	"$VCTX" proc loadavg --unhide >/dev/null 2>&1
}

# bounded CMD...: CMD's status, within tool_timeout. A CMD still running
# then has its state and kernel stack written to stderr while it still
# hangs, is killed with its process group, and the status is 124.
# Whichever ends first, CMD or the timer, wakes wait -n: no polling.
bounded() {
	local pid timer rc
	# A session of its own, so that a hung CMD's children (which may hold
	# a caller's $(...) pipe) go with it.
	setsid "$@" &
	pid=$!
	sleep "$tool_timeout" &
	timer=$!
	wait -n "$pid" "$timer"
	if kill -0 "$pid" 2>/dev/null; then
		echo "hung for ${tool_timeout}s: $*" >&2
		ps -o pid,stat,wchan:32,args -p "$pid" --ppid "$pid" >&2
		cat "/proc/$pid/stack" >&2
		kill -9 -- "-$pid"
		wait "$pid"
		return 124
	fi
	kill "$timer" 2>/dev/null
	wait "$pid"
	rc=$?
	wait "$timer" 2>/dev/null
	return $rc
}

# run_logged LOG CMD...: CMD, bounded, and on failure its status and output
# in LOG.
run_logged() {
	local log=$1 out rc
	shift
	out=$(bounded "$@" 2>&1) && return 0
	rc=$?
	printf '%s: exit %d: %s\n' "$*" $rc "$out" >>"$log"
}

limits_loop() {
	local g=$1 i
	for ((i = 0; i < rounds; i++)); do
		run_logged "$work/fail" "$VCTX" limit "$g" --cpu 50% --pids 64 --memory 256M --virt all
		run_logged "$work/fail" "$VCTX" limit "$g" --cpu off --pids max --memory max --virt none
	done
}

bind_loop() {
	local g=$1 n=$2 i
	for ((i = 0; i < rounds; i++)); do
		run_logged "$work/fail" "$VCTX" bind "$g" --add "198.51.100.$n/24@vsoak0"
		run_logged "$work/fail" "$VCTX" bind "$g" --del "198.51.100.$n"
	done
}

proc_loop() {
	local g=$1 i
	for ((i = 0; i < rounds; i++)); do
		run_logged "$work/fail" "$VCTX" proc --context "$g" uptime --hide
		run_logged "$work/fail" "$VCTX" proc loadavg --hide
		run_logged "$work/fail" "$VCTX" proc --context "$g" uptime --reset
		run_logged "$work/fail" "$VCTX" proc loadavg --unhide
	done
}

reader_loop() {
	local g=$1 i
	for ((i = 0; i < rounds; i++)); do
		# Hidden or not at this instant: either answer is right.
		run_logged "$work/fail" "$VCTX" exec "$g" -- sh -c \
			'cat /proc/meminfo /proc/stat /proc/cpuinfo >/dev/null; cat /proc/uptime /proc/loadavg >/dev/null 2>&1; true'
	done
}

changes_race_running_contexts() {
	local g n=10 pids=()
	: >"$work/fail"
	for g in "${guests[@]}"; do
		n=$((n + 1))
		expect_status 0 bounded "$VCTX" create --net shared --ip "192.0.2.$n/24@vsoak0" \
			--init "sleep 100000" "$g" || return 1
	done
	n=10
	for g in "${guests[@]}"; do
		n=$((n + 1))
		limits_loop "$g" & pids+=($!)
		bind_loop "$g" "$n" & pids+=($!)
		proc_loop "$g" & pids+=($!)
		reader_loop "$g" & pids+=($!)
	done
	wait "${pids[@]}"
	if [[ -s $work/fail ]]; then
		echo "$(wc -l <"$work/fail") commands failed:"
		head -n 20 "$work/fail"
		return 1
	fi
	# What the last round left: no limit, the creation address only.
	for g in "${guests[@]}"; do
		expect_status 0 bounded "$VCTX" --json bind "$g" || return 1
		expect_eq "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["addresses"]))' <<<"$OUT")" 1 \
			"addresses of $g" || return 1
	done
	for g in "${guests[@]}"; do
		expect_status 0 bounded "$VCTX" destroy --force "$g" || return 1
	done
}

# The hooked paths at full rate, until their stop file appears.
hammer_signals() { while [[ ! -e $work/stop ]]; do kill -0 1; kill -0 $$; done; }
hammer_binds() {
	python3 - "$work/stop" <<-'EOF'
	import os, socket, sys
	while not os.path.exists(sys.argv[1]):
	    for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
	        s = socket.socket(fam, socket.SOCK_STREAM)
	        s.bind((addr, 0))
	        s.close()
	EOF
}
hammer_proc() { while [[ ! -e $work/stop ]]; do ls /proc /proc/self >/dev/null; cat /proc/uptime /proc/meminfo >/dev/null; done; }
# Contexts created, entered and destroyed; while the module is away the
# tool fails (125) and says so, which is the documented answer.
churn_contexts() {
	local rc
	while [[ ! -e $work/stop ]]; do
		bounded "$VCTX" run -- sh -c 'kill -0 1; cat /proc/uptime >/dev/null; ls /proc >/dev/null' \
			>/dev/null 2>"$work/last"
		rc=$?
		[[ $rc -ne 124 ]] || cat "$work/last" >>"$work/hung"
		[[ $rc -eq 0 || $rc -eq 125 ]] || echo "vctx run exited $rc" >>"$work/fail"
		[[ $rc -ne 0 ]] || echo >>"$work/runs"
	done
}

runs_above() { (($(wc -l <"$work/runs") > $1)); }

unload_while_busy() {
	local i ran pids=()
	: >"$work/fail"
	: >"$work/runs"
	: >"$work/hung"
	rm -f "$work/stop"
	# A live context pins the module: rmmod is refused, nothing changes.
	expect_status 0 bounded "$VCTX" create --init "sleep 100000" soaklive || return 1
	if rmmod vctx 2>/dev/null; then
		insmod "$VCTX_MODULE"
		echo "rmmod succeeded with a live context"
		return 1
	fi
	expect_status 0 bounded "$VCTX" exec soaklive -- true || return 1
	expect_status 0 bounded "$VCTX" destroy --force soaklive || return 1
	hammer_signals & pids+=($!)
	hammer_binds & pids+=($!)
	hammer_proc & pids+=($!)
	# One at a time: a live context and an open /dev/vctx pin the module
	# (EBUSY), so rmmod finds its moment between two runs.
	churn_contexts & pids+=($!)
	for ((i = 1; i <= unloads; i++)); do
		if ! wait_until 120 rmmod vctx; then
			echo "rmmod never succeeded in cycle $i: refcnt $(cat /sys/module/vctx/refcnt)," \
				"holders: $(ls /sys/module/vctx/holders)"
			ps -eo pid,stat,wchan:32,args | grep -F "$VCTX" | grep -v grep
			touch "$work/stop"
			return 1
		fi
		insmod "$VCTX_MODULE" || { echo "insmod failed in cycle $i"; touch "$work/stop"; return 1; }
		# Something ran on this module before the next unload.
		ran=$(wc -l <"$work/runs")
		wait_until 120 runs_above "$ran" ||
			{ echo "no context ran after load $i"; touch "$work/stop"; return 1; }
	done
	touch "$work/stop"
	wait "${pids[@]}"
	if [[ -s $work/fail ]]; then
		cat "$work/fail" "$work/hung"
		return 1
	fi
	echo "$unloads unload/load cycles, $(wc -l <"$work/runs") contexts run"
	expect_status 0 bounded "$VCTX" run -- true || return 1
	expect_eq "$(cat /sys/module/vctx/refcnt)" 0 "module refcount at rest" || return 1
}

modprobe dummy 2>/dev/null
if ! ip link add vsoak0 type dummy 2>/dev/null || ! ip link set vsoak0 up ||
	! ip addr add 192.0.2.1/24 dev vsoak0 || ! ip addr add 198.51.100.1/24 dev vsoak0; then
	skip_all "cannot set up the dummy interface vsoak0 (CONFIG_DUMMY)"
fi

check "limit, bind and proc changes race running contexts" changes_race_running_contexts
check "vctx.ko refuses to unload under a live context, and unloads and loads between runs while hooks fire" unload_while_busy
[[ -n $T_SKIP_ALL ]] || ip link del vsoak0
rm -rf "$work"
done_testing
