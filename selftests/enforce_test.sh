#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cross-context enforcement: a context may not signal, ptrace, renice,
# change the I/O priority, scheduling policy or memory nodes of, make the
# owner of a file (SIGIO) or open the /proc files of a task outside itself,
# nor ask a tracer outside to trace it; the spectator sees all and touches
# none; the host touches everyone. Every denial is EPERM and leaves
# the target alive. The hooks go with the module, even under a signal storm,
# and a hooked function held by another IPMODIFY user stops the load cleanly.
# Runs in the test VM as root with vctx.ko loaded; leaves it loaded.
. "$(dirname "$0")/lib.sh"

VCTX=${VCTX_BUILD:?}/userland/vctx
XACT=$VCTX_BUILD/selftests/helpers/xact
: "${VCTX_MODULE:?}"
HOLDER=$(dirname "$VCTX_MODULE")/test-modules/vctx_ipmodify_holder.ko
CG=/sys/fs/cgroup/vctx
SPECTATOR=$CG/spectator

# The actions of xact that change the target's priorities or placement:
# migrate_pages(2), the way to another task's memory nodes, exists on NUMA
# kernels only (Debian's are; one without it has nothing to guard there).
CHANGE="nice ioprio sched"
[[ ! -d /sys/devices/system/node ]] || CHANGE+=" movemem"
# Every action xact knows that changes or inspects the target.
HARM="kill tgkill pidfd probe attach seize $CHANGE procwrite"
LOOK="procread environ"

after_each() {
	pkill -f '^sleep 77[0-9][0-9]$'
	grep -q '^vctx_ipmodify_holder ' /proc/modules && rmmod vctx_ipmodify_holder
	reset_contexts
}

# A context NAME whose init is "sleep TAG"; prints that init's host pid.
context_with_init() {
	"$VCTX" create --init "sleep $2" "$1" >/dev/null || return 1
	pid_of "sleep $2"
}

# A host process, started detached from our stdout (the VM runner waits on it).
host_sleeper() {
	setsid sleep "$1" </dev/null >/dev/null 2>&1 &
	echo $!
}

# expect_act WHO WANT ACTION PID: xact acting as WHO answers WANT (or one of
# WANT's |-separated answers). WHO is host, spectator (through vctx
# spectate) or a context's cgroup directory.
expect_act() {
	local who=$1 want=$2 action=$3 pid=$4 got
	case $who in
	host) got=$("$XACT" "$action" "$pid" 2>&1) ;;
	spectator) got=$("$VCTX" spectate -- "$XACT" "$action" "$pid" 2>&1) ;;
	*) got=$("$XACT" --cgroup "$who" "$action" "$pid" 2>&1) ;;
	esac
	[[ "|$want|" == *"|$got|"* ]] || { echo "$who: xact $action $pid: got '$got', expected '$want'"; return 1; }
}

alive() {
	kill -0 "$1" 2>/dev/null || { echo "pid $1 ($2) died"; return 1; }
}

# wait_gone PID: it exits within five seconds.
wait_gone() {
	wait_until 5 eval "! kill -0 $1" || { echo "pid $1 still alive"; return 1; }
}

a_context_touches_no_other() {
	local ta tb th act
	ta=$(context_with_init a 7701) || return 1
	tb=$(context_with_init b 7702) || return 1
	th=$(host_sleeper 7703)
	for act in $HARM $LOOK; do
		expect_act "$CG/a" EPERM "$act" "$tb" || return 1
		expect_act "$CG/a" EPERM "$act" "$th" || return 1
		expect_act "$CG/b" EPERM "$act" "$ta" || return 1
	done
	# SIGIO would end them: the owner is refused. F_SETOWN says so where the
	# kernel calls f_setown() out of line (6.12); where fcntl() inlines it
	# (6.1) and for F_SETOWN_EX, the owner just stays unset.
	expect_act "$CG/a" "EPERM|ignored" sigio "$tb" || return 1
	expect_act "$CG/a" ignored sigioex "$tb" || return 1
	expect_act "$CG/a" "EPERM|ignored" sigiopgrp "$tb" || return 1
	expect_act "$CG/a" "EPERM|ignored" sigio "$th" || return 1
	# A socket's owner goes through f_setown() on every kernel: refused.
	expect_act "$CG/a" EPERM sigiosock "$tb" || return 1
	expect_act "$CG/a" EPERM sigiosock "$th" || return 1
	alive "$ta" "a's init" && alive "$tb" "b's init" && alive "$th" "host sleeper" || return 1
	# Nor may it offer itself to a tracer outside (its parent, the host's).
	expect_act "$CG/a" EPERM traceme 0 || return 1
}

a_context_touches_itself() {
	local ta victim act
	ta=$(context_with_init a 7711) || return 1
	for act in probe attach seize $CHANGE procwrite $LOOK; do
		expect_act "$CG/a" ok "$act" "$ta" || return 1
	done
	expect_act "$CG/a" ok sigiosock "$ta" || return 1
	# A second member of a, as the context sees it (same cgroup).
	victim=$(host_sleeper 7712)
	echo "$victim" >"$CG/a/cgroup.procs" || return 1
	expect_act "$CG/a" ok kill "$victim" || return 1
	wait_gone "$victim" || return 1
	victim=$(host_sleeper 7713)
	echo "$victim" >"$CG/a/cgroup.procs" || return 1
	expect_act "$CG/a" ok sigio "$victim" || return 1
	wait_gone "$victim" || return 1
}

the_host_touches_everyone() {
	local tb act victim
	tb=$(context_with_init b 7721) || return 1
	for act in probe attach seize $CHANGE procwrite $LOOK; do
		expect_act host ok "$act" "$tb" || return 1
	done
	# A tracer of its own choosing: the host's parent, for a host task.
	expect_act host ok traceme 0 || return 1
	expect_act host ok sigiosock "$tb" || return 1
	expect_act host ok tgkill "$tb" || return 1
	wait_gone "$tb" || return 1
	victim=$(host_sleeper 7722)
	"$VCTX" create --init "sleep 7723" c >/dev/null || return 1
	echo "$victim" >"$CG/c/cgroup.procs" || return 1
	expect_act host ok sigioex "$victim" || return 1
	wait_gone "$victim" || return 1
}

the_spectator_sees_all_and_touches_none() {
	local tb th act
	tb=$(context_with_init b 7731) || return 1
	th=$(host_sleeper 7732)
	for act in $HARM; do
		expect_act spectator EPERM "$act" "$tb" || return 1
		expect_act spectator EPERM "$act" "$th" || return 1
	done
	for act in $LOOK; do
		expect_act spectator ok "$act" "$tb" || return 1
		expect_act spectator ok "$act" "$th" || return 1
	done
	expect_act spectator "EPERM|ignored" sigio "$tb" || return 1
	expect_act spectator ignored sigioex "$th" || return 1
	expect_act spectator "EPERM|ignored" sigiopgrp "$th" || return 1
	expect_act spectator EPERM sigiosock "$tb" || return 1
	alive "$tb" "b's init" && alive "$th" "host sleeper" || return 1
	# Within itself the spectator is an ordinary process group.
	expect_status 0 "$VCTX" spectate -- sh -c "sleep 7733 & $XACT kill \$! | grep -qx ok" || return 1
}

# The spectator's view goes through vctx spectate, not through a shell on
# the host: the shell is spectator too, and so is everything it starts.
spectate_runs_the_command_as_spectator() {
	expect_status 0 "$VCTX" spectate -- cat /proc/self/cgroup || return 1
	expect_eq "$OUT" "0::/vctx/spectator" "cgroup of the spectator" || return 1
	expect_status 0 "$VCTX" spectate -- sh -c "$VCTX ps -o pid,xid,context | awk '\$1 == '\$\$' { print \$2, \$3 }'" || return 1
	expect_eq "$OUT" "1 spectator" "the spectator shell in vctx ps" || return 1
	expect_status 3 "$VCTX" spectate -- sh -c 'exit 3' || return 1
	expect_status 127 "$VCTX" spectate -- /no/such/command || return 1
	OUT=$(echo 'exit 4' | "$VCTX" spectate 2>&1)
	expect_eq "$?" 4 "status of the spectator's login shell" || return 1
}

ps_lists_three_contexts_with_their_xids() {
	"$VCTX" create --init "sleep 7791" pa >/dev/null || return 1
	"$VCTX" create --init "sleep 7792" pb >/dev/null || return 1
	"$VCTX" create --init "sleep 7793" pc >/dev/null || return 1
	expect_status 0 "$VCTX" ps --json || return 1
	python3 - "$OUT" "$("$VCTX" --json list)" <<'PY' || return 1
import json, sys
procs, ctxs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
xid = {c["name"]: c["xid"] for c in ctxs}
assert set(xid) == {"pa", "pb", "pc"}, xid
for name, tag in (("pa", "7791"), ("pb", "7792"), ("pc", "7793")):
    inits = [p for p in procs if p["args"] == "sleep " + tag]
    assert len(inits) == 1, (name, inits)
    p = inits[0]
    assert p["xid"] == xid[name] and p["context"] == name, p
    assert p["vpid"] == 1, p                    # init of its own pid namespace
    members = [q for q in procs if q["xid"] == xid[name]]
    assert all(q["context"] == name for q in members), members
    assert len(members) == 1, members           # the init only: the supervisor is the host's
assert any(p["pid"] == 1 and p["xid"] == 0 and p["context"] == "host" for p in procs)
# The listing itself runs as the spectator.
assert any(p["xid"] == 1 and p["comm"] == "vctx" for p in procs), [p for p in procs if p["xid"] == 1]
keys = "pid ppid vpid xid context user uid stat time rss vsz comm args".split()
assert all(list(p) == keys for p in procs), procs[0]
PY
}

ps_filters_and_formats() {
	local xid
	"$VCTX" create --init "sleep 7741" fa >/dev/null || return 1
	"$VCTX" create --init "sleep 7742" fb >/dev/null || return 1
	expect_status 0 "$VCTX" ps fa || return 1
	expect_contains "$OUT" "sleep 7741" || return 1
	[[ $OUT != *"sleep 7742"* ]] || { echo "ps fa listed fb's init: $OUT"; return 1; }
	expect_eq "$(head -1 <<<"$OUT" | tr -s ' ')" " PID XID CONTEXT VPID USER S TIME COMMAND" "header" || return 1
	xid=$("$VCTX" info --json fb | python3 -c 'import json,sys; print(json.load(sys.stdin)["xid"])')
	expect_status 0 "$VCTX" ps -o xid,context,comm "$xid" || return 1
	expect_eq "$(tail -n +2 <<<"$OUT" | awk '{ $1 = $1 } 1')" "$xid fb sleep" "ps -o of fb, by xid" || return 1
	expect_status 0 "$VCTX" ps --json -o pid host || return 1
	python3 -c 'import json,sys; p = json.loads(sys.argv[1]); assert {"pid": 1} in p and all(list(x) == ["pid"] for x in p), p' "$OUT" || return 1
	expect_status 125 "$VCTX" ps -o pid,bogus || return 1
	expect_contains "$OUT" "unknown field 'bogus' in -o" || return 1
	expect_status 125 "$VCTX" ps nosuch || return 1
	expect_contains "$OUT" "no context named 'nosuch'" || return 1
	expect_status 125 "$VCTX" ps --all fa || return 1
	expect_contains "$OUT" "give either --all or a context" || return 1
}

# The spectator cgroup outlives the module; its members are ordinary again.
hooks_detach_on_unload() {
	local th
	"$VCTX" spectate -- true || return 1
	th=$(host_sleeper 7751)
	expect_act "$SPECTATOR" EPERM kill "$th" || return 1
	expect_act "$SPECTATOR" EPERM attach "$th" || return 1
	rmmod vctx || { echo "rmmod failed"; return 1; }
	expect_act "$SPECTATOR" ok attach "$th" || return 1
	expect_act "$SPECTATOR" ok kill "$th" || return 1
	wait_gone "$th" || return 1
	insmod "$VCTX_MODULE" || return 1
}

# Another ftrace user with IPMODIFY on a function vctx hooks (a livepatch,
# another security module): vctx.ko refuses to load and says why.
ipmodify_conflict_fails_the_load() {
	local fn
	for fn in security_task_kill security_ptrace_access_check security_file_open; do
		rmmod vctx || return 1
		dmesg -C
		insmod "$HOLDER" func="$fn" || { echo "cannot load the holder for $fn"; return 1; }
		if insmod "$VCTX_MODULE" 2>/dev/null; then
			echo "vctx.ko loaded while $fn was held"
			return 1
		fi
		dmesg | grep -q "vctx: cannot hook $fn: .*(-16); not loading without it" ||
			{ echo "no log line naming $fn:"; dmesg; return 1; }
		[[ ! -e /dev/vctx ]] || { echo "/dev/vctx exists after the failed load"; return 1; }
		[[ ! -e /proc/vctx ]] || { echo "/proc/vctx exists after the failed load"; return 1; }
		rmmod vctx_ipmodify_holder || return 1
		insmod "$VCTX_MODULE" || { echo "load after the holder left failed"; return 1; }
		"$VCTX" spectate -- true || return 1
	done
}

# Signals and ptrace flying through the hooks while they come and go.
load_unload_under_a_signal_storm() {
	local th i storm=()
	th=$(host_sleeper 7761)
	"$VCTX" spectate -- true || return 1
	# A spectator member and a host task, both hammering the target for
	# as long as this test lives (a test killed at its bound takes them
	# along; the spectator may not signal it, but sees it in /proc).
	setsid bash -c "echo \$\$ >$SPECTATOR/cgroup.procs; while [ -e /proc/$$ ]; do kill -0 $th; kill -CONT $th; done" \
		</dev/null >/dev/null 2>&1 &
	storm+=($!)
	setsid bash -c "while [ -e /proc/$$ ]; do kill -0 $th; $XACT seize $th; done" </dev/null >/dev/null 2>&1 &
	storm+=($!)
	# Four cycles: each loads and unloads every hook table, which takes
	# 20-30 s under QEMU with both vCPUs busy (a load's ftrace_set_filter()
	# walks every traceable function once per hook). soak_test.sh unloads
	# under load too, 20 times in the debug lane.
	for i in $(seq 4); do
		rmmod vctx || { echo "rmmod failed in cycle $i"; break; }
		insmod "$VCTX_MODULE" || { echo "insmod failed in cycle $i"; break; }
		"$VCTX" spectate -- true || { echo "rebinding the spectator failed in cycle $i"; break; }
	done
	kill "${storm[@]}"
	[[ $i -eq 4 ]] || return 1
	alive "$th" "target of the storm" || return 1
	dmesg | "$VCTX_TREE/scripts/vm/kernel-log-errors" || return 1
}

check "a context signals, ptraces, renices, reschedules, SIGIO-owns no other (EPERM, target alive)" a_context_touches_no_other
check "a context acts on its own tasks" a_context_touches_itself
check "the host acts on every context" the_host_touches_everyone
check "the spectator sees all and touches none" the_spectator_sees_all_and_touches_none
check "vctx spectate runs the command as the spectator" spectate_runs_the_command_as_spectator
check "vctx ps --json lists three contexts with their xids" ps_lists_three_contexts_with_their_xids
check "vctx ps filters by context and formats fields" ps_filters_and_formats
check "hooks detach on unload" hooks_detach_on_unload
check "an IPMODIFY holder on a hooked function fails the load cleanly" ipmodify_conflict_fails_the_load
check "load/unload under a signal storm" load_unload_under_a_signal_storm
done_testing
