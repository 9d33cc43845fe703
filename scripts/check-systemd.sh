#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-systemd.sh: the systemd lane (make check-systemd), on 6.1 and 6.12
# side by side. Each kernel's VM boots the host's own systemd as pid 1
# (vm-run.sh -S) three times:
#   1. selftests/systemd/units_test.sh: make install, the udev rule, and
#      vctx@.service through systemctl (start, reboot inside, restart, stop,
#      poweroff inside, the journal);
#   2. and 3. selftests/systemd/reboot_test.sh before|after over one disk
#      image holding the overlay's writable layer (vm-run.sh -d): guests
#      marked AUTOSTART=yes come back after the host's reboot.
# Every VM's kernel log must stay clean. Prints "PASS|FAIL" lines, then
# "N passed, N failed"; the exit status is non-zero on any failure.
# Logs: build/check-systemd/.
set -uo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
cd "$tree" || exit 125
logs=$tree/build/check-systemd
rm -rf "$logs"
mkdir -p "$logs"

scripts/install-deps.sh || exit 125
make -s userland selftests module KERNELS=lts >"$logs/build.log" 2>&1 ||
	{ tail -n 30 "$logs/build.log"; echo "FAIL build"; echo "0 passed, 1 failed"; exit 1; }
kvers=$(scripts/kernels.sh --lts) || exit 125

# vm KVER NAME [vm-run.sh options] -- CMD...: one VM run; its checks and
# its kernel log's verdict as result lines in $logs/KVER.results.
vm() {
	local k=$1 name=$2 out status t0=$SECONDS
	shift 2
	out=$logs/$k-$name
	scripts/vm/vm-run.sh -S -k "$k" -t 1200 -o "$out" "$@" >"$out.log" 2>&1
	status=$?
	scripts/tap2results.sh "$k: $name" "$status" <"$out/output.log" >>"$logs/$k.results" 2>/dev/null ||
		echo "FAIL $k: $name: no test output" >>"$logs/$k.results"
	if [[ $(cat "$out/status" 2>/dev/null) == ok ]]; then
		echo "PASS $k: $name: VM finished with a clean kernel log ($((SECONDS - t0)) s)" >>"$logs/$k.results"
	else
		echo "FAIL $k: $name: VM finished with a clean kernel log ($(cat "$out/status" 2>/dev/null || echo no status))" >>"$logs/$k.results"
	fi
}

lane() {
	local k=$1 disk=$logs/$1-overlay.img
	: >"$logs/$k.results"
	vm "$k" units -- bash selftests/systemd/units_test.sh
	rm -f "$disk"
	if truncate -s 2G "$disk" && mkfs.ext4 -q "$disk"; then
		vm "$k" reboot-before -d "$disk" -- bash selftests/systemd/reboot_test.sh before
		vm "$k" reboot-after -d "$disk" -- bash selftests/systemd/reboot_test.sh after
	else
		echo "FAIL $k: an ext4 image for the overlay" >>"$logs/$k.results"
	fi
	rm -f "$disk"
}

t0=$SECONDS
pids=()
for k in $kvers; do
	lane "$k" &
	pids+=($!)
done
wait "${pids[@]}"

for k in $kvers; do
	cat "$logs/$k.results"
	for f in "$logs/$k"-*/output.log; do
		grep -E -A6 '^not ok' "$f" | sed "s|^|    $(basename "$(dirname "$f")"): |"
	done
done
passed=$(cat "$logs"/*.results | grep -c '^PASS')
failed=$(cat "$logs"/*.results | grep -c -v '^PASS')
echo "(wall time $((SECONDS - t0)) s)"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
