#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Contexts through the vctx tool: create/enter/exec/run/destroy round trips,
# exit statuses, what a context looks like from inside, cleanup when its
# init ends, 100 contexts at once, and every bad input answered with a
# message, exit status 125 and nothing half-created.
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
: "${VCTX_MODULE:?}"

# Whatever a check left, failed or not: every context goes.
after_each() {
	reset_contexts
}

registered() { "$VCTX" info "$1" >/dev/null 2>&1; }
gone() { ! registered "$1"; }

# Nothing of any context left: registry, cgroups, state, /proc/vctx.
nothing_left() {
	local n
	n=$("$VCTX" --json list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') || return 1
	expect_eq "$n" 0 "registered contexts" || return 1
	n=$(find /sys/fs/cgroup/vctx -mindepth 1 -type d 2>/dev/null | wc -l)
	expect_eq "$n" 0 "cgroups under /sys/fs/cgroup/vctx" || return 1
	n=$(find /run/vctx -mindepth 1 2>/dev/null | wc -l)
	expect_eq "$n" 0 "entries under /run/vctx" || return 1
	n=$(ls /proc/vctx | wc -l)
	expect_eq "$n" 0 "entries in /proc/vctx" || return 1
	# No supervisor or init outlives its context.
	n=$(pgrep -cx 'vctx|vctx-init')
	expect_eq "$n" 0 "vctx processes left" || return 1
}

create_list_info_destroy_round_trip() {
	expect_status 0 "$VCTX" create rt1 || return 1
	expect_eq "$OUT" "" "create prints nothing on success" || return 1
	expect_status 0 "$VCTX" create --xid 4242 rt2 --persistent || return 1
	expect_status 0 "$VCTX" list || return 1
	expect_contains "$OUT" "XID    NAME" || return 1
	expect_contains "$OUT" "4242   rt2" || return 1
	expect_status 0 "$VCTX" --json list || return 1
	python3 - "$OUT" <<'PY' || return 1
import json, sys
ctxs = {c["name"]: c for c in json.loads(sys.argv[1])}
assert set(ctxs) == {"rt1", "rt2"}, ctxs
assert ctxs["rt2"]["xid"] == 4242 and ctxs["rt2"]["persistent"], ctxs
assert ctxs["rt1"]["xid"] >= 49152 and not ctxs["rt1"]["persistent"], ctxs
for c in ctxs.values():
    assert c["state"] == "running" and c["tasks"] == 1 and c["init_pid"] > 0, c
    assert "sys_admin" not in c["caps"].split(","), c
PY
	expect_status 0 "$VCTX" info rt2 || return 1
	expect_contains "$OUT" "persistent: yes" || return 1
	expect_contains "$OUT" "cgroup:     /sys/fs/cgroup/vctx/rt2" || return 1
	expect_status 0 "$VCTX" info --json 4242 || return 1
	expect_contains "$OUT" '"name":"rt2"' || return 1
	# /proc/vctx agrees with the tool.
	grep -qx "name: rt2" /proc/vctx/4242/info || { echo "no /proc/vctx/4242/info"; return 1; }
	grep -qx "state: running" /proc/vctx/4242/status || return 1
	expect_status 0 "$VCTX" destroy --force rt1 rt2 || return 1
	nothing_left || return 1
}

exec_passes_exit_status_through() {
	"$VCTX" create st >/dev/null || return 1
	expect_status 0 "$VCTX" exec st -- true || return 1
	expect_status 3 "$VCTX" exec st -- sh -c 'exit 3' || return 1
	expect_status 127 "$VCTX" exec st -- /no/such/command || return 1
	expect_contains "$OUT" "cannot execute '/no/such/command' in the context: No such file or directory" || return 1
	expect_status 126 "$VCTX" exec st -- / || return 1
	expect_contains "$OUT" "cannot execute '/' in the context: Permission denied" || return 1
	expect_status 137 "$VCTX" exec st -- sh -c 'kill -9 $$' || return 1
	expect_status 5 "$VCTX" enter st -- sh -c 'exit 5' || return 1
	# enter without a command: a login shell, reading our stdin.
	OUT=$(echo 'exit 4' | "$VCTX" enter st 2>&1)
	expect_eq "$?" 4 "status of the login shell" || return 1
	"$VCTX" destroy --force st || return 1
}

run_is_ephemeral_and_passes_status() {
	expect_status 7 "$VCTX" run -- sh -c 'exit 7' || return 1
	expect_status 0 "$VCTX" run --name r1 -- sh -c 'test "$(hostname)" = r1 && test $$ = 2' || return 1
	expect_status 127 "$VCTX" run -- /no/such/command || return 1
	expect_status 143 "$VCTX" run -- sh -c 'kill -TERM $$' || return 1
	nothing_left || return 1
}

inside_a_context() {
	"$VCTX" create --hostname web-one in1 >/dev/null || return 1
	local init xid
	xid=$("$VCTX" info --json in1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])')
	expect_status 0 "$VCTX" exec in1 -- cat /proc/1/comm || return 1
	expect_eq "$OUT" "vctx-init" "pid 1 is the built-in init" || return 1
	expect_status 0 "$VCTX" exec in1 -- sh -c "tr -d '\\0' </proc/1/cmdline" || return 1
	expect_eq "$OUT" "vctx-init" "its command line" || return 1
	expect_status 0 "$VCTX" exec in1 -- hostname || return 1
	expect_eq "$OUT" "web-one" "hostname" || return 1
	expect_status 0 "$VCTX" exec in1 -- cat /proc/self/cgroup || return 1
	expect_eq "$OUT" "0::/" "cgroup namespace rooted at the context" || return 1
	expect_status 0 "$VCTX" exec in1 -- ls /proc/vctx || return 1
	expect_eq "$OUT" "$xid" "a guest lists only its own /proc/vctx entry" || return 1
	expect_status 0 "$VCTX" exec in1 -- ls /dev || return 1
	expect_eq "$(echo $OUT)" "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero" "/dev" || return 1
	expect_status 0 "$VCTX" exec in1 -- sh -c 'echo x >/tmp/f && cat /tmp/f' || return 1
	expect_status 1 "$VCTX" exec in1 -- sh -c 'touch /usr/vctx-write-test' || return 1
	expect_status 0 "$VCTX" exec in1 -- ip -o link || return 1
	# Loopback only, beside the fallback tunnels (sit0@NONE ...) a kernel
	# with those built in gives every namespace, which reach nothing.
	expect_eq "$(grep -vc '@NONE:' <<<"$OUT")" 1 "interfaces in --net none (loopback only)" || return 1
	expect_contains "$OUT" "lo: <LOOPBACK,UP" || return 1
	expect_status 0 "$VCTX" exec in1 -- sh -c 'grep CapBnd /proc/self/status' || return 1
	# chown dac_override fowner fsetid kill setgid setuid setpcap
	# net_bind_service net_raw sys_chroot sys_boot audit_write setfcap
	expect_contains "$OUT" "00000000a04425fb" || return 1
	"$VCTX" destroy --force in1 || return 1
}

given_init_is_pid_1() {
	"$VCTX" create --init "sleep 1000" gi >/dev/null || return 1
	expect_status 0 "$VCTX" exec gi -- sh -c "tr '\\0' ' ' </proc/1/cmdline" || return 1
	expect_eq "$OUT" "sleep 1000 " "pid 1's command line" || return 1
	"$VCTX" destroy --force gi || return 1
}

mounts_do_not_cross() {
	"$VCTX" create --cap-keep sys_admin mnt1 >/dev/null || return 1
	mkdir -p /tmp/host-only && mount -t tmpfs host-only /tmp/host-only || return 1
	expect_status 0 "$VCTX" exec mnt1 -- sh -c 'mount -t tmpfs guest-only /run && grep -c guest-only /proc/self/mountinfo' || return 1
	expect_status 0 "$VCTX" exec mnt1 -- sh -c '! grep -q host-only /proc/self/mountinfo' || return 1
	! grep -q guest-only /proc/self/mountinfo || { echo "a guest mount reached the host"; return 1; }
	umount /tmp/host-only
	"$VCTX" destroy --force mnt1 || return 1
}

init_exit_cleans_up_unless_persistent() {
	"$VCTX" create gone1 >/dev/null || return 1
	"$VCTX" create --persistent kept1 >/dev/null || return 1
	expect_status 0 "$VCTX" kill gone1 || return 1
	expect_status 0 "$VCTX" kill kept1 TERM || return 1
	wait_until 10 gone gone1 || return 1
	wait_until 10 grep -qx "state: stopped" /proc/vctx/"$("$VCTX" info --json kept1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])')"/status || return 1
	expect_status 0 "$VCTX" info kept1 || return 1
	expect_contains "$OUT" "state:      stopped" || return 1
	expect_status 125 "$VCTX" exec kept1 -- true || return 1
	expect_contains "$OUT" "context 'kept1' is not running" || return 1
	expect_status 0 "$VCTX" destroy kept1 || return 1
	nothing_left || return 1
}

hundred_contexts_concurrently() {
	local w pids=()
	for w in 1 2 3 4; do
		(
			for i in $(seq 1 25); do
				"$VCTX" create "c$w-$i" || exit 1
			done
			for i in $(seq 1 25); do
				"$VCTX" exec "c$w-$i" -- true || exit 2
				"$VCTX" destroy --force "c$w-$i" || exit 3
			done
		) &
		pids+=($!)
	done
	local rc=0
	for w in "${pids[@]}"; do
		wait "$w" || rc=$?
	done
	[[ $rc -eq 0 ]] || { echo "a worker failed with $rc"; return 1; }
	nothing_left || return 1
}

module_is_pinned_while_contexts_exist() {
	"$VCTX" create pin >/dev/null || return 1
	if rmmod vctx 2>/dev/null; then
		insmod "$VCTX_MODULE"
		echo "rmmod succeeded with a live context"
		return 1
	fi
	grep -q '^vctx ' /proc/modules || return 1
	"$VCTX" destroy --force pin || return 1
	rmmod vctx || { echo "rmmod failed after every context was destroyed"; return 1; }
	insmod "$VCTX_MODULE" || return 1
}

# Each bad invocation: status 125, the message, and nothing created.
refuse() {
	local want=$1
	shift
	expect_status 125 "$VCTX" "$@" || return 1
	expect_contains "$OUT" "$want" || return 1
	nothing_left || { echo "after: vctx $*"; return 1; }
}

bad_input_is_refused_with_nothing_left() {
	mkdir -p /tmp/notdir-parent && : >/tmp/notdir-parent/file
	refuse "invalid context name 'Bad'" create Bad || return 1
	refuse "invalid context name '-x'" create -- -x || return 1
	refuse "invalid context name" create "$(printf 'a%.0s' $(seq 1 64))" || return 1
	refuse "belongs to a built-in context" create spectator || return 1
	refuse "create takes one NAME" create || return 1
	refuse "create takes one NAME" create a b || return 1
	refuse "invalid --xid '1'" create --xid 1 x || return 1
	refuse "invalid --xid '49152'" create --xid 49152 x || return 1
	refuse "invalid --xid 'abc'" create --xid abc x || return 1
	refuse "invalid --root '/nonexistent': No such file or directory" create --root /nonexistent x || return 1
	refuse "not a directory" create --root /tmp/notdir-parent/file x || return 1
	refuse "the host's root cannot be" create --root / x || return 1
	refuse "invalid --hostname" create --hostname 'bad host' x || return 1
	refuse "invalid --net 'wifi'" create --net wifi x || return 1
	refuse "--net private needs the context's addresses" create --net private x || return 1
	refuse "unknown capability 'sys_bogus' in --cap-drop" create --cap-drop chown,sys_bogus x || return 1
	refuse "unknown capability 'x' in --cap-keep" create --cap-keep x x || return 1
	refuse "see 'vctx create --help'" create --bogus x || return 1
	refuse "invalid --init" create --init " " x || return 1
	# A missing init is "command not found": 127, and still nothing left.
	expect_status 127 "$VCTX" create --init /no/init x || return 1
	expect_contains "$OUT" "cannot execute init '/no/init' inside the context: No such file or directory" || return 1
	nothing_left || return 1
	refuse "run needs a command" run || return 1
	refuse "no context named 'nosuch'" exec nosuch -- true || return 1
	refuse "exec needs a command" exec nosuch || return 1
	refuse "no context with xid 77" info 77 || return 1
	refuse "cannot be destroyed" destroy host || return 1
	refuse "cannot be entered" enter spectator || return 1
	refuse "unknown signal 'FOO'" kill x FOO || return 1
	"$VCTX" create dup >/dev/null || return 1
	expect_status 125 "$VCTX" create dup || return 1
	expect_contains "$OUT" "its cgroup already exists" || return 1
	"$VCTX" create --xid 3000 x3000 >/dev/null || return 1
	expect_status 125 "$VCTX" create --xid 3000 other || return 1
	expect_contains "$OUT" "the xid is taken" || return 1
	[[ ! -e /sys/fs/cgroup/vctx/other && ! -e /run/vctx/other ]] || { echo "'other' left behind"; return 1; }
	expect_status 0 "$VCTX" destroy --force dup x3000 || return 1
	nothing_left || return 1
}

no_module_and_no_cgroup2_are_explained() {
	rmmod vctx || return 1
	expect_status 125 "$VCTX" create x
	local rc=$? out=$OUT
	insmod "$VCTX_MODULE" || return 1
	[[ $rc -eq 0 ]] || return 1
	expect_contains "$out" "the vctx module is not loaded: load it with 'modprobe vctx'" || return 1
	expect_status 125 unshare -m sh -c "umount /sys/fs/cgroup && exec $VCTX create x" || return 1
	expect_contains "$OUT" "cgroup v2 is not mounted at /sys/fs/cgroup" || return 1
	nothing_left || return 1
}

check "create, list, info and destroy round trip" create_list_info_destroy_round_trip
check "exec and enter pass the exit status through" exec_passes_exit_status_through
check "run is ephemeral and passes the status through" run_is_ephemeral_and_passes_status
check "inside: pid 1, hostname, cgroup, /proc/vctx, /dev, root, net, caps" inside_a_context
check "a given --init is pid 1" given_init_is_pid_1
check "mounts do not cross between host and context" mounts_do_not_cross
check "init exit cleans up unless persistent" init_exit_cleans_up_unless_persistent
check "100 contexts created and destroyed concurrently" hundred_contexts_concurrently
check "the module is pinned while contexts exist" module_is_pinned_while_contexts_exist
check "bad input is refused with nothing left behind" bad_input_is_refused_with_nothing_left
check "no module and no cgroup v2 are explained" no_module_and_no_cgroup2_are_explained
done_testing
