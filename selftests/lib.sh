# SPDX-License-Identifier: GPL-2.0
#
# TAP for shell tests: each check is one "ok N name" / "not ok N name" line,
# which scripts/check.sh counts exactly like the C tests' output.
#
#   check NAME FUNCTION [ARG...]   run FUNCTION; it passes when it returns 0
#   done_testing                   print the plan, exit 1 if anything failed
#
# A script may define after_each: it runs after every check, passed or not,
# so one failure does not leave state that fails the next checks too.
#
# Inside a check, the expect_* helpers print why they failed and return 1.

T_COUNT=0
T_FAILED=0

check() {
	local name=$1 out
	shift
	T_COUNT=$((T_COUNT + 1))
	if out=$("$@" 2>&1); then
		echo "ok $T_COUNT $name"
	else
		T_FAILED=$((T_FAILED + 1))
		echo "not ok $T_COUNT $name"
		sed 's/^/# /' <<<"$out"
	fi
	if declare -F after_each >/dev/null; then
		after_each >/dev/null 2>&1
	fi
}

done_testing() {
	echo "1..$T_COUNT"
	[[ $T_FAILED -eq 0 ]]
	exit
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
