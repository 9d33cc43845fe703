#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-debian.sh [--rebuild]: the slow, optional Debian guest test.
#
# Builds a Debian guest on the host with 'vctx build --debootstrap bookworm'
# (the host has the network; the VM has none) into build/debian-guest, then
# on each LTS kernel boots the VM and runs selftests/debian_guest.sh: the
# guest boots to its own init, answers vctx exec, reboots, stops with SIGPWR.
# The built root is reused unless --rebuild. Prints timings, then
# "N passed, N failed"; the exit status is non-zero on any failure.
set -uo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
cd "$tree" || exit 125
dir=$tree/build/debian-guest
logs=$tree/build/check-debian
vctx=$tree/build/userland/vctx
passed=0 failed=0

record() {
	echo "$1 $2"
	if [[ $1 == PASS ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

summary() {
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
	exit
}

rm -rf "$logs"
mkdir -p "$logs"
scripts/install-deps.sh || exit 125
if ! command -v debootstrap >/dev/null; then
	[[ $EUID -eq 0 ]] || { echo "check-debian.sh: install debootstrap (as root)" >&2; exit 125; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap ||
		exit 125
fi
make -s userland selftests module KERNELS=lts >"$logs/build.log" 2>&1 ||
	{ tail -n 30 "$logs/build.log"; record FAIL "build"; summary; }

if [[ ${1:-} == --rebuild || ! -x $dir/rootfs/sbin/init || ! -f $dir/etc/deb.conf ]]; then
	rm -rf "$dir"
	mkdir -p "$dir/etc"
	t0=$SECONDS
	if VCTX_CONFIG_DIR=$dir/etc "$vctx" build deb --debootstrap bookworm --root "$dir/rootfs" \
		>"$logs/debootstrap.log" 2>&1; then
		record PASS "host: vctx build deb --debootstrap bookworm ($((SECONDS - t0)) s)"
	else
		tail -n 20 "$logs/debootstrap.log" | sed 's/^/    /'
		record FAIL "host: vctx build deb --debootstrap bookworm"
		summary
	fi
fi

for k in $(scripts/kernels.sh --lts); do
	t0=$SECONDS
	scripts/vm/vm-run.sh -k "$k" -t 900 -o "$logs/vm-$k" -- \
		env VCTX_CONFIG_DIR="$dir/etc" bash selftests/debian_guest.sh >"$logs/vm-$k.log" 2>&1
	status=$?
	grep '^# ' "$logs/vm-$k/output.log" | sed "s/^# /    $k: /"
	while read -r line; do
		case $line in
		"ok "*" # SKIP"*) record FAIL "$k: ${line#ok * } (a skip is no pass)" ;;
		"ok "*) record PASS "$k: ${line#ok * }" ;;
		"not ok "*) record FAIL "$k: ${line#not ok * }" ;;
		esac
	done < <(grep -E '^(not )?ok ' "$logs/vm-$k/output.log")
	if [[ $status -eq 0 ]]; then
		record PASS "$k: VM finished with a clean kernel log ($((SECONDS - t0)) s)"
	else
		record FAIL "$k: VM exited $status ($(cat "$logs/vm-$k/status" 2>/dev/null))"
		grep -E -A6 '^not ok' "$logs/vm-$k/output.log" | sed 's/^/    /'
	fi
done
summary
