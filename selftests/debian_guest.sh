#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian guest built by 'vctx build --debootstrap' (scripts/check-debian.sh
# builds it on the host, where the network is) boots to its own init (sysvinit)
# in the test VM, answers vctx exec, reboots and stops cleanly.
#
#   VCTX_CONFIG_DIR  holds deb.conf (ROOT points at the built root)
#
# Not run by selftests/run.sh: it needs the built root (make check-debian).
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_CONFIG_DIR:?}"
root=$("$VCTX" config deb ROOT)
# Timings reach the log even from checks that pass.
exec 3>&1

runlevel_2() {
	[[ $("$VCTX" exec deb -- /sbin/runlevel 2>/dev/null) == "N 2" ]]
}

init_pid() {
	"$VCTX" status --json deb | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["init_pid"])'
}

boots_to_its_init() {
	local t0=$SECONDS
	expect_status 0 "$VCTX" start deb || return 1
	wait_until 120 runlevel_2 || return 1
	echo "# booted to runlevel 2 in $((SECONDS - t0)) s" >&3
	expect_eq "$("$VCTX" exec deb -- cat /proc/1/comm)" init "pid 1" || return 1
	expect_eq "$("$VCTX" exec deb -- readlink /proc/1/exe)" /usr/sbin/init "sysvinit's init" || return 1
}

answers_exec() {
	expect_eq "$("$VCTX" exec deb -- cat /etc/debian_version)" "$(cat "$root/etc/debian_version")" \
		"debian_version" || return 1
	expect_eq "$("$VCTX" exec deb -- hostname)" deb || return 1
}

reboots_from_inside() {
	local before after t0=$SECONDS
	before=$(init_pid)
	"$VCTX" exec deb -- /sbin/reboot || return 1
	wait_until 120 bash -c "p=\$('$VCTX' status --json deb | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"init_pid\"])'); [[ \$p != None && \$p != $before ]]" || return 1
	wait_until 120 runlevel_2 || return 1
	after=$(init_pid)
	echo "# rebooted (init $before -> $after) in $((SECONDS - t0)) s" >&3
}

stops_cleanly() {
	local t0=$SECONDS
	expect_status 0 "$VCTX" stop --timeout 60 deb || return 1
	echo "# stopped in $((SECONDS - t0)) s" >&3
	(( SECONDS - t0 < 60 )) || { echo "it needed the kill: SIGPWR did not shut it down"; return 1; }
	grep -q "still running after the stop timeout" /run/vctx/deb/log 2>/dev/null &&
		{ echo "killed, not shut down"; return 1; }
	expect_status 125 "$VCTX" info deb || return 1
}

check "a debootstrap guest boots to its own init" boots_to_its_init
check "vctx exec answers from inside it" answers_exec
check "reboot inside restarts it" reboots_from_inside
check "vctx stop shuts it down with SIGPWR" stops_cleanly
"$VCTX" destroy --force deb >/dev/null 2>&1
done_testing
