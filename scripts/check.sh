#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--host-only | --cloud | --debug]: every test of vctx.
#
#   1. host: userland with -Werror and with ASan/UBSan, its unit tests, the
#      headers, install/uninstall, checkpatch, the VM's staging of a tree
#      checked out under /tmp;
#   2. for the newest Debian 6.1 and 6.12 and Debian's cloud kernel: their
#      config has what the tests and the VM need (selftests/config,
#      scripts/vm/config and the VM's share transport), vctx.ko builds
#      warning-free (W=1, sparse);
#   3. on 6.1 and 6.12, a VM running selftests/run.sh, whose kernel log must
#      stay free of warnings, oopses and BUGs (the VMs side by side);
#   4. the VM runner itself, on the cloud kernel (so its virtio-fs shares
#      and vctx.ko's load there are part of every run): exit status passed
#      through, crash and hang caught.
#
# --cloud: only the builds and the cloud kernel's steps 2 and 3 (the whole
# VM suite on it: 'make check-cloud', beside 'make check' rather than in it,
# which keeps the latter within CI's half hour).
# --debug: the same on the debug kernel that scripts/debug/build-kernel.sh
# builds from linux-source-6.12 (KASAN, lockdep, kmemleak, UBSAN), with
# the soak tests raised to their full length ('make check-debug').
#
# Every check is one "PASS|FAIL name" line ("SKIP name (skipped: reason)"
# for a test whose prerequisite is missing: a failure on the host, 6.1 and
# 6.12); the last line is "N passed, N failed" and the exit status is
# non-zero on any failure.
# Logs: build/check/.
set -uo pipefail

tree=$(cd "$(dirname "$0")/.." && pwd)
cd "$tree" || exit 125
build=$tree/build
logs=$build/check
results=$logs/results
rm -rf "$logs"
mkdir -p "$logs"
: >"$results"
version=$(make -s version)
vm_timeout=${VCTX_VM_TIMEOUT:-2100}
# What a kernel's VM is booted with (vm-run.sh's option, -k or -K for the
# debug kernel, and its argument, KVER or DIR, apart so that a directory
# with spaces stays one word), its config and build tree, and what the
# suite runs under.
declare -A vm_kopt vm_karg kconfig_of kbuild_of
suite=(selftests/run.sh)

record() {
	echo "$1 $2" | tee -a "$results"
}

slug() { tr -c 'A-Za-z0-9._-' '_' <<<"$1" | sed 's/_*$//'; }

# step NAME CMD...: one check, passing when CMD exits 0.
step() {
	local name=$1 log
	shift
	log=$logs/$(slug "$name").log
	if "$@" >"$log" 2>&1; then
		record PASS "$name"
	else
		record FAIL "$name"
		tail -n 30 "$log" | sed 's/^/    /'
	fi
}

# tap NAME CMD...: a test program printing TAP; one check per test.
tap() {
	local name=$1 log status
	shift
	log=$logs/$(slug "$name").log
	"$@" >"$log" 2>&1
	status=$?
	scripts/tap2results.sh "$name" "$status" <"$log" | tee -a "$results" >"$log.results"
	cat "$log.results"
	grep -q '^FAIL' "$log.results" && grep -E -A6 '^not ok' "$log" | sed 's/^/    /'
	return 0
}

# status_is WANT|WANT2 CMD...: CMD exits with one of the given statuses.
status_is() {
	local want=$1 got
	shift
	"$@"
	got=$?
	[[ "|$want|" == *"|$got|"* ]] || { echo "exit status $got, expected $want"; return 1; }
}

# The suite's path logic from a checkout under /tmp: the VM stages such a
# tree (scripts/vm/stage-tree.sh) with everything a test runs in a context,
# and nothing of .git or of the rest of build/.
staged_from_tmp() {
	local t f rc=0
	t=$(mktemp -d /tmp/vctx-anywhere.XXXXXX) || return 1
	if scripts/vm/stage-tree.sh "$tree" "$t/clone" && mkdir -p "$t/clone/.git" "$t/clone/build/check" &&
		(cd / && "$t/clone/scripts/vm/stage-tree.sh" "$t/clone" "$t/staged"); then
		for f in build/userland/vctx build/selftests/helpers/hog selftests/netprobe.py \
			selftests/run.sh scripts/vm/kernel-log-errors scripts/tap2results.sh; do
			[[ -e $t/staged/$f ]] || { echo "$f not staged"; rc=1; }
		done
		for f in .git build/check; do
			[[ ! -e $t/staged/$f ]] || { echo "$f staged"; rc=1; }
		done
	else
		rc=1
	fi
	rm -rf "$t"
	return $rc
}

# A skip on the host or on a supported kernel (6.1, 6.12, and Debian's
# cloud kernel, a 6.1) counts as a failure: every test the README promises
# runs there. A skip on another kernel is listed but not counted.
supported_skips() { grep -E '^SKIP (host|6\.1\.|6\.12\.)' "$results"; }

summary() {
	local passed failed skipped
	passed=$(grep -c '^PASS' "$results")
	failed=$(grep -c '^FAIL' "$results")
	skipped=$(supported_skips | wc -l)
	if grep -q '^SKIP' "$results"; then
		echo
		echo "skipped (a missing prerequisite; on a supported kernel, a failure):"
		grep '^SKIP' "$results" | sed 's/^SKIP /    /'
	fi
	failed=$((failed + skipped))
	echo
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 && $passed -gt 0 ]]
	exit
}

mode=${1:-}
case $mode in
"" | --host-only | --cloud | --debug) ;;
*) echo "usage: check.sh [--host-only | --cloud | --debug]" >&2; exit 125 ;;
esac

echo "== host"
step "host: kselftest harness extracted from linux-source" make -s kselftest-headers
step "host: userland builds with -Werror" make -s userland
if [[ $mode == --cloud || $mode == --debug ]]; then
	step "host: VM selftests build" make -s selftests
else
step "host: userland and unit tests build with ASan/UBSan" \
	make -s -C userland O="$build/asan" SANITIZE=1 VERSION="$version" all tests
tap "host: json_test" "$build/asan/tests/json_test"
tap "host: caps_test" "$build/asan/tests/caps_test"
tap "host: name_test" "$build/asan/tests/name_test"
tap "host: ps_test" "$build/asan/tests/ps_test"
tap "host: units_test" "$build/asan/tests/units_test"
tap "host: bucket_test" "$build/asan/tests/bucket_test"
tap "host: procpath_test" "$build/asan/tests/procpath_test"
tap "host: netaddr_test" "$build/asan/tests/netaddr_test"
tap "host: config_test" "$build/asan/tests/config_test"
tap "host: fds_test" "$build/asan/tests/fds_test"
tap "host: defaults_test" "$build/asan/tests/defaults_test"
tap "host: sockfam_test" "$build/asan/tests/sockfam_test"
tap "host: linkspec_test" "$build/asan/tests/linkspec_test"
step "host: uapi layout and command numbers are frozen" "$build/asan/tests/uapi_test"
tap "host: header_test" bash userland/tests/header_test.sh
tap "host: cli_test" env VCTX="$build/asan/vctx" bash userland/tests/cli_test.sh
tap "host: install_test" bash userland/tests/install_test.sh
step "host: checkpatch finds nothing in module/ and uapi/" make -s checkpatch
step "host: VM selftests build" make -s selftests
step "host: a tree under /tmp is staged for the VM with every helper" staged_from_tmp
fi

[[ $mode == --host-only ]] && summary

echo "== kernels"
kvers= cloud=
if [[ $mode == --debug ]]; then
	if kdir=$(scripts/debug/build-kernel.sh 2>"$logs/debug-kernel.log"); then
		record PASS "kernels: the debug kernel built from linux-source-6.12 (or cached)"
		kvers=$(cat "$kdir/kernel.release")
		vm_kopt[$kvers]=-K
		vm_karg[$kvers]=$kdir
		kconfig_of[$kvers]=$kdir/config
		kbuild_of[$kvers]=$kdir/obj
		# Every checker slows the kernel down several times over.
		[[ -n ${VCTX_VM_TIMEOUT:-} ]] || vm_timeout=14400
		suite=(env VCTX_SOAK_CYCLES=10000 VCTX_SOAK_ROUNDS=40
			VCTX_SOAK_UNLOADS=20 VCTX_FUZZ_CALLS=5000000
			VCTX_TEST_TIMEOUT="${VCTX_TEST_TIMEOUT:-5400}" selftests/run.sh)
	else
		record FAIL "kernels: the debug kernel built from linux-source-6.12 (or cached)"
		tail -n 30 "$logs/debug-kernel.log" | sed 's/^/    /'
	fi
else
	if [[ $mode != --cloud ]] && ! kvers=$(scripts/kernels.sh --lts 2>"$logs/kernels.log"); then
		record FAIL "kernels: Debian 6.1 and 6.12 with headers installed"
		sed 's/^/    /' "$logs/kernels.log"
	fi
	if ! cloud=$(scripts/kernels.sh --cloud 2>"$logs/kernels-cloud.log"); then
		record FAIL "kernels: Debian's cloud kernel with headers installed"
		sed 's/^/    /' "$logs/kernels-cloud.log"
	fi
	[[ $mode != --cloud ]] || kvers=$cloud
fi
for k in $kvers $([[ $mode == --cloud || $mode == --debug ]] || echo "$cloud"); do
	: "${vm_kopt[$k]:=-k}" "${vm_karg[$k]:=$k}" "${kconfig_of[$k]:=/boot/config-$k}" "${kbuild_of[$k]:=/lib/modules/$k/build}"
	# The share transport (9p or virtio-fs) is the kernel's own choice.
	if fs=$(scripts/vm/fs-transport.sh "$k" "${kconfig_of[$k]}" 2>"$logs/fs-$k.log"); then
		step "$k: kernel config has every option of selftests/config and scripts/vm/config{,-$fs}" \
			scripts/config-check.sh "${kconfig_of[$k]}" selftests/config scripts/vm/config \
			"scripts/vm/config-$fs"
	else
		record FAIL "$k: kernel config can share the host's root with the VM"
		sed 's/^/    /' "$logs/fs-$k.log"
	fi
	step "$k: vctx.ko builds warning-free with W=1 and sparse" \
		scripts/build-module.sh --strict "${kbuild_of[$k]}" "$version"
done

# The kernels' VMs run side by side: each is one TCG thread (vm-run.sh), so
# two of them share a 2-core machine without slowing each other much.
declare -A vm_pid
echo "== VMs: $(echo $kvers) side by side"
for k in $kvers; do
	scripts/vm/vm-run.sh "${vm_kopt[$k]}" "${vm_karg[$k]}" -t "$vm_timeout" -o "$logs/vm-$k" -- "${suite[@]}" \
		>"$logs/vm-$k.log" 2>&1 &
	vm_pid[$k]=$!
done
for k in $kvers; do
	wait "${vm_pid[$k]}"
	vm_status=$?
	echo "== VM $k"
	out=$logs/vm-$k
	# A suite that never ran must not look like one that passed.
	if ! grep -q '^PASS' "$out/results" 2>/dev/null; then
		record FAIL "$k: selftests ran in the VM (exit status $vm_status, no passing result)"
	elif [[ $vm_status -ne 0 ]] && ! grep -q '^FAIL\|^SKIP' "$out/results"; then
		record FAIL "$k: selftests exited $vm_status without naming a failed test"
	fi
	# Every program of the suite reported (a VM that hung left some out).
	for t in "$build"/selftests/*_test selftests/*_test.sh; do
		t=$(basename "$t" .sh)
		grep -q "^[A-Z]* $k: $t: " "$out/results" 2>/dev/null ||
			echo "FAIL $k: $t: did not run" >>"$out/results"
	done
	if [[ -f $out/results ]]; then
		tee -a "$results" <"$out/results"
		for f in $(grep -l '^not ok' "$out"/*.log 2>/dev/null); do
			grep -E -A6 '^not ok' "$f" | sed "s|^|    $(basename "$f"): |"
		done
	fi
	if [[ $(cat "$out/status" 2>/dev/null) == ok ]]; then
		record PASS "$k: VM finished with a clean kernel log"
	else
		record FAIL "$k: VM finished with a clean kernel log ($(cat "$out/status" 2>/dev/null || echo no status))"
		tail -n 30 "$logs/vm-$k.log" | sed 's/^/    /'
	fi
done

[[ $mode == --cloud || $mode == --debug ]] && summary

echo "== VM runner"
k=$cloud
if [[ -n $k ]]; then
	# With vctx.ko loaded: the cloud kernel's load of it, in every run.
	step "runner: passes the command's exit status through ($k, vctx.ko loaded)" \
		status_is 7 scripts/vm/vm-run.sh -k "$k" -t 120 -o "$logs/runner-status" -- \
		bash -c 'grep -q "^vctx " /proc/modules && exit 7'
	step "runner: reports a kernel crash" \
		status_is '123|125' scripts/vm/vm-run.sh -n -k "$k" -t 120 -o "$logs/runner-crash" -- \
		bash -c 'echo c >/proc/sysrq-trigger; sleep 60'
	step "runner: reports a hung VM" \
		status_is 124 scripts/vm/vm-run.sh -n -k "$k" -t 45 -o "$logs/runner-hang" -- sleep 600
fi

summary
