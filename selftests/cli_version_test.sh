#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `vctx version` against the loaded module, and each way it can fail to reach
# the module: every failure names the problem and the fix, and exits 125.
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
sysfs_version=$(cat /sys/module/vctx/version)

text_output_shows_tool_and_module() {
	expect_status 0 "$VCTX" version || return 1
	expect_contains "$OUT" "module:   $sysfs_version (ABI 1)" || return 1
	expect_contains "$OUT" "tool:     " || return 1
}

json_output_matches_the_module() {
	local form
	for form in "version --json" "--json version"; do
		# shellcheck disable=SC2086
		expect_status 0 "$VCTX" $form || return 1
		python3 - "$OUT" "$sysfs_version" <<'PY' || return 1
import json, sys
doc = json.loads(sys.argv[1])
assert doc["module"]["version"] == sys.argv[2], doc
assert doc["module"]["abi_version"] == 1, doc
assert doc["tool"]["abi_version"] == 1, doc
# Built from one tree: tool and module carry the same version.
assert doc["tool"]["version"] == doc["module"]["version"], doc
assert isinstance(doc["module"]["features"], int), doc
PY
	done
}

missing_node_names_the_mknod_to_run() {
	local hint
	mv /dev/vctx /tmp/vctx.node || return 1
	expect_status 125 "$VCTX" version
	local rc=$?
	mv /tmp/vctx.node /dev/vctx
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$OUT" "device node is missing" || return 1
	# The hint must be a command that really fixes it.
	hint=$(sed -n "s/.*create it with '\(mknod [^']*\)'.*/\1/p" <<<"$OUT")
	[[ -n $hint ]] || { echo "no mknod hint in: $OUT"; return 1; }
	mv /dev/vctx /tmp/vctx.node || return 1
	$hint || { mv /tmp/vctx.node /dev/vctx; return 1; }
	rm -f /tmp/vctx.node
	expect_status 0 "$VCTX" version || return 1
	expect_eq "$(stat -c %a /dev/vctx)" 600 "mode of the recreated node" || return 1
	# devtmpfs removes only the nodes it made: hand the node back to it.
	rm /dev/vctx && rmmod vctx && insmod "$VCTX_MODULE" || return 1
	[[ -c /dev/vctx ]] || { echo "devtmpfs did not recreate /dev/vctx"; return 1; }
}

stale_node_without_module_says_how_to_load_it() {
	local numbers
	numbers=$(stat -c '%t %T' /dev/vctx) || return 1
	rmmod vctx || return 1
	# shellcheck disable=SC2086
	mknod -m 600 /dev/vctx c $((0x${numbers% *})) $((0x${numbers#* }))
	expect_status 125 "$VCTX" version
	local rc=$? out=$OUT
	rm -f /dev/vctx
	insmod "$VCTX_MODULE" || return 1
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$out" "no vctx module behind this device node: load it with 'modprobe vctx'" || return 1
}

unloaded_module_says_how_to_load_it() {
	rmmod vctx || return 1
	expect_status 125 "$VCTX" version
	local rc=$? out=$OUT
	insmod "$VCTX_MODULE" || return 1
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$out" "module is not loaded" || return 1
	expect_contains "$out" "modprobe vctx" || return 1
	expect_contains "$out" "tool:     " || return 1
}

non_root_is_told_the_device_is_root_only() {
	expect_status 125 setpriv --reuid=65534 --regid=65534 --clear-groups "$VCTX" version || return 1
	expect_contains "$OUT" "Permission denied; the device is root-only" || return 1
}

wrong_device_reports_the_failed_ioctl() {
	expect_status 125 env VCTX_DEVICE=/dev/null "$VCTX" version || return 1
	expect_contains "$OUT" "VCTX_IOC_VERSION on /dev/null failed: Inappropriate ioctl" || return 1
}

check "text output shows tool and module" text_output_shows_tool_and_module
check "json output matches the module" json_output_matches_the_module
check "missing node names the mknod to run" missing_node_names_the_mknod_to_run
check "stale node without module says how to load it" stale_node_without_module_says_how_to_load_it
check "unloaded module says how to load it" unloaded_module_says_how_to_load_it
check "non-root is told the device is root-only" non_root_is_told_the_device_is_root_only
check "wrong device reports the failed ioctl" wrong_device_reports_the_failed_ioctl
done_testing
