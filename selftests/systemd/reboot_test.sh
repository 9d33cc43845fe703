#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# reboot_test.sh before|after: guests come back after a host reboot (issue
# 22). scripts/check-systemd.sh boots the VM twice over the same disk (its
# overlay's writable layer, vm-run.sh -S -d): "before" installs vctx,
# configures guest web (AUTOSTART=yes, an address, CPU and memory limits)
# and guest idle (AUTOSTART=no), enables vctx-autostart.service and starts
# web through it; the job's end powers the host off through systemd.
# "after", at the next boot, finds web running again under vctx@web.service
# with its address and limits, having shut down cleanly at the host's
# shutdown, and idle still stopped.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
. "$here/lib.sh"

phase=${1:?usage: reboot_test.sh before|after}
addr=192.0.2.61/24

# The host's network as an administrator configures it: the link the
# guests' addresses go on exists before the guests start.
host_link_unit() {
	cat >/etc/systemd/system/vctx-test-link.service <<'UNIT'
[Unit]
Description=the systemd lane's link for guest addresses
Before=vctx-autostart.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/sbin/ip link add vguest0 type dummy
ExecStart=/sbin/ip link set vguest0 up

[Install]
WantedBy=multi-user.target
UNIT
}

configures_and_autostarts() {
	install_vctx || return 1
	modprobe vctx || return 1
	host_link_unit && systemctl daemon-reload || return 1
	systemctl enable --now vctx-test-link.service || return 1
	build_guest web && build_guest idle || return 1
	"$VCTX" config web AUTOSTART=yes IP="$addr@vguest0" CPU=25% MEMORY=128M || return 1
	"$VCTX" config idle AUTOSTART=no || return 1
	expect_status 0 systemctl enable vctx-autostart.service || return 1
	expect_status 0 systemctl start vctx-autostart.service || return 1
	wait_until 60 booted web 1 || return 1
	expect_eq "$(prop vctx@web.service ActiveState)" active || return 1
	expect_eq "$(prop vctx@idle.service ActiveState)" inactive "idle is not AUTOSTART" || return 1
	ip -o addr show dev vguest0 | grep -q "$addr" || { ip addr show vguest0; return 1; }
}

comes_back_at_boot() {
	wait_until 180 active_is vctx@web.service active || return 1
	wait_until 60 booted web 2 || return 1
	wait_until 30 running web || return 1
	expect_eq "$(prop vctx-autostart.service ActiveState)" active "vctx-autostart.service" || return 1
	expect_eq "$(prop vctx-autostart.service Result)" success || return 1
	# It started guests and complained about nothing (vctx.conf, the
	# defaults beside the guests' files, is no guest).
	local log
	log=$(journalctl -b -u vctx-autostart.service --no-pager -o cat)
	! grep -q 'vctx:' <<<"$log" || { echo "$log"; return 1; }
	expect_eq "$("$VCTX" exec web -- cat /proc/1/comm)" init "web's init" || return 1
}

shut_down_cleanly_with_the_host() {
	# The boot log is on the persistent disk: boot, shutdown, boot.
	expect_eq "$(shutdowns_of web)" 1 "web's shutdowns before this boot" || return 1
	grep ' boot \| shutdown' /var/lib/vctx/web/rootfs/var/log/boot.log | awk '{print $2}' |
		tr '\n' ' ' | grep -qx 'boot shutdown boot ' ||
		{ cat /var/lib/vctx/web/rootfs/var/log/boot.log; return 1; }
}

keeps_its_configuration() {
	local state xid pid
	read -r state xid pid < <(status_of web)
	ip -o addr show dev vguest0 | grep -q "$addr" || { ip addr show vguest0; return 1; }
	expect_contains "$("$VCTX" info web)" "${addr%/*}" "web's address in vctx info" || return 1
	expect_eq "$(cat /sys/fs/cgroup/system.slice/system-vctx.slice/vctx@web.service/guest/memory.max)" \
		134217728 "MEMORY=128M" || return 1
	expect_contains "$(cat "/proc/vctx/$xid/sched")" "interval_ms: 4" "CPU=25%" || return 1
	expect_eq "$("$VCTX" config web AUTOSTART)" yes || return 1
}

stays_stopped_without_autostart() {
	expect_eq "$(prop vctx@idle.service ActiveState)" inactive || return 1
	expect_eq "$(status_of idle)" "stopped None None" || return 1
}

case $phase in
before)
	check "before the reboot: AUTOSTART=yes guest started by vctx-autostart.service" \
		configures_and_autostarts
	;;
after)
	check "after the reboot: vctx-autostart.service started web again" comes_back_at_boot
	check "after the reboot: web had shut down cleanly with the host" shut_down_cleanly_with_the_host
	check "after the reboot: web has its address and limits" keeps_its_configuration
	check "after the reboot: idle (AUTOSTART=no) stays stopped" stays_stopped_without_autostart
	;;
*)
	echo "usage: reboot_test.sh before|after" >&2
	exit 2
	;;
esac
done_testing
