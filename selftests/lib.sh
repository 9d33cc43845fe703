# SPDX-License-Identifier: GPL-2.0
#
# TAP for shell tests: each check is one "ok N name" / "not ok N name" line,
# which scripts/check.sh counts exactly like the C tests' output.
#
#   check NAME FUNCTION [ARG...]   run FUNCTION; it passes when it returns 0
#   done_testing                   print the plan, exit 1 if anything failed
#
# A check whose prerequisite the kernel lacks ends with skip (directly or
# through need_kmod, need_controller, need_file): "ok N NAME # SKIP REASON",
# the kselftest way. A skip is never a pass: scripts/check.sh fails a run in
# which a check was skipped on a supported kernel. skip_all REASON before the
# checks skips every one of them (a whole file's prerequisite).
#
# A script may define after_each: it runs after every check, passed or not,
# so one failure does not leave state that fails the next checks too.
#
# Inside a check, the expect_* helpers print why they failed and return 1.

T_COUNT=0
T_FAILED=0
T_SKIP=4	# KSFT_SKIP
T_SKIP_ALL=

check() {
	local name=$1 out status t0=$SECONDS
	shift
	T_COUNT=$((T_COUNT + 1))
	if [[ -n $T_SKIP_ALL ]]; then
		echo "ok $T_COUNT $name # SKIP $T_SKIP_ALL"
		return
	fi
	out=$("$@" 2>&1)
	status=$?
	if [[ $status -eq 0 ]]; then
		echo "ok $T_COUNT $name"
	elif [[ $status -eq $T_SKIP && $(tail -n 1 <<<"$out") == "SKIP: "* ]]; then
		echo "ok $T_COUNT $name # $(tail -n 1 <<<"$out" | sed 's/^SKIP: /SKIP /')"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "not ok $T_COUNT $name"
		sed 's/^/# /' <<<"$out"
	fi
	# Its time, on a TAP comment line: where a slow test spends it shows.
	echo "# $((SECONDS - t0)) s"
	if declare -F after_each >/dev/null; then
		after_each >/dev/null 2>&1
	fi
}

done_testing() {
	echo "1..$T_COUNT"
	[[ $T_FAILED -eq 0 ]]
	exit
}

# skip REASON: end the check as skipped ('need_... || return' passes it on).
skip() {
	echo "SKIP: $*"
	return $T_SKIP
}

skip_all() {
	T_SKIP_ALL=$*
}

# need_kmod MODULE CONFIG: MODULE is built in or loads.
need_kmod() {
	[[ -d /sys/module/$1 ]] || modprobe -q "$1" 2>/dev/null || skip "no $1 module ($2)"
}

# need_controller NAME CONFIG: the cgroup v2 root offers controller NAME.
need_controller() {
	grep -qw "$1" /sys/fs/cgroup/cgroup.controllers 2>/dev/null || skip "no cgroup $1 controller ($2)"
}

# need_file PATH CONFIG: the kernel provides PATH (/proc/self/ns/user ...).
need_file() {
	[[ -e $1 ]] || skip "no $1 ($2)"
}

# reset_contexts: vctx.ko loaded again if a check unloaded it, and every
# context destroyed ($VCTX and $VCTX_MODULE set by the test).
reset_contexts() {
	local name
	grep -q '^vctx ' /proc/modules || insmod "$VCTX_MODULE"
	for name in $("$VCTX" --json list | python3 -c 'import json,sys; print(" ".join(c["name"] for c in json.load(sys.stdin)))'); do
		"$VCTX" destroy --force "$name"
	done
}

# pid_of CMDLINE: the one process whose whole command line is CMDLINE.
pid_of() {
	local pid
	pid=$(pgrep -x -f "$1") || { echo "no process '$1'" >&2; return 1; }
	[[ $pid != *$'\n'* ]] || { echo "more than one process '$1'" >&2; return 1; }
	echo "$pid"
}

# expect_status WANT CMD...: CMD exits with WANT; its output lands in $OUT.
expect_status() {
	local want=$1 got
	shift
	OUT=$("$@" 2>&1) && got=0 || got=$?
	if [[ $got -ne $want ]]; then
		echo "'$*' exited $got, expected $want; output:"
		echo "$OUT"
		return 1
	fi
}

expect_contains() {
	local haystack=$1 needle=$2
	if [[ $haystack != *"$needle"* ]]; then
		echo "expected to find: $needle"
		echo "in: $haystack"
		return 1
	fi
}

expect_eq() {
	if [[ $1 != "$2" ]]; then
		echo "expected '$2', got '$1'${3:+ ($3)}"
		return 1
	fi
}

# wait_until SECONDS CMD...: poll CMD (every 20 ms) until it succeeds; fails
# with a message after SECONDS. For states that offer no event to wait on.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		if [[ $SECONDS -ge $deadline ]]; then
			echo "timed out waiting for: $*"
			return 1
		fi
		sleep 0.02
	done
}
