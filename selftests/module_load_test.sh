#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload vctx.ko repeatedly: the device comes and goes with the
# module and nothing of it is left behind; an open device pins the module.
# Runs in the test VM as root with vctx.ko loaded; leaves it loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_MODULE:?}"

device_gone() {
	[[ ! -e /dev/vctx ]] || { echo "/dev/vctx still exists"; return 1; }
	[[ ! -e /sys/class/misc/vctx ]] || { echo "/sys/class/misc/vctx still exists"; return 1; }
	! grep -qw vctx /proc/misc || { echo "vctx still in /proc/misc"; return 1; }
	! grep -qw '^vctx' /proc/modules || { echo "vctx still in /proc/modules"; return 1; }
}

device_present() {
	[[ -c /dev/vctx ]] || { echo "/dev/vctx missing after insmod"; return 1; }
	expect_eq "$(stat -c %a /dev/vctx)" 600 "mode of /dev/vctx" || return 1
	expect_eq "$(grep -cw vctx /proc/misc)" 1 "vctx entries in /proc/misc" || return 1
	expect_status 0 "$VCTX" version || return 1
}

three_load_unload_cycles_leave_nothing_behind() {
	local i
	for i in 1 2 3; do
		rmmod vctx || { echo "rmmod failed in cycle $i"; return 1; }
		device_gone || return 1
		insmod "$VCTX_MODULE" || { echo "insmod failed in cycle $i"; return 1; }
		device_present || return 1
	done
	expect_eq "$(cat /sys/module/vctx/refcnt)" 0 "module refcount at rest" || return 1
}

open_device_pins_the_module() {
	exec {fd}</dev/vctx || return 1
	if rmmod vctx 2>/dev/null; then
		exec {fd}<&-
		insmod "$VCTX_MODULE"
		echo "rmmod succeeded while /dev/vctx was open"
		return 1
	fi
	expect_eq "$(cat /sys/module/vctx/refcnt)" 1 "refcount with one open fd" || return 1
	exec {fd}<&-
	rmmod vctx || { echo "rmmod failed after the fd was closed"; return 1; }
	insmod "$VCTX_MODULE" || return 1
	device_present || return 1
}

load_logs_version_and_unload_is_logged() {
	dmesg | grep -q "vctx: version $(cat /sys/module/vctx/version) loaded (ABI 1)" ||
		{ echo "no load message in dmesg"; return 1; }
	dmesg | grep -q "vctx: unloaded" || { echo "no unload message in dmesg"; return 1; }
}

check "three load/unload cycles leave nothing behind" three_load_unload_cycles_leave_nothing_behind
check "an open device pins the module" open_device_pins_the_module
check "load and unload are logged" load_logs_version_and_unload_is_logged
done_testing
