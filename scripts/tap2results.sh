#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tap2results.sh PREFIX EXIT_STATUS < TAP: turns a test program's TAP output
# into result lines "PASS|FAIL|SKIP PREFIX: NAME" for scripts/check.sh to
# count. A skip ("ok N NAME # SKIP REASON", kselftest's way of saying a
# prerequisite is missing) is a line of its own, "SKIP PREFIX: NAME (REASON)",
# never a pass: check.sh counts it as a failure on the supported kernels. A
# program that exited non-zero without reporting a failed or skipped test, or
# that reported no test at all, adds a failure of its own.
set -uo pipefail

prefix=$1
status=$2
ran=0 failed=0 skipped=0

while IFS= read -r line; do
	if [[ $line =~ ^not\ ok\ [0-9]+\ (.*)$ ]]; then
		echo "FAIL $prefix: ${BASH_REMATCH[1]}"
		ran=$((ran + 1)) failed=$((failed + 1))
	elif [[ $line =~ ^ok\ [0-9]+\ (.*)\ #\ SKIP\ *(.*)$ ]]; then
		echo "SKIP $prefix: ${BASH_REMATCH[1]} (skipped: ${BASH_REMATCH[2]:-no reason given})"
		ran=$((ran + 1)) skipped=$((skipped + 1))
	elif [[ $line =~ ^ok\ [0-9]+\ (.*)$ ]]; then
		echo "PASS $prefix: ${BASH_REMATCH[1]}"
		ran=$((ran + 1))
	fi
done

if [[ $ran -eq 0 ]]; then
	echo "FAIL $prefix: reported no test (exit status $status)"
elif [[ $status -ne 0 && $failed -eq 0 && ! ($status -eq 4 && $skipped -gt 0) ]]; then
	# (4 is KSFT_SKIP: a harness program whose tests were all skipped.)
	echo "FAIL $prefix: exited $status after $ran passing tests"
fi
