#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vctx under a real systemd (issue 22): the units and the udev rule as
# 'make install' puts them on a host, driven through systemctl. Runs in the
# VM booted with systemd as pid 1 (vm-run.sh -S, scripts/check-systemd.sh),
# vctx.ko installed for modprobe and not loaded yet.
#
# The udev rule applies /etc/vctx/procfs.rules when the module loads;
# systemctl start vctx@shop runs the guest's init as pid 1 of a context in
# the unit's delegated cgroup; a reboot inside keeps the unit and its
# supervisor; systemctl restart and stop (within STOP_TIMEOUT, the guest's
# init shutting down); a poweroff inside leaves the unit inactive, not
# failed; the journal has the supervisor's log.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

unit=vctx@shop.service
cg=/sys/fs/cgroup/system.slice/system-vctx.slice/$unit

# Every check starts with the guest stopped and its boot log empty.
after_each() {
	systemctl stop "$unit"
	systemctl reset-failed "$unit"
	: >/var/lib/vctx/shop/rootfs/var/log/boot.log
	return 0
}

installs() {
	expect_status 0 install_vctx || return 1
	expect_eq "$(prop "$unit" LoadState)" loaded "vctx@.service found by systemd" || return 1
	expect_eq "$(prop vctx-autostart.service LoadState)" loaded || return 1
	build_guest shop || return 1
	"$VCTX" config shop STOP_TIMEOUT=20 CPU=25% MEMORY=128M || return 1
}

# Baseline first: /proc/kallsyms is hidden from guests by the module's
# defaults. The policy file unhides it; only udev's rule can apply it,
# since nothing else runs 'vctx proc --apply' here.
udev_applies_procfs_rules() {
	[[ ! -d /sys/module/vctx ]] || { echo "vctx.ko is loaded already"; return 1; }
	printf '# the systemd lane\n/proc/kallsyms\n' >"$CONF/procfs.rules"
	modprobe vctx || return 1
	udevadm settle --timeout=60 || return 1
	wait_until 30 kallsyms_shown || { "$VCTX" proc --list | grep kallsyms; return 1; }
}

# kallsyms_shown: the global table lists /proc/kallsyms without hide.
kallsyms_shown() {
	"$VCTX" proc --list --json | python3 -c '
import json, sys
e = [e for e in json.load(sys.stdin) if e["path"].endswith("kallsyms")]
sys.exit(not e or e[0]["hide"])'
}

starts_in_its_delegated_cgroup() {
	expect_status 0 systemctl start "$unit" || return 1
	wait_until 60 booted shop 1 || return 1
	expect_eq "$(prop "$unit" ActiveState)" active || return 1
	local state xid pid main
	read -r state xid pid < <(status_of shop)
	expect_eq "$state" running || return 1
	main=$(prop "$unit" MainPID)
	expect_eq "$("$VCTX" exec shop -- cat /proc/1/comm)" init "pid 1 inside" || return 1
	grep -qP '^NSpid:\t\d+\t1$' "/proc/$pid/status" || { grep NSpid "/proc/$pid/status"; return 1; }
	expect_eq "$(cat "/proc/$pid/cgroup")" "0::/system.slice/system-vctx.slice/$unit/guest" "guest's cgroup" || return 1
	expect_eq "$(cat "/proc/$main/cgroup")" "0::/system.slice/system-vctx.slice/$unit/supervisor" "supervisor's cgroup" || return 1
	expect_eq "$(cat "$cg/guest/memory.max")" 134217728 "MEMORY=128M" || return 1
	expect_contains "$(cat "/proc/vctx/$xid/sched")" "interval_ms: 4" "CPU=25%" || return 1
	local st
	st=$(systemctl status --no-pager --lines=0 "$unit")
	expect_contains "$st" "active (running)" || return 1
	# The cgroup tree systemctl shows holds the guest's init.
	grep -qE "(^|[^0-9])$pid [^ ]*init" <<<"$st" || { echo "$st"; return 1; }
}

reboot_inside_keeps_the_unit() {
	systemctl start "$unit" && wait_until 60 booted shop 1 || return 1
	local main pid state xid pid2
	main=$(prop "$unit" MainPID)
	read -r state xid pid < <(status_of shop)
	"$VCTX" exec shop -- reboot || return 1
	wait_until 60 booted shop 2 || return 1
	wait_until 30 running shop || return 1
	read -r state xid pid2 < <(status_of shop)
	[[ $pid2 != "$pid" ]] || { echo "the same init ($pid) after the reboot"; return 1; }
	expect_eq "$(prop "$unit" ActiveState)" active "unit after the reboot" || return 1
	expect_eq "$(prop "$unit" MainPID)" "$main" "the same supervisor" || return 1
	expect_eq "$(cat "/proc/$pid2/cgroup")" "0::/system.slice/system-vctx.slice/$unit/guest" || return 1
}

restart_runs_a_new_guest() {
	systemctl start "$unit" && wait_until 60 booted shop 1 || return 1
	local main pid state xid
	main=$(prop "$unit" MainPID)
	read -r state xid pid < <(status_of shop)
	expect_status 0 systemctl restart "$unit" || return 1
	wait_until 60 running shop || return 1
	[[ $(prop "$unit" MainPID) != "$main" ]] || { echo "the same supervisor after restart"; return 1; }
	[[ $(status_of shop | cut -d' ' -f3) != "$pid" ]] || { echo "the same init after restart"; return 1; }
	# The old guest shut down cleanly on the way.
	expect_eq "$(shutdowns_of shop)" 1 "shutdowns" || return 1
}

stop_is_graceful() {
	systemctl start "$unit" && wait_until 60 booted shop 1 || return 1
	local t0=$SECONDS
	expect_status 0 systemctl stop "$unit" || return 1
	(( SECONDS - t0 < 20 )) || { echo "stopped in $((SECONDS - t0)) s, STOP_TIMEOUT is 20"; return 1; }
	expect_eq "$(prop "$unit" ActiveState)" inactive || return 1
	expect_eq "$(prop "$unit" Result)" success || return 1
	expect_eq "$(shutdowns_of shop)" 1 "the guest's init ran its shutdown" || return 1
	[[ ! -e $cg ]] || { echo "the unit's cgroup is left"; ls "$cg"; return 1; }
	expect_eq "$(status_of shop)" "stopped None None" || return 1
}

poweroff_inside_ends_the_unit() {
	systemctl start "$unit" && wait_until 60 booted shop 1 || return 1
	"$VCTX" exec shop -- poweroff
	wait_until 60 active_is "$unit" inactive || return 1
	expect_eq "$(prop "$unit" Result)" success "not failed" || return 1
	systemctl is-failed -q "$unit" && { echo "the unit failed"; return 1; }
	expect_eq "$(status_of shop)" "stopped None None" || return 1
}

journal_has_the_supervisor() {
	local log
	log=$(journalctl -b -u "$unit" --no-pager -o cat)
	expect_contains "$log" ") rebooted the guest: restarting" || return 1
	expect_contains "$log" "shop: stopping: SIG" || return 1
}

check "make install: systemd finds vctx@.service and vctx-autostart.service" installs
check "udev: loading vctx.ko applies /etc/vctx/procfs.rules" udev_applies_procfs_rules
check "systemctl start vctx@shop: init is pid 1 in the unit's delegated cgroup" starts_in_its_delegated_cgroup
check "a reboot inside keeps the unit active, with the same supervisor" reboot_inside_keeps_the_unit
check "systemctl restart: a new supervisor and guest, the old one shut down" restart_runs_a_new_guest
check "systemctl stop: the guest shuts down within STOP_TIMEOUT, unit inactive" stop_is_graceful
check "a poweroff inside leaves the unit inactive, not failed" poweroff_inside_ends_the_unit
check "journalctl -u vctx@shop has the supervisor's log" journal_has_the_supervisor
done_testing
