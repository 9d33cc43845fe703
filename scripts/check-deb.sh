#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-deb.sh [lts|newest|all|cloud|KVER...]: the Debian packages as a
# provider installs them (make check-deb).
#
# Builds the packages on the host (scripts/build-deb.sh: dpkg-buildpackage,
# then lintian) into build/deb/, then on each kernel (default: the newest
# 6.1 and 6.12, scripts/kernels.sh --lts) boots the VM without the tree's
# module (vm-run.sh -n) and runs selftests/deb/install_test.sh: dpkg -i,
# DKMS builds vctx.ko for that kernel, modprobe loads it, the packaged tool runs a
# context, dpkg --purge leaves nothing. One VM at a time: DKMS compiles the
# module inside it, under TCG, which is the slow part.
#
# Prints "PASS|FAIL name" lines with timings, then "N passed, N failed";
# the exit status is non-zero on any failure. Logs: build/check-deb/.
set -euo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
cd "$tree"
logs=$tree/build/check-deb
# A bound for a hung VM: a 6.1 VM compiles the module twice under TCG, and
# one compile took up to 1099 s of a 6.12 VM beside other VMs.
vm_timeout=${VCTX_VM_TIMEOUT:-3000}
passed=0 failed=0

record() {
	echo "$1 $2"
	if [[ $1 == PASS ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

summary() {
	echo "$passed passed, $failed failed (${SECONDS} s)"
	[[ $failed -eq 0 && $passed -gt 0 ]]
	exit
}

case "${1:-lts}" in
lts | newest | cloud) kernels=$(scripts/kernels.sh "--${1:-lts}") ;;
all) kernels=$(scripts/kernels.sh) ;;
*) kernels=$* ;;
esac
[[ -n $kernels ]] || { echo "check-deb.sh: no kernel to boot (scripts/kernels.sh found none)" >&2; exit 125; }

rm -rf "$logs"
mkdir -p "$logs"
t0=$SECONDS
if scripts/build-deb.sh >"$logs/build-deb.log" 2>&1; then
	record PASS "host: make deb, lintian clean ($((SECONDS - t0)) s)"
else
	tail -n 30 "$logs/build-deb.log" | sed 's/^/    /'
	record FAIL "host: make deb, lintian clean"
	summary
fi

for k in $kernels; do
	t0=$SECONDS
	set +e
	scripts/vm/vm-run.sh -n -k "$k" -t "$vm_timeout" -o "$logs/vm-$k" -- \
		bash selftests/deb/install_test.sh >"$logs/vm-$k.log" 2>&1
	status=$?
	set -e
	out=$logs/vm-$k/output.log
	[[ -f $out ]] || out=$logs/vm-$k.log
	# A skip is no pass: every check of deb/install_test.sh runs on every
	# kernel.
	while read -r line; do
		case $line in
		"ok "*" # SKIP"*) record FAIL "$k: deb: ${line#ok * } (a skip is no pass)" ;;
		"ok "*) record PASS "$k: deb: ${line#ok * }" ;;
		"not ok "*) record FAIL "$k: deb: ${line#not ok * }" ;;
		esac
	done < <(grep -E '^(not )?ok ' "$out" || true)
	if [[ $status -eq 0 ]]; then
		record PASS "$k: VM finished with a clean kernel log ($((SECONDS - t0)) s)"
	else
		record FAIL "$k: VM exited $status ($(cat "$logs/vm-$k/status" 2>/dev/null || echo no status)) after $((SECONDS - t0)) s"
		grep -E -A12 '^not ok' "$out" | sed 's/^/    /' || tail -n 20 "$logs/vm-$k.log" | sed 's/^/    /'
	fi
done
summary
