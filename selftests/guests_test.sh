#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VPS guests (issue 9): configuration files, vctx build --skeleton, start with
# the guest's own init, reboot and poweroff from inside, stop with a timeout,
# limits and addresses from the configuration, autostart, and the systemd
# unit's foreground, delegated supervisor.
#
# Runs in the test VM as root with vctx.ko loaded. Configuration goes to a
# directory of its own (VCTX_CONFIG_DIR), roots under /var/lib/vctx.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
tree=$(cd "$(dirname "$0")/.." && pwd)
export VCTX_CONFIG_DIR=/tmp/vctx-guests-etc
guests="g1 g2 g3 g4 g5 s1 sd p1"

after_each() {
	local g
	for g in $guests; do
		"$VCTX" destroy --force "$g"
	done
	return 0
}

cleanup() {
	after_each
	rm -rf "$VCTX_CONFIG_DIR" /var/lib/vctx/g1 /var/lib/vctx/g2 /var/lib/vctx/g3 /var/lib/vctx/g4 /var/lib/vctx/sd /sys/fs/cgroup/vctx-sd.service/* 2>/dev/null
	rmdir /sys/fs/cgroup/vctx-sd.service/* /sys/fs/cgroup/vctx-sd.service 2>/dev/null
	ip link del vguest0 2>/dev/null
	ip link del vguest1 2>/dev/null
	return 0
}

# The host's view of a guest: "state xid init_pid".
status_of() {
	"$VCTX" status --json "$1" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
print(s["state"], s["xid"], s["init_pid"])'
}

# Start guest $1 with an empty boot log: boots_of counts this run's boots.
start_fresh() {
	: >"/var/lib/vctx/$1/rootfs/var/log/boot.log"
	"$VCTX" start "$1"
}

is_stopped() { [[ $(status_of "$1") == "stopped None None" ]]; }
boots_of() { grep -c ' boot ' "/var/lib/vctx/$1/rootfs/var/log/boot.log" 2>/dev/null; }
booted() { [[ $(boots_of "$1") -ge $2 ]]; }

builds_a_skeleton() {
	rm -rf "$VCTX_CONFIG_DIR" /var/lib/vctx/g1 /var/lib/vctx/g2 /var/lib/vctx/g4
	expect_status 0 "$VCTX" build g1 --skeleton || return 1
	[[ -x /var/lib/vctx/g1/rootfs/bin/busybox && -L /var/lib/vctx/g1/rootfs/sbin/init ]] ||
		{ echo "no busybox init in the root"; return 1; }
	expect_eq "$("$VCTX" config g1 ROOT)" /var/lib/vctx/g1/rootfs "ROOT written" || return 1
	expect_eq "$("$VCTX" config g1 INIT)" /sbin/init "INIT written" || return 1
	# Never over an existing guest.
	expect_status 125 "$VCTX" build g1 --skeleton || return 1
	expect_contains "$OUT" "is not empty" || return 1
	expect_status 125 "$VCTX" build g9 --debootstrap 'bad suite' || return 1
	expect_contains "$OUT" "invalid --debootstrap" || return 1
}

starts_with_its_own_init() {
	expect_status 0 start_fresh g1 || return 1
	local state xid pid
	read -r state xid pid < <(status_of g1)
	expect_eq "$state" running "state" || return 1
	# busybox init is pid 1 inside, and its process as the host sees it.
	expect_eq "$("$VCTX" exec g1 -- cat /proc/1/comm)" init "pid 1 inside" || return 1
	expect_eq "$(cat "/proc/$pid/comm")" init "the init as the host sees it" || return 1
	grep -qP '^NSpid:\t\d+\t1$' "/proc/$pid/status" || { grep NSpid "/proc/$pid/status"; return 1; }
	expect_eq "$("$VCTX" exec g1 -- hostname)" g1 "hostname" || return 1
	wait_until 20 booted g1 1 || return 1
	expect_eq "$(echo 'echo inside $(hostname)' | "$VCTX" enter g1 2>/dev/null)" "inside g1" "vctx enter" || return 1
	expect_status 125 "$VCTX" start g1 || return 1
	expect_contains "$OUT" "is running already" || return 1
	"$VCTX" status g1 | grep -q "^g1: running, xid $xid, init pid $pid, up " || { "$VCTX" status g1; return 1; }
}

reboot_inside_restarts() {
	start_fresh g1 && wait_until 20 booted g1 1 || return 1
	local state xid pid state2 xid2 pid2
	read -r state xid pid < <(status_of g1)
	"$VCTX" exec g1 -- reboot || return 1
	wait_until 60 booted g1 2 || return 1
	wait_until 20 bash -c "[[ \$('$VCTX' status --json g1) == *'\"running\"'* ]]" || return 1
	read -r state2 xid2 pid2 < <(status_of g1)
	expect_eq "$state2" running "state after reboot" || return 1
	expect_eq "$xid2" "$xid" "same xid" || return 1
	[[ $pid2 != "$pid" ]] || { echo "same init pid $pid after reboot"; return 1; }
	expect_eq "$("$VCTX" exec g1 -- cat /proc/1/comm)" init "pid 1 after reboot" || return 1
	grep -q 'shutdown' /var/lib/vctx/g1/rootfs/var/log/boot.log ||
		{ echo "init did not run its shutdown actions"; return 1; }
}

poweroff_inside_stops() {
	start_fresh g1 && wait_until 20 booted g1 1 || return 1
	"$VCTX" exec g1 -- poweroff
	wait_until 60 is_stopped g1 || return 1
	[[ ! -e /sys/fs/cgroup/vctx/g1 ]] || { echo "its cgroup is left"; return 1; }
	[[ ! -e /run/vctx/g1 ]] || { echo "its state is left"; return 1; }
	expect_status 125 "$VCTX" info g1 || return 1
}

stop_is_graceful() {
	start_fresh g1 && wait_until 20 booted g1 1 || return 1
	expect_status 0 "$VCTX" stop g1 || return 1
	is_stopped g1 || return 1
	# busybox init ran its shutdown actions: SIGPWR, not the kill.
	grep -q shutdown /var/lib/vctx/g1/rootfs/var/log/boot.log ||
		{ echo "no shutdown action ran"; return 1; }
	expect_status 0 "$VCTX" stop g1 || return 1
}

stop_kills_after_the_timeout() {
	mkdir -p /var/lib/vctx/g2 && cp -a /var/lib/vctx/g1/rootfs /var/lib/vctx/g2/ || return 1
	rm -f /var/lib/vctx/g2/rootfs/var/log/boot.log
	# sleep as pid 1 has no handler: the stop signal does nothing.
	"$VCTX" config g2 INIT="/bin/sleep 100000" STOP_TIMEOUT=600 || return 1
	"$VCTX" start g2 || return 1
	local t0=$SECONDS
	expect_status 0 "$VCTX" stop --timeout 2 g2 || return 1
	(( SECONDS - t0 >= 2 )) || { echo "stopped in $((SECONDS - t0)) s, before the timeout"; return 1; }
	is_stopped g2 || return 1
	# And STOP_SIGNAL is what init gets: SIGTERM kills a shell... sleep dies on it.
	printf '#!/bin/sh\ntrap "exit 0" TERM\nwhile :; do sleep 1; done\n' >/var/lib/vctx/g2/rootfs/bin/termwait
	chmod 755 /var/lib/vctx/g2/rootfs/bin/termwait
	"$VCTX" config g2 STOP_SIGNAL=SIGTERM INIT=/bin/termwait || return 1
	"$VCTX" start g2 || return 1
	t0=$SECONDS
	expect_status 0 "$VCTX" stop g2 || return 1
	(( SECONDS - t0 < 60 )) || { echo "SIGTERM did not stop it"; return 1; }
}

config_round_trip_and_errors() {
	local conf=$VCTX_CONFIG_DIR/g2.conf
	"$VCTX" config g2 CPU=25% MEMORY=256M HOSTNAME=shop AUTOSTART=no || return 1
	expect_eq "$("$VCTX" config g2 MEMORY)" 256M || return 1
	expect_status 125 "$VCTX" config g2 MEMORY=lots || return 1
	expect_contains "$OUT" "MEMORY: invalid --memory 'lots'" || return 1
	expect_eq "$("$VCTX" config g2 MEMORY)" 256M "unchanged after a refused value" || return 1
	expect_status 125 "$VCTX" config g2 COLOUR=blue || return 1
	expect_contains "$OUT" "unknown key 'COLOUR'" || return 1
	"$VCTX" config g2 MEMORY= || return 1
	expect_eq "$("$VCTX" config g2 MEMORY)" "" "removed" || return 1
	# A hand-edited file: start names the line and changes nothing.
	cp "$conf" "$conf.good"
	printf '# edited\nPIDS=many\n' >>"$conf"
	local line
	line=$(grep -n '^PIDS' "$conf" | cut -d: -f1)
	expect_status 125 "$VCTX" start g2 || return 1
	expect_contains "$OUT" "$conf:$line: invalid --pids 'many'" || return 1
	is_stopped g2 || return 1
	echo 'BOGUS=1' >"$conf"
	expect_status 125 "$VCTX" config --check g2 || return 1
	expect_contains "$OUT" "$conf:1: unknown key" || return 1
	mv "$conf.good" "$conf"
	# The settings come back through start: hostname and limits.
	"$VCTX" start g2 || return 1
	expect_eq "$("$VCTX" exec g2 -- hostname)" shop || return 1
	# MEMORY removed: the default of vctx.conf (built in: half of MemTotal, whole pages).
	local kb
	kb=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)
	expect_eq "$(cat /sys/fs/cgroup/vctx/g2/memory.max)" $((kb * 1024 / 2 / 4096 * 4096)) \
		"memory after removal" || return 1
	local xid
	xid=$("$VCTX" info --json g2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])')
	expect_contains "$(cat "/proc/vctx/$xid/sched")" "interval_ms: 4" "25%: 1 token every 4 ms" || return 1
	# create --save writes what start reads again.
	"$VCTX" create --save --cpu 1/4 --pids 50 --hostname saved --init '/bin/sleep 1000' s1 || return 1
	expect_eq "$("$VCTX" config s1 PIDS)" 50 || return 1
	expect_eq "$("$VCTX" config s1 ROOT)" host || return 1
	expect_eq "$("$VCTX" config s1 INIT)" "/bin/sleep 1000" || return 1
	expect_status 125 "$VCTX" create --save s1 || return 1
	"$VCTX" destroy --force s1 || return 1
	"$VCTX" start s1 || return 1
	expect_eq "$(cat /sys/fs/cgroup/vctx/s1/pids.max)" 50 "pids from the saved file" || return 1
	expect_eq "$("$VCTX" exec s1 -- hostname)" saved || return 1
}

two_guests_from_config() {
	ip link add vguest0 type dummy && ip link set vguest0 up || return 1
	"$VCTX" config g1 CPU=25% MEMORY=128M IP=192.0.2.41/24@vguest0 || return 1
	"$VCTX" config g2 CPU=50% MEMORY=256M IP="192.0.2.42/24@vguest0 2001:db8::42/64@vguest0" \
		INIT=/sbin/init STOP_SIGNAL= || return 1
: >/var/lib/vctx/g2/rootfs/var/log/boot.log
	"$VCTX" start g1 g2 || return 1
	expect_eq "$(cat /sys/fs/cgroup/vctx/g1/memory.max)" 134217728 || return 1
	expect_eq "$(cat /sys/fs/cgroup/vctx/g2/memory.max)" 268435456 || return 1
	# 25%: 1 token every 4 ms; 50%: 1 every 2 ms.
	local x1 x2
	x1=$(status_of g1 | cut -d' ' -f2) && x2=$(status_of g2 | cut -d' ' -f2) || return 1
	expect_contains "$(cat "/proc/vctx/$x1/sched")" "interval_ms: 4" "g1's bucket" || return 1
	expect_contains "$(cat "/proc/vctx/$x2/sched")" "interval_ms: 2" "g2's bucket" || return 1
	ip -o addr show dev vguest0 | grep -q '192.0.2.41/24' || { ip addr show vguest0; return 1; }
	ip -o addr show dev vguest0 | grep -q '2001:db8::42/64' || { ip addr show vguest0; return 1; }
	expect_contains "$("$VCTX" info g2)" "192.0.2.42" || return 1
	# A reboot keeps the addresses; a stop removes them.
	"$VCTX" exec g2 -- reboot || return 1
	wait_until 60 booted g2 2 || return 1
	ip -o addr show dev vguest0 | grep -q '192.0.2.42/24' || { echo "address lost in the reboot"; return 1; }
	"$VCTX" stop g1 g2 || return 1
	! ip -o addr show dev vguest0 | grep -q '192.0.2.4' || { ip addr show vguest0; return 1; }
}

private_network_survives_a_reboot() {
	mkdir -p /var/lib/vctx/g4 && cp -a /var/lib/vctx/g1/rootfs /var/lib/vctx/g4/ || return 1
	"$VCTX" config g4 NET=private IP=10.99.0.2/24 || return 1
	start_fresh g4 && wait_until 20 booted g4 1 || return 1
	local xid
	xid=$(status_of g4 | cut -d' ' -f2)
	"$VCTX" exec g4 -- ip -o addr show dev eth0 | grep -q 10.99.0.2/24 || return 1
	"$VCTX" exec g4 -- reboot || return 1
	wait_until 60 booted g4 2 || return 1
	# The old pair left with the old namespace, a new one took its name.
	wait_until 20 bash -c "'$VCTX' exec g4 -- ip -o addr show dev eth0 | grep -q 10.99.0.2/24" || return 1
	ip link show "vctx$xid" >/dev/null || { echo "no host end vctx$xid"; return 1; }
	"$VCTX" exec g4 -- ping -c 1 -W 5 169.254.1.1 >/dev/null || { echo "the host is not reachable"; return 1; }
	"$VCTX" stop g4 || return 1
	# The namespace (and the pair with it) goes away asynchronously.
	wait_until 20 bash -c "! ip link show vctx$xid" || return 1
}

reboot_loop_stops_the_guest() {
	mkdir -p /var/lib/vctx/g3 && cp -a /var/lib/vctx/g1/rootfs /var/lib/vctx/g3/ || return 1
	# Every boot ends in a reboot: the supervisor gives up after 10 in 60 s.
	printf '#!/bin/sh\necho "$(date +%%s) boot $(hostname)" >>/var/log/boot.log\nreboot\n' \
		>/var/lib/vctx/g3/rootfs/etc/init.d/rcS
	"$VCTX" config g3 INIT=/sbin/init || return 1
	start_fresh g3 || return 1
	wait_until 120 is_stopped g3 || return 1
	expect_eq "$(boots_of g3)" 11 "boots: the first and 10 restarts" || return 1
}

autostart_starts_only_those_marked() {
	"$VCTX" config g1 IP= CPU= MEMORY= AUTOSTART=yes || return 1
	"$VCTX" config g2 AUTOSTART=no || return 1
	expect_status 0 "$VCTX" start --autostart || return 1
	expect_eq "$(status_of g1 | cut -d' ' -f1)" running "g1 (autostart)" || return 1
	is_stopped g2 || return 1
	# Running guests are left alone the second time.
	expect_status 0 "$VCTX" start --autostart || return 1
}

systemd_unit_supervises_in_its_delegated_cgroup() {
	local unit=$tree/userland/systemd/vctx@.service.in exec_start
	exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
	exec_start=${exec_start//%i/sd}
	exec_start=${exec_start//@SBINDIR@\/vctx/$VCTX}
	[[ $exec_start == *"--foreground"* ]] || { echo "ExecStart: $exec_start"; return 1; }
	mkdir -p /var/lib/vctx/sd && cp -a /var/lib/vctx/g1/rootfs /var/lib/vctx/sd/ || return 1
	: >/var/lib/vctx/sd/rootfs/var/log/boot.log
	"$VCTX" config sd ROOT=/var/lib/vctx/sd/rootfs INIT=/sbin/init || return 1
	# What systemd does with Delegate=yes: a cgroup of the unit's own.
	mkdir -p /sys/fs/cgroup/vctx-sd.service
	for c in cpu memory pids; do echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control; done
	bash -c "echo \$\$ >/sys/fs/cgroup/vctx-sd.service/cgroup.procs && exec $exec_start" &
	local main=$!
	wait_until 30 booted sd 1 || return 1
	local state xid pid
	read -r state xid pid < <(status_of sd)
	expect_eq "$(cat /proc/$pid/cgroup)" "0::/vctx-sd.service/guest" "guest's cgroup" || return 1
	expect_eq "$(cat /proc/$main/cgroup)" "0::/vctx-sd.service/supervisor" "supervisor's cgroup" || return 1
	# The defaults reach a delegated cgroup too (the guest sets no PIDS).
	expect_eq "$(cat /sys/fs/cgroup/vctx-sd.service/guest/pids.max)" 1024 || return 1
	# vctx commands find it through its record.
	expect_status 0 "$VCTX" exec sd -- true || return 1
	# systemctl stop: SIGTERM to the main process.
	kill -TERM "$main"
	wait "$main" || { echo "the foreground supervisor exited $?"; return 1; }
	is_stopped sd || return 1
	grep -q shutdown /var/lib/vctx/sd/rootfs/var/log/boot.log || { echo "not a clean shutdown"; return 1; }
	[[ ! -e /sys/fs/cgroup/vctx-sd.service/guest ]] || { echo "guest cgroup left"; return 1; }
}

persistent_context_starts_again() {
	ip link add vguest1 type dummy && ip link set vguest1 up || return 1
	"$VCTX" create --persistent --hostname again --init '/bin/sleep 100000' \
		--ip 192.0.2.51/24@vguest1 --pids 77 p1 || return 1
	local xid
	xid=$(status_of p1 | cut -d' ' -f2)
	expect_status 0 "$VCTX" stop --timeout 1 p1 || return 1
	expect_eq "$(status_of p1)" "stopped $xid None" "stopped, still registered" || return 1
	! ip -o addr show dev vguest1 | grep -q 192.0.2.51 || { echo "address kept while stopped"; return 1; }
	# A changed address set survives too: the module's set is what comes back.
	"$VCTX" bind p1 --add 192.0.2.52/24@vguest1 || return 1
	expect_status 0 "$VCTX" start p1 || return 1
	expect_eq "$(status_of p1 | cut -d' ' -f1-2)" "running $xid" "running, same xid" || return 1
	expect_eq "$("$VCTX" exec p1 -- hostname)" again || return 1
	expect_eq "$(cat /sys/fs/cgroup/vctx/p1/pids.max)" 77 "limits kept" || return 1
	ip -o addr show dev vguest1 | grep -q 192.0.2.51/24 || { ip addr show vguest1; return 1; }
	ip -o addr show dev vguest1 | grep -q 192.0.2.52/24 || { ip addr show vguest1; return 1; }
	"$VCTX" destroy --force p1 || return 1
	[[ ! -e /run/vctx/p1 ]] || { ls -la /run/vctx/p1; return 1; }
	ip link del vguest1
}

start_explains_a_missing_root() {
	"$VCTX" config g5 NET=none || return 1
	expect_status 125 "$VCTX" start g5 || return 1
	expect_contains "$OUT" "vctx build g5 --skeleton" || return 1
	expect_status 125 "$VCTX" start nosuch || return 1
	expect_contains "$OUT" "has no configuration" || return 1
	expect_status 125 "$VCTX" stop nosuch || return 1
	expect_contains "$OUT" "no guest or context named 'nosuch'" || return 1
}

cleanup
check "build --skeleton writes a root and its configuration" builds_a_skeleton
check "start: the guest's own init is pid 1, with its hostname; enter works" starts_with_its_own_init
check "reboot inside: a new init, the same xid" reboot_inside_restarts
check "poweroff inside: stopped and torn down" poweroff_inside_stops
check "stop: the init shuts down with the stop signal" stop_is_graceful
check "stop: an init that ignores it is killed after --timeout" stop_kills_after_the_timeout
check "config: round trip, validation naming the line, create --save" config_round_trip_and_errors
check "two guests with their own limits and addresses from config" two_guests_from_config
check "a private-network guest reboots with its veth pair made anew" private_network_survives_a_reboot
check "a guest rebooting in a loop is stopped after 10 reboots" reboot_loop_stops_the_guest
check "start --autostart starts the guests marked AUTOSTART=yes" autostart_starts_only_those_marked
check "vctx@.service: foreground supervisor in the delegated cgroup" systemd_unit_supervises_in_its_delegated_cgroup
check "a persistent context that stopped starts again in its registration" persistent_context_starts_again
check "start and stop explain what is missing" start_explains_a_missing_root
cleanup
done_testing
