#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest guards of vctx.ko (module/guard.c, module/enforce.c), tried as a
# hostile guest root and a hostile spectator would: each check makes the
# attack from inside and asserts it failed, and makes the same attempt where
# it is allowed (the host, or inside the attacker's own context) to show the
# attack itself works, so the check can fail.
#
#   grd    --root (busybox, guard_try), --net shared (the host's abstract
#          unix namespace), the host's cgroup2 tree bound at /hostcg (what a
#          leaked cgroup descriptor would give it)
#   grd2   the same root, --net shared: another context
#   grdp   the same root, --cap-keep sys_ptrace: looks into pid 1
#   grdhv  the default root (the host's tools): user namespaces
#
# Runs in the test VM as root with vctx.ko loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
TRY=$VCTX_BUILD/selftests/helpers/guard_try
C32=$VCTX_BUILD/selftests/helpers/compat32_try
root=/tmp/vctx-grd-root
CG=/sys/fs/cgroup
TMP=$(mktemp -d)
EPERM="Operation not permitted"
AF_SMC=43
SOCK_RAW=3

setup() {
	rm -rf "$root"
	mkdir -p "$root"/{bin,proc,sys,dev,run,tmp,hostcg}
	cp /bin/busybox "$TRY" "$C32" "$root/bin/"
	for applet in sh cat ls mkdir rmdir echo sleep grep readlink pidof mknod head; do
		ln -s busybox "$root/bin/$applet"
	done
	mount --bind "$CG" "$root/hostcg" || return 1
	"$VCTX" create --root "$root" --net shared grd || return 1
	"$VCTX" create --root "$root" --net shared grd2 || return 1
	"$VCTX" create --root "$root" --cap-keep sys_ptrace grdp || return 1
	"$VCTX" create grdhv || return 1
}

teardown() {
	local name
	for name in grd grd2 grdp grdhv; do
		"$VCTX" destroy --force "$name"
	done
	umount "$root/hostcg"
	rm -rf "$root" "$TMP"
	rmdir "$CG/grdbase" 2>/dev/null
	true
}

after_each() {
	pkill -f 'guard_try unix-serve'
	pkill -f '^sleep 77[0-9][0-9]$'
	"$TRY" key-clear
	grep -q "cgroup2 .*nsdelegate" /proc/mounts || "$TRY" remount "$CG" nsdelegate
}

in_guest() {
	local name=$1
	shift
	"$VCTX" exec "$name" -- /bin/sh -c "$1"
}

# A busy task of the context: a sleep started inside it.
guest_sleep() {
	in_guest "$1" "sleep $2 </dev/null >/dev/null 2>&1 &" || return 1
	wait_until 10 pgrep -x -f "sleep $2" || return 1
	pid_of "sleep $2"
}

cgroup_move_out_refused() {
	local gpid
	gpid=$(guest_sleep grd 7701) || return 1
	# The guest, holding the host's cgroup tree, moves itself out ...
	expect_status 1 in_guest grd 'echo $$ > /hostcg/cgroup.procs' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	# ... or into another context ...
	expect_status 1 in_guest grd 'echo $$ > /hostcg/vctx/grd2/cgroup.procs' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	# ... and not even the host may make a guest task a host task.
	expect_status 1 bash -c "echo $gpid > $CG/cgroup.procs" || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_eq "$(cat /proc/$gpid/cgroup)" "0::/vctx/grd" "the guest task's cgroup" || return 1
	# Baseline: the same moves of a host task work.
	mkdir -p "$CG/grdbase" || return 1
	expect_status 0 sh -c "echo \$\$ > $CG/grdbase/cgroup.procs && echo \$\$ > $CG/cgroup.procs" || return 1
	# Inside its own subtree a guest moves freely (what its systemd does).
	expect_status 0 in_guest grd 'mkdir /hostcg/vctx/grd/sub && echo $$ > /hostcg/vctx/grd/sub/cgroup.procs && echo $$ > /hostcg/vctx/grd/cgroup.procs && rmdir /hostcg/vctx/grd/sub' || return 1
}

# A task of a context's pid namespace is the context's wherever its cgroup is
# (the pin VCTX_IOC_SET_INIT records): here a host task joins only the pid
# namespace (nsenter --pid forks into it, then execs), so its cgroup, mount
# namespace and /dev are the host's, and still /dev/vctx refuses it.
membership_pinned_by_pid_namespace() {
	local init out
	init=$("$VCTX" info grdhv | awk '$1 == "init_pid:" { print $2 }')
	[[ $init -gt 1 ]] || { echo "no init pid for grdhv: '$init'"; return 1; }
	# Baseline: the same command from a host task lists the contexts.
	expect_status 0 sh -c "exec $VCTX list" || return 1
	expect_contains "$OUT" grdhv || return 1
	expect_status 125 nsenter -t "$init" --pid -- sh -c "cat /proc/self/cgroup; exec $VCTX list" ||
		return 1
	echo "$OUT"
	# Its cgroup is outside the vctx tree: only the pin makes it the guest's.
	[[ $(head -1 <<<"$OUT") == 0::/* && $(head -1 <<<"$OUT") != 0::/vctx/* ]] ||
		{ echo "the joined task is in a context's cgroup"; return 1; }
	expect_contains "$OUT" "$EPERM" || return 1
}

foreign_cgroup_files_refused() {
	expect_status 1 in_guest grd 'echo 1 > /hostcg/vctx/grd2/cgroup.freeze' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_contains "$(cat $CG/vctx/grd2/cgroup.events)" "frozen 0" || return 1
	expect_status 1 in_guest grd 'echo 1 > /hostcg/vctx/cgroup.freeze' || return 1
	# Baseline: the host freezes and thaws it through the same file.
	echo 1 >"$CG/vctx/grd2/cgroup.freeze" || return 1
	wait_until 10 grep -qx "frozen 1" "$CG/vctx/grd2/cgroup.events" || return 1
	echo 0 >"$CG/vctx/grd2/cgroup.freeze" || return 1
	wait_until 10 grep -qx "frozen 0" "$CG/vctx/grd2/cgroup.events"
}

own_limits_refused() {
	"$VCTX" limit grd --pids 64 || return 1
	expect_status 1 in_guest grd 'echo max > /hostcg/vctx/grd/pids.max' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 1 in_guest grd 'echo 1 > /hostcg/vctx/grd/cgroup.kill' || return 1
	expect_eq "$(cat $CG/vctx/grd/pids.max)" 64 "pids.max" || return 1
	# Below its own cgroup a guest sets limits (they only ever narrow).
	expect_status 0 in_guest grd 'mkdir /hostcg/vctx/grd/sub && echo 2 > /hostcg/vctx/grd/sub/cgroup.max.depth && rmdir /hostcg/vctx/grd/sub' || return 1
	# Baseline: the host writes the same file.
	echo max >"$CG/vctx/grd/pids.max" && echo 64 >"$CG/vctx/grd/pids.max"
}

# unshare -UrmC + a cgroup2 mount of its own: the kernel lets the guest's
# uid 0 write its own limits unless cgroup2 has nsdelegate; vctx.ko refuses
# it either way.
lift() {
	unshare -UrmC --fork sh -c 'mount -t cgroup2 none /mnt && echo max > /mnt/pids.max'
}

userns_cgroup_mount_lift_refused() {
	local mode
	need_file /proc/self/ns/user CONFIG_USER_NS || return
	"$VCTX" limit grdhv --pids 64 || return 1
	for mode in nsdelegate none; do
		if [[ $mode == none ]]; then
			"$TRY" remount "$CG" "" || return 1
			! grep -q "cgroup2 .*nsdelegate" /proc/mounts || { echo "nsdelegate still on"; return 1; }
		fi
		expect_status 1 "$VCTX" exec grdhv -- bash -c "$(declare -f lift); lift" || return 1
		expect_eq "$(cat $CG/vctx/grdhv/pids.max)" 64 "pids.max ($mode)" || return 1
	done
	# Baseline (still without nsdelegate): a host task in a cgroup of its
	# own lifts its limit the same way.
	mkdir -p "$CG/grdbase" && echo 64 >"$CG/grdbase/pids.max" || return 1
	expect_status 0 bash -c "echo \$\$ > $CG/grdbase/cgroup.procs; $(declare -f lift); lift" || return 1
	expect_eq "$(cat $CG/grdbase/pids.max)" max "host baseline pids.max" || return 1
	"$TRY" remount "$CG" nsdelegate
}

keyring_not_shared() {
	expect_status 0 "$TRY" key-add vctx-secret s3cret || return 1
	expect_status 1 in_guest grd '/bin/guard_try key-read vctx-secret' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 1 in_guest grd '/bin/guard_try key-add vctx-guest x' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 1 in_guest grd '/bin/guard_try key-request vctx-secret' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	# The 32-bit entries (a 32-bit guest binary's) refuse the same.
	local call
	for call in "add-key vctx-guest32" "request-key vctx-secret" keyctl; do
		expect_status 0 in_guest grd "/bin/compat32_try $call" || return 1
		expect_eq "$OUT" EPERM "the guest's 32-bit $call" || return 1
		expect_status 0 "$C32" $call || return 1
		expect_eq "$OUT" ok "the host's 32-bit $call" || return 1
	done
	# Baseline: the host's uid 0 reads it (as the guest's would without vctx.ko).
	expect_status 0 "$TRY" key-request vctx-secret || return 1
	expect_status 0 "$TRY" key-read vctx-secret || return 1
	expect_eq "$OUT" s3cret "the host's read"
}

abstract_sockets_stay_in_their_context() {
	"$TRY" unix-serve vctxhost "$TMP/host.ready" </dev/null >/dev/null 2>&1 &
	wait_until 10 test -e "$TMP/host.ready" || return 1
	expect_status 1 in_guest grd '/bin/guard_try unix-connect vctxhost' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 1 in_guest grd '/bin/guard_try unix-send vctxhost' || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	# Baseline: on the host the same connect reaches it.
	expect_status 0 "$TRY" unix-connect vctxhost || return 1
	expect_eq "$OUT" hello "host connect" || return 1
	# A guest's own abstract socket: its own tasks and the host reach it,
	# another context does not.
	in_guest grd '/bin/guard_try unix-serve vctxguest /tmp/ready </dev/null >/dev/null 2>&1 &' || return 1
	wait_until 10 in_guest grd 'test -e /tmp/ready' || return 1
	expect_status 0 in_guest grd '/bin/guard_try unix-connect vctxguest' || return 1
	expect_status 0 "$TRY" unix-connect vctxguest || return 1
	expect_status 1 in_guest grd2 '/bin/guard_try unix-connect vctxguest' || return 1
	expect_contains "$OUT" "$EPERM"
}

socket_families_allow_list() {
	need_kmod smc CONFIG_SMC || return
	expect_status 1 in_guest grd "/bin/guard_try socket $AF_SMC" || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 0 "$TRY" socket $AF_SMC || return 1
	# Netlink on the host's stack: routes yes, the socket list of every
	# context (SOCK_DIAG, protocol 4) no; in a namespace of its own, yes.
	expect_status 0 in_guest grd "/bin/guard_try socket 16 $SOCK_RAW 0" || return 1
	expect_status 1 in_guest grd "/bin/guard_try socket 16 $SOCK_RAW 4" || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 0 "$TRY" socket 16 $SOCK_RAW 4 || return 1
	expect_status 0 in_guest grdp "/bin/guard_try socket 16 $SOCK_RAW 4" || return 1
	# The allow-list is the context's: widened, SMC works.
	"$VCTX" create --root "$root" --net shared --socket-families +smc grdsmc || return 1
	expect_status 0 "$VCTX" exec grdsmc -- /bin/guard_try socket $AF_SMC
	local rc=$?
	"$VCTX" destroy --force grdsmc
	return $rc
}

loaded() { grep -q "^$1 " /proc/modules; }

module_autoload_refused() {
	local allow=/sys/module/vctx/parameters/autoload_allow rc
	# Modules stay loaded once loaded (their protocols are in use): each
	# request below is for a module not loaded yet in this VM.
	loaded sctp && { echo "sctp is loaded already"; return 1; }
	loaded l2tp_ip && { echo "l2tp_ip is loaded already"; return 1; }
	# SCTP over IPv4 (protocol 132), L2TP over IP (115, datagrams): the
	# kernel would load sctp and l2tp_ip for them.
	expect_status 1 in_guest grdp '/bin/guard_try socket 2 1 132' || return 1
	! loaded sctp || { echo "a guest made the kernel load sctp"; return 1; }
	expect_status 1 in_guest grdp '/bin/guard_try socket 2 2 115' || return 1
	! loaded l2tp_ip || { echo "a guest made the kernel load l2tp_ip"; return 1; }
	# Allowed by name: the guest's request loads sctp ...
	echo 'net-pf-2-proto-132*' >"$allow" || return 1
	expect_eq "$(cat $allow)" 'net-pf-2-proto-132*' "autoload_allow" || return 1
	in_guest grdp '/bin/guard_try socket 2 1 132'
	rc=$?
	echo "" >"$allow"
	[[ $rc -eq 0 ]] || { echo "an allowed autoload was refused"; return 1; }
	loaded sctp || { echo "the allowed request did not load sctp"; return 1; }
	# ... and l2tp_ip, not allowed, stays refused to it; the host loads it.
	expect_status 1 in_guest grdp '/bin/guard_try socket 2 2 115' || return 1
	! loaded l2tp_ip || { echo "a guest made the kernel load l2tp_ip"; return 1; }
	expect_status 0 "$TRY" socket 2 2 115 || return 1
	loaded l2tp_ip || { echo "the host's request did not load l2tp_ip"; return 1; }
}

spectator_cannot_prlimit() {
	local gpid hpid
	gpid=$(guest_sleep grd 7702) || return 1
	expect_status 1 "$VCTX" spectate -- prlimit --pid "$gpid" --cpu=1:1 || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	grep -q "^Max cpu time *unlimited *unlimited" "/proc/$gpid/limits" || { grep cpu "/proc/$gpid/limits"; return 1; }
	# Through the 32-bit entry as well.
	expect_status 0 "$VCTX" spectate -- "$C32" prlimit "$gpid" || return 1
	expect_eq "$OUT" EPERM "the spectator's 32-bit prlimit64" || return 1
	expect_status 0 "$C32" prlimit "$gpid" || return 1
	expect_eq "$OUT" ok "the host's 32-bit prlimit64" || return 1
	# A guest cannot either (across contexts it names no pid; its own, yes).
	expect_status 0 in_guest grd "echo ok" || return 1
	# Baseline: the host changes it, and a host task's from the spectator.
	expect_status 0 prlimit --pid "$gpid" --cpu=1000:1000 || return 1
	sleep 7703 </dev/null >/dev/null 2>&1 &
	hpid=$!
	expect_status 1 "$VCTX" spectate -- prlimit --pid "$hpid" --cpu=1:1 || return 1
	expect_status 0 prlimit --pid "$hpid" --cpu=1000:1000
}

spectator_lists_but_does_not_follow_links() {
	local pid
	in_guest grd 'sleep 7704 </dev/null 2>/dev/null | cat >/dev/null 2>&1 &' || return 1
	wait_until 10 pgrep -x cat || return 1
	pid=$(pgrep -x cat) || return 1
	# Lists the descriptors and where they point ...
	expect_status 0 "$VCTX" spectate -- ls "/proc/$pid/fd" || return 1
	expect_status 0 "$VCTX" spectate -- "$TRY" readlink "/proc/$pid/fd/0" || return 1
	expect_contains "$OUT" "pipe:" || return 1
	# ... but opens nothing through them, nor walks into the guest's root.
	expect_status 1 "$VCTX" spectate -- "$TRY" write "/proc/$pid/fd/0" x || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	expect_status 2 "$VCTX" spectate -- ls "/proc/$pid/root/" || return 1
	expect_contains "$OUT" "$EPERM" || return 1
	# Baseline: the host writes into the same pipe, and walks into the root.
	expect_status 0 "$TRY" write "/proc/$pid/fd/0" x || return 1
	expect_status 0 ls "/proc/$pid/root/bin/guard_try"
}

host_made_init_is_the_hosts() {
	local f sleeper
	# Even with sys_ptrace (which the dumpable check yields to), a guest does
	# not look into the init the host started for it.
	# (procfs answers a refused ptrace access check with EACCES.)
	for f in exe cwd root fd/0; do
		expect_status 1 in_guest grdp "/bin/guard_try readlink /proc/1/$f" || return 1
		expect_contains "$OUT" "Permission denied" || return 1
	done
	expect_status 1 in_guest grdp 'cat /proc/1/environ' || return 1
	expect_contains "$OUT" "Permission denied" || return 1
	# Baseline: a process of its own, started by exec, it can.
	in_guest grdp 'sleep 7705 </dev/null >/dev/null 2>&1 &' || return 1
	wait_until 10 pgrep -x -f "sleep 7705" || return 1
	expect_status 0 in_guest grdp '/bin/guard_try readlink /proc/$(pidof sleep)/exe' || return 1
	expect_contains "$OUT" busybox
}

# A user namespace wins nothing: its own procfs and sysfs mounts inherit the
# read-only, partly covered views of the context (the kernel refuses mounts
# more revealing than what the mount namespace already shows).
fresh_procfs_and_sysfs_stay_read_only() {
	need_file /proc/self/ns/user CONFIG_USER_NS || return
	expect_status 1 "$VCTX" exec grdhv -- unshare -Urmpf --mount-proc true || return 1
	expect_status 32 "$VCTX" exec grdhv -- unshare -Urmn mount -t sysfs none /mnt || return 1
	expect_status 2 "$VCTX" exec grdhv -- unshare -Urmn sh -c \
		'mount -t sysfs -o ro none /mnt && echo 1 > /mnt/kernel/mm/ksm/run' || return 1
	expect_contains "$OUT" "Read-only file system" || return 1
	# Baseline: on the host, a user namespace mounts both.
	expect_status 0 unshare -Urmpf --mount-proc true || return 1
	expect_status 0 unshare -Urmn mount -t sysfs none /mnt
}

# With mknod kept, a guest makes device nodes, but opens only what a
# context's /dev holds. (Its root is nodev; its /dev, a tmpfs, is not.)
devices_refused() {
	local img=$TMP/blk.img loop nr rc
	need_kmod loop CONFIG_BLK_DEV_LOOP || return
	truncate -s 1M "$img" && loop=$(losetup -f --show "$img") || return 1
	nr=${loop#/dev/loop}
	"$VCTX" create --root "$root" --cap-keep mknod grdmk || { losetup -d "$loop"; return 1; }
	expect_status 1 "$VCTX" exec grdmk -- /bin/sh -c "mknod /dev/blk b 7 $nr && head -c 1 /dev/blk"
	rc=$?
	[[ $rc -ne 0 ]] || expect_contains "$OUT" "$EPERM" || rc=1
	if [[ $rc -eq 0 ]]; then
		expect_status 1 "$VCTX" exec grdmk -- /bin/sh -c "mknod /dev/xmem c 1 1 && head -c 1 /dev/xmem" &&
			expect_contains "$OUT" "$EPERM" || rc=1
	fi
	# What its /dev holds still works.
	[[ $rc -ne 0 ]] || expect_status 0 "$VCTX" exec grdmk -- /bin/sh -c 'head -c 1 /dev/zero >/dev/null' || rc=1
	"$VCTX" destroy --force grdmk
	# Baseline: the host reads the same block device.
	[[ $rc -ne 0 ]] || expect_status 0 head -c 1 "$loop" || rc=1
	losetup -d "$loop"
	return $rc
}

# (On tmpfs, whose files have handles: the roots here are overlays of 9p.)
file_handles_refused() {
	expect_status 1 in_guest grd '/bin/guard_try handle /dev/shm' || return 1
	expect_contains "$OUT" "open_by_handle_at: $EPERM" || return 1
	expect_status 0 "$TRY" handle /dev/shm
}

check "setup: four contexts" setup
check "a guest task cannot be moved out of its cgroup subtree" cgroup_move_out_refused
check "a guest cannot write another context's cgroup files" foreign_cgroup_files_refused
check "a task of a context's pid namespace is the context's, whatever its cgroup" membership_pinned_by_pid_namespace
check "a guest cannot write its own limits" own_limits_refused
check "a guest cannot lift its limits from a user namespace, with or without nsdelegate" userns_cgroup_mount_lift_refused
check "a guest cannot use the host root's keyring" keyring_not_shared
check "abstract unix sockets do not cross contexts" abstract_sockets_stay_in_their_context
check "a guest creates only the socket families of its allow-list" socket_families_allow_list
check "a guest cannot make the kernel load a module" module_autoload_refused
check "the spectator cannot change a guest's resource limits" spectator_cannot_prlimit
check "the spectator lists a guest's /proc links but does not follow them" spectator_lists_but_does_not_follow_links
check "a guest cannot look into the init the host started" host_made_init_is_the_hosts
check "a fresh procfs or sysfs in a user namespace gives a guest nothing" fresh_procfs_and_sysfs_stay_read_only
check "a guest cannot open files by handle" file_handles_refused
check "a guest opens no device but those of its /dev" devices_refused
check "teardown" teardown
done_testing
